"""An order id without a kind selector may be a stop order's: fetch_order and cancel_order look it up among
the stop orders once when the HF (or classic) endpoints do not know it. Freqtrade queries and cancels its
on-exchange stop-loss this way (``stoploss_query_requires_stop_flag`` is off for KuCoin)."""
from __future__ import annotations

import pytest

from kucoin_connector.errors import ExchangeNotAvailable, OrderNotFound
from kucoin_connector.rest.calls import Call
from kucoin_connector.spot.plans import orders as od

from trading_support import data, make_ctx, run

STOP_ID = "vs8hoo8q2ceshiue003b67c0"


def test_fetch_order_finds_a_stop_order_by_its_id_after_the_hf_miss():
    d = run(od.fetch_order(make_ctx(), STOP_ID, "KCS/USDT"), OrderNotFound("order_not_exist"),
            data("spot_stop_order.json"))
    assert d.calls == [Call("GET", f"/api/v1/hf/orders/{STOP_ID}", {"symbol": "KCS-USDT"}),
                       Call("GET", f"/api/v1/stop-order/{STOP_ID}", None)]
    assert d.result["id"] == STOP_ID and d.result["status"] == "open" and d.result["triggerPrice"] == "10"


def test_a_miss_on_both_raises_the_first_not_found():
    first = OrderNotFound("order_not_exist")
    with pytest.raises(OrderNotFound) as caught:
        run(od.fetch_order(make_ctx(), STOP_ID, "KCS/USDT"), first, OrderNotFound("stop order not found"))
    assert caught.value is first


@pytest.mark.parametrize("params", [{"stop": True}, {"stop": False}, {"trigger": False},
                                    {"marginMode": "cross"}])
def test_a_named_kind_is_not_second_guessed(params):
    # one answer only: a second request would fail the step with "unexpected call" (an AssertionError)
    with pytest.raises(OrderNotFound):
        run(od.fetch_order(make_ctx(), STOP_ID, "KCS/USDT", params), OrderNotFound("order_not_exist"))


def test_other_errors_are_not_retried_on_the_stop_route():
    with pytest.raises(ExchangeNotAvailable):
        run(od.fetch_order(make_ctx(), STOP_ID, "KCS/USDT"), ExchangeNotAvailable("503"))


def test_cancel_order_cancels_a_stop_order_by_its_id_after_the_hf_miss():
    d = run(od.cancel_order(make_ctx(), STOP_ID, "KCS/USDT"), OrderNotFound("order_not_exist_or_not_allow"),
            data("spot_stop_order_cancel.json"))
    assert d.calls == [Call("DELETE", f"/api/v1/hf/orders/{STOP_ID}", {"symbol": "KCS-USDT"}),
                       Call("DELETE", f"/api/v1/stop-order/{STOP_ID}", {"symbol": "KCS-USDT"})]
    assert d.result["id"]


def test_cancel_of_an_id_nobody_knows_raises_the_first_not_found():
    first = OrderNotFound("order_not_exist_or_not_allow")
    with pytest.raises(OrderNotFound) as caught:
        run(od.cancel_order(make_ctx(), "abc", "KCS/USDT"), first, OrderNotFound("no such stop order"))
    assert caught.value is first


def test_cancel_with_a_stop_flag_goes_to_the_stop_route_only():
    d = run(od.cancel_order(make_ctx(), STOP_ID, "KCS/USDT", {"stop": True}), data("spot_stop_order_cancel.json"))
    assert [c.path for c in d.calls] == [f"/api/v1/stop-order/{STOP_ID}"]
