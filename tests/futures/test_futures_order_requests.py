"""Futures order placement: the exact body and endpoint ccxt's kucoinfutures would send, and every order that
cannot be valid refused before anything is sent."""
from __future__ import annotations

import pytest
from futures_support import payload, trading_ctx

from kucoin_connector.errors import ArgumentsRequired, BadRequest, BadSymbol, InvalidOrder
from kucoin_connector.futures.plans import orders as fo
from kucoin_connector.rest.calls import prepare
from kucoin_connector.testing import step

ACK = payload("futures_order_add.json")
BTC = "BTC/USDT:USDT"


def placed(type, side, amount, price=None, params=None, answer=ACK, **options):
    run = step(fo.create_order(trading_ctx(**options), BTC, type, side, amount, price, params), answer)
    (call,) = run.calls
    assert call.host == "futures" and call.method == "POST"
    return call, run.result


def test_limit_order_body_and_ack():
    call, order = placed("limit", "buy", "3.9", "67123.46")
    assert call.path == "/api/v1/orders"
    # amount truncated to the lot (contracts), price rounded to the 0.1 tick, leverage from the option (1)
    assert call.params == {"clientOid": "cid1", "side": "buy", "symbol": "XBTUSDTM", "type": "limit",
                           "leverage": 1, "size": 3, "price": "67123.5"}
    assert call.client_order_id == "cid1"
    assert (order["id"], order["clientOrderId"], order["type"], order["side"]) == (
        "234125150956625920", "5c52e11203aa677f33e493fb", "limit", "buy")


def test_the_wire_form_signs_what_it_sends_on_the_futures_pool():
    call, _ = placed("market", "sell", 2, params={"clientOrderId": "mine-1", "remark": "r"})
    wire = prepare(call)
    assert wire.body == '{"clientOid":"mine-1","side":"sell","symbol":"XBTUSDTM","type":"market","leverage":1,' \
                        '"size":2,"remark":"r"}'
    assert (wire.host, wire.pool, wire.weight, wire.private) == ("futures", "Futures", 2, True)


def test_leverage_margin_mode_and_flags():
    call, _ = placed("limit", "sell", 1, 70000, {"leverage": 20, "marginMode": "isolated", "postOnly": True,
                                                 "reduceOnly": True, "timeInForce": "GTC"})
    assert call.params["leverage"] == 20 and call.params["marginMode"] == "ISOLATED"
    assert call.params["postOnly"] is True and call.params["reduceOnly"] is True and call.params["timeInForce"] == "GTC"
    call, _ = placed("limit", "buy", 1, 70000, {"marginMode": "cross"})
    assert call.params["leverage"] == 1 and call.params["marginMode"] == "CROSS"  # required on every opening order
    call, _ = placed("limit", "buy", 1, 70000, leverage=5)
    assert call.params["leverage"] == 5  # the option's default
    call, _ = placed("limit", "buy", 1, 70000, {"hedged": True})
    assert call.params["positionSide"] == "LONG"
    call, _ = placed("market", "buy", 1, params={"hedged": True, "reduceOnly": True})
    assert call.params["positionSide"] == "SHORT"  # a reduce-only buy closes the short
    call, _ = placed("limit", "buy", 1, 70000, {"hidden": True})
    assert call.params["hidden"] is True
    call, _ = placed("limit", "buy", 10, 70000, {"iceberg": True, "visibleSize": "2.5"})
    assert (call.params["iceberg"], call.params["visibleSize"]) == (True, 2)


@pytest.mark.parametrize("side,key,stop,reduce", [
    ("buy", "triggerPrice", "up", None), ("sell", "triggerPrice", "down", None),
    ("sell", "stopLossPrice", "down", True), ("buy", "stopLossPrice", "up", True),
    ("sell", "takeProfitPrice", "up", True), ("buy", "takeProfitPrice", "down", True),
])
def test_trigger_directions_follow_ccxt_and_protect_the_position(side, key, stop, reduce):
    call, _ = placed("market", side, 1, params={key: "60000.04"})
    assert call.path == "/api/v1/orders"
    assert (call.params["stop"], call.params["stopPrice"], call.params["stopPriceType"]) == (stop, "60000", "MP")
    assert call.params.get("reduceOnly") is reduce


def test_trigger_price_type_and_explicit_direction():
    call, _ = placed("limit", "buy", 1, 61000, {"triggerPrice": 60000, "triggerPriceType": "last", "stop": "down"})
    assert (call.params["stop"], call.params["stopPriceType"]) == ("down", "TP")
    call, _ = placed("limit", "buy", 1, 61000, {"triggerPrice": 60000, "stopPriceType": "IP"})
    assert call.params["stopPriceType"] == "IP"
    with pytest.raises(InvalidOrder):
        step(fo.create_order(trading_ctx(), BTC, "market", "sell", 1, None, {"stopLossPrice": 1, "stop": "up"}))


