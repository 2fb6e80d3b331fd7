"""Spot order-book snapshots -> ccxt order book structures (pure core).

Layer: pure core. Rule: no I/O, no clock; numbers leave through ``num``.

Source: https://www.kucoin.com/docs-new/api-3470165 ("Get Part OrderBook", ``level2_20`` /
``level2_100``) and https://www.kucoin.com/docs-new/api-3470164 ("Get Full OrderBook"): ``data`` is
``{time, sequence, bids: [[price, size], ...], asks: [...]}`` with decimals as strings and
``sequence`` as a string. The ``/spotMarket/level2Depth5|50`` WS pushes have the same sides and
``timestamp`` instead of ``time``. ccxt 4.5 returns ``nonce = int(sequence)``, ``timestamp = time``
and sorts bids by price descending, asks ascending (observed on the spec example). An empty side may
arrive as ``[]`` or ``null``: both give ``[]``. A level shorter than ``[price, size]`` or with a
price that is not a number is skipped; a side or level of the wrong type, or a NaN, infinite or
out-of-range number, is malformed (the executor reports ``BadResponse``): a book is never built from it.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from operator import itemgetter

from ..numbers import DECIMAL, FLOAT, MAX_EXPONENT, Num
from ..timeutil import iso8601
from ._common import ShapeError, dec, first, mapping, out, to_int

__all__ = ["parse_order_book", "parse_side"]

# Converters that raise on bad input (so the fast path can fall back) and order values exactly.
# float() of distinct decimal strings keeps their order (rounding is monotonic).
_FAST = {FLOAT: float, DECIMAL: Decimal}
_TOP = 10.0 ** MAX_EXPONENT
_BOTTOM = 10.0 ** -MAX_EXPONENT
_FAST_TEXT = 20  # Decimal text this short has few digits; longer text takes the careful path


def _short_decimal(value: Any) -> Decimal:
    if len(value) > _FAST_TEXT:  # TypeError for non-strings: the careful path decides
        raise ValueError("long number text")
    return Decimal(value)


_FAST[DECIMAL] = _short_decimal


def _plausible(rows: List[List[Any]]) -> bool:
    """Every price and size finite and within 1e-40..1e40, checked with a few C-level passes per column
    (a NaN makes the sum NaN, which fails both comparisons). ``False`` sends the caller to the careful
    path, which refuses or skips each value on its own."""
    try:
        for column in (itemgetter(0), itemgetter(1)):
            if not 0 <= sum(map(column, rows)) <= _TOP or min(map(column, rows)) < _BOTTOM:
                return False
    except ArithmeticError:  # Decimal NaN comparisons and overflowing sums
        return False
    return True


def _fast_side(levels: Sequence[Sequence[Any]], convert: Any, descending: bool) -> Optional[List[List[object]]]:
    """The common case, cheaply: well-formed ``[price, size]`` strings, usually already in order
    (timsort makes sorting a sorted run linear). ``None`` sends the caller to the careful path."""
    try:
        rows = [[convert(level[0]), convert(level[1])] for level in levels]
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return None
    if not _plausible(rows):
        return None
    rows.sort(key=itemgetter(0), reverse=descending)
    return rows


def parse_side(levels: Optional[Sequence[Sequence[Any]]], num: Num, descending: bool) -> List[List[object]]:
    """``[[price, size], ...]`` sorted by exact price (stable); short or priceless levels are skipped,
    a side or level of the wrong type or a refused number raises."""
    if levels is None:
        return []
    if not isinstance(levels, list):
        raise ShapeError(f"order book side is {type(levels).__name__}, not a list")
    convert = _FAST.get(num)
    if convert is not None and levels:
        rows = _fast_side(levels, convert, descending)
        if rows is not None:
            return rows
    parsed: List[Tuple[Decimal, Optional[Decimal]]] = []
    for level in levels:
        if not isinstance(level, (list, tuple)):
            raise ShapeError(f"order book level is {type(level).__name__}, not a list")
        if len(level) < 2:
            continue
        price = dec(level[0])  # raises for NaN, Infinity, out of range and wrong types
        if price is None:
            continue
        parsed.append((price, dec(level[1])))
    parsed.sort(key=lambda pair: pair[0], reverse=descending)
    return [[out(num, price), out(num, size)] for price, size in parsed]


def parse_order_book(data: Mapping[str, Any], symbol: str, num: Num) -> Dict[str, Any]:
    """Snapshot ``data`` -> ``{symbol, bids, asks, timestamp, datetime, nonce}``."""
    data = mapping(data, "order book")
    timestamp = to_int(first(data, "time", "timestamp"))
    return {
        "symbol": symbol,
        "bids": parse_side(data.get("bids"), num, descending=True),
        "asks": parse_side(data.get("asks"), num, descending=False),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "nonce": to_int(data.get("sequence")),
    }
