"""Order plans: the exact calls (method, path, params/body), driven with the spec's payloads."""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import ArgumentsRequired, BadSymbol, InvalidOrder, OrderNotFound
from kucoin_connector.spot.plans import orders as od
from trading_support import ORDER_KEYS, data, make_ctx, run


def only_call(plan, reply):
    d = run(plan, reply)
    assert len(d.calls) == 1
    return d.calls[0], d.result


def test_create_limit_order_hf_body_and_ack():
    ctx = make_ctx()
    call, order = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "0.123456789", "67000.05"),
                            data("spot_hf_order_add.json"))
    assert (call.method, call.path) == ("POST", "/api/v1/hf/orders")
    assert call.params == {"clientOid": "cid1", "side": "buy", "symbol": "BTC-USDT", "type": "limit",
                           "price": "67000.1", "size": "0.12345678"}
    assert call.client_order_id == "cid1"
    assert set(order) == ORDER_KEYS
    assert (order["id"], order["clientOrderId"], order["symbol"], order["type"], order["side"]) == (
        "670fd33bf9406e0007ab3945", "5c52e11203aa677f33e493fb", "BTC/USDT", "limit", "buy")


def test_create_order_options_passthrough():
    ctx = make_ctx()
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "sell", "1", "70000",
                                        {"clientOrderId": "my-id_1", "timeInForce": "GTT", "cancelAfter": 60,
                                         "postOnly": True, "hidden": True, "stp": "CN", "remark": "r"}),
                        {"orderId": "a", "clientOid": "my-id_1"})
    assert call.params == {"clientOid": "my-id_1", "side": "sell", "symbol": "BTC-USDT", "type": "limit",
                           "price": "70000", "size": "1", "timeInForce": "GTT", "postOnly": True, "hidden": True,
                           "cancelAfter": 60, "stp": "CN", "remark": "r"}


def test_iceberg_visible_size_truncated():
    ctx = make_ctx()
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000",
                                        {"iceberg": True, "visibleSize": "0.123456789"}), {"orderId": "a"})
    assert call.params["iceberg"] is True and call.params["visibleSize"] == "0.12345678"


def test_market_buy_by_cost_and_by_amount():
    ctx = make_ctx()
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "market", "buy", None, None, {"cost": "10.1234567"}),
                        {"orderId": "a"})
    assert call.params == {"clientOid": "cid1", "side": "buy", "symbol": "BTC-USDT", "type": "market",
                           "funds": "10.123456"}
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "market", "sell", "0.5", 123), {"orderId": "b"})
    assert call.params == {"clientOid": "cid2", "side": "sell", "symbol": "BTC-USDT", "type": "market",
                           "size": "0.5"}


def test_test_endpoint_and_classic_and_margin_routes():
    ctx = make_ctx()
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000", {"test": True}),
                        data("spot_hf_order_test.json"))
    assert call.path == "/api/v1/hf/orders/test"
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000", {"hf": False}),
                        {"orderId": "a"})
    assert call.path == "/api/v1/orders" and "hf" not in call.params
    call, order = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000",
                                            {"marginMode": "isolated", "autoBorrow": True}),
                            data("margin_hf_order_add.json"))
    assert call.path == "/api/v3/hf/margin/order"
    assert call.params["isIsolated"] is True and call.params["autoBorrow"] is True
    assert order["id"] == "671663e02188630007e21c9c"
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000", {"marginMode": "cross",
                                                                                         "test": True}),
                        {"orderId": "x"})
    assert call.path == "/api/v3/hf/margin/order/test" and call.params["isIsolated"] is False


def test_options_hf_false_switches_default():
    ctx = make_ctx(hf=False)
    call, _ = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000"), {"orderId": "a"})
    assert call.path == "/api/v1/orders"


