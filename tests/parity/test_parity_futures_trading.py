"""Parser parity for futures trading: our futures order and fill parsers against ccxt's kucoinfutures
``parse_order``/``parse_trade`` on KuCoin's official examples (vendored in tests/payloads/futures_*.json),
field by field, numbers compared as numbers, ``info`` aside. Both read the same markets (ours, handed to ccxt's
``set_markets``). Every field left out is named with the reason:

* ``fee``/``fees`` of an order without a fee (the examples carry none): ours None and ``[]``; ccxt a fee of
  None values.
* positions: ``marginRatio`` and ``percentage``, which ccxt derives with its own rounding (ours None), and
  ``hedged`` (ours None, absent from ccxt's KuCoin position).
"""
from __future__ import annotations

import pathlib
import sys

import pytest
from structdiff import diff

pytestmark = pytest.mark.parity

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "futures"))
from futures_support import parser_pair, payload  # noqa: E402

SKIP_ORDER = ("fee", "fees")


@pytest.fixture(scope="module")
def both():
    return parser_pair()


def _orders():
    detail = payload("futures_order.json")
    done = {**payload("futures_recent_done_orders.json")[0], "symbol": "XBTUSDTM"}  # a contract both know
    return [detail, payload("futures_order_client.json") | {"symbol": "XBTUSDTM"}, done,
            payload("futures_stop_orders.json")["items"][0] | {"symbol": "XBTUSDTM"},
            {**detail, "isActive": False, "cancelExist": True, "filledSize": 1, "filledValue": "0.0001",
             "avgDealPrice": "0"},
            {**detail, "symbol": "XBTUSDM", "size": 4, "filledSize": 3, "filledValue": "0.00005", "avgDealPrice": None}]


@pytest.mark.parametrize("index", range(6))
def test_orders_parse_as_ccxt(both, index):
    from kucoin_connector.futures.parsers.orders import parse_contract_order

    by_id, num, theirs = both
    item = _orders()[index]
    ours = parse_contract_order(item, by_id[item["symbol"]], num)
    ccxt_order = theirs.parse_order(item)
    for key in SKIP_ORDER:
        ours.pop(key)
        ccxt_order.pop(key)
    assert diff(ours, ccxt_order) == []


def test_fills_parse_as_ccxt(both):
    from kucoin_connector.futures.parsers.orders import parse_my_trade

    by_id, num, theirs = both
    for item in payload("futures_fills.json")["items"]:
        assert diff(parse_my_trade(item, by_id[item["symbol"]], num), theirs.parse_trade(item)) == []


# Positions: ccxt's safe_position derives marginRatio and percentage with its own rounding (ours None), and
# has no "hedged" key for KuCoin.
SKIP_POSITION = ("marginRatio", "percentage", "hedged")


def _positions():
    item = payload("futures_position.json")
    listed = {**payload("futures_positions.json")[0], "symbol": "XBTUSDM"}
    closed = payload("futures_history_positions.json")["items"][0]
    return [item, listed, closed]


@pytest.mark.parametrize("index", range(3))
def test_positions_parse_as_ccxt(both, index):
    from kucoin_connector.futures.parsers.positions import parse_position

    by_id, num, theirs = both
    item = _positions()[index]
    ours = parse_position(item, by_id[item["symbol"]], num)
    ccxt_position = theirs.parse_position(dict(item))
    for key in SKIP_POSITION:
        ours.pop(key, None)
        ccxt_position.pop(key, None)
    assert diff(ours, ccxt_position) == []


def test_tiers_and_margin_mode_parse_as_ccxt(both):
    from kucoin_connector.futures.parsers.positions import parse_leverage_tiers, parse_margin_mode

    by_id, num, theirs = both
    m = by_id["XBTUSDTM"]
    tiers = payload("futures_risk_limit.json")
    theirs_tiers = theirs.parse_market_leverage_tiers(tiers, theirs.market(m["symbol"]))
    assert diff(parse_leverage_tiers(tiers, m, num), theirs_tiers) == []
    mode = payload("futures_margin_mode.json")
    assert diff(parse_margin_mode(mode, m), theirs.parse_margin_mode(mode, theirs.market(m["symbol"]))) == []


