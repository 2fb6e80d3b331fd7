"""What the streams know: order books, caches per watch, balances; fed by engine events (pure core).

Layer: pure core. Rule: no I/O, no clock. The drivers feed :meth:`StreamState.apply` with the
engine's events and get back which *hashes* advanced (``"ticker:BTC-USDT"``, ``"book:BTC-USDT"``,
``"trades:BTC-USDT"``, ``"ohlcv:BTC-USDT_1min"``, ``"orders"``, ``"orders:BTC-USDT"``,
``"mytrades"``, ``"balance"``...) and which subscriptions failed. Each hash has a bounded
:class:`Channel` and a cursor: a watch call resolves once its channel moved past the cursor, and
returns what arrived since (ccxt.pro's ``newUpdates`` behaviour).

Order books follow kucoin.md "Level-2 order book synchronisation" (:mod:`.orderbook`): a snapshot
is requested (``take_snapshot_requests``) once the ``/market/level2`` subscription is acknowledged
(subscribe first, buffer, then snapshot), after every gap, and after every reconnect (the connection
that carried the deltas was lost, so deltas were missed).

A snapshot counts only when it was *asked for* while the book's current subscription was live
(:meth:`StreamState.snapshot_ticket`, then ``on_snapshot(..., ticket=...)``). One fetched before a
connection loss and answered after it would otherwise "synchronise" the invalidated book (its delta
buffer is empty, so nothing shows the snapshot is old) at a sequence the new connection never
continues: the book looks synced but misses every change made while the client was away, and on a
quiet symbol no later delta ever exposes the gap (the stream soak's stuck books, issue 4).

Hostile pushes (issue 7 §4): :meth:`StreamState.apply` is the push-dispatch boundary. A push whose
parsing raises anything (wrong types, ``"NaN"``/``"1e999999999"`` numbers, missing fields, ``data``
not an object) is dropped, counted (``bad_pushes``, ``bad_pushes_by_topic``) and logged once per topic
at WARNING; a bad level-2 delta also resynchronises that book (its state may be half-updated). The
stream goes on with the next push. A malformed REST snapshot is handled like a failed fetch.
"""
from __future__ import annotations

import logging
from collections import deque
from typing import Any, Iterable, Mapping

from ..errors import BaseError
from ..core.markets import MarketRegistry
from ..core.numbers import Num
from ..core.timeutil import iso8601
from .engine import GaveUp, Interrupted, Message, Subscribed, SubscriptionFailed
from .orderbook import APPLIED, GAP, STALE_SNAPSHOT, SYNCED, L2Book
from ..spot.pushes import (balance_entry_from_push, bids_asks_from_level1, my_trade_from_change, ohlcv_from_candles,
                     order_from_change, ticker_from_push, trade_from_match)
from .topics import Unit

__all__ = ["Channel", "StreamState", "LEVEL2", "DEPTH_PREFIXES"]

log = logging.getLogger(__name__)

LEVEL2 = "/market/level2"
_MAX_BAD_TOPICS = 1000  # distinct topics counted one by one; the rest under "other"
DEPTH_PREFIXES = {5: "/spotMarket/level2Depth5", 50: "/spotMarket/level2Depth50"}
_DEPTH_OF = {v: k for k, v in DEPTH_PREFIXES.items()}


class Channel:
    """A bounded history of one hash: ``count`` only grows, ``items`` keeps the last ``limit``."""

    __slots__ = ("items", "count", "cursor")

    def __init__(self, limit: int) -> None:
        self.items: deque[Any] = deque(maxlen=limit)
        self.count = 0
        self.cursor = 0  # what the consumer has already been given

    def push(self, item: Any) -> None:
        self.items.append(item)
        self.count += 1

    @property
    def ready(self) -> bool:
        return self.count > self.cursor

    def take(self) -> list[Any]:
        """Items since the cursor (at most the retained ones); moves the cursor."""
        fresh = min(self.count - self.cursor, len(self.items))
        self.cursor = self.count
        return list(self.items)[-fresh:] if fresh > 0 else []


