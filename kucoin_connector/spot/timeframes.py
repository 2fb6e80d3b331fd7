"""Candle timeframes: ccxt names <-> KuCoin spot ``type`` values (pure core).

Layer: pure core. Rule: a table plus two tiny functions; no I/O, no clock.

KuCoin spot klines take ``type`` = 1min 3min 5min 15min 30min 1hour 2hour 4hour 6hour 8hour 12hour
1day 1week 1month (https://www.kucoin.com/docs-new/api-3470163, "Get Klines"); the same strings
name the WS topic ``/market/candles:{symbol}_{type}``. ccxt exposes them as ``exchange.timeframes``
under its own names (``1m`` ... ``1M``), and ``parse_timeframe`` turns any ccxt timeframe into
seconds with a month of 30 days and a year of 365 days (observed on ccxt 4.5: ``1M`` -> 2592000).
"""
from __future__ import annotations

import re
from typing import Dict

__all__ = ["TIMEFRAMES", "parse_timeframe", "kucoin_type"]

TIMEFRAMES: Dict[str, str] = {
    "1m": "1min",
    "3m": "3min",
    "5m": "5min",
    "15m": "15min",
    "30m": "30min",
    "1h": "1hour",
    "2h": "2hour",
    "4h": "4hour",
    "6h": "6hour",
    "8h": "8hour",
    "12h": "12hour",
    "1d": "1day",
    "1w": "1week",
    "1M": "1month",
}

# Seconds per unit, as ccxt counts them (M = 30 days, y = 365 days).
_UNIT_SECONDS = {
    "s": 1,
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "M": 30 * 86400,
    "y": 365 * 86400,
}

# Patterns are compiled on first use (re's own cache), not at import: cold start (issue 8).
_TIMEFRAME = r"([0-9]+)([smhdwMy])"


def parse_timeframe(timeframe: str) -> int:
    """Length of ``timeframe`` (e.g. ``"15m"``, ``"1M"``) in seconds; ``ValueError`` if malformed."""
    if not isinstance(timeframe, str):
        raise ValueError(f"timeframe must be a string, got {timeframe!r}")
    match = re.fullmatch(_TIMEFRAME, timeframe)
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"unsupported timeframe {timeframe!r}")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def kucoin_type(timeframe: str) -> str:
    """KuCoin spot kline ``type`` for a ccxt timeframe; ``ValueError`` (never KeyError) if KuCoin
    has no such candle."""
    try:
        return TIMEFRAMES[timeframe]
    except (KeyError, TypeError):
        raise ValueError(
            f"KuCoin has no {timeframe!r} candles; supported: {', '.join(TIMEFRAMES)}"
        ) from None

