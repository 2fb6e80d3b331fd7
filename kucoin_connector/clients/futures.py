"""``KucoinFutures``: KuCoin Futures (USDT/USDC-margined and coin-margined contracts), synchronous.

The futures family's face over the shared :class:`~kucoin_connector.clients.base.ClientBase`: one plan per
operation from :mod:`kucoin_connector.futures.plans.market_data`, driven by the same
:class:`~kucoin_connector.clients.sync_face.SyncFace` as ``Kucoin``. Identity and ``has`` follow ccxt 4.5's
``kucoinfutures``; trading (orders, fills) comes from :class:`~kucoin_connector.clients.futures_trading.
FuturesTradingOperations`, positions, leverage, margin, balance and transfers from
:class:`~kucoin_connector.clients.futures_positions.FuturesPositionOperations`, the ledger, transfers, fees,
every-contract lists and ccxt's alias names from :class:`~kucoin_connector.clients.futures_account.
FuturesAccountOperations`, streams from
:class:`~kucoin_connector.clients.futures_streaming.FuturesStreamingOperations`; what is not built yet is a
``NotSupported`` stub with ``has[...] = False``.

Share one account's limiter (and clock) with a spot client by passing it::

    spot = Kucoin(config)
    futures = KucoinFutures(config, limiter=spot.limiter)
"""
from __future__ import annotations

from typing import Any

from ..core.capabilities import build_has
from ..core.interface import UnifiedExchange, capability_name
from ..futures.parsers.tickers import parse_contract_ticker
from ..futures.parsers.trades import parse_contract_trade
from ..futures.plans import market_data as fmd
from ..futures.timeframes import TIMEFRAMES
from .base import CLIENT_OPERATIONS, HELPERS_CHECKED, ClientBase, check_arguments, fill_unimplemented
from .futures_account import FUTURES_ACCOUNT_OPERATIONS, FuturesAccountOperations
from .futures_positions import FUTURES_POSITION_OPERATIONS, FuturesPositionOperations
from .futures_streaming import FUTURES_STREAM_OPERATIONS, FuturesStreamingOperations
from .futures_trading import FUTURES_TRADING_OPERATIONS, FuturesTradingOperations
from .sync_face import SyncFace

__all__ = ["KucoinFutures", "KucoinFuturesBase", "FUTURES_OPERATIONS"]

FUTURES_MARKET_DATA_OPERATIONS = (
    "load_markets", "fetch_markets", "fetch_time", "fetch_status", "fetch_ticker", "fetch_tickers",
    "fetch_bids_asks", "fetch_order_book", "fetch_l2_order_book", "fetch_trades", "fetch_ohlcv",
    "fetch_mark_price", "fetch_funding_rate", "fetch_funding_rate_history", "fetch_open_interest")
# The unified operations that perform requests (wrapped as coroutines by the asyncio face).
FUTURES_OPERATIONS = (FUTURES_MARKET_DATA_OPERATIONS + CLIENT_OPERATIONS + FUTURES_TRADING_OPERATIONS
                      + FUTURES_POSITION_OPERATIONS + FUTURES_ACCOUNT_OPERATIONS)
_IMPLEMENTED = tuple(m for m in FUTURES_OPERATIONS if m not in ("load_markets",) + CLIENT_OPERATIONS) \
    + FUTURES_STREAM_OPERATIONS


class FuturesMarketData:
    """The futures family's market-data operations (needs ``self._ctx`` and ``self._run``)."""

    def load_markets(self, reload=False, params=None):
        return self._run(fmd.load_markets(self._ctx, reload, params))

    def fetch_markets(self, params=None):
        return self._run(fmd.fetch_markets(self._ctx, params))

    def fetch_time(self, params=None):
        return self._run(fmd.fetch_time(self._ctx, params))

    def fetch_status(self, params=None):
        return self._run(fmd.fetch_status(self._ctx, params))

    def fetch_ticker(self, symbol, params=None):
        return self._run(fmd.fetch_ticker(self._ctx, symbol, params))

    def fetch_tickers(self, symbols=None, params=None):
        return self._run(fmd.fetch_tickers(self._ctx, symbols, params))

    def fetch_bids_asks(self, symbols=None, params=None):
        return self._run(fmd.fetch_bids_asks(self._ctx, symbols, params))

    def fetch_order_book(self, symbol, limit=None, params=None):
        return self._run(fmd.fetch_order_book(self._ctx, symbol, limit, params))

    def fetch_l2_order_book(self, symbol, limit=None, params=None):
        return self._run(fmd.fetch_order_book(self._ctx, symbol, limit, params))

    def fetch_trades(self, symbol, since=None, limit=None, params=None):
        return self._run(fmd.fetch_trades(self._ctx, symbol, since, limit, params))

    def fetch_ohlcv(self, symbol, timeframe="1m", since=None, limit=None, params=None):
        return self._run(fmd.fetch_ohlcv(self._ctx, symbol, timeframe, since, limit, params))

    def fetch_mark_price(self, symbol, params=None):
        return self._run(fmd.fetch_mark_price(self._ctx, symbol, params))

    def fetch_funding_rate(self, symbol, params=None):
        return self._run(fmd.fetch_funding_rate(self._ctx, symbol, params))

    def fetch_funding_rate_history(self, symbol=None, since=None, limit=None, params=None):
        return self._run(fmd.fetch_funding_rate_history(self._ctx, symbol, since, limit, params))

    def fetch_open_interest(self, symbol, params=None):
        return self._run(fmd.fetch_open_interest(self._ctx, symbol, params))

    def parse_ticker(self, ticker, market=None):
        if market is None and isinstance(ticker, dict) and ticker.get("symbol"):
            market = self._ctx.registry.by_id(ticker["symbol"])
        return parse_contract_ticker(ticker, market, self._ctx.num)

    def parse_order(self, order, market=None):
        from ..futures.parsers.orders import parse_contract_order
        if market is None and isinstance(order, dict) and order.get("symbol"):
            market = self._ctx.registry.by_id(order["symbol"])
        return parse_contract_order(order, market, self._ctx.num)

    def parse_trade(self, trade, market=None):
        if market is None and isinstance(trade, dict) and trade.get("symbol"):
            market = self._ctx.registry.by_id(trade["symbol"])
        return parse_contract_trade(trade, market, self._ctx.num)


class KucoinFuturesBase(ClientBase, FuturesMarketData, FuturesTradingOperations, FuturesPositionOperations,
                        FuturesAccountOperations, FuturesStreamingOperations):
    """KuCoin Futures: the shared client with the futures family's operations."""
    id = "kucoinfutures"
    name = "KuCoin Futures"
    rest_host = "futures"
    capability_groups: tuple[str, ...] = ("helpers", "streaming")  # the others are not complete yet
    timeframes: dict[str, str] = dict(TIMEFRAMES)
    has: dict[str, Any] = build_has([capability_name(m) for m in _IMPLEMENTED],
                                    market_types={"spot": False, "margin": False, "swap": True, "future": True,
                                                  "option": None})


check_arguments(KucoinFuturesBase, FUTURES_OPERATIONS + FUTURES_STREAM_OPERATIONS + HELPERS_CHECKED)


class KucoinFutures(SyncFace, KucoinFuturesBase, UnifiedExchange):
    """KuCoin Futures market data, synchronous, ccxt-compatible (``kucoinfutures``)."""


fill_unimplemented(KucoinFutures, is_async=False)
