"""numbers.number_converter: the three number modes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.numbers import NUMBER_MODES, BadNumber, NotANumber, number_converter, parse_decimal, plain


def test_modes_listed():
    assert NUMBER_MODES == ("float", "decimal", "str")


@pytest.mark.parametrize("mode", ["float", "decimal", "str"])
@pytest.mark.parametrize("missing", [None, "", "   "])
def test_missing_values_are_none_in_every_mode(mode, missing):
    assert number_converter(mode)(missing) is None


def test_float_mode_is_built_from_the_string():
    f = number_converter("float")
    assert f("0.1") == 0.1 and type(f("0.1")) is float
    assert f("0.00000001") == 1e-08
    assert f("67269") == 67269.0
    assert f(3) == 3.0 and type(f(3)) is float
    assert f(0.25) == 0.25
    assert f(Decimal("1.5")) == 1.5


def test_decimal_mode_is_exact_from_the_string():
    d = number_converter("decimal")
    assert d("0.1") == Decimal("0.1")
    assert d("0.00000001") == Decimal("1E-8")
    assert d(0.1) == Decimal("0.1")  # via repr, not the binary expansion
    assert d(0.1 + 0.2) == Decimal("0.30000000000000004")
    assert d("123456789012345678901234567890.123456789") == Decimal("123456789012345678901234567890.123456789")
    assert d(7) == Decimal(7)


def test_str_mode_is_canonical_without_exponent():
    s = number_converter("str")
    assert s("0.00000001") == "0.00000001"
    assert s("1e-8") == "0.00000001"
    assert s("1E+3") == "1000"
    assert s("1.00") == "1"
    assert s("0.100000") == "0.1"
    assert s("10000000000") == "10000000000"
    assert s(1e-08) == "0.00000001"
    assert s(-0.0) == "0"
    assert s("-3.30") == "-3.3"
    assert s(Decimal("2.50")) == "2.5"


@pytest.mark.parametrize("mode", ["float", "decimal", "str"])
@pytest.mark.parametrize("bad", ["abc", "1.2.3", " ", "--1"])
def test_unparseable_becomes_none(mode, bad):
    assert number_converter(mode)(bad) is None


@pytest.mark.parametrize("mode", ["float", "decimal", "str"])
@pytest.mark.parametrize("bad", ["NaN", "nan", "sNaN", "inf", "-Infinity", float("nan"), float("inf"),
                                 Decimal("NaN"), "1e999999999", "-1e999999999", "1e-999999999", "0e999999999",
                                 "1e41", "1e-41", 10**41, 10**400, 1e300, 5e-324, "1" * 65, "0." + "0" * 70 + "1"])
def test_non_finite_or_out_of_range_raises_bad_number(mode, bad):
    # A price or amount is never NaN/Infinity, beyond 1e+-40 or 65 characters long: refusing it keeps
    # "1e999999999" from becoming a 1 GB plain string and NaN from reaching an order book.
    with pytest.raises(BadNumber):
        number_converter(mode)(bad)


@pytest.mark.parametrize("mode", ["float", "decimal", "str"])
@pytest.mark.parametrize("good", ["1e40", "1e-40", "123456789012345678901234567890.12345678", 10**40, "0.00000001",
                                  "1729100692873000000", 1.5e-8])
def test_numbers_at_the_bounds_still_parse(mode, good):
    assert number_converter(mode)(good) is not None


@pytest.mark.parametrize("mode", ["float", "decimal", "str"])
@pytest.mark.parametrize("bad", [True, False, [1], {"a": 1}, object()])
def test_non_number_types_raise_type_error(mode, bad):
    with pytest.raises(TypeError) as info:
        number_converter(mode)(bad)
    assert isinstance(info.value, NotANumber)


@pytest.mark.parametrize("mode", ["Float", "double", "", None, 3])
def test_unknown_mode_raises_value_error(mode):
    with pytest.raises(ValueError):
        number_converter(mode)


def test_default_mode_is_float():
    assert number_converter()("2.5") == 2.5


def test_parse_decimal_and_plain_helpers():
    assert parse_decimal(" 1.50 ") == Decimal("1.50")
    assert parse_decimal("") is None
    assert plain(Decimal("1.2300E+5")) == "123000"
    assert plain(Decimal("-0.000")) == "0"
