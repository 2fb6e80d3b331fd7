"""Shared data for the parser tests: recorded payloads and the ccxt key sets of reference/ccxt.md.

A uniquely named module (not ``conftest``) so test modules can import it without clashing with the
other test folders' conftest files.
"""
from __future__ import annotations

import json
import pathlib
from typing import Any

PAYLOADS = pathlib.Path(__file__).resolve().parent.parent / "payloads"

# "Structure key sets" of shared/reference/ccxt.md, written out here so a drift is caught.
MARKET_KEYS = set(
    "id lowercaseId symbol base quote settle baseId quoteId settleId type spot margin swap future "
    "option index active contract linear inverse subType taker maker contractSize expiry "
    "expiryDatetime strike optionType precision limits marginModes created info".split()
)
MARKET_PRECISION_KEYS = {"amount", "price", "cost", "base", "quote"}
MARKET_LIMITS_KEYS = {"leverage", "amount", "price", "cost"}
MARGIN_MODES_KEYS = {"cross", "isolated"}
CURRENCY_KEYS = set(
    "info id numericId code precision type name active deposit withdraw fee fees networks limits".split()
)
NETWORK_KEYS = set("info id name code active fee deposit withdraw precision limits".split())
TICKER_KEYS = set(
    "symbol timestamp datetime high low bid bidVolume ask askVolume vwap open close last "
    "previousClose change percentage average baseVolume quoteVolume markPrice indexPrice info".split()
)
ORDER_BOOK_KEYS = {"symbol", "bids", "asks", "timestamp", "datetime", "nonce"}
TRADE_KEYS = set(
    "info id order timestamp datetime symbol type takerOrMaker side price amount cost fee fees".split()
)
FEE_KEYS = {"cost", "currency", "rate"}
STATUS_KEYS = {"status", "updated", "eta", "url", "info"}
MIN_MAX = {"min", "max"}


def load(name: str) -> Any:
    """A recorded payload (whole envelope or WS frame) from tests/payloads."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
