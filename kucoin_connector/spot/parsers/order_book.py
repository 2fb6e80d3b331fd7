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

from ...core.numbers import DECIMAL, FLOAT, MAX_EXPONENT, Num
from ...core.timeutil import iso8601
from ._common import ShapeError, dec, first, mapping, out, to_int

__all__ = ["parse_order_book", "parse_side"]

# The fast paths convert with converters that raise on bad input (so they can fall back) and order values
# exactly: float() of distinct decimal strings keeps their order (rounding is monotonic).
_TOP = 10.0 ** MAX_EXPONENT
_BOTTOM = 10.0 ** -MAX_EXPONENT
_FAST_TEXT = 20  # Decimal text this short has few digits; longer text takes the careful path
_PRICE, _SIZE = itemgetter(0), itemgetter(1)


def _fast_floats(levels: Sequence[Sequence[Any]]) -> Optional[List[List[object]]]:
    prices = list(map(float, map(_PRICE, levels)))
    sizes = list(map(float, map(_SIZE, levels)))
    # Two C-level passes per column: a NaN or infinity makes the sum fail "<= _TOP" (as does any value
    # beyond it, all values being >= _BOTTOM > 0 once the minimum passed).
    if not (sum(prices) <= _TOP and sum(sizes) <= _TOP and min(prices) >= _BOTTOM and min(sizes) >= _BOTTOM):
        return None
    return list(map(list, zip(prices, sizes)))


def _fast_decimals(levels: Sequence[Sequence[Any]]) -> Optional[List[List[object]]]:
    price_text = list(map(_PRICE, levels))
    size_text = list(map(_SIZE, levels))
    if max(map(len, price_text)) > _FAST_TEXT or max(map(len, size_text)) > _FAST_TEXT:
        return None  # long text (many digits): checked value by value
    prices = list(map(Decimal, price_text))
    sizes = list(map(Decimal, size_text))
    # Decimal comparisons with NaN raise InvalidOperation (an ArithmeticError): the caller falls back
    if not (min(prices) >= _BOTTOM and min(sizes) >= _BOTTOM and max(prices) <= _TOP and max(sizes) <= _TOP):
        return None
    return list(map(list, zip(prices, sizes)))


_FAST = {FLOAT: _fast_floats, DECIMAL: _fast_decimals}


def _fast_side(levels: Sequence[Sequence[Any]], fast: Any, descending: bool) -> Optional[List[List[object]]]:
    """The common case, cheaply: well-formed ``[price, size]`` strings, usually already in order
    (timsort makes sorting a sorted run linear), converted and range-checked with C-level
    ``map``/``sum``/``min``/``max`` (every value finite and within 1e-40..1e40). ``None`` sends the caller
    to the careful path, which refuses or skips each value on its own."""
    try:
        rows = fast(levels)
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError):
        return None
    if rows is not None:
        rows.sort(key=_PRICE, reverse=descending)
    return rows


def parse_side(levels: Optional[Sequence[Sequence[Any]]], num: Num, descending: bool) -> List[List[object]]:
    """``[[price, size], ...]`` sorted by exact price (stable); short or priceless levels are skipped,
    a side or level of the wrong type or a refused number raises."""
    if levels is None:
        return []
    if not isinstance(levels, list):
        raise ShapeError(f"order book side is {type(levels).__name__}, not a list")
    fast = _FAST.get(num)
    if fast is not None and levels:
        rows = _fast_side(levels, fast, descending)
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
