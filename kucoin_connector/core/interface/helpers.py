"""The unified interface, helpers and lifecycle (ccxt 4.5 names and signatures).

Helpers do no I/O and stay plain functions on the asyncio face too, as in ccxt.pro.

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["HelperMethods"]


class HelperMethods(abc.ABC):
    """The helpers group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- helpers (no I/O; plain functions even on the asyncio face, as in ccxt.pro) -----------
    @abc.abstractmethod
    def market(self, symbol: str) -> Market:
        """Return the market structure for a unified symbol (or a KuCoin id)."""

    @abc.abstractmethod
    def market_id(self, symbol: str) -> str:
        """Return the KuCoin id (``BTC-USDT``, ``XBTUSDTM``) of a unified symbol."""

    @abc.abstractmethod
    def amount_to_precision(self, symbol: str, amount: Num) -> str:
        """Return the amount truncated to the market's amount step, as a string without exponent."""

    @abc.abstractmethod
    def price_to_precision(self, symbol: str, price: Num) -> str:
        """Return the price rounded to the market's price step, as a string without exponent."""

    @abc.abstractmethod
    def cost_to_precision(self, symbol: str, cost: Num) -> str:
        """Return the cost rounded to the market's cost precision, as a string without exponent."""

    @staticmethod
    @abc.abstractmethod
    def parse_timeframe(timeframe: str) -> int:
        """Return the timeframe's length in seconds (``'1m'`` -> 60); static, as in ccxt."""

    @staticmethod
    @abc.abstractmethod
    def iso8601(timestamp: int | None = None) -> str | None:
        """Return ms timestamp as ISO 8601 with milliseconds and ``Z``; None for bad input."""

    @staticmethod
    @abc.abstractmethod
    def parse8601(timestamp: str | None = None) -> int | None:
        """Return the ms timestamp of an ISO 8601 string; None for bad input."""

    @abc.abstractmethod
    def milliseconds(self) -> int:
        """Return the current time in integer ms from the face's injected clock (ccxt: static)."""

    @abc.abstractmethod
    def parse_order(self, order: dict[str, Any], market: Market | None = None) -> Order:
        """Return an order structure parsed from one raw KuCoin order item."""

    @abc.abstractmethod
    def parse_ticker(self, ticker: dict[str, Any], market: Market | None = None) -> Ticker:
        """Return a ticker structure parsed from one raw KuCoin ticker item."""

    @abc.abstractmethod
    def parse_trade(self, trade: dict[str, Any], market: Market | None = None) -> Trade:
        """Return a trade structure parsed from one raw KuCoin trade or fill item."""

    # --- lifecycle ----------------------------------------------------------------------------
    @abc.abstractmethod
    def close(self, clean_instance_data: bool = False) -> None:
        """Release connections and streams; return None (ccxt's signature)."""
