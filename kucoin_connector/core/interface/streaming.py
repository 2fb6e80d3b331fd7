"""The unified interface, streaming (ccxt.pro): watch_* and un_watch_* (ccxt 4.5 names and signatures).

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["StreamingMethods"]


class StreamingMethods(abc.ABC):
    """The streaming group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- streaming (ccxt.pro names; each call blocks until the next update) -------------------
    @abc.abstractmethod
    def watch_ticker(self, symbol: str, params: Params = None) -> Ticker:
        """Return the next ticker structure."""

    @abc.abstractmethod
    def watch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures keyed by symbol after the next update."""

    @abc.abstractmethod
    def watch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return best bid/ask ticker structures keyed by symbol after the next update."""

    @abc.abstractmethod
    def watch_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return the whole current order book structure after the next update."""

    @abc.abstractmethod
    def watch_order_book_for_symbols(
        self, symbols: list[str], limit: int | None = None, params: Params = None
    ) -> OrderBook:
        """Return the order book structure of whichever symbol updated next."""

    @abc.abstractmethod
    def watch_trades(
        self, symbol: str, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the next batch of public trade structures."""

    @abc.abstractmethod
    def watch_trades_for_symbols(
        self, symbols: list[str], since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the next batch of public trade structures across the symbols."""

    @abc.abstractmethod
    def watch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[OHLCV]:
        """Return OHLCV rows after the next candle update, ascending by time."""

    @abc.abstractmethod
    def watch_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return the account's order structures after the next order update."""

    @abc.abstractmethod
    def watch_my_trades(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the account's trade structures after the next fill."""

    @abc.abstractmethod
    def watch_balance(self, params: Params = None) -> Balances:
        """Return the balance structure after the next balance change."""

    @abc.abstractmethod
    def watch_positions(
        self, symbols: list[str] | None = None, since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[Position]:
        """Return position structures after the next position update."""

    @abc.abstractmethod
    def watch_position(self, symbol: str | None = None, params: Params = None) -> Position:
        """Return the position structure after its next update."""

    @abc.abstractmethod
    def watch_funding_rate(self, symbol: str, params: Params = None) -> FundingRate:
        """Return the next funding rate structure."""

    @abc.abstractmethod
    def watch_mark_price(self, symbol: str, params: Params = None) -> Ticker:
        """Return the next ticker structure carrying markPrice/indexPrice."""

    # --- unsubscribing (ccxt.pro un_watch_*; ccxt 4.5 has no un_watch_balance/un_watch_position) ---
    @abc.abstractmethod
    def un_watch_ticker(self, symbol: str, params: Params = None) -> Any:
        """Stop the ticker subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the tickers subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the bids/asks subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_order_book(self, symbol: str, params: Params = None) -> Any:
        """Stop the order book subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_order_book_for_symbols(self, symbols: list[str], params: Params = None) -> Any:
        """Stop the order book subscriptions; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_trades(self, symbol: str, params: Params = None) -> Any:
        """Stop the trades subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_trades_for_symbols(self, symbols: list[str], params: Params = None) -> Any:
        """Stop the trades subscriptions; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_ohlcv(self, symbol: str, timeframe: str = "1m", params: Params = None) -> Any:
        """Stop the candle subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_orders(self, symbol: str | None = None, params: Params = None) -> Any:
        """Stop the order updates subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_my_trades(self, symbol: str | None = None, params: Params = None) -> Any:
        """Stop the fills subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_positions(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the positions subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_funding_rate(self, symbol: str, params: Params = None) -> Any:
        """Stop the funding rate subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_mark_price(self, symbol: str, params: Params = None) -> Any:
        """Stop the mark price subscription; return ccxt's acknowledgement value."""
