"""Order rules: Decimal-exact rounding and limits against the market, InvalidOrder before anything is sent."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.errors import BadSymbol, InvalidOrder
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot.order_rules import OrderSizing, check_order, market_rule
from kucoin_connector.spot.parsers.markets import parse_market
from trading_support import symbol_item


def market(**overrides):
    return parse_market(symbol_item("BTC-USDT", **overrides), number_converter("float"))


def test_limit_amount_truncated_price_rounded_half_up():
    # baseIncrement 0.00000001, priceIncrement 0.1 (the spec's BTC-USDT)
    sizing = check_order(market(), "limit", "buy", "0.123456789", "67000.05")
    assert sizing == OrderSizing(size="0.12345678", price="67000.1")


def test_float_inputs_are_read_as_typed_not_binary():
    sizing = check_order(market(), "limit", "sell", 0.1 + 0.2, 30000.25)
    assert sizing == OrderSizing(size="0.3", price="30000.3")


def test_tiny_increments_never_print_an_exponent():
    m = market(baseIncrement="1E-10", priceIncrement="0.000000001", baseMinSize="0.0000000001", minFunds=None,
               quoteMinSize="0")
    sizing = check_order(m, "limit", "buy", Decimal("0.00000000123"), Decimal("0.0000000015"))
    assert sizing.size == "0.0000000012" and sizing.price == "0.000000002"
    assert "E" not in sizing.size + sizing.price


def test_amount_below_base_min_size_after_truncation():
    with pytest.raises(InvalidOrder, match="below the minimum 0.00001"):
        check_order(market(), "limit", "buy", "0.0000099999", "60000")


def test_amount_that_truncates_to_zero():
    m = market(baseIncrement="0.01", baseMinSize=None)
    with pytest.raises(InvalidOrder, match="below the minimum"):
        check_order(m, "limit", "sell", "0.009", "60000")


def test_amount_above_max():
    with pytest.raises(InvalidOrder, match="above the maximum 10000000000"):
        check_order(market(), "market", "sell", "10000000001")


def test_limit_value_below_min_funds():
    # 0.00001 BTC at 5000 = 0.05 USDT < minFunds 0.1
    with pytest.raises(InvalidOrder, match="order value 0.05 .* below the minimum 0.1"):
        check_order(market(), "limit", "buy", "0.00001", "5000")


def test_price_rounding_to_zero_is_refused():
    with pytest.raises(InvalidOrder, match="rounds to zero"):
        check_order(market(), "limit", "buy", "1", "0.04")


@pytest.mark.parametrize("bad", [None, 0, "-1", "abc", float("nan")])
def test_bad_amounts(bad):
    with pytest.raises(InvalidOrder):
        check_order(market(), "limit", "buy", bad, "60000")


def test_market_buy_by_cost_truncated_to_quote_increment():
    sizing = check_order(market(), "market", "buy", None, None, cost="25.1234567")
    assert sizing == OrderSizing(funds="25.123456")


def test_market_buy_by_cost_below_min_funds():
    with pytest.raises(InvalidOrder, match="below the minimum order value 0.1"):
        check_order(market(), "market", "buy", None, None, cost="0.0999999")


def test_market_cost_above_quote_max():
    with pytest.raises(InvalidOrder, match="above the maximum 99999999"):
        check_order(market(), "market", "buy", None, None, cost="100000000")


def test_market_order_by_amount_ignores_price():
    assert check_order(market(), "market", "sell", "1.5", None) == OrderSizing(size="1.5")


def test_type_side_and_inactive_market():
    with pytest.raises(InvalidOrder, match="side"):
        check_order(market(), "limit", "long", "1", "1")
    with pytest.raises(InvalidOrder, match="type"):
        check_order(market(), "stop", "buy", "1", "1")
    with pytest.raises(BadSymbol, match="suspended"):
        check_order(market(enableTrading=False), "limit", "buy", "1", "60000")


def test_rules_read_kucoin_strings_from_info_then_unified_fallback():
    m = market()
    assert market_rule(m, "minFunds") == Decimal("0.1")
    m_no_info = dict(m, info={})
    assert market_rule(m_no_info, "baseIncrement") == Decimal("1e-8")
    assert market_rule(m_no_info, "quoteMaxSize") == Decimal("99999999")
