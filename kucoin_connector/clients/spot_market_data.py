"""The spot family's market-data operations: a mixin of :class:`~kucoin_connector.clients.base.KucoinBase`.

Each method is one plan of :mod:`kucoin_connector.spot.plans.market_data` run through ``self._run`` (the sync
face drives it, the asyncio face awaits it); ``parse_*`` are ccxt's public parser helpers on spot payloads.
Needs ``self._ctx`` (a PlanContext) and ``self._run(plan)`` from the class it is mixed into.
"""
from __future__ import annotations

from .lazy import lazy_function, lazy_module

md = lazy_module("..spot.plans.market_data", __package__)  # plans and parsers load on first use (cold start)
server = lazy_module("..spot.plans.server", __package__)  # fetch_time/fetch_status: no parser loads for them
_parse_order = lazy_function("..spot.parsers.orders", "parse_order", __package__)
_parse_ticker = lazy_function("..spot.parsers.tickers", "parse_ticker", __package__)
_parse_trade = lazy_function("..spot.parsers.trades", "parse_trade", __package__)

__all__ = ["SpotMarketData", "SPOT_MARKET_DATA_OPERATIONS"]

SPOT_MARKET_DATA_OPERATIONS = ("load_markets", "fetch_markets", "fetch_currencies", "fetch_time", "fetch_status",
                               "fetch_ticker", "fetch_tickers", "fetch_bids_asks", "fetch_order_book",
                               "fetch_l2_order_book", "fetch_trades", "fetch_ohlcv")


class SpotMarketData:
    def load_markets(self, reload=False, params=None):
        return self._run(md.load_markets(self._ctx, reload, params))

    def fetch_markets(self, params=None):
        return self._run(md.fetch_markets(self._ctx, params))

    def fetch_currencies(self, params=None):
        return self._run(md.fetch_currencies(self._ctx, params))

    def fetch_time(self, params=None):
        return self._run(server.fetch_time(self._ctx, params))

    def fetch_status(self, params=None):
        return self._run(server.fetch_status(self._ctx, params))

    def fetch_ticker(self, symbol, params=None):
        return self._run(md.fetch_ticker(self._ctx, symbol, params))

    def fetch_tickers(self, symbols=None, params=None):
        return self._run(md.fetch_tickers(self._ctx, symbols, params))

    def fetch_bids_asks(self, symbols=None, params=None):
        return self._run(md.fetch_bids_asks(self._ctx, symbols, params))

    def fetch_order_book(self, symbol, limit=None, params=None):
        return self._run(md.fetch_order_book(self._ctx, symbol, limit, params))

    def fetch_l2_order_book(self, symbol, limit=None, params=None):
        return self._run(md.fetch_order_book(self._ctx, symbol, limit, params))

    def fetch_trades(self, symbol, since=None, limit=None, params=None):
        return self._run(md.fetch_trades(self._ctx, symbol, since, limit, params))

    def fetch_ohlcv(self, symbol, timeframe="1m", since=None, limit=None, params=None):
        return self._run(md.fetch_ohlcv(self._ctx, symbol, timeframe, since, limit, params))

    def parse_ticker(self, ticker, market=None):
        if market is None and isinstance(ticker, dict) and ticker.get("symbol"):
            market = self._ctx.registry.by_id(ticker["symbol"])
        return _parse_ticker(ticker, market, self._ctx.num)

    def parse_order(self, order, market=None):
        if market is None and isinstance(order, dict) and order.get("symbol"):
            market = self._ctx.registry.by_id(order["symbol"])
        return _parse_order(order, market, self._ctx.num)

    def parse_trade(self, trade, market=None):
        if market is None and isinstance(trade, dict) and trade.get("symbol"):
            market = self._ctx.registry.by_id(trade["symbol"])
        return _parse_trade(trade, market, self._ctx.num)
