"""ccxt.pro-style ``watch_*``/``un_watch_*`` methods, shared by both faces (faces & drivers layer).

A mixin of :class:`~kucoin_connector.clients.base.KucoinBase` (the futures faces subclass it in
:mod:`.futures_streaming`). Each method picks its row of the family's ``WATCHES`` table (``_watch_table``;
spot: :mod:`kucoin_connector.spot.watches`: owner, topic, channel kind, reducer) and passes the call's
arguments; ``self._watch`` (blocking in ``Kucoin``, awaitable in ``AsyncKucoin``)
runs the resulting :class:`~kucoin_connector.streaming.watch.Subscription` through the face's stream
driver. Topics, channel keys and data shaping live in :mod:`kucoin_connector.spot` and
:mod:`kucoin_connector.streaming`; this module only names things.

Order books: ``limit`` 5 or 50 uses the ``/spotMarket/level2Depth5|50`` snapshot topics; anything
else the incremental ``/market/level2`` topic with snapshot sync, continuity checks and resync. The
returned book carries ``resyncs`` (re-snapshots after a gap or a reconnect) and ``nonce`` (the
sequence), so a host keeping its own copy knows when to replace it.

Malformed pushes never stop a stream: they are dropped, logged once per topic and counted;
:meth:`StreamingOperations.stream_stats` shows the counters (a plain method on both faces).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ArgumentsRequired, BadRequest
from ..spot.timeframes import TIMEFRAMES
from .lazy import lazy_function, lazy_module

if TYPE_CHECKING:  # pragma: no cover
    from ..streaming.watch import Subscription, WatchSpec

# The watch table and the stream code load with the first watch, not with the client.
_spot_watches = lazy_module("..spot.watches", __package__)
_spot_topics = lazy_module("..spot.topics", __package__)
WatchCall = lazy_function("..streaming.watch", "WatchCall", __package__)
release = lazy_function("..streaming.watch", "release", __package__)
subscription = lazy_function("..streaming.watch", "subscription", __package__)

__all__ = ["StreamingOperations", "STREAM_OPERATIONS", "single_call"]


def single_call(call: Any):
    """A plan of one call (a :class:`~kucoin_connector.rest.calls.Call`) whose answer is its result."""
    return (yield call)


STREAM_OPERATIONS = (
    "watch_ticker", "watch_tickers", "watch_bids_asks", "watch_order_book", "watch_order_book_for_symbols",
    "watch_trades", "watch_trades_for_symbols", "watch_ohlcv", "watch_orders", "watch_my_trades",
    "watch_balance",
    "un_watch_ticker", "un_watch_tickers", "un_watch_bids_asks", "un_watch_order_book",
    "un_watch_order_book_for_symbols", "un_watch_trades", "un_watch_trades_for_symbols", "un_watch_ohlcv",
    "un_watch_orders", "un_watch_my_trades")


class StreamingOperations:
    """Needs ``_loaded_market``, ``_streams()`` (the driver) and ``_watch``/``_unwatch`` from the face.
    A family names its watch table (``WATCHES``, ``BOOK_WATCHES``, ``book_watch``) in ``_watch_table`` and
    its topic table in :meth:`_stream_topic_table` (spot's here; futures: ``futures_streaming.py``)."""

    _watch: Any
    _unwatch: Any
    _loaded_market: Any
    settings: Any
    options: Any
    _watch_table: Any = _spot_watches

    def _stream_topic_table(self):
        return _spot_topics.SPOT_TOPICS

    def _snapshot_plan(self, symbol_id: str):
        """The level-2 REST snapshot an incremental book synchronises on (the family's endpoint)."""
        from ..rest.calls import Call  # the REST pipeline loads with the first request, not with the client
        # Full depth needs a signed request; without keys the public top-100 book (kucoin.md, "Level-2").
        if self.settings.credentials is not None and self.options["wsFullSnapshot"]:
            return single_call(Call("GET", "/api/v3/market/orderbook/level2", {"symbol": symbol_id}, host="spot",
                                    private=True))
        return single_call(Call("GET", "/api/v1/market/orderbook/level2_100", {"symbol": symbol_id}, host="spot",
                                private=False))

    # -- helpers ------------------------------------------------------------------------------------
    def _sid(self, symbol: str) -> str:
        return self._loaded_market(symbol)["id"]

    def _stream_state(self):  # pragma: no cover - provided by the face
        raise NotImplementedError

    def stream_stats(self) -> dict[str, Any]:
        """Stream health counters: ``badMessages`` (pushes and messages dropped as malformed, in total),
        ``badPushesByTopic``, ``badSnapshots`` (malformed REST book snapshots, fetched again),
        ``reconnects``, ``resyncs`` (order-book re-snapshots after a gap, a reconnect or a bad delta)."""
        driver = getattr(self, "_stream_driver", None)
        if driver is None:
            return {"badMessages": 0, "badPushesByTopic": {}, "badSnapshots": 0, "reconnects": 0, "resyncs": 0}
        state, engine = driver.state, driver.engine
        return {"badMessages": state.bad_pushes + engine.bad_messages,
                "badPushesByTopic": dict(state.bad_pushes_by_topic), "badSnapshots": state.bad_snapshots,
                "reconnects": engine.reconnects, "resyncs": sum(b.resyncs for b in state.books.values())}

    def _ids(self, symbols) -> list[str]:
        if not symbols:
            raise ArgumentsRequired("this stream needs a non-empty list of symbols")
        return [self._sid(s) for s in symbols]

    def _candle_arg(self, symbol, timeframe) -> str:
        kind = TIMEFRAMES.get(timeframe)
        if kind is None:
            raise BadRequest(f"unknown timeframe {timeframe!r}")
        return f"{self._sid(symbol)}_{kind}"

    def _for(self, spec: WatchSpec, args, symbols=None, since=None, limit=None):
        """The face's ``_watch`` argument: ``args()`` (after markets load) -> the subscription."""
        def make() -> Subscription:
            ids = args()
            by_id = dict(zip(ids, symbols)) if symbols is not None else {}
            return subscription(spec, ids, WatchCall(self._stream_state(), by_id, since, limit))
        return make

    def _releasing(self, rows, args):
        """The face's ``_unwatch`` argument: ``args()`` -> one release per row."""
        return lambda: [release(self._watch_table.WATCHES[row], args()) for row in rows]

    # -- tickers ------------------------------------------------------------------------------------
    def watch_ticker(self, symbol, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["ticker"], lambda: [self._sid(symbol)]))

    def watch_tickers(self, symbols=None, params=None):
        if not symbols:
            return self._watch(self._for(self._watch_table.WATCHES["all_tickers"], lambda: ["all"]))
        return self._watch(self._for(self._watch_table.WATCHES["tickers"], lambda: self._ids(symbols)))

    def watch_bids_asks(self, symbols=None, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["bids_asks"], lambda: self._ids(symbols)))

    # -- order books --------------------------------------------------------------------------------
    def _watch_books(self, symbols, limit):
        spec = self._watch_table.book_watch(limit)

        def ids():
            found = self._ids(symbols)
            if spec is self._watch_table.WATCHES["order_book"] and limit is not None and limit <= 0:
                raise BadRequest("order book limit must be positive")
            return found
        return self._watch(self._for(spec, ids, symbols, limit=limit))

    def watch_order_book(self, symbol, limit=None, params=None):
        return self._watch_books([symbol], limit)

    def watch_order_book_for_symbols(self, symbols, limit=None, params=None):
        return self._watch_books(list(symbols or []), limit)

    # -- trades and candles -------------------------------------------------------------------------
    def _watch_trades(self, symbols, since, limit):
        return self._watch(self._for(self._watch_table.WATCHES["trades"], lambda: self._ids(symbols), since=since,
                                     limit=limit))

    def watch_trades(self, symbol, since=None, limit=None, params=None):
        return self._watch_trades([symbol], since, limit)

    def watch_trades_for_symbols(self, symbols, since=None, limit=None, params=None):
        return self._watch_trades(list(symbols or []), since, limit)

    def watch_ohlcv(self, symbol, timeframe="1m", since=None, limit=None, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["ohlcv"], lambda: [self._candle_arg(symbol, timeframe)],
                                     since=since, limit=limit))

    # -- private --------------------------------------------------------------------------------------
    def _symbol_or_all(self, symbol):
        return lambda: [None if symbol is None else self._sid(symbol)]

    def watch_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["orders"], self._symbol_or_all(symbol), since=since,
                                     limit=limit))

    def watch_my_trades(self, symbol=None, since=None, limit=None, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["my_trades"], self._symbol_or_all(symbol), since=since,
                                     limit=limit))

    def watch_balance(self, params=None):
        return self._watch(self._for(self._watch_table.WATCHES["balance"], lambda: [None]))

    # -- unsubscribing ------------------------------------------------------------------------------
    def un_watch_ticker(self, symbol, params=None):
        return self._unwatch(self._releasing(("ticker",), lambda: [self._sid(symbol)]))

    def un_watch_tickers(self, symbols=None, params=None):
        if not symbols:
            return self._unwatch(self._releasing(("all_tickers",), lambda: ["all"]))
        return self._unwatch(self._releasing(("tickers",), lambda: self._ids(symbols)))

    def un_watch_bids_asks(self, symbols=None, params=None):
        return self._unwatch(self._releasing(("bids_asks",), lambda: self._ids(symbols)))

    def un_watch_order_book(self, symbol, params=None):
        return self._unwatch(self._releasing(self._watch_table.BOOK_WATCHES, lambda: self._ids([symbol])))

    def un_watch_order_book_for_symbols(self, symbols, params=None):
        return self._unwatch(self._releasing(self._watch_table.BOOK_WATCHES, lambda: self._ids(list(symbols or []))))

    def un_watch_trades(self, symbol, params=None):
        return self._unwatch(self._releasing(("trades",), lambda: self._ids([symbol])))

    def un_watch_trades_for_symbols(self, symbols, params=None):
        return self._unwatch(self._releasing(("trades",), lambda: self._ids(list(symbols or []))))

    def un_watch_ohlcv(self, symbol, timeframe="1m", params=None):
        return self._unwatch(self._releasing(("ohlcv",), lambda: [self._candle_arg(symbol, timeframe)]))

    def un_watch_orders(self, symbol=None, params=None):
        return self._unwatch(self._releasing(("orders",), lambda: [None]))

    def un_watch_my_trades(self, symbol=None, params=None):
        return self._unwatch(self._releasing(("my_trades",), lambda: [None]))

