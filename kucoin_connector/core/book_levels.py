"""Order-book sides ``[[price, size], ...]`` -> sorted ``[[price, size], ...]`` in the face's numbers (pure
core), shared by every family's book snapshots and depth pushes.

Layer: pure core. Rule: no I/O, no clock. A level shorter than ``[price, size]`` or with a price that is not
a number is skipped; a side or level of the wrong type, or a NaN, infinite or out-of-range number, raises.
"""
from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import Any, List, Optional, Sequence, Tuple

from .fields import ShapeError, dec, out
from .numbers import DECIMAL, FLOAT, MAX_EXPONENT, Num

__all__ = ["parse_side"]

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
