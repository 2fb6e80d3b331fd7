"""Futures order-book snapshots -> ccxt order book structures (pure core).

Source: https://www.kucoin.com/docs-new/api-3470224 ("Get Full OrderBook", ``/api/v1/level2/snapshot``) and
https://www.kucoin.com/docs-new/api-3470225 (``/api/v1/level2/depth20|100``): ``data`` is ``{sequence, symbol,
bids: [[price, size], ...], asks, ts}`` with JSON numbers (sizes count contracts) and ``ts`` in ns. ccxt 4.5
returns ``timestamp = ts // 1e6`` and ``nonce = sequence``; sides are parsed by the shared level parser
(sorted, exact, malformed levels refused) of the spot family.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import mapping, to_int
from ...core.book_levels import parse_side

__all__ = ["parse_contract_order_book"]


def parse_contract_order_book(data: Mapping[str, Any], symbol: str, num: Num) -> Dict[str, Any]:
    """Snapshot ``data`` -> ``{symbol, bids, asks, timestamp, datetime, nonce}``."""
    data = mapping(data, "order book")
    ts = to_int(data.get("ts"))
    timestamp = ts // 1_000_000 if ts is not None else None
    return {
        "symbol": symbol,
        "bids": parse_side(data.get("bids"), num, descending=True),
        "asks": parse_side(data.get("asks"), num, descending=False),
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "nonce": to_int(data.get("sequence")),
    }
