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

from typing import Any, Dict, Mapping

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.book_levels import parse_side
from ...core.fields import first, mapping, to_int

__all__ = ["parse_order_book"]

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
