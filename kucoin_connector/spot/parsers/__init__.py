"""Market-data parsers: KuCoin ``data`` -> ccxt-shaped structures (pure core).

Layer: pure core. Rule: pure functions of (payload, market, ``num``); no I/O, no clock, no state.
Each parser takes the decoded envelope ``data`` (or one item of it), returns every key of the ccxt
structure (None where unknown) and keeps the raw item in ``info``. Numbers are produced by the
``num`` converter from :mod:`kucoin_connector.core.numbers` (float like ccxt, Decimal or str).
"""
from __future__ import annotations

from ...core.currency_codes import COMMON_CURRENCIES, currency_code
from .currencies import parse_currencies, parse_currency
from .markets import parse_market
from .networks import network_code
from ...core.candles import parse_ohlcv, parse_ohlcvs
from .order_book import parse_order_book
from ...core.server_status import parse_status, parse_time
from .tickers import parse_ticker
from .trades import parse_trade, parse_trades

__all__ = [
    "COMMON_CURRENCIES",
    "currency_code",
    "network_code",
    "parse_currencies",
    "parse_currency",
    "parse_market",
    "parse_ohlcv",
    "parse_ohlcvs",
    "parse_order_book",
    "parse_status",
    "parse_ticker",
    "parse_time",
    "parse_trade",
    "parse_trades",
]
