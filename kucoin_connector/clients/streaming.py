"""ccxt.pro-style ``watch_*``/``un_watch_*`` methods, shared by both faces (faces & drivers layer).

A mixin of :class:`~kucoin_connector.clients.base.KucoinBase`. Each method describes its watch once:
an *owner* (the watch kind), the topic *units* to hold, the channel *hashes* whose progress resolves
the call and a *finish* that builds the ccxt structure; ``self._watch`` (blocking in ``Kucoin``,
awaitable in ``AsyncKucoin``) runs it through the face's stream driver. Wire details live in
:mod:`kucoin_connector.streaming`; this module only names things.

Order books: ``limit`` 5 or 50 uses the ``/spotMarket/level2Depth5|50`` snapshot topics; anything
else the incremental ``/market/level2`` topic with snapshot sync, continuity checks and resync. The
returned book carries ``resyncs`` (re-snapshots after a gap or a reconnect) and ``nonce`` (the
sequence), so a host keeping its own copy knows when to replace it.

Malformed pushes never stop a stream: they are dropped, logged once per topic and counted;
:meth:`StreamingOperations.stream_stats` shows the counters (a plain method on both faces).
"""
from __future__ import annotations

from typing import Any, Callable

from ..errors import ArgumentsRequired, BadRequest
from ..spot.timeframes import TIMEFRAMES
from .lazy import lazy_function, lazy_module

# The stream code loads with the first watch, not with the client.
_stream_state = lazy_module("..streaming.state", __package__)
Unit = lazy_function("..streaming.topics", "Unit", __package__)

__all__ = ["StreamingOperations", "STREAM_OPERATIONS"]

STREAM_OPERATIONS = (
    "watch_ticker", "watch_tickers", "watch_bids_asks", "watch_order_book", "watch_order_book_for_symbols",
    "watch_trades", "watch_trades_for_symbols", "watch_ohlcv", "watch_orders", "watch_my_trades",
    "watch_balance",
    "un_watch_ticker", "un_watch_tickers", "un_watch_bids_asks", "un_watch_order_book",
    "un_watch_order_book_for_symbols", "un_watch_trades", "un_watch_trades_for_symbols", "un_watch_ohlcv",
    "un_watch_orders", "un_watch_my_trades")

ORDERS = "/spotMarket/tradeOrdersV2"
BALANCE = "/account/balance"

Spec = tuple  # (owner, units, hashes, finish(ready_hashes) -> result)


def _since_limit(items: list, since: int | None, limit: int | None, key: Callable[[Any], Any]) -> list:
    if since is not None:
        items = [i for i in items if (key(i) or 0) >= since]
    if limit is not None:
        items = items[-limit:] if limit > 0 else []
    return items


def _latest_by(items: list, key: str) -> list:
    """Keep the last version of each item (by ``key``), in order of last update."""
    seen: dict[Any, Any] = {}
    for item in items:
        seen.pop(item[key], None)
        seen[item[key]] = item
    return list(seen.values())


