"""Futures kline granularities (pure data): ccxt timeframe -> KuCoin ``granularity`` in minutes.

Source: https://www.kucoin.com/docs-new/api-3470234 ("Get Klines", ``granularity`` enum 1, 5, 15, 30, 60,
120, 240, 480, 720, 1440, 10080). ccxt 4.5's ``kucoinfutures`` maps the same set (``3m`` and ``6h`` have no
futures granularity).
"""
from __future__ import annotations

__all__ = ["GRANULARITY", "TIMEFRAMES", "CANDLE_TYPES"]

GRANULARITY: dict[str, int] = {
    "1m": 1, "5m": 5, "15m": 15, "30m": 30, "1h": 60, "2h": 120, "4h": 240, "8h": 480, "12h": 720,
    "1d": 1440, "1w": 10080,
}
# ccxt's ``timeframes`` attribute: timeframe -> the exchange's value (here the minutes, as text)
TIMEFRAMES: dict[str, str] = {name: str(minutes) for name, minutes in GRANULARITY.items()}

# ccxt timeframe -> the ``/contractMarket/limitCandle:{symbol}_{type}`` type
# (https://www.kucoin.com/docs-new/3470086w0; the same set as the REST granularities).
CANDLE_TYPES: dict[str, str] = {
    "1m": "1min", "5m": "5min", "15m": "15min", "30m": "30min", "1h": "1hour", "2h": "2hour", "4h": "4hour",
    "8h": "8hour", "12h": "12hour", "1d": "1day", "1w": "1week",
}
