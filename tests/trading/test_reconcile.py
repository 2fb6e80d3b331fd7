"""Unknown outcomes: the plan looks the order up by client order id and never re-sends the placement."""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import (BadResponse, ExchangeNotAvailable, InsufficientFunds, NetworkError,
                                     OrderNotFound, RequestTimeout)
from kucoin_connector.spot.plans import orders as od
from trading_support import data, make_ctx, run


def lost(endpoint="POST /api/v1/hf/orders", cid="cid1"):
    return RequestTimeout("read timed out", endpoint=endpoint, outcome_unknown=True, client_order_id=cid)


def placements(calls):
    return [c for c in calls if c.method == "POST"]


def test_lost_response_then_found_by_client_id():
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "0.00001", "70000"),
            lost(), data("spot_hf_order_client.json"))
    assert len(placements(d.calls)) == 1
    assert d.calls[1] == Call("GET", "/api/v1/hf/orders/client-order/cid1", {"symbol": "BTC-USDT"})
    # the real order, fully parsed (not just an ack)
    assert (d.result["id"], d.result["status"], d.result["filled"]) == ("6717422bd51c29000775ea03", "closed",
                                                                        "0.00001")


def test_not_yet_visible_then_found():
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000"),
            lost(), OrderNotFound("order_not_exist"), RequestTimeout("again", outcome_unknown=False),
            data("spot_hf_order_client.json"))
    assert [c.method for c in d.calls] == ["POST", "GET", "GET", "GET"]
    assert d.sleeps == [0.25, 0.5]  # lookups spaced out while KuCoin registers the HF order
    assert d.result["id"] == "6717422bd51c29000775ea03"


def test_never_found_raises_network_error_with_client_id():
    cause = lost()
    plan = od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000")
    with pytest.raises(NetworkError) as info:
        run(plan, cause, OrderNotFound("order_not_exist"), OrderNotFound("order_not_exist"),
            OrderNotFound("order_not_exist"))
    assert info.value is cause
    assert info.value.outcome_unknown is True and info.value.client_order_id == "cid1"


def test_attempts_follow_the_option():
    ctx = make_ctx(reconcileAttempts=1)
    with pytest.raises(NetworkError):
        run(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000"), lost(),
            OrderNotFound("order_not_exist"))


def test_5xx_on_placement_is_reconciled():
    err = ExchangeNotAvailable("502", http_status=502, outcome_unknown=True)
    d = run(od.create_order(make_ctx(), "BTC/USDT", "market", "buy", None, None, {"cost": "10"}), err,
            data("spot_hf_order_client.json"))
    assert len(placements(d.calls)) == 1 and d.calls[1].method == "GET"


def test_garbled_200_answer_is_reconciled_and_wrapped():
    garbled = BadResponse("malformed JSON", http_status=200)
    plan = od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000")
    with pytest.raises(NetworkError) as info:
        run(plan, garbled, OrderNotFound("x"), OrderNotFound("x"), OrderNotFound("x"))
    assert info.value.outcome_unknown is True and info.value.client_order_id == "cid1"


def test_known_rejection_is_not_reconciled():
    with pytest.raises(InsufficientFunds):
        run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000"),
            InsufficientFunds("Balance insufficient!", code="200004"))


def test_stop_and_margin_orders_reconcile_on_their_own_endpoints():
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", {"triggerPrice": "61000"}),
            lost(), [data("spot_stop_order.json")])
    assert d.calls[1] == Call("GET", "/api/v1/stop-order/queryOrderByClientOid",
                              {"clientOid": "cid1", "symbol": "BTC-USDT"})
    assert d.result["id"] == "vs8hoo8q2ceshiue003b67c0"
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", {"marginMode": "cross"}),
            lost(), data("spot_hf_order_client.json"))
    assert d.calls[1] == Call("GET", "/api/v3/hf/margin/orders/client-order/cid1", {"symbol": "BTC-USDT"})


def test_batch_unknown_outcome_looks_up_every_order():
    d = run(od.create_orders(make_ctx(), [
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": "1", "price": "60000"},
        {"symbol": "ETH/USDT", "type": "limit", "side": "sell", "amount": "1", "price": "3000"}]),
        lost(), data("spot_hf_order_client.json"), data("spot_hf_order_client.json"))
    assert len(placements(d.calls)) == 1
    assert [c.path for c in d.calls[1:]] == ["/api/v1/hf/orders/client-order/cid1",
                                             "/api/v1/hf/orders/client-order/cid2"]
    assert [c.params for c in d.calls[1:]] == [{"symbol": "BTC-USDT"}, {"symbol": "ETH-USDT"}]


def test_test_orders_are_not_reconciled():
    with pytest.raises(RequestTimeout):
        run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", {"test": True}), lost())


def canceled_detail():
    return {**data("spot_hf_order.json"), "dealSize": "0", "dealFunds": "0", "cancelExist": True, "active": False}


def test_cancel_with_unknown_outcome_reports_the_real_state():
    d = run(od.cancel_order(make_ctx(), "6717422bd51c29000775ea03", "BTC/USDT"),
            lost("DELETE /api/v1/hf/orders/{orderId}", None), canceled_detail())
    assert [c.method for c in d.calls] == ["DELETE", "GET"]
    assert d.calls[1] == Call("GET", "/api/v1/hf/orders/6717422bd51c29000775ea03", {"symbol": "BTC-USDT"})
    assert d.result["status"] == "canceled"


def test_cancel_unknown_outcome_still_open_resends_the_cancel():
    cause = lost("DELETE /api/v1/hf/orders/client-order/{clientOid}", "c9")
    d = run(od.cancel_order(make_ctx(), None, "BTC/USDT", {"clientOrderId": "c9"}), cause,
            data("spot_hf_orders_active.json")[0], {"clientOid": "c9"})
    assert [(c.method, c.path) for c in d.calls] == [
        ("DELETE", "/api/v1/hf/orders/client-order/c9"), ("GET", "/api/v1/hf/orders/client-order/c9"),
        ("DELETE", "/api/v1/hf/orders/client-order/c9")]
    assert d.result["clientOrderId"] == "c9"


def test_cancel_resend_not_found_reports_the_real_state():
    d = run(od.cancel_order(make_ctx(), "6717422bd51c29000775ea03", "BTC/USDT"),
            lost("DELETE /api/v1/hf/orders/{orderId}", None), data("spot_hf_orders_active.json")[0],
            OrderNotFound("order_not_exist_or_not_allow_to_cancel"), canceled_detail())
    assert [c.method for c in d.calls] == ["DELETE", "GET", "DELETE", "GET"]
    assert d.result["status"] == "canceled"


def test_cancel_resend_unknown_again_raises_the_first_cause():
    cause = lost("DELETE /api/v1/hf/orders/{orderId}", None)
    with pytest.raises(RequestTimeout) as info:
        run(od.cancel_order(make_ctx(), "abc", "BTC/USDT"), cause, data("spot_hf_orders_active.json")[0], lost())
    assert info.value is cause and info.value.outcome_unknown is True


def test_cancel_unknown_outcome_fetch_failing_raises_the_cause():
    cause = lost("DELETE /api/v1/hf/orders/{orderId}", None)
    with pytest.raises(RequestTimeout) as info:
        run(od.cancel_order(make_ctx(), "abc", "BTC/USDT"), cause, RequestTimeout("t"), RequestTimeout("t"),
            RequestTimeout("t"))
    assert info.value is cause
