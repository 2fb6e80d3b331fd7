"""ccxt.pro-style ``watch_*``/``un_watch_*`` of the futures faces (faces & drivers layer).

The spot mixin (:class:`~kucoin_connector.clients.streaming.StreamingOperations`) over the futures tables:
the watch rows of :mod:`kucoin_connector.futures.watches` (their units carry ``family="futures"``, so the
engine opens futures connections with the futures host's bullet tokens), the topic table of
:mod:`kucoin_connector.futures.topics`, the ``limitCandle`` types, and the futures level-2 snapshot
(``GET /api/v1/level2/snapshot``, public on KuCoin Futures, with the sequence the level-2 pushes continue).
``watch_mark_price``/``watch_funding_rate`` read ``/contract/instrument``; ``watch_orders``/``watch_my_trades``
read ``/contractMarket/tradeOrders``, ``watch_balance`` ``/contractAccount/wallet``, ``watch_positions``
``/contract/positionAll`` and ``watch_position`` ``/contract/position:{symbol}`` on a private futures
connection (positions parsed by the REST position parser: the push carries the same fields).
"""
from __future__ import annotations

from ..errors import ArgumentsRequired, BadRequest
from ..futures.timeframes import CANDLE_TYPES
from .lazy import lazy_module
from .streaming import StreamingOperations

__all__ = ["FuturesStreamingOperations", "FUTURES_STREAM_OPERATIONS"]

_futures_watches = lazy_module("..futures.watches", __package__)
_futures_topics = lazy_module("..futures.topics", __package__)
_futures_l2 = lazy_module("..futures.l2", __package__)

FUTURES_STREAM_OPERATIONS = (
    "watch_ticker", "watch_tickers", "watch_bids_asks", "watch_order_book", "watch_order_book_for_symbols",
    "watch_trades", "watch_trades_for_symbols", "watch_ohlcv", "watch_mark_price", "watch_funding_rate",
    "watch_orders", "watch_my_trades", "watch_balance", "un_watch_orders", "un_watch_my_trades",
    "watch_positions", "watch_position", "un_watch_positions",
    "un_watch_ticker", "un_watch_tickers", "un_watch_bids_asks", "un_watch_order_book",
    "un_watch_order_book_for_symbols", "un_watch_trades", "un_watch_trades_for_symbols", "un_watch_ohlcv",
    "un_watch_mark_price", "un_watch_funding_rate")


def _snapshot(symbol_id: str):
    from ..rest.calls import Call  # the REST pipeline loads with the first request, not with the client
    data = yield Call("GET", "/api/v1/level2/snapshot", {"symbol": symbol_id}, host="futures", private=False)
    return _futures_l2.snapshot_from_rest(data)


class FuturesStreamingOperations(StreamingOperations):
    _watch_table = _futures_watches

    def _stream_topic_table(self):
        return _futures_topics.FUTURES_TOPICS

    def _snapshot_plan(self, symbol_id: str):
        return _snapshot(symbol_id)

    def _candle_arg(self, symbol, timeframe) -> str:
        kind = CANDLE_TYPES.get(timeframe)
        if kind is None:
            raise BadRequest(f"unknown timeframe {timeframe!r} (futures candles: {', '.join(CANDLE_TYPES)})")
        return f"{self._sid(symbol)}_{kind}"

    # ccxt.pro kucoinfutures: watch_tickers needs symbols (ArgumentsRequired otherwise, as ccxt).
    def watch_tickers(self, symbols=None, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["tickers"], lambda: self._ids(symbols)))

    def un_watch_tickers(self, symbols=None, params=None):
        return self._unwatch(self._releasing(("tickers",), lambda: self._ids(symbols)))

    # -- /contract/instrument ------------------------------------------------------------------------
    def watch_mark_price(self, symbol, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["mark_price"], lambda: [self._sid(symbol)]))

    def watch_funding_rate(self, symbol, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["funding_rate"], lambda: [self._sid(symbol)]))

    def un_watch_mark_price(self, symbol, params=None):
        return self._unwatch(self._releasing(("mark_price",), lambda: [self._sid(symbol)]))

    def un_watch_funding_rate(self, symbol, params=None):
        return self._unwatch(self._releasing(("funding_rate",), lambda: [self._sid(symbol)]))

    # -- positions (private) -------------------------------------------------------------------------
    def watch_positions(self, symbols=None, since=None, limit=None, params=None):
        """``/contract/positionAll``; ``symbols`` picks which contracts' updates resolve the call."""
        args = (lambda: self._ids(symbols)) if symbols else (lambda: [None])
        return self._watch(self._for(self._watch_table.WATCHES["positions"], args, since=since, limit=limit))

    def un_watch_positions(self, symbols=None, params=None):
        return self._unwatch(self._releasing(("positions",), lambda: [None]))

    def watch_position(self, symbol=None, params=None):
        """``/contract/position:{symbol}`` (a symbol is required, as ccxt.pro's)."""
        if symbol is None:
            raise ArgumentsRequired("watch_position() requires a symbol")
        return self._watch(self._for(self._watch_table.WATCHES["position"], lambda: [self._sid(symbol)]))
