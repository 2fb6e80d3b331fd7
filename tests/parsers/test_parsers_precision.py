"""precision.py: TICK_SIZE truncation/rounding on exact decimals, ccxt's observable behaviour."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.precision import (
    amount_to_precision,
    cost_to_precision,
    decimal_str,
    price_to_precision,
    round_to_step,
    to_decimal,
    truncate_to_step,
)

# precision values arrive in every face number mode: float, Decimal or str
BTC_USDT_FLOAT = {"symbol": "BTC/USDT", "precision": {"amount": 1e-08, "price": 0.1, "cost": 1e-06}}
BTC_USDT_DEC = {"symbol": "BTC/USDT", "precision": {"amount": Decimal("0.00000001"), "price": Decimal("0.1"),
                                                    "cost": Decimal("0.000001")}}
BTC_USDT_STR = {"symbol": "BTC/USDT", "precision": {"amount": "0.00000001", "price": "0.1", "cost": "0.000001"}}
MARKETS = [BTC_USDT_FLOAT, BTC_USDT_DEC, BTC_USDT_STR]


class TestToDecimal:
    def test_sources(self):
        assert to_decimal("0.1") == Decimal("0.1")
        assert to_decimal(5) == Decimal(5)
        assert to_decimal(0.1) == Decimal("0.1")
        assert to_decimal(1e-08) == Decimal("0.00000001")
        assert to_decimal(0.1 + 0.2) == Decimal("0.30000000000000004")
        assert to_decimal(Decimal("2.50")) == Decimal("2.50")
        assert to_decimal(" 3 ") == Decimal(3)

    @pytest.mark.parametrize("bad", ["NaN", "inf", "-Infinity", float("nan"), float("inf"), "", "abc", "1,5"])
    def test_rejects_non_finite_and_garbage(self, bad):
        with pytest.raises(ValueError):
            to_decimal(bad)

    @pytest.mark.parametrize("bad", [True, False, None, [1], {"x": 1}])
    def test_rejects_other_types(self, bad):
        with pytest.raises(TypeError):
            to_decimal(bad)


class TestStepHelpers:
    @pytest.mark.parametrize(
        "value, step, truncated, rounded",
        [
            ("0.15", "0.1", "0.1", "0.2"),
            ("0.25", "0.1", "0.2", "0.3"),
            ("0.05", "0.1", "0", "0.1"),
            ("0.149999", "0.1", "0.1", "0.1"),
            ("12345", "10", "12340", "12350"),
            ("12355", "10", "12350", "12360"),
            ("0.3", "0.25", "0.25", "0.25"),
            ("0.375", "0.25", "0.25", "0.5"),
            ("0.123456789", "0.00000001", "0.12345678", "0.12345679"),
            ("0.000000015", "0.00000001", "0.00000001", "0.00000002"),
            ("2", "0.5", "2", "2"),
            ("-0.15", "0.1", "-0.1", "-0.2"),
            ("-0.25", "0.1", "-0.2", "-0.3"),
        ],
    )
    def test_modes(self, value, step, truncated, rounded):
        assert decimal_str(truncate_to_step(value, step)) == truncated
        assert decimal_str(round_to_step(value, step)) == rounded

    def test_huge_values_stay_exact(self):
        big = "123456789012345678901234567890.25"
        assert decimal_str(round_to_step(big, "0.1")) == "123456789012345678901234567890.3"
        assert decimal_str(truncate_to_step(big, "0.1")) == "123456789012345678901234567890.2"
        assert decimal_str(truncate_to_step(1e20, "0.00000001")) == "100000000000000000000"

    def test_absurd_magnitude_is_a_value_error(self):
        with pytest.raises(ValueError):
            truncate_to_step("1e250", "1e-8")

    @pytest.mark.parametrize("step", ["0", "-0.1", 0, "abc"])
    def test_bad_steps(self, step):
        with pytest.raises(ValueError):
            truncate_to_step("1", step)

    def test_results_are_decimals(self):
        assert isinstance(round_to_step("1", "0.1"), Decimal)


class TestDecimalStr:
    @pytest.mark.parametrize(
        "d, text",
        [
            (Decimal("1E-8"), "0.00000001"),
            (Decimal("0.00000001"), "0.00000001"),
            (Decimal("1.10"), "1.1"),
            (Decimal("67000"), "67000"),
            (Decimal("1.235E+4"), "12350"),
            (Decimal("-0.00"), "0"),
            (Decimal("0E-8"), "0"),
            (Decimal("100.000"), "100"),
        ],
    )
    def test_plain_no_padding(self, d, text):
        assert decimal_str(d) == text
        assert "E" not in decimal_str(d) and "e" not in decimal_str(d)


@pytest.mark.parametrize("market", MARKETS, ids=["float", "decimal", "str"])
class TestMarketHelpers:
    def test_amount_truncates(self, market):
        assert amount_to_precision(market, "0.123456789") == "0.12345678"
        assert amount_to_precision(market, 0.1 + 0.2) == "0.3"
        assert amount_to_precision(market, 1) == "1"
        assert amount_to_precision(market, "1e-8") == "0.00000001"
        assert amount_to_precision(market, "0.000000019") == "0.00000001"

    def test_price_rounds_half_away_from_zero(self, market):
        assert price_to_precision(market, "67269.25") == "67269.3"
        assert price_to_precision(market, "67269.24") == "67269.2"
        assert price_to_precision(market, 8.25) == "8.3"
        assert price_to_precision(market, "67000") == "67000"
        assert price_to_precision(market, 0.1 + 0.2) == "0.3"

    def test_cost_truncates_to_cost_step(self, market):
        assert cost_to_precision(market, "10.1234567") == "10.123456"
        assert cost_to_precision(market, "0.0000009") == "0"

    def test_zero_results_are_returned_for_the_face_to_judge(self, market):
        assert amount_to_precision(market, "0.000000009") == "0"
        assert price_to_precision(market, "0.04") == "0"

    @pytest.mark.parametrize("fn", [amount_to_precision, price_to_precision, cost_to_precision])
    def test_negative_rejected(self, market, fn):
        with pytest.raises(ValueError):
            fn(market, "-1")

    @pytest.mark.parametrize("fn", [amount_to_precision, price_to_precision, cost_to_precision])
    def test_bad_input(self, market, fn):
        with pytest.raises(ValueError):
            fn(market, "abc")
        with pytest.raises(TypeError):
            fn(market, None)
        with pytest.raises(TypeError):
            fn(market, True)


def test_cost_falls_back_to_price_tick_like_ccxt():
    market = {"symbol": "X/Y", "precision": {"amount": "1", "price": "0.01", "cost": None}}
    assert cost_to_precision(market, "12.3456") == "12.34"


def test_market_without_precision_is_a_value_error():
    with pytest.raises(ValueError):
        amount_to_precision({"symbol": "X/Y", "precision": {"amount": None, "price": "0.1"}}, "1")
    with pytest.raises(ValueError):
        price_to_precision({"symbol": "X/Y"}, "1")


def test_float_ticks_from_float_mode_markets():
    market = {"symbol": "SHIB/USDT", "precision": {"amount": 1.0, "price": 1e-08, "cost": 1e-06}}
    assert price_to_precision(market, 0.000017715) == "0.00001772"
    assert amount_to_precision(market, 12345.9) == "12345"