@pytest.mark.parametrize("params,stop,price", [
    ({"triggerPrice": "65000.04"}, None, "65000"),  # no stop: KuCoin takes it from the last price (as ccxt)
    ({"stopPrice": "65000"}, None, "65000"),
    ({"stopLossPrice": "65000"}, "entry", "65000"),  # a buy stop-loss closes a short: above the market
    ({"takeProfitPrice": "59000"}, "loss", "59000"),  # a buy take-profit: below the market
    ({"triggerPrice": "65000", "stop": "loss"}, "loss", "65000"),
])
def test_trigger_orders_go_to_stop_order_endpoint(params, stop, price):
    ctx = make_ctx()
    call, order = only_call(od.create_order(ctx, "BTC/USDT", "limit", "buy", "1", "60000", params),
                            data("spot_stop_order_add.json"))
    assert (call.method, call.path) == ("POST", "/api/v1/stop-order")
    assert call.params.get("stop") == stop and call.params["stopPrice"] == price
    assert order["id"] == "670fd33bf9406e0007ab3945"


def test_plain_sell_trigger_sends_no_stop():
    call, _ = only_call(od.create_order(make_ctx(), "BTC/USDT", "market", "sell", "1", None,
                                        {"triggerPrice": "50000"}), {"orderId": "a"})
    assert call.params == {"clientOid": "cid1", "side": "sell", "symbol": "BTC-USDT", "type": "market",
                           "size": "1", "stopPrice": "50000"}


@pytest.mark.parametrize("args,params,match", [
    (("limit", "buy", "0.000001", "60000"), {}, "below the minimum"),
    (("limit", "buy", "1", "60000"), {"clientOrderId": "x" * 41}, "clientOrderId"),
    (("limit", "buy", "1", "60000"), {"clientOrderId": "bad id!"}, "clientOrderId"),
    (("market", "buy", "1", None), {"postOnly": True}, "postOnly"),
    (("limit", "buy", "1", "60000"), {"postOnly": True, "timeInForce": "IOC"}, "postOnly"),
    (("limit", "buy", "1", "60000"), {"timeInForce": "DAY"}, "timeInForce"),
    (("limit", "buy", "1", "60000"), {"triggerPrice": 1, "stopLossPrice": 2}, "only one"),
    (("limit", "buy", "1", "60000"), {"triggerPrice": 1, "marginMode": "cross"}, "marginMode"),
    (("limit", "buy", "1", "60000"), {"triggerPrice": 1, "test": True}, "test endpoint"),
])
def test_invalid_orders_send_nothing(args, params, match):
    plan = od.create_order(make_ctx(), "BTC/USDT", *args, params)
    with pytest.raises(InvalidOrder, match=match):
        next(plan)


def test_unknown_symbol_sends_nothing():
    with pytest.raises(BadSymbol):
        next(od.create_order(make_ctx(), "NOPE/USDT", "limit", "buy", "1", "1"))


def test_create_orders_batch():
    ctx = make_ctx()
    d = run(od.create_orders(ctx, [
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": "0.1", "price": "60000",
         "params": {"clientOrderId": "cid-12"}},
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": "0.1", "price": "60000"},
    ]), data("spot_hf_orders_multi.json"))
    call = d.calls[0]
    assert (call.method, call.path) == ("POST", "/api/v1/hf/orders/multi")
    assert call.params["orderList"] == [
        {"clientOid": "cid-12", "side": "buy", "symbol": "BTC-USDT", "type": "limit", "price": "60000", "size": "0.1"},
        {"clientOid": "cid1", "side": "buy", "symbol": "BTC-USDT", "type": "limit", "price": "60000", "size": "0.1"}]
    first, second = d.result
    assert (first["id"], first["status"]) == ("6710d8336afcdb0007319c27", None)
    assert second["status"] == "rejected" and second["clientOrderId"] == "cid1"
    assert second["info"]["failMsg"] == "The order funds should more then 0.1 USDT."


def test_create_orders_rejects_invalid_entries_before_sending():
    with pytest.raises(InvalidOrder):
        next(od.create_orders(make_ctx(), [{"symbol": "BTC/USDT", "type": "limit", "side": "buy",
                                            "amount": "1", "price": "1", "params": {"triggerPrice": 2}}]))


