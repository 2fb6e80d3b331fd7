"""Number modes for unified structures (pure core).

Layer: pure core. Rule: no I/O, no clock; only ``decimal`` from the stdlib.

KuCoin sends every decimal as a JSON string ("0.00000001", "67269.5"); see
https://www.kucoin.com/docs-new/introduction (field types). ccxt returns Python floats built from
those strings; some users want exact values instead. A :data:`Num` converter is chosen once per
face and handed to every parser, so the parsers never decide how numbers look:

* ``"float"`` (default, like ccxt): ``float("0.1")``, the float nearest to the decimal string;
* ``"decimal"``: ``Decimal("0.1")``, exact, built from the string (never from a float's binary value);
* ``"str"``: the canonical plain decimal string: no exponent, no trailing fractional zeros
  (``"1.00"`` -> ``"1"``, ``"1e-8"`` -> ``"0.00000001"``), so equal values compare equal as text.

Every mode maps ``None`` and ``""`` to ``None``. Like ccxt's ``parse_number`` a string that is not a
number (``"abc"``) becomes ``None`` rather than aborting a whole payload. What no price, amount, rate
or timestamp can be is refused with :class:`BadNumber` (a ``ValueError``), which the executor turns
into ``BadResponse`` naming the endpoint: NaN/Infinity, a magnitude beyond ``1e±40`` (``MAX_EXPONENT``:
``"1e999999999"`` would otherwise make a 1 GB plain string) and number text longer than 64 characters.
A value of a non-number type (bool, list, dict) is a payload-shape error: :class:`NotANumber`, which is
both a ``BadNumber`` and a ``TypeError``.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

__all__ = ["Num", "NUMBER_MODES", "number_converter", "parse_decimal", "plain", "FROM_DECIMAL", "FLOAT", "DECIMAL",
           "BadNumber", "NotANumber", "MAX_EXPONENT", "MAX_NUMBER_TEXT"]

_INF = float("inf")

Num = Callable[[object], object]
"""KuCoin decimal (str/int/float/Decimal/None) -> float | Decimal | str | None."""

NUMBER_MODES = ("float", "decimal", "str")


MAX_EXPONENT = 40
"""Largest ``|adjusted exponent|`` of an accepted number: KuCoin's prices, sizes, rates, ids and ns
timestamps all lie within 1e-40 .. 1e40."""
MAX_NUMBER_TEXT = 64
"""Longest accepted number text (``"123456789.123456789"`` is 19 characters)."""


class BadNumber(ValueError):
    """A number field no price or amount can have: NaN/Infinity, out of range, or absurdly long."""


class NotANumber(BadNumber, TypeError):
    """A number field of a non-number type (bool, list, dict, ...)."""


def _snip(value: str) -> str:
    return repr(value[:24] + ("..." if len(value) > 24 else ""))


def _checked(d: Decimal, shown: object) -> Decimal:
    """``d`` if finite and within ``1e±MAX_EXPONENT``, else :class:`BadNumber`."""
    if d.is_finite():
        if -MAX_EXPONENT <= d.adjusted() <= MAX_EXPONENT and -MAX_EXPONENT - MAX_NUMBER_TEXT <= d.as_tuple().exponent:
            return d
        raise BadNumber(f"number {shown} is outside 1e-{MAX_EXPONENT}..1e{MAX_EXPONENT}")
    raise BadNumber(f"number {shown} is not finite")


def parse_decimal(value: object) -> Optional[Decimal]:
    """Exact ``Decimal`` for a KuCoin number, or ``None`` for missing/unparseable input.

    Raises :class:`BadNumber` for NaN/Infinity, magnitudes beyond ``1e±40`` and text longer than 64
    characters, and :class:`NotANumber` for bools, lists, dicts and other non-number types.
    Floats go through ``repr`` (the shortest string that round-trips), so ``0.1`` becomes
    ``Decimal("0.1")``, not the 55-digit binary expansion.
    """
    if type(value) is str:  # hot path: KuCoin's decimal strings
        if len(value) > MAX_NUMBER_TEXT:
            raise BadNumber(f"number text of {len(value)} characters: {_snip(value)}")
        try:
            d = Decimal(value)  # accepts surrounding whitespace, rejects "" and garbage
        except InvalidOperation:
            return None
        if d.is_finite() and -MAX_EXPONENT <= d.adjusted() <= MAX_EXPONENT:
            return d  # text of <= 64 characters: its digits and exponent are bounded too
        return _checked(d, _snip(value))
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(f"a bool is not a number: {value!r}")
    if isinstance(value, Decimal):
        return _checked(value, "of type Decimal")
    if isinstance(value, int):
        if value.bit_length() > 140:  # > 1e42: refuse before building a huge Decimal
            raise BadNumber(f"integer of {value.bit_length()} bits is outside 1e-{MAX_EXPONENT}..1e{MAX_EXPONENT}")
        return _checked(Decimal(value), "of type int")
    if isinstance(value, float):
        if value != value or value in (_INF, -_INF):
            raise BadNumber(f"number {value!r} is not finite")
        return _checked(Decimal(repr(value)), repr(value))
    if isinstance(value, str):  # a str subclass
        return parse_decimal(str(value))
    raise NotANumber(f"not a number: {type(value).__name__}")


def plain(d: Decimal) -> str:
    """Canonical plain string of ``d``: no exponent, no trailing fractional zeros, no ``-0``."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def _to_float(value: object) -> Optional[float]:
    if type(value) is str:
        # Hot path (every price and size of every payload): float() straight from KuCoin's string is
        # the nearest float to the decimal, the same value Decimal-then-float would give. Text of at
        # most 20 characters without an exponent lies within 1e+-20; anything else takes the checked path.
        if len(value) <= 20 and "e" not in value and "E" not in value:
            try:
                f = float(value)
            except ValueError:
                parse_decimal(value)  # raises for "sNaN", which only Decimal knows
                return None
            if f - f == 0:  # finite (inf - inf and nan - nan are nan)
                return f
            raise BadNumber(f"number {_snip(value)} is not finite")
        d = parse_decimal(value)
        return None if d is None else float(d)
    if isinstance(value, float):
        # keep ccxt's float identity for floats already on the wire (futures payloads)
        return value if parse_decimal(value) is not None else None
    d = parse_decimal(value)
    return None if d is None else float(d)


def _to_decimal(value: object) -> Optional[Decimal]:
    return parse_decimal(value)


def _to_str(value: object) -> Optional[str]:
    d = parse_decimal(value)
    return None if d is None else plain(d)


_CONVERTERS = {"float": _to_float, "decimal": _to_decimal, "str": _to_str}

# The same conversions for a value that is already an exact Decimal (parsers that did Decimal math):
# float(Decimal) is correctly rounded, so it equals float() of the decimal string.
FROM_DECIMAL: "dict[Num, Callable[[Decimal], object]]" = {_to_float: float, _to_decimal: lambda d: d,
                                                          _to_str: plain}
FLOAT: Num = _to_float
DECIMAL: Num = _to_decimal


def number_converter(mode: str = "float") -> Num:
    """Return the converter for ``mode`` ("float", "decimal" or "str").

    Raises ``ValueError`` for an unknown mode so a typo in a face option fails at construction.
    """
    try:
        return _CONVERTERS[mode]
    except (KeyError, TypeError):
        raise ValueError(f"unknown number mode {mode!r}; expected one of {NUMBER_MODES}") from None
