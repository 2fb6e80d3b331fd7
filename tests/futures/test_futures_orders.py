"""Futures order plans after placement: unknown outcomes reconciled by client order id (never a duplicate),
cancel, queries, fills, over the official examples; the route table against the endpoint table."""
from __future__ import annotations

import pytest
from futures_support import payload, trading_ctx

from kucoin_connector.errors import (ArgumentsRequired, BadRequest, ExchangeNotAvailable, InsufficientFunds,
                                     NetworkError, OrderNotFound, RequestTimeout)
from kucoin_connector.futures.plans import orders as fo
from kucoin_connector.futures.routes import ORDER_ROUTES
from kucoin_connector.rest.calls import Call
from kucoin_connector.rest.endpoints import lookup
from kucoin_connector.testing import step

BTC = "BTC/USDT:USDT"
ORDER = payload("futures_order.json")
BY_CID = payload("futures_order_client.json")


def lost():
    return RequestTimeout("read timed out", endpoint="POST /api/v1/orders", outcome_unknown=True,
                          client_order_id="cid1")


def test_every_route_is_a_futures_endpoint_of_the_table():
    for kind, route in ORDER_ROUTES.items():
        checks = [("POST", route.place), ("GET", route.get_by_id.format("x1")), ("GET", route.get_by_client_id),
                  ("DELETE", route.cancel_by_id.format("x1")), ("DELETE", route.cancel_by_client_id.format("c1")),
                  ("DELETE", route.cancel_all), ("DELETE", route.cancel_all_symbols),
                  ("GET", route.open_orders.path), ("GET", route.fills.path)]
        checks += [("POST", p) for p in (route.test, route.place_batch) if p]
        for method, path in checks:
            row = lookup(method, path, "futures")
            assert row is not None and row.host == "futures" and row.pool == "Futures", (kind, method, path)


def test_lost_placement_is_found_by_client_order_id_and_never_sent_twice():
    run = step(fo.create_order(trading_ctx(), BTC, "limit", "buy", 1, "0.1"), lost(), OrderNotFound("no"), BY_CID)
    assert [c.method for c in run.calls] == ["POST", "GET", "GET"]
    assert run.calls[1] == Call("GET", "/api/v1/orders/byClientOid", {"clientOid": "cid1", "symbol": None},
                                host="futures")
    assert run.sleeps == [0.25]
    assert (run.result["id"], run.result["status"], run.result["symbol"]) == ("250444645610336256", "open", BTC)


def test_placement_never_found_raises_the_unknown_outcome():
    cause = lost()
    with pytest.raises(NetworkError) as info:
        step(fo.create_order(trading_ctx(reconcileAttempts=2), BTC, "market", "sell", 1), cause,
             OrderNotFound("no"), None)
    assert info.value is cause and info.value.outcome_unknown and info.value.client_order_id == "cid1"


def test_a_5xx_is_reconciled_but_a_refusal_and_a_test_order_are_not():
    run = step(fo.create_order(trading_ctx(), BTC, "market", "buy", 1),
               ExchangeNotAvailable("502", http_status=502, outcome_unknown=True), BY_CID)
    assert len([c for c in run.calls if c.method == "POST"]) == 1
    with pytest.raises(InsufficientFunds):
        step(fo.create_order(trading_ctx(), BTC, "market", "buy", 1), InsufficientFunds("300003"))
    with pytest.raises(NetworkError):
        step(fo.create_order(trading_ctx(), BTC, "market", "buy", 1, None, {"test": True}), lost())


def test_lost_batch_looks_up_each_order():
    orders = [{"symbol": BTC, "type": "market", "side": "buy", "amount": 1},
              {"symbol": BTC, "type": "market", "side": "sell", "amount": 1}]
    run = step(fo.create_orders(trading_ctx(), orders), lost(), BY_CID, ORDER)
    assert [c.method for c in run.calls] == ["POST", "GET", "GET"]
    assert [c.params["clientOid"] for c in run.calls[1:]] == ["cid1", "cid2"]
    assert [o["id"] for o in run.result] == ["250444645610336256", "236655147005071361"]


