"""Tick-size precision math on exact decimals (pure core).

Layer: pure core. Rule: no I/O, no clock; all arithmetic on ``Decimal`` built from strings, results
are plain strings without exponent (the wire never shows ``1E-8``).

KuCoin states increments, not digit counts: ``baseIncrement``, ``priceIncrement``,
``quoteIncrement`` of https://www.kucoin.com/docs-new/api-3470154 ("Get All Symbols"). An order's
size must be a multiple of ``baseIncrement``, its price of ``priceIncrement`` and its funds of
``quoteIncrement``. ccxt calls this ``precisionMode = TICK_SIZE`` and we mirror its rules:

* ``amount_to_precision`` truncates toward zero to the amount step;
* ``price_to_precision`` rounds half away from zero to the price tick (ccxt's ``ROUND``:
  0.15 -> 0.2, 0.25 -> 0.3, 1.005 -> 1.01 at 0.01, observed on ccxt 4.5);
* ``cost_to_precision`` truncates to ``precision["cost"]`` (falling back to ``precision["price"]``
  as ccxt does when a market has no cost step);
* output has no padding: trailing fractional zeros are dropped (``"1.10"`` -> ``"1.1"``);
* a result of zero is returned as ``"0"``: ccxt raises ``InvalidOrder`` there for amounts and prices
  ("must be greater than minimum ... precision"), and that typed error is the face's job.

Negative amounts, prices and costs are refused (they never make sense in an order); the step helpers
themselves accept any sign and are exact while ``value / step`` has at most 200 digits
(beyond that they raise ``ValueError``).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from typing import Mapping

from ..errors import BadRequest
from .numbers import plain

__all__ = [
    "to_decimal",
    "positive_decimal",
    "truncate_to_step",
    "round_to_step",
    "decimal_str",
    "amount_to_precision",
    "price_to_precision",
    "cost_to_precision",
]

# Largest number of digits of ``value / step`` we accept (1e40 / 1e-18 has only 59).
_PREC = 200


def to_decimal(value: object) -> Decimal:
    """Exact ``Decimal`` from ``str``/``int``/``float``/``Decimal``.

    A float is read through ``repr`` so ``0.1 + 0.2`` becomes ``Decimal("0.30000000000000004")``
    (what the caller typed, not the binary expansion). NaN, infinities, bools, empty and
    non-numeric strings raise ``ValueError``; other types raise ``TypeError``.
    """
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    else:
        raise TypeError(f"expected str, int, float or Decimal, got {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return d


def _step(step: object) -> Decimal:
    s = to_decimal(step)
    if s <= 0:
        raise ValueError(f"step must be positive, got {step!r}")
    return s


def _split(value: object, step: object) -> "tuple[Decimal, Decimal, Decimal]":
    """(quotient toward zero, remainder with the sign of value, step) — exact."""
    v = to_decimal(value)
    s = _step(step)
    if v and v.adjusted() - s.adjusted() >= _PREC:
        raise ValueError(f"{value!r} is too large for a step of {step!r}")
    with localcontext() as ctx:
        ctx.prec = 2 * _PREC + len(s.as_tuple().digits)  # room for q * s to stay exact
        q = v // s  # Decimal integer division truncates toward zero
        r = v - q * s
    return q, r, s


def _times(q: Decimal, s: Decimal, bump: int = 0) -> Decimal:
    """``(q + bump) * s`` computed exactly (outside a wide context even ``q + 1`` would round)."""
    with localcontext() as ctx:
        ctx.prec = 2 * _PREC + len(s.as_tuple().digits)
        return (q + bump) * s


def truncate_to_step(value: object, step: object) -> Decimal:
    """Largest multiple of ``step`` not farther from zero than ``value`` (toward zero)."""
    q, _r, s = _split(value, step)
    return _times(q, s)


def round_to_step(value: object, step: object) -> Decimal:
    """Nearest multiple of ``step``; ties go away from zero (ccxt's ROUND in TICK_SIZE mode)."""
    q, r, s = _split(value, step)
    with localcontext() as ctx:
        ctx.prec = 2 * _PREC + len(s.as_tuple().digits)
        half_or_more = abs(r) * 2 >= s
    bump = (1 if r > 0 else -1) if half_or_more else 0
    return _times(q, s, bump)


def decimal_str(d: Decimal) -> str:
    """Plain string: ``"0.00000001"`` never ``"1E-8"``; trailing fractional zeros dropped (ccxt's
    NO_PADDING), integer zeros kept (``"12350"``), and never ``"-0"``."""
    return plain(d if isinstance(d, Decimal) else to_decimal(d))


def _market_step(market: Mapping[str, object], *keys: str) -> Decimal:
    precision = market.get("precision") if isinstance(market, Mapping) else None
    if not isinstance(precision, Mapping):
        raise ValueError("market has no precision")
    for key in keys:
        raw = precision.get(key)
        if raw is not None:
            return _step(raw)
    raise ValueError(f"market {market.get('symbol')!r} has no {keys[0]} precision")


_MAX_EXPONENT = 40  # as kucoin_connector.core.arguments.MAX_EXPONENT: no amount or price is beyond it


def positive_decimal(value: object, what: str, *, error: type[Exception] = BadRequest, where: str = "") -> Decimal:
    """``value`` as an exact, positive ``Decimal`` within 1e-40..1e40 (judged by its exponent before any
    rounding could expand it: "1e999999999"), else ``error`` with a message naming ``what`` (and
    ``where``, e.g. the symbol). The one check of an order size, price, cost or a transfer amount."""
    at = f" for {where}" if where else ""
    if value is None:
        raise error(f"{what} is required{at}")
    shown = str(value)[:40]
    try:
        d = to_decimal(value)
    except (TypeError, ValueError) as exc:
        raise error(f"invalid {what} {shown!r}{at}: {str(exc)[:80]}") from None
    if d <= 0:
        raise error(f"{what} must be positive{at}, got {shown!r}")
    if not -_MAX_EXPONENT <= d.adjusted() <= _MAX_EXPONENT or d.as_tuple().exponent < -_MAX_EXPONENT:
        raise error(f"{what} {shown}{at} is out of range (1e-40 .. 1e40)")
    return d


def _non_negative(value: object, what: str) -> Decimal:
    if value is None:
        raise TypeError(f"{what} is required")
    d = to_decimal(value)
    if d < 0:
        raise ValueError(f"{what} must not be negative: {value!r}")
    return d


def amount_to_precision(market: Mapping[str, object], amount: object) -> str:
    """Truncate ``amount`` to ``market["precision"]["amount"]`` (KuCoin ``baseIncrement``)."""
    step = _market_step(market, "amount")
    value = _non_negative(amount, "amount")
    return decimal_str(truncate_to_step(value, step))


def price_to_precision(market: Mapping[str, object], price: object) -> str:
    """Round ``price`` half away from zero to ``market["precision"]["price"]`` (``priceIncrement``)."""
    step = _market_step(market, "price")
    value = _non_negative(price, "price")
    return decimal_str(round_to_step(value, step))


def cost_to_precision(market: Mapping[str, object], cost: object) -> str:
    """Truncate ``cost`` to ``precision["cost"]`` (``quoteIncrement``), else to the price tick.

    ccxt (which sets no cost precision for KuCoin spot) falls back to the price tick; KuCoin's rule
    for market-order ``funds`` is ``quoteIncrement``, which our markets carry as ``cost``.
    """
    step = _market_step(market, "cost", "price")
    value = _non_negative(cost, "cost")
    return decimal_str(truncate_to_step(value, step))