def test_edit_order():
    d = run(od.edit_order(make_ctx(), "670fd33bf9406e0007ab3945", "BTC/USDT", "limit", "buy", "0.123456789",
                          "60000.06"), data("spot_hf_order_alter.json"))
    assert d.calls == [Call("POST", "/api/v1/hf/orders/alter", {"symbol": "BTC-USDT",
                                                                "orderId": "670fd33bf9406e0007ab3945",
                                                                "newPrice": "60000.1", "newSize": "0.12345678"})]
    assert d.result["id"] == "67112258f9406e0007408827" and d.result["clientOrderId"] == "client order id 12"


def test_cancel_order_by_id_and_by_client_id():
    ctx = make_ctx()
    call, order = only_call(od.cancel_order(ctx, "671124f9365ccb00073debd4", "BTC/USDT"),
                            data("spot_hf_order_cancel.json"))
    assert call == Call("DELETE", "/api/v1/hf/orders/671124f9365ccb00073debd4", {"symbol": "BTC-USDT"})
    assert order["id"] == "671124f9365ccb00073debd4" and order["symbol"] == "BTC/USDT"
    call, order = only_call(od.cancel_order(ctx, None, "BTC/USDT", {"clientOrderId": "5c52e11203aa677f33e493fb"}),
                            data("spot_hf_order_cancel_client.json"))
    assert (call.method, call.path, call.params) == ("DELETE",
                                                     "/api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb",
                                                     {"symbol": "BTC-USDT"})
    assert order["clientOrderId"] == "5c52e11203aa677f33e493fb"


def test_cancel_stop_order_routes():
    ctx = make_ctx()
    call, order = only_call(od.cancel_order(ctx, "671124f9365ccb00073debd4", None, {"stop": True}),
                            data("spot_stop_order_cancel.json"))
    assert call == Call("DELETE", "/api/v1/stop-order/671124f9365ccb00073debd4", None)
    assert order["id"] == "671124f9365ccb00073debd4"
    call, _ = only_call(od.cancel_order(ctx, None, "BTC/USDT", {"trigger": True, "clientOrderId": "c1"}),
                        {"cancelledOrderId": "x", "clientOid": "c1"})
    assert (call.path, call.params) == ("/api/v1/stop-order/cancelOrderByClientOid",
                                        {"clientOid": "c1", "symbol": "BTC-USDT"})


def test_hf_cancel_needs_symbol():
    with pytest.raises(ArgumentsRequired):
        next(od.cancel_order(make_ctx(), "abc"))


def test_cancel_all_orders_routes():
    ctx = make_ctx()
    call, result = only_call(od.cancel_all_orders(ctx, "BTC/USDT"), data("spot_hf_orders_cancel_symbol.json"))
    assert call == Call("DELETE", "/api/v1/hf/orders", {"symbol": "BTC-USDT"})
    call, result = only_call(od.cancel_all_orders(ctx), data("spot_hf_orders_cancel_all.json"))
    assert call == Call("DELETE", "/api/v1/hf/orders/cancelAll", None)
    assert result[0]["info"]["succeedSymbols"] == ["ETH-USDT", "BTC-USDT"]
    call, _ = only_call(od.cancel_all_orders(ctx, "BTC/USDT", {"marginMode": "isolated"}), "success")
    assert call == Call("DELETE", "/api/v3/hf/margin/orders", {"symbol": "BTC-USDT",
                                                               "tradeType": "MARGIN_ISOLATED_TRADE"})


def test_fetch_order_by_id_client_id_and_not_found():
    ctx = make_ctx()
    call, order = only_call(od.fetch_order(ctx, "6717422bd51c29000775ea03", "BTC/USDT"), data("spot_hf_order.json"))
    assert call == Call("GET", "/api/v1/hf/orders/6717422bd51c29000775ea03", {"symbol": "BTC-USDT"})
    assert order["status"] == "closed" and order["filled"] == "0.00001"
    call, order = only_call(od.fetch_order(ctx, None, "BTC/USDT", {"clientOrderId": "5c52e11203aa677f33e493fb"}),
                            data("spot_hf_order_client.json"))
    assert call == Call("GET", "/api/v1/hf/orders/client-order/5c52e11203aa677f33e493fb", {"symbol": "BTC-USDT"})
    assert order["clientOrderId"] == "5c52e11203aa677f33e493fb"
    with pytest.raises(OrderNotFound):  # unknown to the HF endpoints and to the stop orders
        run(od.fetch_order(ctx, "x", "BTC/USDT"), OrderNotFound("order_not_exist"), OrderNotFound("not found"))


