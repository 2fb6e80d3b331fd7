"""adapters/hummingbot/mapping.py: ccxt structures -> what Hummingbot's tracker reads (no Hummingbot)."""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.parsers.markets import parse_market
from kucoin_connector.spot.parsers.trades import parse_trades
from kucoin_connector_adapters.hummingbot.mapping import (ORDER_STATES, balance_fields, fill_fields, order_state,
                                                          to_ccxt_symbol, to_hb_pair, trading_rule_fields)

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads"
D = Decimal


def load(name: str):
    return json.loads((PAYLOADS / name).read_text())["data"]


def test_pairs_round_trip():
    assert to_hb_pair("BTC/USDT") == "BTC-USDT"
    assert to_ccxt_symbol("BTC-USDT") == "BTC/USDT"
    assert to_ccxt_symbol(to_hb_pair("ETH2/USDT")) == "ETH2/USDT"


@pytest.mark.parametrize("status, filled, amount, state", [
    ("open", "0", "1", "OPEN"),
    ("open", "0.4", "1", "PARTIALLY_FILLED"),
    ("closed", "1", "1", "FILLED"),
    ("canceled", "0.4", "1", "CANCELED"),
    ("canceled", "1", "1", "FILLED"),          # KuCoin can report a fully filled order as cancelled
    ("expired", "0", "1", "CANCELED"),
    ("rejected", "0", "1", "FAILED"),
])
def test_order_states(status, filled, amount, state):
    assert order_state({"status": status, "filled": D(filled), "amount": D(amount)}) == state


def test_every_table_state_is_a_hummingbot_state_name():
    hb_states = {"PENDING_CREATE", "OPEN", "PENDING_CANCEL", "CANCELED", "PARTIALLY_FILLED", "FILLED", "FAILED"}
    assert set(ORDER_STATES.values()) <= hb_states


def test_an_unknown_status_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="unknown order status"):
        order_state({"status": "weird", "filled": 0, "amount": 1})


def test_trading_rule_from_the_official_symbol_example():
    item = load("spot_symbols.json")[0]
    market = parse_market(item, number_converter("decimal"))
    rule = trading_rule_fields(market)
    assert rule["trading_pair"] == "BTC-USDT"
    assert rule["min_order_size"] == D(item["baseMinSize"])
    assert rule["max_order_size"] == D(item["baseMaxSize"])
    assert rule["min_price_increment"] == D(item["priceIncrement"])
    assert rule["min_base_amount_increment"] == D(item["baseIncrement"])
    assert rule["min_quote_amount_increment"] == D(item["quoteIncrement"])
    assert rule["min_notional_size"] == D(item["minFunds"])
    assert all(isinstance(v, Decimal) for k, v in rule.items() if k != "trading_pair")


def test_a_rest_fill_keeps_its_amount_price_and_real_fee():
    item = load("spot_hf_fills.json")["items"][0]
    trade = parse_trades([item], parse_market(load("spot_symbols.json")[0], number_converter("decimal")),
                         number_converter("decimal"))[0]
    fill = fill_fields(trade, fee_rate=D("0.5"))  # the fill's own fee wins over any estimate
    assert fill["trade_id"] == str(item["tradeId"])
    assert fill["exchange_order_id"] == item["orderId"]
    assert fill["trading_pair"] == "BTC-USDT"
    assert (fill["amount"], fill["price"]) == (D(item["size"]), D(item["price"]))
    assert fill["quote_amount"] == D(item["funds"])
    assert (fill["fee_cost"], fill["fee_currency"]) == (D(item["fee"]), item["feeCurrency"])
    assert fill["timestamp"] == item["createdAt"] / 1000
    assert fill["is_taker"] is True


def test_a_stream_match_without_fee_gets_an_estimate_in_the_quote_currency():
    trade = {"id": "t1", "order": "o1", "symbol": "ETH/USDT", "side": "sell", "price": D("2000"),
             "amount": D("0.5"), "cost": None, "fee": None, "timestamp": 1_700_000_000_000, "takerOrMaker": "maker"}
    fill = fill_fields(trade, fee_rate=D("0.001"))
    assert fill["quote_amount"] == D("1000.0")
    assert (fill["fee_cost"], fill["fee_currency"]) == (D("1.0000"), "USDT")
    assert fill["is_taker"] is False


def test_a_fill_without_amount_is_refused():
    with pytest.raises(ValueError):
        fill_fields({"id": "t", "price": D(1), "amount": None, "symbol": "A/B"})


def test_balances_total_and_free():
    total, free = balance_fields({"total": {"BTC": D("1.5"), "USDT": D(10), "X": None},
                                  "free": {"BTC": D("1"), "USDT": D(10)}})
    assert total == {"BTC": D("1.5"), "USDT": D(10)}
    assert free == {"BTC": D(1), "USDT": D(10)}


def test_the_pure_modules_do_not_import_hummingbot():
    assert "hummingbot" not in sys.modules
