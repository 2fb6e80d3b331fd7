"""kucoin_connector's self-healing order book -> Hummingbot snapshot and diff messages (pure).

``AsyncKucoin.watch_order_book`` keeps each book itself: snapshot sync, sequence continuity checks, and
a re-snapshot after a gap, a reconnect or a token renewal, counted in ``book["resyncs"]``. Hummingbot
keeps its own copy and only applies what it is sent, so the mirror sends

* a **diff** for every change: the levels whose size changed since the previous book (size 0 =
  removed), so the diffs alone always rebuild the book exactly, even across a resync (Hummingbot
  replays diffs it saved before its first snapshot without looking at their ids);
* a **snapshot** as well for the first book, after :meth:`BookMirror.reset` (the stream was
  restarted) and whenever ``resyncs`` moved: Hummingbot's copy is replaced, never left stale.

``update_id`` is the mirror's own counter, strictly increasing; a snapshot comes after the diff of the
same change, so it is newer than every diff before it (Hummingbot drops diffs older than its snapshot
and replays newer ones onto it).
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

__all__ = ["BookMirror", "BookUpdate"]

Levels = dict  # price -> size, as the connector gives them (Decimal or float)


class BookUpdate(tuple):
    """``(kind, update_id, bids, asks, timestamp_s)``; ``kind`` is ``"snapshot"`` or ``"diff"``."""

    __slots__ = ()

    def __new__(cls, kind: str, update_id: int, bids: list, asks: list, timestamp: float) -> "BookUpdate":
        return tuple.__new__(cls, (kind, update_id, bids, asks, timestamp))

    kind = property(lambda self: self[0])
    update_id = property(lambda self: self[1])
    bids = property(lambda self: self[2])
    asks = property(lambda self: self[3])
    timestamp = property(lambda self: self[4])


def _levels(rows: Sequence[Sequence[Any]]) -> Levels:
    return {row[0]: row[1] for row in rows}


def _changes(old: Levels, new: Levels) -> list:
    out = [[price, size] for price, size in new.items() if old.get(price) != size]
    out.extend([price, 0] for price in old if price not in new)
    return out


class BookMirror:
    """One trading pair's last sent book and the counter of messages sent."""

    __slots__ = ("_bids", "_asks", "_resyncs", "_fresh", "update_id", "snapshots", "diffs", "timestamp")

    def __init__(self) -> None:
        self._bids: Levels = {}
        self._asks: Levels = {}
        self._resyncs: Optional[int] = None
        self._fresh = True
        self.update_id = 0
        self.snapshots = 0
        self.diffs = 0
        self.timestamp = 0.0

    @property
    def has_book(self) -> bool:
        return not self._fresh

    def reset(self) -> None:
        """The stream behind this book was restarted: the next book is sent as a snapshot."""
        self._fresh = True

    def apply(self, book: Mapping[str, Any]) -> list[BookUpdate]:
        """The messages that bring Hummingbot's copy to ``book``, in order (none when nothing changed)."""
        bids, asks = _levels(book["bids"]), _levels(book["asks"])
        resyncs = book.get("resyncs")
        ts = book.get("timestamp")
        self.timestamp = ts / 1000.0 if ts else self.timestamp
        first = self.update_id == 0
        replace = self._fresh or resyncs != self._resyncs
        out: list[BookUpdate] = []
        if not first:
            bid_changes, ask_changes = _changes(self._bids, bids), _changes(self._asks, asks)
            if bid_changes or ask_changes:
                self.update_id += 1
                self.diffs += 1
                out.append(BookUpdate("diff", self.update_id, bid_changes, ask_changes, self.timestamp))
        self._bids, self._asks, self._resyncs, self._fresh = bids, asks, resyncs, False
        if replace:
            self.update_id += 1
            self.snapshots += 1
            out.append(self.snapshot())
        return out

    def snapshot(self) -> BookUpdate:
        """The whole current book as a snapshot message with the current ``update_id``."""
        if self._fresh:
            raise LookupError("no book received yet")
        return BookUpdate("snapshot", self.update_id, [[p, s] for p, s in self._bids.items()],
                          [[p, s] for p, s in self._asks.items()], self.timestamp)