class StreamState:
    """Caches and books for one face. Not thread-safe: the driver serialises calls."""

    def __init__(self, registry: MarketRegistry, num: Num, *, cache_limit: int = 1000) -> None:
        self.registry = registry
        self.num = num
        self.cache_limit = cache_limit
        self.channels: dict[str, Channel] = {}
        self.books: dict[str, L2Book] = {}  # by KuCoin symbol id (incremental)
        self.depth_books: dict[tuple[str, int], L2Book] = {}
        self.balance: dict[str, Any] = {"info": [], "timestamp": None, "datetime": None,
                                        "free": {}, "used": {}, "total": {}}
        self._snapshot_requests: dict[str, None] = {}
        self._live: set[str] = set()  # level-2 books whose current subscription is acknowledged
        self._epochs: dict[str, int] = {}  # per level-2 book: +1 whenever its subscription is lost
        self.bad_pushes = 0  # malformed pushes dropped (a level-2 one also resynchronised its book)
        self.bad_pushes_by_topic: dict[str, int] = {}
        self.bad_snapshots = 0  # malformed REST snapshots (asked for again, like a failed fetch)

    # ------------------------------------------------------------------ channels
    def channel(self, hash_: str) -> Channel:
        found = self.channels.get(hash_)
        if found is None:
            found = self.channels[hash_] = Channel(self.cache_limit)
        return found

    def _bump(self, hash_: str, item: Any, updated: set[str]) -> None:
        found = self.channels.get(hash_)
        if found is not None:
            found.push(item)
            updated.add(hash_)

    def _market(self, symbol_id: Any) -> Mapping[str, Any] | None:
        return self.registry.by_id(symbol_id) if isinstance(symbol_id, str) else None

    # ------------------------------------------------------------------ books
    def book(self, symbol_id: str) -> L2Book:
        found = self.books.get(symbol_id)
        if found is None:
            found = self.books[symbol_id] = L2Book(symbol_id)
        return found

    def depth_book(self, symbol_id: str, depth: int) -> L2Book:
        key = (symbol_id, depth)
        found = self.depth_books.get(key)
        if found is None:
            found = self.depth_books[key] = L2Book(symbol_id)
        return found

    def take_snapshot_requests(self) -> list[str]:
        """Symbol ids whose incremental book needs a REST snapshot now (each asked once)."""
        out = list(self._snapshot_requests)
        self._snapshot_requests.clear()
        return out

    def request_snapshot(self, symbol_id: str) -> None:
        """Ask again (a snapshot fetch failed); ignored when the book is synced or gone."""
        book = self.books.get(symbol_id)
        if book is not None and not book.synced:
            self._snapshot_requests[symbol_id] = None

    def snapshot_ticket(self, symbol_id: str) -> int | None:
        """Call right before fetching a snapshot: a ticket to pass to :meth:`on_snapshot`, or None when
        no fetch should start now (the book is gone or synced, or its subscription is not live: a
        snapshot taken before the subscription buffers deltas cannot be checked for continuity; the
        next ``Subscribed`` asks again)."""
        book = self.books.get(symbol_id)
        if book is None or book.synced or symbol_id not in self._live:
            return None
        return self._epochs.get(symbol_id, 0)

    def ticket_valid(self, symbol_id: str, ticket: int) -> bool:
        """Whether a snapshot fetched under ``ticket`` may still be applied (no loss since)."""
        return symbol_id in self._live and self._epochs.get(symbol_id, 0) == ticket

    def _lose_subscription(self, symbol_id: str) -> None:
        self._live.discard(symbol_id)
        self._epochs[symbol_id] = self._epochs.get(symbol_id, 0) + 1

    def on_snapshot(self, symbol_id: str, data: Mapping[str, Any], ticket: int | None = None) -> set[str]:
        """A REST level-2 snapshot arrived for ``symbol_id``; returns the hashes that advanced.

        With a ``ticket`` (:meth:`snapshot_ticket`), a snapshot whose subscription was lost while it
        was being fetched is discarded (see the module docstring)."""
        book = self.books.get(symbol_id)
        updated: set[str] = set()
        if book is None or book.synced:
            return updated
        if ticket is not None and not self.ticket_valid(symbol_id, ticket):
            return updated
        try:
            if not isinstance(data, Mapping):
                raise TypeError(f"snapshot is a {type(data).__name__}, not an object")
            result = book.on_snapshot(data)
        except Exception as exc:  # noqa: BLE001 - a malformed answer must not stop the stream
            self.bad_snapshots += 1
            log.warning("order book %s: malformed snapshot dropped (%s: %s); asking again", symbol_id,
                        type(exc).__name__, str(exc)[:200])
            self._snapshot_requests[symbol_id] = None
            return updated
        if result in (SYNCED, GAP) and book.synced:
            self._bump(f"book:{symbol_id}", book, updated)
        if result in (GAP, STALE_SNAPSHOT):
            self._snapshot_requests[symbol_id] = None
            if not book.synced:
                self._unready(symbol_id)
                updated.discard(f"book:{symbol_id}")
        return updated

    def _unready(self, symbol_id: str) -> None:
        """The book lost its sync: updates announced before are void (the channel holds the book object
        itself, now cleared), so a waiting ``watch_order_book`` must wait for the resync, never return
        an empty, unsynchronised book."""
        found = self.channels.get(f"book:{symbol_id}")
        if found is not None:
            found.cursor = found.count

    def drop_book(self, symbol_id: str) -> None:
        self.books.pop(symbol_id, None)
        self._snapshot_requests.pop(symbol_id, None)
        self._lose_subscription(symbol_id)  # a snapshot still in flight belongs to the old book

    # ------------------------------------------------------------------ engine events
    def apply(self, events: Iterable[Any]) -> tuple[set[str], list[tuple[tuple[Unit, ...], BaseError]]]:
        """Engine events -> (hashes that advanced, [(units, error)] for failed subscriptions)."""
        updated: set[str] = set()
        failures: list[tuple[tuple[Unit, ...], BaseError]] = []
        for event in events:
            kind = type(event)
            if kind is Message:
                self._on_message(event.message, updated)
            elif kind is Subscribed:
                for u in event.units:
                    if u.prefix == LEVEL2 and u.arg is not None:
                        self._live.add(u.arg)
                        if not self.book(u.arg).synced:
                            self._snapshot_requests[u.arg] = None
            elif kind is Interrupted:
                for u in event.units:
                    if u.prefix == LEVEL2 and u.arg is not None:
                        self._lose_subscription(u.arg)  # snapshots in flight are void
                        if u.arg in self.books:
                            self.books[u.arg].invalidate()
                            self._unready(u.arg)
                            self._snapshot_requests.pop(u.arg, None)  # asked again once resubscribed
            elif kind is SubscriptionFailed or kind is GaveUp:
                for u in event.units:
                    if u.prefix == LEVEL2 and u.arg is not None:
                        self._lose_subscription(u.arg)
                failures.append((event.units, event.error))
        return updated, failures

    def _on_message(self, message: Mapping[str, Any], updated: set[str]) -> None:
        """The push-dispatch boundary: whatever a push holds, it is applied or dropped, never raised."""
        topic = message.get("topic")
        try:
            data = message.get("data")
            if not isinstance(topic, str) or not isinstance(data, Mapping):
                raise TypeError("a push needs a string topic and an object as data")
            self._dispatch(topic, data, message, updated)
        except Exception as exc:  # noqa: BLE001 - see the module docstring
            self._bad_push(topic, exc, message, updated)

    def _bad_push(self, topic: Any, exc: Exception, message: Mapping[str, Any], updated: set[str]) -> None:
        name = topic[:200] if isinstance(topic, str) else "<no topic>"
        counts = self.bad_pushes_by_topic
        if name not in counts and len(counts) >= _MAX_BAD_TOPICS:
            name = "other"
        counts[name] = counts.get(name, 0) + 1
        self.bad_pushes += 1
        if counts[name] == 1:
            log.warning("kucoin ws: dropped a malformed push on %s (%s: %s); later ones on this topic are only "
                        "counted", name, type(exc).__name__, str(exc)[:200])
        if isinstance(topic, str) and topic.startswith(LEVEL2 + ":"):
            data = message.get("data")
            symbol_id = data.get("symbol") if isinstance(data, Mapping) else None
            for sid in (topic.partition(":")[2], symbol_id):
                if isinstance(sid, str) and sid in self.books:
                    self._resync(sid, updated)

    def _resync(self, symbol_id: str, updated: set[str]) -> None:
        """Forget a book whose state can no longer be trusted and fetch a new snapshot."""
        self.books[symbol_id].invalidate()
        self._unready(symbol_id)
        updated.discard(f"book:{symbol_id}")
        if symbol_id in self._live:
            self._snapshot_requests[symbol_id] = None

    def _dispatch(self, topic: str, data: Mapping[str, Any], message: Mapping[str, Any], updated: set[str]) -> None:
        prefix, _, arg = topic.partition(":")
        num = self.num
        if prefix == LEVEL2:
            symbol_id = data.get("symbol") or arg
            book = self.books.get(symbol_id)
            if book is None:
                return
            result = book.on_delta(data)
            if result == APPLIED:
                self._bump(f"book:{symbol_id}", book, updated)
            elif result == GAP:
                self._snapshot_requests[symbol_id] = None
                self._unready(symbol_id)
                updated.discard(f"book:{symbol_id}")
        elif prefix in _DEPTH_OF:
            depth = _DEPTH_OF[prefix]
            book = self.depth_book(arg, depth)
            book.replace(data)
            self._bump(f"depth{depth}:{arg}", book, updated)
        elif prefix == "/market/ticker":
            symbol_id = message.get("subject") if arg == "all" else arg
            if not isinstance(symbol_id, str):
                return
            hash_ = f"ticker:{symbol_id}"
            if arg == "all":
                self.channel(hash_)  # ticker:all feeds every symbol's channel
            if hash_ in self.channels:
                self._bump(hash_, ticker_from_push(data, self._market(symbol_id), num), updated)
            if arg == "all":
                self._bump("ticker:*", symbol_id, updated)
        elif prefix == "/spotMarket/level1":
            self._bump(f"level1:{arg}", bids_asks_from_level1(data, self._market(arg), num), updated)
        elif prefix == "/market/match":
            symbol_id = data.get("symbol") or arg
            self._bump(f"trades:{symbol_id}", trade_from_match(data, self._market(symbol_id), num), updated)
        elif prefix == "/market/candles":
            self._bump(f"ohlcv:{arg}", ohlcv_from_candles(data, num), updated)
        elif prefix in ("/spotMarket/tradeOrdersV2", "/spotMarket/tradeOrders"):
            symbol_id = data.get("symbol")
            market = self._market(symbol_id)
            order = order_from_change(data, market, num)
            self.channel("orders")  # one private topic feeds both: keep both histories from the start
            self.channel("mytrades")
            self._bump("orders", order, updated)
            self._bump(f"orders:{symbol_id}", order, updated)
            trade = my_trade_from_change(data, market, num)
            if trade is not None:
                self._bump("mytrades", trade, updated)
                self._bump(f"mytrades:{symbol_id}", trade, updated)
        elif prefix == "/account/balance":
            code, entry, stamp = balance_entry_from_push(data, num)
            if code is None:
                return
            balance = self.balance
            balance[code] = entry
            for key in ("free", "used", "total"):
                balance[key][code] = entry[key]
            balance["info"] = data
            balance["timestamp"] = stamp
            balance["datetime"] = iso8601(stamp)
            self._bump("balance", balance, updated)
