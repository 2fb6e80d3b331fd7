"""ccxt's ticker derivations shared by spot and futures tickers (pure core): ``safeTicker``'s rules that fill
open, close, change, percentage and average from each other, with exact decimal arithmetic.

Layer: pure core. Rule: no I/O, no clock.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

from .fields import div_trunc, exact, precision_digits

__all__ = ["average_digits", "derive_ticker"]

_HUNDRED = Decimal(100)


def average_digits(market: Optional[Mapping[str, Any]]) -> int:
    """Decimals used when ccxt derives ``average``: the price tick's, else 18."""
    if market:
        precision = market.get("precision")
        if isinstance(precision, Mapping):
            digits = precision_digits(precision.get("price"))
            if digits is not None:
                return digits
    return 18


def derive_ticker(
    last: Optional[Decimal],
    change: Optional[Decimal],
    percentage: Optional[Decimal],
    average: Optional[Decimal],
    open_: Optional[Decimal],
    digits: int,
) -> "tuple[Optional[Decimal], Optional[Decimal], Optional[Decimal], Optional[Decimal], Optional[Decimal]]":
    """Fill open/close/change/percentage/average from each other (ccxt ``safeTicker`` rules)."""
    close = last
    if change is not None:
        if close is None and average is not None:
            close = exact("+", average, div_trunc(change, Decimal(2)))
        if open_ is None and close is not None:
            open_ = exact("-", close, change)
    elif percentage is not None:
        ratio = exact("+", Decimal(1), div_trunc(percentage, _HUNDRED))
        if close is None and average is not None:
            denominator = exact("+", Decimal(2), div_trunc(percentage, _HUNDRED))
            calc_open = open_ if open_ is not None else div_trunc(exact("*", average, Decimal(2)), denominator)
            close = exact("*", calc_open, ratio)
        if open_ is None and close is not None:
            open_ = div_trunc(close, ratio)
    if change is None:
        if close is not None and open_ is not None:
            change = exact("-", close, open_)
        elif close is not None and percentage is not None:
            change = exact("*", div_trunc(percentage, _HUNDRED), div_trunc(close, _HUNDRED))
        elif open_ is not None and percentage is not None:
            change = exact("*", open_, div_trunc(percentage, _HUNDRED))
    if open_ is not None:
        if percentage is None and change is not None:
            percentage = exact("*", div_trunc(change, open_), _HUNDRED)
        if close is None and change is not None:
            close = exact("+", open_, change)
        if close is None and average is not None:
            close = exact("-", exact("*", average, Decimal(2)), open_)
        if average is None and close is not None:
            average = div_trunc(exact("+", open_, close), Decimal(2), digits)
    return open_, close, change, percentage, average
