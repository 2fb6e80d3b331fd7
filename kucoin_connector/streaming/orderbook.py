"""Level-2 order book state for ``/market/level2`` and the depth topics (pure core).

Layer: pure core. Rule: no I/O, no clock; exact ``Decimal`` prices and sizes, numbers leave through
``num`` only when the ccxt structure is built.

Synchronisation (kucoin.md, "Level-2 order book synchronisation";
https://www.kucoin.com/docs-new/websocket-api/spot-trading/public-channels/orderbook-increment):

1. subscribe first and buffer deltas;
2. fetch a snapshot, note its ``sequence`` S;
3. replay the buffer: drop messages with ``sequenceEnd <= S``; within a message apply only changes
   whose own sequence is greater than the book's sequence;
4. continuity: the next message must have ``sequenceStart <= sequence + 1`` (and ``sequenceEnd >
   sequence``; a message entirely at or below the book's sequence is a duplicate and is ignored);
   anything else is a gap: the book is dropped, deltas are buffered again and a new snapshot is asked
   for (``need_snapshot``). ``resyncs`` counts the re-snapshots after the first one so a host can
   replace its own copy;
5. apply: price ``"0"`` -> no level change but the sequence advances; size ``"0"`` -> delete; else set.

``/spotMarket/level2Depth5|50`` pushes are whole snapshots: :meth:`L2Book.replace`.

Hostile input: a price or size must be a decimal string, finite, not negative, within ``1e±40`` and at
most 64 characters (``"NaN"``, ``"1e999999999"`` or ``7`` are refused); sequences must be integers.
A malformed delta raises (``ValueError``/``TypeError``/...) and may have changed part of the book: the
caller (:class:`~.state.StreamState`) drops the push and resynchronises the book. A delta buffered
before the snapshot is checked when it arrives, so the replay in :meth:`L2Book.on_snapshot` cannot fail
on it. A snapshot (REST or a depth push) with a malformed row raises before it changes the book.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

from ..core.numbers import FROM_DECIMAL, Num
from ..core.timeutil import iso8601

__all__ = ["L2Book", "APPLIED", "BUFFERED", "IGNORED", "GAP", "SYNCED", "STALE_SNAPSHOT"]

APPLIED = "applied"
BUFFERED = "buffered"
IGNORED = "ignored"
GAP = "gap"
SYNCED = "synced"
STALE_SNAPSHOT = "stale_snapshot"  # the snapshot is older than the oldest buffered delta: fetch again

_ZERO = Decimal(0)
_MAX_EXPONENT = 40  # |adjusted exponent| of a price or size (the REST parsers' bound too)
_MAX_TEXT = 64


class BadLevel(ValueError):
    """A level-2 price, size or sequence no book can hold."""


def level_number(text: object) -> Decimal:
    """A price or size string -> ``Decimal``; :class:`BadLevel` for anything a book cannot hold."""
    if type(text) is not str or len(text) > _MAX_TEXT:
        raise BadLevel(f"level value {str(text)[:24]!r} is not a decimal string")
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise BadLevel(f"level value {text!r} is not a number") from None
    if not d.is_finite() or d.is_signed() and d or not -_MAX_EXPONENT <= d.adjusted() <= _MAX_EXPONENT:
        if d.is_finite() and not d:
            return d  # 0 with any exponent ("0E-50") is still zero
        raise BadLevel(f"level value {text!r} is not a finite, non-negative number within 1e±{_MAX_EXPONENT}")
    return d


def _sequence(value: object) -> int:
    if type(value) is int:
        return value
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 20:
        return int(value)
    raise BadLevel(f"sequence {str(value)[:24]!r} is not an integer")
# Distinct price strings remembered per book (str -> Decimal); cleared when full, so memory is bounded.
_PRICE_CACHE_SIZE = 4096


class L2Book:
    """One symbol's book. ``synced`` False means deltas are being buffered until a snapshot arrives."""

    def __init__(self, symbol: str, *, max_buffer: int = 2000) -> None:
        self.symbol = symbol
        self.bids: dict[Decimal, Decimal] = {}
        self.asks: dict[Decimal, Decimal] = {}
        self.sequence: int | None = None
        self.timestamp: int | None = None
        self.synced = False
        self.snapshots = 0  # snapshots applied (the first one included)
        self.resyncs = 0  # snapshots applied after a gap
        self.gaps = 0
        self.max_buffer = max_buffer
        self._buffer: list[Mapping[str, Any]] = []
        self._after_gap = False
        self._prices: dict[str, Decimal] = {}

    @property
    def need_snapshot(self) -> bool:
        return not self.synced

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    # ------------------------------------------------------------------ deltas
    def on_delta(self, data: Mapping[str, Any]) -> str:
        """One ``/market/level2`` push ``data``; returns APPLIED, BUFFERED, IGNORED or GAP."""
        if not self.synced:
            _check_delta(data)  # the replay over the snapshot must not be the first to see garbage
            self._buffer.append(data)
            if len(self._buffer) > self.max_buffer:
                del self._buffer[0]  # the snapshot will then be found stale and fetched again
            return BUFFERED
        return self._apply(data)

    def _apply(self, data: Mapping[str, Any]) -> str:
        start, end = _sequence(data["sequenceStart"]), _sequence(data["sequenceEnd"])
        before = self.sequence
        assert before is not None
        if end <= before:
            return IGNORED
        if start > before + 1:
            self._gap(data)
            return GAP
        changes = data.get("changes")
        if changes:
            # Hot path (one call per push), so both sides share one inlined loop. Exactness: a price
            # string maps to one Decimal whatever the cache holds (Decimal(s) is a pure function of s),
            # and Decimal keys make "1.50" and "1.5" the same level, as before.
            cache = self._prices
            for levels, rows in ((self.bids, changes.get("bids")), (self.asks, changes.get("asks"))):
                if not rows:
                    continue
                for change in rows:
                    if int(change[2]) <= before:
                        continue  # already in the book (a replay over a snapshot, step 3)
                    price_s = change[0]
                    price = cache.get(price_s)
                    if price is None:
                        price = level_number(price_s)  # only checked strings enter the cache
                        if len(cache) >= _PRICE_CACHE_SIZE:
                            cache.clear()
                        cache[price_s] = price
                    if not price:
                        continue  # price "0": a sequence-only change (kucoin.md step 5)
                    size_s = change[1]
                    size = _ZERO if size_s == "0" else level_number(size_s)
                    if size:
                        levels[price] = size
                    else:
                        levels.pop(price, None)
        self.sequence = end
        stamp = data.get("time")
        if stamp is not None:
            self.timestamp = _sequence(stamp)
        return APPLIED

    def _gap(self, data: Mapping[str, Any] | None) -> None:
        self.gaps += 1
        self.synced = False
        self._after_gap = True
        self.bids.clear()
        self.asks.clear()
        self.sequence = None
        self._buffer = [data] if data is not None else []

    def invalidate(self) -> None:
        """Forget the book (e.g. after a reconnect: deltas were missed); a new snapshot is needed."""
        if self.synced or self.sequence is not None:
            self._gap(None)
        else:
            self._buffer.clear()

    # ------------------------------------------------------------------ snapshots
    def on_snapshot(self, data: Mapping[str, Any]) -> str:
        """A REST snapshot ``{sequence, bids, asks, time}``; returns SYNCED, GAP or STALE_SNAPSHOT."""
        sequence = _sequence(data["sequence"])
        stamp = data.get("time")
        stamp = _sequence(stamp) if stamp is not None else self.timestamp
        bids, asks = _levels(data.get("bids")), _levels(data.get("asks"))
        pending = [m for m in self._buffer if _sequence(m["sequenceEnd"]) > sequence]
        if pending and _sequence(pending[0]["sequenceStart"]) > sequence + 1:
            self._buffer = pending
            return STALE_SNAPSHOT
        self.bids, self.asks = bids, asks
        self.sequence = sequence
        self.timestamp = stamp
        self.synced = True
        self.snapshots += 1
        if self._after_gap:
            self.resyncs += 1
            self._after_gap = False
        self._buffer = []
        for message in pending:
            if self._apply(message) == GAP:
                return GAP
        return SYNCED

    def replace(self, data: Mapping[str, Any]) -> None:
        """A full depth snapshot push (``level2Depth5``/``level2Depth50``: ``{asks, bids, timestamp}``)."""
        bids, asks = _levels(data.get("bids")), _levels(data.get("asks"))
        stamp = data.get("timestamp", data.get("time"))
        self.timestamp = _sequence(stamp) if stamp is not None else None
        self.bids, self.asks = bids, asks
        self.synced = True

    # ------------------------------------------------------------------ output
    def sides(self, limit: int | None = None) -> tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]:
        """Sorted ``(price, size)`` lists: bids descending, asks ascending."""
        bids = sorted(self.bids.items(), reverse=True)
        asks = sorted(self.asks.items())
        if limit is not None:
            bids, asks = bids[:limit], asks[:limit]
        return bids, asks

    def to_ccxt(self, num: Num, limit: int | None = None, symbol: str | None = None) -> dict[str, Any]:
        """The ccxt order book structure plus ``resyncs`` (re-snapshots after gaps so far)."""
        bids, asks = self.sides(limit)
        num = FROM_DECIMAL.get(num, num)
        return {
            "symbol": symbol if symbol is not None else self.symbol,
            "bids": [[num(p), num(s)] for p, s in bids],
            "asks": [[num(p), num(s)] for p, s in asks],
            "timestamp": self.timestamp,
            "datetime": iso8601(self.timestamp),
            "nonce": self.sequence,
            "resyncs": self.resyncs,
        }