def test_both_protections_go_to_the_st_orders_endpoint():
    call, _ = placed("market", "sell", 1, params={"stopLossPrice": 60000, "takeProfitPrice": 80000})
    assert call.path == "/api/v1/st-orders"
    assert call.params["triggerStopDownPrice"] == "60000" and call.params["triggerStopUpPrice"] == "80000"
    assert call.params["reduceOnly"] is True and "stop" not in call.params
    call, _ = placed("limit", "buy", 1, 70000, {"stopLoss": {"triggerPrice": 65000},
                                                "takeProfit": {"triggerPrice": 75000}})
    assert call.path == "/api/v1/st-orders" and "reduceOnly" not in call.params
    assert (call.params["triggerStopDownPrice"], call.params["triggerStopUpPrice"]) == ("65000", "75000")
    call, _ = placed("market", "sell", 1, params={"stopLoss": {"triggerPrice": 65000, "triggerPriceType": "index"}})
    assert (call.path, call.params["stopPriceType"]) == ("/api/v1/st-orders", "IP")  # the object's own price type


def test_test_orders_and_close_position():
    call, order = placed("limit", "buy", 1, 70000, {"test": True}, answer=payload("futures_order_test.json"))
    assert call.path == "/api/v1/orders/test" and order["id"] == "234125150956625920"
    run = step(fo.close_position(trading_ctx(), BTC), ACK)
    assert run.calls[0].params == {"clientOid": "cid1", "symbol": "XBTUSDTM", "type": "market", "closeOrder": True}


def test_batch_is_one_json_array():
    orders = [{"symbol": BTC, "type": "limit", "side": "buy", "amount": 1, "price": 60000},
              {"symbol": "BTC/USD:BTC", "type": "market", "side": "sell", "amount": 5}]
    run = step(fo.create_orders(trading_ctx(), orders), payload("futures_orders_multi.json"))
    (call,) = run.calls
    assert call.path == "/api/v1/orders/multi"
    assert [o["clientOid"] for o in call.params] == ["cid1", "cid2"]
    assert prepare(call).body.startswith('[{"clientOid":"cid1"')
    assert [o["id"] for o in run.result] == ["235919387779985408", "235919387855482880"]
    assert [o["symbol"] for o in run.result] == [BTC, "BTC/USD:BTC"]
    with pytest.raises(ArgumentsRequired):
        step(fo.create_orders(trading_ctx(), [{"type": "market", "side": "buy", "amount": 1}]))


@pytest.mark.parametrize("args,error", [
    (("limit", "buy", "0.5", 60000), InvalidOrder),  # below one lot
    (("limit", "buy", 1_000_001, 60000), InvalidOrder),  # above maxOrderQty
    (("limit", "buy", 1, 1_000_001), InvalidOrder),  # above maxPrice
    (("limit", "buy", 1, "0.01"), InvalidOrder),  # rounds to zero at the tick
    (("limit", "buy", 1, None), ArgumentsRequired),
    (("market", "buy", None, None), ArgumentsRequired),
    (("stop", "buy", 1, None), InvalidOrder),
    (("limit", "long", 1, 60000), InvalidOrder),
    (("limit", "buy", -1, 60000), InvalidOrder),
])
def test_invalid_orders_send_nothing(args, error):
    with pytest.raises(error):
        step(fo.create_order(trading_ctx(), BTC, *args))


@pytest.mark.parametrize("params,error", [
    ({"leverage": 126}, InvalidOrder),  # above the contract's maxLeverage (125)
    ({"leverage": 0}, InvalidOrder),
    ({"marginMode": "portfolio"}, BadRequest),
    ({"timeInForce": "FOK"}, InvalidOrder),  # futures know GTC and IOC
    ({"postOnly": True, "timeInForce": "IOC"}, InvalidOrder),
    ({"postOnly": True, "hidden": True}, BadRequest),
    ({"iceberg": True}, ArgumentsRequired),
    ({"stopLossPrice": 1, "triggerPrice": 2}, InvalidOrder),
    ({"stop": "sideways", "triggerPrice": 2}, InvalidOrder),
    ({"triggerPriceType": "median", "triggerPrice": 2}, InvalidOrder),
    ({"stopLoss": {"triggerPrice": 1}, "test": True}, InvalidOrder),  # no test endpoint for st-orders
    ({"tradeType": "TRADE"}, BadRequest),  # not a futures field
    ({"trailingPercent": 1}, BadRequest),  # a ccxt parameter KuCoin does not know
    ({"clientOrderId": "has space"}, InvalidOrder),
])
def test_invalid_params_send_nothing(params, error):
    with pytest.raises(error):
        step(fo.create_order(trading_ctx(), BTC, "limit", "buy", 1, 60000, params))


def test_a_suspended_contract_is_refused():
    ctx = trading_ctx()
    ctx.registry.markets[BTC]["active"] = False
    with pytest.raises(BadSymbol):
        step(fo.create_order(ctx, BTC, "limit", "buy", 1, 60000))
