"""Level-2 order-book state, whatever the wire format of its deltas (pure core).

Layer: pure core. Rule: no I/O, no clock; exact ``Decimal`` prices and sizes, numbers leave through
``num`` only when the ccxt structure is built.

:class:`BookState` holds what every KuCoin level-2 book has: the two sides, the sequence, the
buffer of deltas that arrived before the snapshot, the resync counters and the gap policy. How one
delta message is read is a :class:`DeltaFormat` (spot: :mod:`kucoin_connector.spot.l2`), so another
product family adds its format without touching this class.

Synchronisation (kucoin.md, "Level-2 order book synchronisation"):

1. subscribe first and buffer deltas;
2. fetch a snapshot, note its ``sequence`` S;
3. replay the buffer: drop messages whose last sequence is ``<= S``; within a message the format
   applies only changes whose own sequence is greater than the book's sequence;
4. continuity (the gap policy, on the message's ``(first, last)`` sequence from the format): the next
   message must have ``first <= sequence + 1`` (and ``last > sequence``; a message entirely at or below
   the book's sequence is a duplicate and is ignored). A format whose messages carry one sequence
   (``first == last``) gets "strictly +1" from the same rule. Anything else is a gap: the book is
   dropped, deltas are buffered again and a new snapshot is asked for. ``resyncs`` counts the
   re-snapshots after the first one so a host can replace its own copy;
5. apply (the format): price ``"0"`` -> no level change but the sequence advances; size ``"0"`` ->
   delete; else set.

Depth pushes (whole snapshots) go through :meth:`BookState.replace`.

Hostile input: a price or size must be a decimal string, finite, not negative, within ``1e±40`` and at
most 64 characters (``"NaN"``, ``"1e999999999"`` or ``7`` are refused); sequences must be integers.
A malformed delta raises (``ValueError``/``TypeError``/...) and may have changed part of the book: the
caller (:class:`~.state.StreamState`) drops the push and resynchronises the book. A delta buffered
before the snapshot is checked (``DeltaFormat.check``) when it arrives, so the replay in
:meth:`BookState.on_snapshot` cannot fail on it. A snapshot with a malformed row raises before it
changes the book.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Protocol, Sequence

from ..core.numbers import FROM_DECIMAL, Num
from ..core.timeutil import iso8601

__all__ = ["BookState", "DeltaFormat", "BadLevel", "level_number", "sequence_number", "levels_from_rows",
           "APPLIED", "BUFFERED", "IGNORED", "GAP", "SYNCED", "STALE_SNAPSHOT"]

APPLIED = "applied"
BUFFERED = "buffered"
IGNORED = "ignored"
GAP = "gap"
SYNCED = "synced"
STALE_SNAPSHOT = "stale_snapshot"  # the snapshot is older than the oldest buffered delta: fetch again

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


def sequence_number(value: object) -> int:
    """A sequence or timestamp (an int, or a string of at most 20 digits) -> ``int``; else :class:`BadLevel`."""
    if type(value) is int:
        return value
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 20:
        return int(value)
    raise BadLevel(f"sequence {str(value)[:24]!r} is not an integer")


class DeltaFormat(Protocol):
    """How one family's level-2 delta message is read (spot: :class:`kucoin_connector.spot.l2.SpotL2`)."""

    def check(self, data: Mapping[str, Any]) -> None:
        """Raise unless ``data`` is a well-formed delta (called before buffering it)."""

    def bounds(self, data: Mapping[str, Any]) -> tuple[int, int]:
        """The first and last sequence the message carries."""

    def apply(self, book: "BookState", data: Mapping[str, Any], before: int) -> None:
        """Apply the changes whose own sequence is above ``before`` to ``book.bids``/``book.asks`` and set
        ``book.timestamp`` from the message (the hot path: one call per push)."""

    def snapshot(self, data: Mapping[str, Any]) -> tuple[int, int | None]:
        """A REST snapshot's ``(sequence, timestamp or None)``; its ``bids``/``asks`` rows are
        ``[price, size, ...]`` for every family."""


class BookState:
    """One symbol's book. ``synced`` False means deltas are being buffered until a snapshot arrives."""

    def __init__(self, symbol: str, fmt: DeltaFormat, *, max_buffer: int = 2000) -> None:
        self.symbol = symbol
        self.format = fmt
        self._bounds = fmt.bounds  # bound once: the hot path calls them per push
        self._changes = fmt.apply
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
        self.prices: dict[str, Decimal] = {}  # price text -> Decimal, for the format's use (it bounds it)

    @property
    def need_snapshot(self) -> bool:
        return not self.synced

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    # ------------------------------------------------------------------ deltas
    def on_delta(self, data: Mapping[str, Any]) -> str:
        """One delta push ``data``; returns APPLIED, BUFFERED, IGNORED or GAP."""
        if not self.synced:
            self.format.check(data)  # the replay over the snapshot must not be the first to see garbage
            self._buffer.append(data)
            if len(self._buffer) > self.max_buffer:
                del self._buffer[0]  # the snapshot will then be found stale and fetched again
            return BUFFERED
        return self._apply(data)

    def _apply(self, data: Mapping[str, Any]) -> str:
        start, end = self._bounds(data)
        before = self.sequence
        assert before is not None
        if end <= before:
            return IGNORED
        if start > before + 1:
            self._gap(data)
            return GAP
        self._changes(self, data, before)
        self.sequence = end
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
        """A REST snapshot (sequence, ``bids``, ``asks``, time); returns SYNCED, GAP or STALE_SNAPSHOT."""
        sequence, stamp = self.format.snapshot(data)
        if stamp is None:
            stamp = self.timestamp
        bids, asks = levels_from_rows(data.get("bids")), levels_from_rows(data.get("asks"))
        bounds = self._bounds
        pending = [m for m in self._buffer if bounds(m)[1] > sequence]
        if pending and bounds(pending[0])[0] > sequence + 1:
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
        """A full depth snapshot push (``{asks, bids, timestamp}``)."""
        bids, asks = levels_from_rows(data.get("bids")), levels_from_rows(data.get("asks"))
        stamp = data.get("timestamp", data.get("time"))
        self.timestamp = sequence_number(stamp) if stamp is not None else None
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


def levels_from_rows(rows: Sequence[Sequence[Any]] | None) -> dict[Decimal, Decimal]:
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