class StreamingOperations:
    """Needs ``_loaded_market``, ``_streams()`` (the driver) and ``_watch``/``_unwatch`` from the face."""

    _watch: Any
    _unwatch: Any
    _loaded_market: Any

    # -- helpers ------------------------------------------------------------------------------------
    def _sid(self, symbol: str) -> str:
        return self._loaded_market(symbol)["id"]

    def _channel(self, hash_: str):
        return self._stream_state().channel(hash_)

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

    # -- tickers ------------------------------------------------------------------------------------
    def watch_ticker(self, symbol, params=None):
        def spec():
            sid = self._sid(symbol)
            h = f"ticker:{sid}"
            return ("ticker", [Unit("/market/ticker", sid)], [h], lambda ready: self._channel(h).take()[-1])
        return self._watch(spec)

    def watch_tickers(self, symbols=None, params=None):
        def spec():
            if not symbols:
                def finish_all(ready):
                    ids = self._channel("ticker:*").take()
                    out = {}
                    for sid in ids:
                        ticker = self._channel(f"ticker:{sid}").items[-1]
                        out[ticker["symbol"] or sid] = ticker
                    return out
                return ("tickers", [Unit("/market/ticker", "all")], ["ticker:*"], finish_all)
            ids = self._ids(symbols)
            hashes = [f"ticker:{sid}" for sid in ids]

            def finish(ready):
                out = {}
                for h in ready:
                    ticker = self._channel(h).take()[-1]
                    out[ticker["symbol"]] = ticker
                return out
            return ("ticker", [Unit("/market/ticker", sid) for sid in ids], hashes, finish)
        return self._watch(spec)

    def watch_bids_asks(self, symbols=None, params=None):
        def spec():
            ids = self._ids(symbols)

            def finish(ready):
                out = {}
                for h in ready:
                    ticker = self._channel(h).take()[-1]
                    out[ticker["symbol"]] = ticker
                return out
            return ("bidsasks", [Unit("/spotMarket/level1", sid) for sid in ids], [f"level1:{sid}" for sid in ids],
                    finish)
        return self._watch(spec)

    # -- order books --------------------------------------------------------------------------------
    def _book_spec(self, symbols, limit):
        ids = self._ids(symbols)
        by_id = {sid: sym for sid, sym in zip(ids, symbols)}
        state = self._stream_state()
        if limit in _stream_state.DEPTH_PREFIXES:
            prefix = _stream_state.DEPTH_PREFIXES[limit]
            hashes = [f"depth{limit}:{sid}" for sid in ids]
            owner = f"book{limit}"
        else:
            if limit is not None and limit <= 0:
                raise BadRequest("order book limit must be positive")
            prefix = _stream_state.LEVEL2
            hashes = [f"book:{sid}" for sid in ids]
            owner = "book"
            for sid in ids:
                state.book(sid)

        def finish(ready):
            h = ready[0]
            channel = self._channel(h)
            channel.take()
            sid = h.split(":", 1)[1]
            book = channel.items[-1]
            depth = None if limit in _stream_state.DEPTH_PREFIXES else limit
            return book.to_ccxt(state.num, depth, by_id.get(sid))
        return owner, [Unit(prefix, sid) for sid in ids], hashes, finish

    def watch_order_book(self, symbol, limit=None, params=None):
        return self._watch(lambda: self._book_spec([symbol], limit))

    def watch_order_book_for_symbols(self, symbols, limit=None, params=None):
        return self._watch(lambda: self._book_spec(list(symbols or []), limit))

    # -- trades and candles -------------------------------------------------------------------------
    def _trades_spec(self, symbols, since, limit):
        ids = self._ids(symbols)
        hashes = [f"trades:{sid}" for sid in ids]

        def finish(ready):
            trades = [t for h in ready for t in self._channel(h).take()]
            trades.sort(key=lambda t: (t["timestamp"] or 0))
            return _since_limit(trades, since, limit, lambda t: t["timestamp"])
        return "trades", [Unit("/market/match", sid) for sid in ids], hashes, finish

    def watch_trades(self, symbol, since=None, limit=None, params=None):
        return self._watch(lambda: self._trades_spec([symbol], since, limit))

    def watch_trades_for_symbols(self, symbols, since=None, limit=None, params=None):
        return self._watch(lambda: self._trades_spec(list(symbols or []), since, limit))

    def _candle_arg(self, symbol, timeframe) -> str:
        kind = TIMEFRAMES.get(timeframe)
        if kind is None:
            raise BadRequest(f"unknown timeframe {timeframe!r}")
        return f"{self._sid(symbol)}_{kind}"

    def watch_ohlcv(self, symbol, timeframe="1m", since=None, limit=None, params=None):
        def spec():
            arg = self._candle_arg(symbol, timeframe)
            h = f"ohlcv:{arg}"

            def finish(ready):
                rows: dict[int, list] = {}
                for row in self._channel(h).take():
                    rows[row[0]] = row
                return _since_limit(sorted(rows.values(), key=lambda r: r[0]), since, limit, lambda r: r[0])
            return "ohlcv", [Unit("/market/candles", arg)], [h], finish
        return self._watch(spec)

    # -- private --------------------------------------------------------------------------------------
    def _private_spec(self, owner, base, symbol, since, limit, key):
        h = base if symbol is None else f"{base}:{self._sid(symbol)}"

        def finish(ready):
            items = _latest_by(self._channel(h).take(), key) if key else self._channel(h).take()
            return _since_limit(items, since, limit, lambda i: i.get("timestamp"))
        return owner, [Unit(ORDERS)], [h], finish

    def watch_orders(self, symbol=None, since=None, limit=None, params=None):
        return self._watch(lambda: self._private_spec("orders", "orders", symbol, since, limit, "id"))

    def watch_my_trades(self, symbol=None, since=None, limit=None, params=None):
        return self._watch(lambda: self._private_spec("mytrades", "mytrades", symbol, since, limit, None))

    def watch_balance(self, params=None):
        def spec():
            def finish(ready):
                self._channel("balance").take()
                balance = self._stream_state().balance
                return {k: (dict(v) if isinstance(v, dict) else v) for k, v in balance.items()}
            return "balance", [Unit(BALANCE)], ["balance"], finish
        return self._watch(spec)

    # -- unsubscribing ------------------------------------------------------------------------------
    def un_watch_ticker(self, symbol, params=None):
        return self._unwatch(lambda: ("ticker", [Unit("/market/ticker", self._sid(symbol))]))

    def un_watch_tickers(self, symbols=None, params=None):
        if not symbols:
            return self._unwatch(lambda: ("tickers", [Unit("/market/ticker", "all")]))
        return self._unwatch(lambda: ("ticker", [Unit("/market/ticker", sid) for sid in self._ids(symbols)]))

    def un_watch_bids_asks(self, symbols=None, params=None):
        return self._unwatch(lambda: ("bidsasks", [Unit("/spotMarket/level1", sid) for sid in self._ids(symbols)]))

    def _un_book(self, symbols, params):
        def spec():
            ids = self._ids(symbols)
            units = [Unit(_stream_state.LEVEL2, sid) for sid in ids]
            extra = [(f"book{d}", [Unit(p, sid) for sid in ids]) for d, p in _stream_state.DEPTH_PREFIXES.items()]
            return ("book", units, extra)
        return self._unwatch(spec)

    def un_watch_order_book(self, symbol, params=None):
        return self._un_book([symbol], params)

    def un_watch_order_book_for_symbols(self, symbols, params=None):
        return self._un_book(list(symbols or []), params)

    def un_watch_trades(self, symbol, params=None):
        return self._unwatch(lambda: ("trades", [Unit("/market/match", self._sid(symbol))]))

    def un_watch_trades_for_symbols(self, symbols, params=None):
        return self._unwatch(lambda: ("trades", [Unit("/market/match", sid) for sid in self._ids(symbols)]))

    def un_watch_ohlcv(self, symbol, timeframe="1m", params=None):
        return self._unwatch(lambda: ("ohlcv", [Unit("/market/candles", self._candle_arg(symbol, timeframe))]))

    def un_watch_orders(self, symbol=None, params=None):
        return self._unwatch(lambda: ("orders", [Unit(ORDERS)]))

    def un_watch_my_trades(self, symbol=None, params=None):
        return self._unwatch(lambda: ("mytrades", [Unit(ORDERS)]))
