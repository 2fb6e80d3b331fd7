"""Kline rows -> ccxt OHLCV rows (pure core).

Layer: pure core. Rule: no I/O, no clock; numbers leave through ``num``.

Source: https://www.kucoin.com/docs-new/api-3470163 ("Get Klines"): spot rows are
``[time_s, open, close, high, low, volume, turnover]`` as strings, newest first; the
``/market/candles:{symbol}_{type}`` WS push carries the same row in ``data.candles``. Futures klines
(https://www.kucoin.com/docs-new/api-3470234) are ``[time_ms, open, high, low, close, volume, ...]``.
ccxt 4.5 tells them apart by the length of the time field (<= 10 digits means seconds) and we do the
same, then return ``[ms, open, high, low, close, volume]`` sorted ascending. A row that is not a list is
malformed (``ShapeError``); a short row gives None for its missing columns.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, List, Optional, Sequence

from .numbers import Num
from .fields import ShapeError, dec, listing, out

__all__ = ["parse_ohlcv", "parse_ohlcvs"]


def _cell(row: Sequence[Any], index: int) -> Optional[Decimal]:
    return dec(row[index]) if len(row) > index else None


def parse_ohlcv(row: List[Any], num: Num) -> List[Any]:
    """One kline row -> ``[timestamp_ms, open, high, low, close, volume]``."""
    if not isinstance(row, (list, tuple)):
        raise ShapeError(f"kline row is {type(row).__name__}, not a list")
    raw_time = row[0] if row else None
    time = dec(raw_time)
    if time is not None and len(str(abs(int(time)))) <= 10:
        # spot: [time_s, open, close, high, low, volume, turnover]
        timestamp: Optional[int] = int(time * 1000)
        columns = (1, 3, 4, 2)
    else:  # futures: [time_ms, open, high, low, close, volume, ...]
        timestamp = None if time is None else int(time)
        columns = (1, 2, 3, 4)
    prices = [out(num, _cell(row, i)) for i in columns]
    return [timestamp, *prices, out(num, _cell(row, 5))]


def parse_ohlcvs(
    rows: List[Any], num: Num, since: Optional[int] = None, limit: Optional[int] = None
) -> List[List[Any]]:
    """All rows, ascending by time (stable); then, as ccxt's ``filterBySinceLimit`` does, keep rows
    with ``timestamp >= since`` and the first ``limit`` of them, or without ``since`` the most
    recent ``limit``. A ``limit`` of 0 or less gives ``[]``."""
    parsed = [parse_ohlcv(row, num) for row in listing(rows, "klines")]
    parsed.sort(key=lambda r: (r[0] is None, r[0] or 0))
    if since is not None:
        parsed = [r for r in parsed if r[0] and r[0] >= since]
    if limit is not None:
        if limit <= 0:
            return []
        parsed = parsed[:limit] if since is not None else parsed[-limit:]
    return parsed