# Order requests: the body we send against ccxt's create_contract_order_request for the same arguments (same
# client order id). Difference, deliberate: ccxt also forwards its
# own ``triggerPriceType`` parameter into the body next to the ``stopPriceType`` it made of it (a field
# KuCoin does not define); ours sends only ``stopPriceType``.
REQUESTS = [
    ("limit", "buy", 3.9, 67123.46, {}),
    ("market", "sell", 2, None, {"reduceOnly": True}),
    ("market", "sell", 2, None, {"reduceOnly": True, "hedged": True}),
    ("limit", "sell", 2, 70000, {"hedged": True}),
    ("limit", "buy", 1, 70000, {"postOnly": True, "timeInForce": "GTC", "leverage": 20}),
    ("limit", "sell", 1, 70000, {"timeInForce": "IOC", "marginMode": "isolated"}),
    ("market", "buy", 1, None, {"triggerPrice": 60000.04}),
    ("limit", "sell", 1, 59000, {"triggerPrice": 60000, "triggerPriceType": "last"}),
    ("market", "sell", 1, None, {"stopLossPrice": 60000}),
    ("market", "buy", 1, None, {"stopLossPrice": 80000, "triggerPriceType": "index"}),
    ("market", "buy", 1, None, {"takeProfitPrice": 60000}),
    ("market", "sell", 1, None, {"takeProfitPrice": 80000}),
    ("limit", "buy", 1, 70000, {"stopLoss": {"triggerPrice": 65000}, "takeProfit": {"triggerPrice": 75000}}),
    ("market", "sell", 1, None, {"stopLoss": {"triggerPrice": 65000, "triggerPriceType": "last"},
                                 "takeProfit": {"triggerPrice": 75000, "triggerPriceType": "index"}}),
    ("limit", "buy", 10, 70000, {"iceberg": True, "visibleSize": 2}),
    ("limit", "buy", 1, 70000, {"hidden": True, "remark": "r"}),
    ("market", "buy", None, None, {"cost": 100}),
    ("market", "sell", 5, None, {"symbol": "BTC/USD:BTC"}),
]


@pytest.mark.parametrize("type_,side,amount,price,params", REQUESTS)
def test_order_bodies_equal_ccxts(both, type_, side, amount, price, params):
    from futures_support import trading_ctx

    from kucoin_connector.futures.plans.order_requests import build_order

    _, _, theirs = both
    params = dict(params)
    symbol = params.pop("symbol", "BTC/USDT:USDT")
    ctx = trading_ctx()
    ours = build_order(ctx, ctx.registry.market(symbol), type_, side, amount, price,
                       {**params, "clientOrderId": "c1"}).body
    ccxt_body = theirs.create_contract_order_request(symbol, type_, side, amount, price,
                                                     {**params, "clientOrderId": "c1"})
    if "triggerPriceType" in params:
        assert ccxt_body.pop("triggerPriceType") == params["triggerPriceType"]
    assert ours == ccxt_body


def test_a_cross_order_sends_the_default_leverage_as_ccxt(both):
    from futures_support import trading_ctx

    from kucoin_connector.futures.plans.order_requests import build_order

    _, _, theirs = both
    ctx = trading_ctx()
    params = {"marginMode": "cross", "clientOrderId": "c1"}
    ours = build_order(ctx, ctx.registry.market("BTC/USDT:USDT"), "limit", "buy", 1, 70000, params).body
    ccxt_body = theirs.create_contract_order_request("BTC/USDT:USDT", "limit", "buy", 1, 70000, params)
    assert ours == ccxt_body and ours["leverage"] == 1