def test_cancel_by_id_by_client_id_and_all():
    run = step(fo.cancel_order(trading_ctx(), "235303670076489728"), payload("futures_order_cancel.json"))
    assert run.calls == [Call("DELETE", "/api/v1/orders/235303670076489728", None, host="futures")]
    assert run.result["id"] == "235303670076489728"
    run = step(fo.cancel_order(trading_ctx(), None, BTC, {"clientOrderId": "c-1"}),
               payload("futures_order_cancel_client.json"))
    (call,) = run.calls
    assert (call.path, call.params) == ("/api/v1/orders/client-order/c-1", {"symbol": "XBTUSDTM"})
    assert run.result["clientOrderId"] == "017485b0-2957-4681-8a14-5d46b35aee0d" and run.result["symbol"] == BTC
    with pytest.raises(ArgumentsRequired):
        step(fo.cancel_order(trading_ctx(), None, None, {"clientOrderId": "c-1"}))
    cases = [(BTC, {}, "/api/v3/orders", {"symbol": "XBTUSDTM"}), (None, {}, "/api/v1/orders", None),
             (BTC, {"trigger": True}, "/api/v1/stopOrders", {"symbol": "XBTUSDTM"}),
             (None, {"stop": True}, "/api/v1/stopOrders", None)]
    for symbol, params, path, query in cases:
        run = step(fo.cancel_all_orders(trading_ctx(), symbol, params), payload("futures_orders_cancel_all.json"))
        assert (run.calls[0].method, run.calls[0].path, run.calls[0].params) == ("DELETE", path, query)


def test_lost_cancel_reads_the_order_and_repeats_only_while_open():
    done = {**ORDER, "isActive": False, "cancelExist": True}
    run = step(fo.cancel_order(trading_ctx(), "236655147005071361"), lost(), done)
    assert [c.method for c in run.calls] == ["DELETE", "GET"] and run.result["status"] == "canceled"
    run = step(fo.cancel_order(trading_ctx(), "236655147005071361"), lost(), ORDER,
               payload("futures_order_cancel.json"))
    assert [c.method for c in run.calls] == ["DELETE", "GET", "DELETE"]


def test_fetch_order_by_id_and_client_id():
    run = step(fo.fetch_order(trading_ctx(), "236655147005071361"), ORDER)
    assert run.calls == [Call("GET", "/api/v1/orders/236655147005071361", None, host="futures")]
    o = run.result
    assert (o["symbol"], o["status"], o["amount"], o["price"], o["filled"], o["remaining"]) == (
        BTC, "open", "1", "0.1", "0", "1")
    run = step(fo.fetch_order(trading_ctx(), None, None, {"clientOrderId": "5c52e11203aa677f33e493fb"}), BY_CID)
    assert run.calls[0].path == "/api/v1/orders/byClientOid"
    assert run.calls[0].params["clientOid"] == "5c52e11203aa677f33e493fb"
    with pytest.raises(OrderNotFound):
        step(fo.fetch_order(trading_ctx(), "236655147005071361"), None)


def test_order_lists_and_their_queries():
    listing = payload("futures_orders.json")
    run = step(fo.fetch_open_orders(trading_ctx(), BTC, None, 5), listing)
    assert run.calls[0].params == {"symbol": "XBTUSDTM", "status": "active", "pageSize": 5}
    run = step(fo.fetch_closed_orders(trading_ctx(), None, 1_700_000_000_000, None, {"until": 1_800_000_000_000}),
               listing)
    assert run.calls[0].params == {"symbol": None, "status": "done", "startAt": 1_700_000_000_000,
                                   "endAt": 1_800_000_000_000}
    run = step(fo.fetch_open_orders(trading_ctx(), None, None, None, {"trigger": True}),
               payload("futures_stop_orders.json"))
    assert run.calls[0].path == "/api/v1/stopOrders" and run.result[0]["id"] == "230181737576050688"
    run = step(fo.fetch_orders(trading_ctx()), listing, listing)
    assert [c.params.get("status") for c in run.calls] == ["active", "done"]
    with pytest.raises(BadRequest):
        step(fo.fetch_closed_orders(trading_ctx(), None, None, None, {"trigger": True}))


def test_fills_parse_to_trades():
    run = step(fo.fetch_my_trades(trading_ctx(), BTC, None, 2000), payload("futures_fills.json"))
    assert run.calls == [Call("GET", "/api/v1/fills", {"symbol": "XBTUSDTM", "pageSize": 1000}, host="futures")]
    (t,) = run.result
    assert (t["id"], t["order"], t["symbol"], t["side"], t["takerOrMaker"], t["type"]) == (
        "1828954878212", "284486580251463680", BTC, "buy", "taker", "market")
    assert (t["price"], t["amount"], t["cost"], t["timestamp"]) == ("86275.1", "1", "86.2751", 1740640088427)
    assert t["fee"] == {"cost": "0.05176506", "currency": "USDT", "rate": "0.0006"}
    run = step(fo.fetch_order_trades(trading_ctx(), "284486580251463680"), payload("futures_fills.json"))
    assert run.calls[0].params == {"symbol": None, "orderId": "284486580251463680"}
