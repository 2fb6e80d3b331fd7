"""Spot order-book snapshots -> ccxt order book structures (pure core).

Layer: pure core. Rule: no I/O, no clock; numbers leave through ``num``.

Source: https://www.kucoin.com/docs-new/api-3470165 ("Get Part OrderBook", ``level2_20`` /
``level2_100``) and https://www.kucoin.com/docs-new/api-3470164 ("Get Full OrderBook"): ``data`` is
``{time, sequence, bids: [[price, size], ...], asks: [...]}`` with decimals as strings and
``sequence`` as a string. The ``/spotMarket/level2Depth5|50`` WS pushes have the same sides and
``timestamp`` instead of ``time``. ccxt 4.5 returns ``nonce = int(sequence)``, ``timestamp = time``
and sorts bids by price descending, asks ascending (observed on the spec example). An empty side may
arrive as ``[]`` or ``null``: both give ``[]``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from operator import itemgetter

from ..numbers import DECIMAL, FLOAT, Num
from ..timeutil import iso8601
from ._common import dec, first, out, to_int

__all__ = ["parse_order_book", "parse_side"]

# Converters that raise on bad input (so the fast path can fall back) and order values exactly.
# float() of distinct decimal strings keeps their order (rounding is monotonic).
_FAST = {FLOAT: float, DECIMAL: Decimal}


def _fast_side(levels: Sequence[Sequence[Any]], convert: Any, descending: bool) -> Optional[List[List[object]]]:
    """The common case, cheaply: well-formed ``[price, size]`` strings, usually already in order
    (timsort makes sorting a sorted run linear). ``None`` sends the caller to the careful path."""
    try:
        rows = [[convert(level[0]), convert(level[1])] for level in levels]
    except (TypeError, ValueError, IndexError, ArithmeticError):
        return None
    rows.sort(key=itemgetter(0), reverse=descending)
    return rows


def parse_side(levels: Optional[Sequence[Sequence[Any]]], num: Num, descending: bool) -> List[List[object]]:
    """``[[price, size], ...]`` sorted by exact price (stable); malformed levels are skipped."""
    convert = _FAST.get(num)
    if convert is not None and levels:
        rows = _fast_side(levels, convert, descending)
        if rows is not None:
            return rows
    parsed: List[Tuple[Decimal, Optional[Decimal]]] = []
    for level in levels or []:
        if not isinstance(level, (list, tuple)) or len(level) < 2:
            continue
        price = dec(level[0])
        if price is None:
            continue
        parsed.append((price, dec(level[1])))
    parsed.sort(key=lambda pair: pair[0], reverse=descending)
    return [[out(num, price), out(num, size)] for price, size in parsed]


def parse_order_book(data: Mapping[str, Any], symbol: str, num: Num) -> Dict[str, Any]:
    """Snapshot ``data`` -> ``{symbol, bids, asks, timestamp, datetime, nonce}``."""
    timestamp = to_int(first(data, "time", "timestamp"))
    return {
        "symbol": symbol,
        "bids": parse_side(data.get("bids"), num, descending=True),
        "asks": parse_side(data.get("asks"), num, descending=False),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "nonce": to_int(data.get("sequence")),
    }
