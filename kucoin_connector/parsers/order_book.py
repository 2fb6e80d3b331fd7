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

from ..numbers import Num
from ..timeutil import iso8601
from ._common import dec, first, out, to_int

__all__ = ["parse_order_book", "parse_side"]


def parse_side(levels: Optional[Sequence[Sequence[Any]]], num: Num, descending: bool) -> List[List[object]]:
    """``[[price, size], ...]`` sorted by exact price (stable); malformed levels are skipped."""
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
