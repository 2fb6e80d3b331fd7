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
number (or is NaN/Infinity) becomes ``None`` rather than aborting a whole payload; a value of a
non-number type (bool, list, dict) is a payload-shape error and raises ``TypeError``.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

__all__ = ["Num", "NUMBER_MODES", "number_converter", "parse_decimal", "plain", "FROM_DECIMAL", "FLOAT", "DECIMAL"]

Num = Callable[[object], object]
"""KuCoin decimal (str/int/float/Decimal/None) -> float | Decimal | str | None."""

NUMBER_MODES = ("float", "decimal", "str")


def parse_decimal(value: object) -> Optional[Decimal]:
    """Exact ``Decimal`` for a KuCoin number, or ``None`` for missing/unparseable/non-finite input.

    Floats go through ``repr`` (the shortest string that round-trips), so ``0.1`` becomes
    ``Decimal("0.1")``, not the 55-digit binary expansion.
    """
    if type(value) is str:  # hot path: KuCoin's decimal strings
        try:
            d = Decimal(value)  # accepts surrounding whitespace, rejects "" and garbage
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"a bool is not a number: {value!r}")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        d = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            d = Decimal(text)
        except InvalidOperation:
            return None
    else:
        raise TypeError(f"not a number: {type(value).__name__}")
    if not d.is_finite():
        return None
    return d


def plain(d: Decimal) -> str:
    """Canonical plain string of ``d``: no exponent, no trailing fractional zeros, no ``-0``."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


_INF = float("inf")


def _to_float(value: object) -> Optional[float]:
    if type(value) is str:
        # Hot path (every price and size of every payload): float() straight from KuCoin's string is
        # the nearest float to the decimal, the same value Decimal-then-float would give.
        try:
            f = float(value)
        except ValueError:
            return None
        return None if f != f or f == _INF or f == -_INF else f
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
