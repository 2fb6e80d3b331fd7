"""The unified interface, market data (ccxt 4.5 names and signatures).

Markets, currencies, time, status, tickers, books, trades, candles, fees.

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["MarketDataMethods"]


class MarketDataMethods(abc.ABC):
    """The market data group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- market data --------------------------------------------------------------------------
    @abc.abstractmethod
    def load_markets(self, reload: bool = False, params: Params = None) -> dict[str, Market]:
        """Return the markets dict keyed by unified symbol, fetched once and cached unless reload."""

    @abc.abstractmethod
    def fetch_markets(self, params: Params = None) -> list[Market]:
        """Return a list of market structures."""

    @abc.abstractmethod
    def fetch_currencies(self, params: Params = None) -> dict[str, Currency]:
        """Return currency structures keyed by unified currency code."""

    @abc.abstractmethod
    def fetch_time(self, params: Params = None) -> int | None:
        """Return the exchange's server time in integer milliseconds."""

    @abc.abstractmethod
    def fetch_status(self, params: Params = None) -> Status:
        """Return a status structure (``ok`` or ``maintenance``)."""

    @abc.abstractmethod
    def fetch_ticker(self, symbol: str, params: Params = None) -> Ticker:
        """Return a ticker structure."""

    @abc.abstractmethod
    def fetch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures keyed by symbol."""

    @abc.abstractmethod
    def fetch_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return an order book structure."""

    @abc.abstractmethod
    def fetch_l2_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return an order book structure aggregated by price level."""

    @abc.abstractmethod
    def fetch_trades(
        self, symbol: str, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return a list of public trade structures."""

    @abc.abstractmethod
    def fetch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[OHLCV]:
        """Return OHLCV rows, ascending by time."""

    @abc.abstractmethod
    def fetch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures (best bid/ask filled) keyed by symbol."""

    @abc.abstractmethod
    def fetch_trading_fee(self, symbol: str, params: Params = None) -> TradingFee:
        """Return a trading fee structure."""

    @abc.abstractmethod
    def fetch_mark_price(self, symbol: str, params: Params = None) -> Ticker:
        """Return a ticker structure carrying markPrice/indexPrice."""

    @abc.abstractmethod
    def fetch_funding_rate(self, symbol: str, params: Params = None) -> FundingRate:
        """Return a funding rate structure."""

    @abc.abstractmethod
    def fetch_funding_rate_history(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[FundingRateHistory]:
        """Return a list of funding rate history structures."""
