"""The structure key sets ccxt 4.5 emits for KuCoin (from /work/shared/reference/ccxt.md, "Structure key
sets"); an implementation that claims ccxt compatibility must emit exactly these keys.

Layer: conformance. Rule: data only.
"""
from __future__ import annotations

__all__ = ["MARKET", "MARKET_PRECISION", "MARKET_LIMITS", "MIN_MAX", "MARKET_MARGIN_MODES", "CURRENCY",
           "NETWORK", "TICKER", "ORDER_BOOK", "TRADE", "TRADE_FEE", "STATUS"]

MARKET = frozenset(
    "id lowercaseId symbol base quote settle baseId quoteId settleId type spot margin swap future option index "
    "active contract linear inverse subType taker maker contractSize expiry expiryDatetime strike optionType "
    "precision limits marginModes created info".split())
MARKET_PRECISION = frozenset("amount price cost base quote".split())
MARKET_LIMITS = frozenset("leverage amount price cost".split())
MIN_MAX = frozenset(("min", "max"))
MARKET_MARGIN_MODES = frozenset(("cross", "isolated"))
CURRENCY = frozenset(
    "info id numericId code precision type name active deposit withdraw fee fees networks limits".split())
NETWORK = frozenset("info id name code active fee deposit withdraw precision limits".split())
TICKER = frozenset(
    "symbol timestamp datetime high low bid bidVolume ask askVolume vwap open close last previousClose change "
    "percentage average baseVolume quoteVolume markPrice indexPrice info".split())
ORDER_BOOK = frozenset("symbol bids asks timestamp datetime nonce".split())
TRADE = frozenset(
    "info id order timestamp datetime symbol type takerOrMaker side price amount cost fee fees".split())
TRADE_FEE = frozenset(("cost", "currency", "rate"))
STATUS = frozenset("status updated eta url info".split())
