"""Small helpers shared by the market-data parsers (pure core, private).

Layer: pure core. Rule: no I/O, no clock. Values are read as exact ``Decimal`` and only turned into
the face's number type (the ``num`` converter) at the very end, so derived figures (ticker ``open``,
``vwap``, trade ``cost``) are computed exactly, the way ccxt computes them with its string-based
``Precise`` class before calling ``float``.

Malformed answers: a field that is missing is ``None`` (as in ccxt); a field of the wrong type raises
:class:`ShapeError` here (:func:`mapping`, :func:`listing`, :func:`text`), a refused number raises
:class:`~kucoin_connector.core.numbers.BadNumber`, and the executor turns either (and anything else a parser
meets) into ``BadResponse`` naming the endpoint.
"""
from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any, List, Mapping, Optional

from .numbers import FROM_DECIMAL, MAX_EXPONENT, BadNumber, Num, parse_decimal, plain

__all__ = ["first", "dec", "nonzero", "div_trunc", "exact", "out", "to_int", "precision_digits", "ShapeError",
           "mapping", "listing", "text", "digits"]


_INT_LIMIT = 10 ** MAX_EXPONENT


class ShapeError(TypeError):
    """A field of an exchange answer has the wrong type (a list where an object belongs, ...)."""


def mapping(value: Any, what: str) -> Mapping[str, Any]:
    """``value`` if it is an object, else :class:`ShapeError` naming ``what``."""
    if isinstance(value, Mapping):
        return value
    raise ShapeError(f"{what} is {type(value).__name__}, not an object")


def listing(value: Any, what: str) -> List[Any]:
    """``value`` if it is a list (``None`` -> ``[]``), else :class:`ShapeError` naming ``what``."""
    if isinstance(value, list):
        return value
    if value is None:
        return []
    raise ShapeError(f"{what} is {type(value).__name__}, not a list")


def text(value: Any, what: str) -> Optional[str]:
    """A string field (ids, enums): ``None`` stays ``None``, an integer id becomes its digits, any other
    type is a :class:`ShapeError` naming ``what``."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and -_INT_LIMIT <= value <= _INT_LIMIT:
        return str(value)
    raise ShapeError(f"{what} is {type(value).__name__}, not a string")


def digits(value: object, what: str) -> Optional[int]:
    """A count of decimal places (``8`` or ``"8"``), 0..40; ``None`` when missing or not a number."""
    d = dec(value)
    if d is None:
        return None
    if d != d.to_integral_value() or not 0 <= d <= MAX_EXPONENT:
        raise BadNumber(f"{what} of {plain(d)[:24]} decimal places")
    return int(d)


def first(item: Mapping[str, Any], *keys: str) -> Any:
    """Value of the first key present with a value other than ``None`` or ``""`` (payload shapes
    differ between REST and WS: ``buy``/``bestBid``, ``last``/``price``)."""
    for key in keys:
        value = item.get(key)
        if value is not None and value != "":
            return value
    return None


def dec(value: object) -> Optional[Decimal]:
    """Exact Decimal or None (missing, empty, unparseable, NaN)."""
    return parse_decimal(value)


def nonzero(value: Optional[Decimal]) -> Optional[Decimal]:
    """``None`` for zero: KuCoin sends ``"0"`` for "no value" in tickers (ccxt's ``omitZero``)."""
    return None if value is None or value == 0 else value


def _scaled(d: Decimal) -> "tuple[int, int]":
    """``d`` as (integer, decimals) with ``d == integer * 10**-decimals``."""
    sign, digits, exponent = d.as_tuple()
    integer = int("".join(map(str, digits)) or "0")
    return (-integer if sign else integer), -int(exponent)


def div_trunc(a: Optional[Decimal], b: Optional[Decimal], digits: int = 18) -> Optional[Decimal]:
    """``a / b`` to ``digits`` decimals the way ccxt's ``Precise.stringDiv`` does it: truncated
    toward zero, except that dividend digits beyond the scale are dropped by flooring first (this
    only shows for negative values with many decimals). ``None`` when an operand is missing or
    ``b`` is zero."""
    if a is None or b is None or b == 0:
        return None
    a_int, a_dec = _scaled(a)
    b_int, b_dec = _scaled(b)
    distance = digits - a_dec + b_dec
    if distance >= 0:
        numerator = a_int * 10**distance
    else:
        numerator = a_int // 10**-distance
    quotient, remainder = divmod(numerator, b_int)
    if quotient < 0 and remainder:
        quotient += 1
    return Decimal(f"{quotient}E-{digits}")  # exact: no context rounding


def exact(op: str, a: Optional[Decimal], b: Optional[Decimal]) -> Optional[Decimal]:
    """Exact ``a + b``, ``a - b`` or ``a * b``; ``None`` if an operand is missing."""
    if a is None or b is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 120
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        return a * b


def out(num: Num, value: Optional[Decimal]) -> object:
    """The face's number for an exact value (via its plain string, never a binary float)."""
    if value is None:
        return None
    convert = FROM_DECIMAL.get(num)
    return convert(value) if convert is not None else num(plain(value))


def to_int(value: object) -> Optional[int]:
    """Integer from an int or a numeric string (``"14610502970"``); ``None`` when missing or not a
    number; :class:`~kucoin_connector.core.numbers.BadNumber` beyond ``1e40``, NaN or Infinity."""
    if value is None or isinstance(value, bool):
        return None
    if type(value) is int and -_INT_LIMIT <= value <= _INT_LIMIT:
        return value
    d = parse_decimal(value)
    if d is None:
        return None
    return int(d)


def precision_digits(step: object) -> Optional[int]:
    """Decimal places of a tick size (``0.1`` -> 1, ``1e-08`` -> 8, ``10`` -> 0), or None."""
    try:
        d = parse_decimal(step)
    except TypeError:
        return None
    if d is None or d <= 0:
        return None
    exponent = d.normalize().as_tuple().exponent
    return max(0, -int(exponent))