def _levels(rows: Sequence[Sequence[Any]] | None) -> dict[Decimal, Decimal]:
    """Snapshot rows ``[price, size, ...]`` -> levels (size 0 rows skipped); any malformed row raises
    :class:`BadLevel`: a book with silently missing levels would look complete."""
    levels: dict[Decimal, Decimal] = {}
    if rows is None:
        return levels
    if not isinstance(rows, (list, tuple)):
        raise BadLevel(f"book side is a {type(rows).__name__}, not a list")
    for row in rows:
        if not isinstance(row, (list, tuple)) or len(row) < 2:
            raise BadLevel(f"book row {str(row)[:40]!r} is not [price, size]")
        price, size = level_number(row[0]), level_number(row[1])
        if size and price:
            levels[price] = size
    return levels


def _check_delta(data: Mapping[str, Any]) -> None:
    """Raise unless ``data`` is a well-formed ``/market/level2`` delta (checked before buffering)."""
    _sequence(data["sequenceStart"])
    _sequence(data["sequenceEnd"])
    stamp = data.get("time")
    if stamp is not None:
        _sequence(stamp)
    changes = data.get("changes")
    if not changes:
        return
    for side in ("bids", "asks"):
        for change in changes.get(side) or ():
            _sequence(change[2])
            level_number(change[0])
            if change[1] != "0":
                level_number(change[1])
