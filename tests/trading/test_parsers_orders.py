"""Order, balance and ledger parsers over the official spec examples (values written by hand)."""
from __future__ import annotations

import pytest

from decimal import Decimal

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.balances import (parse_balance, parse_cross_margin_balance, parse_isolated_balance,
                                               parse_ledger_entry)
from kucoin_connector.spot.parsers.orders import order_status, parse_order
from trading_support import LEDGER_KEYS, ORDER_KEYS, data, make_ctx

S = number_converter("str")
F = number_converter("float")


def btc():
    return make_ctx().registry.market("BTC/USDT")


def test_hf_order_detail_closed():
    o = parse_order(data("spot_hf_order.json"), btc(), S)
    assert set(o) == ORDER_KEYS
    assert (o["id"], o["clientOrderId"], o["symbol"]) == ("6717422bd51c29000775ea03", "5c52e11203aa677f33e493fb",
                                                          "BTC/USDT")
    assert (o["type"], o["side"], o["timeInForce"], o["postOnly"]) == ("limit", "buy", "GTC", False)
    assert (o["amount"], o["price"], o["filled"], o["remaining"]) == ("0.00001", "70000", "0.00001", "0")
    assert (o["cost"], o["average"], o["status"]) == ("0.677176", "67717.6", "closed")
    assert o["fee"] == {"cost": "0.000677176", "currency": "USDT", "rate": None}
    assert o["fees"] == [o["fee"]]
    assert o["timestamp"] == 1729577515444 and o["datetime"] == "2024-10-22T06:11:55.444Z"
    assert o["triggerPrice"] is None and o["stopPrice"] is None


def test_hf_order_float_numbers_match_ccxt():
    o = parse_order(data("spot_hf_order.json"), btc(), F)
    # observed ccxt 4.5 parse_order on the same payload
    assert (o["amount"], o["price"], o["cost"], o["filled"], o["remaining"], o["average"]) == (
        1e-05, 70000.0, 0.677176, 1e-05, 0.0, 67717.6)


def test_active_order_is_open():
    o = parse_order(data("spot_hf_orders_active.json")[0], btc(), S)
    assert (o["status"], o["filled"], o["remaining"], o["average"], o["price"]) == ("open", "0", "0.00001", None,
                                                                                     "50000")


def test_status_rules():
    base = {"size": "1", "dealSize": "0.4"}
    assert order_status({**base, "active": True}) == "open"
    assert order_status({**base, "active": False, "cancelExist": True}) == "canceled"
    assert order_status({**base, "active": False, "cancelExist": False}) == "closed"
    assert order_status({"size": "1", "dealSize": "1", "active": False, "cancelExist": True}) == "closed"
    assert order_status({**base, "isActive": False, "cancelExist": True}) == "canceled"  # classic
    assert order_status({"status": "NEW"}) == "open"  # stop order
    assert order_status({"status": "done", "canceledSize": "0.5"}) == "canceled"  # sync ack
    assert order_status({"orderId": "x"}) is None  # bare ack


def test_classic_order_canceled():
    o = parse_order(data("spot_classic_order.json"), btc(), S)
    assert (o["status"], o["amount"], o["filled"], o["cost"], o["triggerPrice"]) == ("canceled", "0.0001", "0",
                                                                                      "0", None)


def test_stop_order_trigger_price_and_ns_time():
    kcs = make_ctx().registry.market("KCS/USDT")
    o = parse_order(data("spot_stop_order.json"), kcs, S)
    assert (o["id"], o["status"], o["price"], o["amount"]) == ("vs8hoo8q2ceshiue003b67c0", "open", "0.01", "0.01")
    assert o["triggerPrice"] == o["stopPrice"] == "10"
    assert o["timestamp"] == 1629098781128  # createdAt (ms), as ccxt


def test_ack_has_only_ids():
    o = parse_order(data("spot_hf_order_add.json"), None, S)
    assert (o["id"], o["clientOrderId"], o["status"], o["fee"], o["fees"]) == (
        "670fd33bf9406e0007ab3945", "5c52e11203aa677f33e493fb", None, None, [])


def test_sync_ack_is_open_with_amounts():
    o = parse_order(data("spot_hf_order_add_sync.json"), btc(), S)
    assert (o["status"], o["amount"], o["filled"], o["remaining"]) == ("open", "0.00001", "0", "0.00001")


def test_balance_from_accounts_list_filters_type():
    items = data("account_list.json")
    b = parse_balance(items, "trade", S)
    assert b["USDT"] == {"free": "26.66759503", "used": "0", "total": "26.66759503"}
    assert b["free"] == {"USDT": "26.66759503"} and b["total"] == {"USDT": "26.66759503"}
    main = parse_balance(items, "main", number_converter("decimal"))
    assert main["USDT"]["total"] == Decimal("0.01")


def test_cross_margin_balance_has_debt():
    b = parse_cross_margin_balance(data("account_cross_margin.json"), S)
    assert b["USDT"] == {"free": "20.01916691", "used": "18.66939173", "total": "38.68855864", "debt": "0"}
    assert b["debt"] == {"USDT": "0"}


def test_isolated_balance_per_symbol():
    ctx = make_ctx()
    b = parse_isolated_balance(data("account_isolated_margin.json"), ctx.registry.markets_by_id, S)
    assert b["timestamp"] == 1747303659773
    assert b["BTC/USDT"]["USDT"] == {"free": "4.97047372", "used": "0", "total": "4.97047372",
                                     "debt": "0.00038891"}
    assert b["BTC/USDT"]["BTC"]["total"] == "0"


def test_ledger_entries():
    e = parse_ledger_entry(data("account_hf_ledgers.json")[0], S)
    assert set(e) == LEDGER_KEYS
    assert (e["id"], e["direction"], e["account"], e["type"], e["currency"]) == (
        "254062248624417", "in", "trade_hf", "trade", "USDT")
    assert (e["amount"], e["after"], e["before"]) == ("1.5976008", "26.73759503", "25.13999423")
    assert e["fee"] == {"cost": "0.0015992", "currency": "USDT"} and e["timestamp"] == 1728443957539
    out = parse_ledger_entry(data("account_ledgers.json")["items"][0], S)
    assert (out["direction"], out["type"], out["before"], out["after"]) == ("out", "transfer", "0.01", "0")


@pytest.mark.parametrize("biz", ["TRADE_EXCHANGE", "MARGIN_EXCHANGE", "ISOLATED_EXCHANGE"])
def test_margin_fills_in_the_ledger_are_trades(biz):
    item = dict(data("account_hf_ledgers.json")[0], bizType=biz)
    assert parse_ledger_entry(item, S)["type"] == "trade"
