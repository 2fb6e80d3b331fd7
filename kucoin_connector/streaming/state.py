"""What the streams know: order books, channels per watch, balances; fed by engine events (pure core).

Layer: pure core. Rule: no I/O, no clock. The drivers feed :meth:`StreamState.apply` with the
engine's events and get back which channels advanced (:class:`~.channels.ChannelKey`) and which
subscriptions failed. A push goes to the handler its topic prefix names in the family's
:class:`TopicTable` (spot: :data:`kucoin_connector.spot.topics.SPOT_TOPICS`); the handler shapes it
and :meth:`StreamState.bump`\\ s the channels the watches read.

Order books follow kucoin.md "Level-2 order book synchronisation" (:mod:`.book`): a snapshot
is requested (``take_snapshot_requests``) once the incremental book subscription is acknowledged
(subscribe first, buffer, then snapshot), after every gap, and after every reconnect (the connection
that carried the deltas was lost, so deltas were missed).

A snapshot counts only when it was *asked for* while the book's current subscription was live
(:meth:`StreamState.snapshot_ticket`, then ``on_snapshot(..., ticket=...)``). One fetched before a
connection loss and answered after it would otherwise "synchronise" the invalidated book (its delta
buffer is empty, so nothing shows the snapshot is old) at a sequence the new connection never
continues: the book looks synced but misses every change made while the client was away, and on a
quiet symbol no later delta ever exposes the gap (the stream soak's stuck books, issue 4).

Hostile pushes (issue 7 §4): :meth:`StreamState.apply` is the push-dispatch boundary. A push whose
handler raises anything (wrong types, ``"NaN"``/``"1e999999999"`` numbers, missing fields, ``data``
not an object) is dropped, counted (``bad_pushes``, ``bad_pushes_by_topic``) and logged once per topic
at WARNING; a bad level-2 delta also resynchronises that book (its state may be half-updated). The
stream goes on with the next push. A malformed REST snapshot is handled like a failed fetch.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from ..core.markets import MarketRegistry
from ..core.numbers import Num
from ..core.timeutil import iso8601
from ..errors import BaseError
from .book import APPLIED, GAP, STALE_SNAPSHOT, SYNCED, BookState
from .channels import BALANCE_KIND, BOOK, MY_TRADES_KIND, ORDERS_KIND, Channel, ChannelKey
from .engine import GaveUp, Interrupted, Message, Subscribed, SubscriptionFailed
from .topics import Unit
from ..options import OPTIONS  # the defaults live in the options table, nowhere else

_BALANCE = ChannelKey(BALANCE_KIND)

__all__ = ["StreamState", "TopicTable", "TopicHandler"]

log = logging.getLogger(__name__)

_MAX_BAD_TOPICS = 1000  # distinct topics counted one by one; the rest under "other"

# handler(state, topic argument, push data, whole message, channels advanced so far)
TopicHandler = Callable[["StreamState", str, Mapping[str, Any], Mapping[str, Any], set], None]


class TopicTable(NamedTuple):
    """One product family's pushes: ``handlers`` by topic prefix, the prefix of its incremental
    level-2 book topic and how a book for it is made (its :class:`~.book.DeltaFormat`)."""

    family: str
    handlers: Mapping[str, TopicHandler]
    book_prefix: str
    new_book: Callable[[str], BookState]


class StreamState:
    """Channels and books for one face. Not thread-safe: the driver serialises calls."""

    def __init__(self, registry: MarketRegistry, num: Num, topics: TopicTable, *,
                 cache_limit: int = OPTIONS["wsCacheLimit"].default) -> None:
        self.topics = topics
        self._handlers = topics.handlers
        self._book_prefix = topics.book_prefix
        self.registry = registry
        self.num = num
        self.cache_limit = cache_limit
        self.channels: dict[ChannelKey, Channel] = {}
        self.books: dict[str, BookState] = {}  # by KuCoin symbol id (incremental)
        self.depth_books: dict[tuple[str, int], BookState] = {}
        self.balance: dict[str, Any] = {"info": [], "timestamp": None, "datetime": None,
                                        "free": {}, "used": {}, "total": {}}
        self._book_keys: dict[str, ChannelKey] = {}
        self._snapshot_requests: dict[str, None] = {}
        self._live: set[str] = set()  # level-2 books whose current subscription is acknowledged
        self._epochs: dict[str, int] = {}  # per level-2 book: +1 whenever its subscription is lost
        self.bad_pushes = 0  # malformed pushes dropped (a level-2 one also resynchronised its book)
        self.bad_pushes_by_topic: dict[str, int] = {}
        self.bad_snapshots = 0  # malformed REST snapshots (asked for again, like a failed fetch)

    # ------------------------------------------------------------------ channels
    def channel(self, key: ChannelKey) -> Channel:
        """The channel of ``key`` (created on first use; a book channel also creates its book)."""
        found = self.channels.get(key)
        if found is None:
            found = self.channels[key] = Channel(self.cache_limit)
        if key.kind == BOOK and key.arg is not None and key.arg not in self.books:
            self.book(key.arg)
        return found

    def bump(self, key: ChannelKey, item: Any, updated: set[ChannelKey]) -> None:
        """Push ``item`` to the channel of ``key`` if a watch opened it; note it in ``updated``."""
        found = self.channels.get(key)
        if found is not None:
            found.push(item)
            updated.add(key)

    def bump_order_change(self, symbol_id: Any, order: Any, trade: Any, updated: set[ChannelKey]) -> None:
        """One private order-change push (every family): the order goes to the ``orders`` channels (all
        symbols and its own), its fill (``trade``, None when it did not match) to the ``mytrades`` ones. Both
        all-symbol channels exist from the first push, so either watch sees the history from the start."""
        for kind, item in ((ORDERS_KIND, order), (MY_TRADES_KIND, trade)):
            self.channel(ChannelKey(kind))
            if item is not None:
                self.bump(ChannelKey(kind), item, updated)
                self.bump(ChannelKey(kind, symbol_id), item, updated)

    def bump_balance(self, code: str, entry: Mapping[str, Any], stamp: int | None, info: Any,
                     updated: set[ChannelKey]) -> None:
        """One balance push (every family): currency ``code``'s ``entry`` (free/used/total) merged into the
        account balance, which then goes to the ``balance`` channel."""
        balance = self.balance
        balance[code] = entry
        for key in ("free", "used", "total"):
            balance[key][code] = entry[key]
        balance["info"] = info
        balance["timestamp"] = stamp
        balance["datetime"] = iso8601(stamp)
        self.bump(_BALANCE, balance, updated)

    def market(self, symbol_id: Any) -> Mapping[str, Any] | None:
        return self.registry.by_id(symbol_id) if isinstance(symbol_id, str) else None

    # ------------------------------------------------------------------ books
    def book(self, symbol_id: str) -> BookState:
        found = self.books.get(symbol_id)
        if found is None:
            found = self.books[symbol_id] = self.topics.new_book(symbol_id)
            self._book_keys[symbol_id] = ChannelKey(BOOK, symbol_id)
        return found

    def depth_book(self, symbol_id: str, depth: int) -> BookState:
        key = (symbol_id, depth)
        found = self.depth_books.get(key)
        if found is None:
            found = self.depth_books[key] = self.topics.new_book(symbol_id)
        return found

    def on_book_delta(self, symbol_id: Any, data: Mapping[str, Any], updated: set[ChannelKey]) -> None:
        """One incremental level-2 push for ``symbol_id`` (the hot path)."""
        book = self.books.get(symbol_id)
        if book is None:
            return
        result = book.on_delta(data)
        if result == APPLIED:
            self.bump(self._book_keys[symbol_id], book, updated)
        elif result == GAP:
            self._snapshot_requests[symbol_id] = None
            self._unready(symbol_id)
            updated.discard(self._book_keys[symbol_id])

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

    def on_snapshot(self, symbol_id: str, data: Mapping[str, Any], ticket: int | None = None) -> set[ChannelKey]:
        """A REST level-2 snapshot arrived for ``symbol_id``; returns the channels that advanced.

        With a ``ticket`` (:meth:`snapshot_ticket`), a snapshot whose subscription was lost while it
        was being fetched is discarded (see the module docstring)."""
        book = self.books.get(symbol_id)
        updated: set[ChannelKey] = set()
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
        key = self._book_keys[symbol_id]
        if result in (SYNCED, GAP) and book.synced:
            self.bump(key, book, updated)
        if result in (GAP, STALE_SNAPSHOT):
            self._snapshot_requests[symbol_id] = None
            if not book.synced:
                self._unready(symbol_id)
                updated.discard(key)
        return updated

    def _unready(self, symbol_id: str) -> None:
        """The book lost its sync: updates announced before are void (the channel holds the book object
        itself, now cleared), so a waiting ``watch_order_book`` must wait for the resync, never return
        an empty, unsynchronised book."""
        found = self.channels.get(self._book_keys[symbol_id])
        if found is not None:
            found.cursor = found.count

    def drop_book(self, symbol_id: str) -> None:
        self.books.pop(symbol_id, None)
        self._snapshot_requests.pop(symbol_id, None)
        self._lose_subscription(symbol_id)  # a snapshot still in flight belongs to the old book

    def forget(self, units: Iterable[Unit]) -> None:
        """Units nobody holds any more: their incremental books go (a later watch starts afresh)."""
        for u in units:
            if u.prefix == self._book_prefix and u.arg:
                self.drop_book(u.arg)

    # ------------------------------------------------------------------ engine events
    def _book_ids(self, units: Iterable[Unit]) -> list[str]:
        prefix = self._book_prefix
        return [u.arg for u in units if u.prefix == prefix and u.arg is not None]

    def apply(self, events: Iterable[Any]) -> tuple[set[ChannelKey], list[tuple[tuple[Unit, ...], BaseError]]]:
        """Engine events -> (channels that advanced, [(units, error)] for failed subscriptions)."""
        updated: set[ChannelKey] = set()
        failures: list[tuple[tuple[Unit, ...], BaseError]] = []
        for event in events:
            kind = type(event)
            if kind is Message:
                self._on_message(event.message, updated)
            elif kind is Subscribed:
                for sid in self._book_ids(event.units):
                    self._live.add(sid)
                    if not self.book(sid).synced:
                        self._snapshot_requests[sid] = None
            elif kind is Interrupted:
                for sid in self._book_ids(event.units):
                    self._lose_subscription(sid)  # snapshots in flight are void
                    if sid in self.books:
                        self.books[sid].invalidate()
                        self._unready(sid)
                        self._snapshot_requests.pop(sid, None)  # asked again once resubscribed
            elif kind is SubscriptionFailed or kind is GaveUp:
                for sid in self._book_ids(event.units):
                    self._lose_subscription(sid)
                failures.append((event.units, event.error))
        return updated, failures

    def _on_message(self, message: Mapping[str, Any], updated: set[ChannelKey]) -> None:
        """The push-dispatch boundary: whatever a push holds, it is applied or dropped, never raised."""
        topic = message.get("topic")
        try:
            data = message.get("data")
            if not isinstance(topic, str) or not isinstance(data, Mapping):
                raise TypeError("a push needs a string topic and an object as data")
            prefix, _, arg = topic.partition(":")
            handler = self._handlers.get(prefix)
            if handler is not None:
                handler(self, arg, data, message, updated)
        except Exception as exc:  # noqa: BLE001 - see the module docstring
            self._bad_push(topic, exc, message, updated)

    def _bad_push(self, topic: Any, exc: Exception, message: Mapping[str, Any], updated: set[ChannelKey]) -> None:
        name = topic[:200] if isinstance(topic, str) else "<no topic>"
        counts = self.bad_pushes_by_topic
        if name not in counts and len(counts) >= _MAX_BAD_TOPICS:
            name = "other"
        counts[name] = counts.get(name, 0) + 1
        self.bad_pushes += 1
        if counts[name] == 1:
            log.warning("kucoin ws: dropped a malformed push on %s (%s: %s); later ones on this topic are only "
                        "counted", name, type(exc).__name__, str(exc)[:200])
        if isinstance(topic, str) and topic.startswith(self._book_prefix + ":"):
            data = message.get("data")
            symbol_id = data.get("symbol") if isinstance(data, Mapping) else None
            for sid in (topic.partition(":")[2], symbol_id):
                if isinstance(sid, str) and sid in self.books:
                    self._resync(sid, updated)

    def _resync(self, symbol_id: str, updated: set[ChannelKey]) -> None:
        """Forget a book whose state can no longer be trusted and fetch a new snapshot."""
        self.books[symbol_id].invalidate()
        self._unready(symbol_id)
        updated.discard(self._book_keys[symbol_id])
        if symbol_id in self._live:
            self._snapshot_requests[symbol_id] = None