def test_fetch_stop_and_classic_order():
    ctx = make_ctx()
    call, order = only_call(od.fetch_order(ctx, "vs8hoo8q2ceshiue003b67c0", None, {"stop": True}),
                            data("spot_stop_order.json"))
    assert call == Call("GET", "/api/v1/stop-order/vs8hoo8q2ceshiue003b67c0", None)
    assert order["symbol"] == "KCS/USDT" and order["triggerPrice"] == "10"
    call, order = only_call(od.fetch_order(ctx, "674a97dfef434f0007efc431", None, {"hf": False}),
                            data("spot_classic_order.json"))
    assert call == Call("GET", "/api/v1/orders/674a97dfef434f0007efc431", None)
    assert order["status"] == "canceled" and order["symbol"] == "BTC/USDT"


def test_fetch_open_and_closed_orders():
    ctx = make_ctx()
    call, orders = only_call(od.fetch_open_orders(ctx, "BTC/USDT"), data("spot_hf_orders_active.json"))
    assert call == Call("GET", "/api/v1/hf/orders/active", {"symbol": "BTC-USDT"})
    assert [o["status"] for o in orders] == ["open"] * len(orders) and orders[0]["symbol"] == "BTC/USDT"
    call, orders = only_call(od.fetch_closed_orders(ctx, "BTC/USDT", 1729577515000, 5),
                             data("spot_hf_orders_done.json"))
    assert call == Call("GET", "/api/v1/hf/orders/done", {"symbol": "BTC-USDT", "startAt": 1729577515000,
                                                          "limit": 5})
    assert [o["id"] for o in orders] == ["6717422bd51c29000775ea03"]
    _, canceled = only_call(od.fetch_canceled_orders(ctx, "BTC/USDT"), data("spot_hf_orders_done.json"))
    assert canceled == []


def test_fetch_orders_combines_open_and_done():
    d = run(od.fetch_orders(make_ctx(), "BTC/USDT"), data("spot_hf_orders_active.json"),
            data("spot_hf_orders_done.json"))
    assert [c.path for c in d.calls] == ["/api/v1/hf/orders/active", "/api/v1/hf/orders/done"]
    assert {o["status"] for o in d.result} == {"open", "closed"}


def test_fetch_my_trades_reads_items_of_the_hf_envelope():
    ctx = make_ctx()
    call, trades = only_call(od.fetch_my_trades(ctx, "BTC/USDT", None, 20), data("spot_hf_fills.json"))
    assert call == Call("GET", "/api/v1/hf/fills", {"symbol": "BTC-USDT", "limit": 20})
    (t,) = trades
    assert (t["id"], t["order"], t["symbol"], t["side"], t["takerOrMaker"]) == (
        "11029373945659392", "6717422bd51c29000775ea03", "BTC/USDT", "buy", "taker")
    assert (t["price"], t["amount"], t["cost"]) == ("67717.6", "0.00001", "0.677176")
    assert t["fee"] == {"cost": "0.000677176", "currency": "USDT", "rate": "0.001"}


def test_fetch_order_trades_passes_order_id():
    call, trades = only_call(od.fetch_order_trades(make_ctx(), "6717422bd51c29000775ea03", "BTC/USDT"),
                             data("spot_hf_fills.json"))
    assert call == Call("GET", "/api/v1/hf/fills", {"symbol": "BTC-USDT", "orderId": "6717422bd51c29000775ea03"})
    assert trades[0]["order"] == "6717422bd51c29000775ea03"
