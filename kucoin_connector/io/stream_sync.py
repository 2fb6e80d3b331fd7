"""Blocking stream driver: KuCoin sessions over :func:`kucoin_connector.ws.connect` (I/O layer).

Layer: driver (imports select and socket-level helpers; listed in tests/core/test_layers.py IO_FILES).
Rule: no hidden thread. Everything runs in the caller's thread: a ``watch_*`` call (or
:meth:`SyncStreamDriver.pump`) opens connections, fetches tokens and snapshots, ``select``s over the
sockets until data, the engine's next timer or the next snapshot retry, and returns once its channel
advanced or its timeout passed. A failed snapshot fetch is retried at a later time (backing off, at
most 5 s apart), never by sleeping inside one round, so a watch's timeout always applies. A program
that watches several streams iterates them in turn (``Kucoin.stream``) or calls ``pump`` itself.
"""
from __future__ import annotations

import logging
import select
from typing import Any, Callable

from ..errors import AuthenticationError, BaseError
from ..ws import ConnectionClosed, WebSocketError
from ..streaming.channels import ChannelKey
from ..streaming.engine import CloseSocket, OpenConnection, SendText, StreamEngine
from ..streaming.errors import StreamClosed, WatchTimeout
from ..streaming.hub import HubCore, socket_url
from ..streaming.state import StreamState
from ..streaming.topics import ConnectionKey, Unit

__all__ = ["SyncStreamDriver"]

log = logging.getLogger(__name__)


class _Poll:
    """One blocking ``WebSocket`` as the driver watches it: ``select`` sees it through ``fileno``; the
    messages come from its public non-blocking helpers (no private attributes)."""

    __slots__ = ("ws", "closed")

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.closed: tuple[int, str] | None = None

    def fileno(self) -> int:
        return self.ws.fileno()

    def messages(self, read: bool) -> list[str | bytes]:
        out = self.ws.receive_ready(read)
        if self.ws.closed and self.closed is None:
            self.closed = (self.ws.close_code or 1006, self.ws.close_reason)
        return out

    def abort(self, reason: str) -> None:
        try:
            self.ws.abort(1000, reason)
        except Exception:  # noqa: BLE001 - already closed or failed
            pass


class SyncStreamDriver(HubCore):
    def __init__(self, engine: StreamEngine, state: StreamState, now_ms: Callable[[], int], *,
                 fetch_token: Callable[[str, bool], dict], fetch_snapshot: Callable[[str], dict],
                 sleep: Callable[[float], None], connect: Callable[..., Any] | None = None,
                 snapshot_retry_s: float = 0.2, proxy: str | None = None) -> None:
        super().__init__(engine, state, now_ms)
        self._fetch_token = fetch_token
        self._fetch_snapshot = fetch_snapshot
        self._sleep = sleep
        if connect is None:
            from ..ws import connect
        self._connect = connect
        self._proxy = proxy
        self._snapshot_retry_s = snapshot_retry_s
        self._sockets: dict[str, tuple[ConnectionKey, _Poll]] = {}
        self._snapshot_tries: dict[str, int] = {}
        self._snapshot_due: dict[str, int] = {}  # symbol id -> when (ms) to fetch its snapshot
        self.closed = False

    # ------------------------------------------------------------------ consumer API
    def wait(self, owner: str, units: list[Unit], keys: list[ChannelKey], timeout: float | None = None) -> list[ChannelKey]:
        """Subscribe (once per owner) and pump until one of ``keys`` advanced; ``timeout`` seconds
        without progress raise :class:`WatchTimeout` (a ``TimeoutError``)."""
        if self.closed:
            raise StreamClosed("the stream driver is closed")
        self.begin(owner, units, keys)
        start = self.now_ms()
        while True:
            self._after()
            ready = self.ready(units, keys)
            if ready:
                return ready
            left = None
            if timeout is not None:
                left = timeout - (self.now_ms() - start) / 1000.0
                if left <= 0:
                    raise WatchTimeout(f"no update on {', '.join(map(str, keys))} within {timeout} s")
            self.pump(left)

    def close(self) -> None:
        self.closed = True
        self.engine.close_all()
        self._after()
        for _, poll in list(self._sockets.values()):
            poll.abort("client closed")
        self._sockets.clear()

    # ------------------------------------------------------------------ one round
    def pump(self, timeout: float | None = None) -> None:
        """Do the pending work, then wait for data or the next timer (at most ``timeout`` s) once."""
        self._after()
        if self._deliver_buffered():
            return
        deadline = self._next_deadline()
        wait = None if deadline is None else max(0.0, (deadline - self.now_ms()) / 1000.0)
        if timeout is not None:
            wait = timeout if wait is None else min(wait, timeout)
        polls = [(cid, key, poll) for cid, (key, poll) in self._sockets.items()]
        if not polls:
            if wait is None:
                return  # nothing to wait for (the caller finds the failure in ``ready``)
            self._sleep(wait)
        else:
            try:
                readable, _, _ = select.select([p for _, _, p in polls], [], [], wait)
            except (OSError, ValueError):
                readable = [p for _, _, p in polls]
            for cid, key, poll in polls:
                if poll in readable or poll.ws.pending():
                    self._feed(cid, key, poll, read=True)
        deadline = self.engine.get_timer()
        if deadline is not None and self.now_ms() >= deadline:
            self.engine.handle_timer(self.now_ms())
        self._after()

    def _next_deadline(self) -> int | None:
        """The engine's next timer or the next snapshot retry, whichever comes first."""
        deadlines = [d for d in (self.engine.get_timer(), min(self._snapshot_due.values(), default=None))
                     if d is not None]
        return min(deadlines) if deadlines else None

    def _deliver_buffered(self) -> bool:
        delivered = False
        for cid, (key, poll) in list(self._sockets.items()):
            delivered = self._feed(cid, key, poll) or delivered
        return delivered

    def _feed(self, cid: str, key: ConnectionKey, poll: _Poll, read: bool = False) -> bool:
        try:
            messages = poll.messages(read)
        except (ConnectionClosed, WebSocketError, OSError) as exc:
            messages, poll.closed = [], (1006, str(exc))
        for text in messages:
            self.engine.received(key, cid, text, self.now_ms())
        if poll.closed is not None:
            self._sockets.pop(cid, None)
            self.engine.closed(key, cid, f"closed: {poll.closed[0]} {poll.closed[1]}", self.now_ms())
        return bool(messages) or poll.closed is not None

    # ------------------------------------------------------------------ engine plumbing
    def _after(self) -> None:
        while True:
            self.absorb()
            actions = self.engine.actions()
            now = self.now_ms()
            for symbol_id in self.state.take_snapshot_requests():
                tries = self._snapshot_tries.get(symbol_id, 0)
                delay_ms = int(1000 * min(5.0, self._snapshot_retry_s * tries)) if tries else 0
                self._snapshot_due.setdefault(symbol_id, now + delay_ms)
            snapshots = [sid for sid, due in self._snapshot_due.items() if due <= now]
            if not actions and not snapshots:
                return
            for action in actions:
                kind = type(action)
                if kind is SendText:
                    entry = self._sockets.get(action.connect_id)
                    if entry is not None:
                        try:
                            entry[1].ws.send(action.text)
                        except (ConnectionClosed, WebSocketError, OSError) as exc:
                            self._sockets.pop(action.connect_id, None)
                            self.engine.closed(action.key, action.connect_id, f"send failed: {exc}", self.now_ms())
                elif kind is OpenConnection:
                    self._open(action)
                elif kind is CloseSocket:
                    entry = self._sockets.pop(action.connect_id, None)
                    if entry is not None:
                        entry[1].abort(action.reason)
            for symbol_id in snapshots:
                del self._snapshot_due[symbol_id]
                self._snapshot(symbol_id)

    def _open(self, action: OpenConnection) -> None:
        key, cid = action.key, action.connect_id
        try:
            data = self._fetch_token(action.family, action.private)
            url, interval, timeout = socket_url(data, cid)
            ws = self._connect(url, timeout=10, proxy=self._proxy)
        except AuthenticationError as exc:
            self.engine.open_failed(key, cid, str(exc), self.now_ms(), fatal=exc)
            return
        except (BaseError, WebSocketError, OSError, KeyError, IndexError, ValueError) as exc:
            self.engine.open_failed(key, cid, f"{type(exc).__name__}: {exc}", self.now_ms())
            return
        self._sockets[cid] = (key, _Poll(ws))
        self.engine.opened(key, cid, self.now_ms(), ping_interval_ms=interval, ping_timeout_ms=timeout)

    def _snapshot(self, symbol_id: str) -> None:
        book = self.state.books.get(symbol_id)
        ticket = self.state.snapshot_ticket(symbol_id)
        if book is None or ticket is None:
            return  # synced, gone, or not subscribed now (the next subscription asks again)
        self._snapshot_tries[symbol_id] = self._snapshot_tries.get(symbol_id, 0) + 1
        try:
            data = self._fetch_snapshot(symbol_id)
        except BaseError as exc:
            log.warning("order book snapshot for %s failed: %s", symbol_id, exc)
            self.state.request_snapshot(symbol_id)
            return
        # Same rule as the asyncio driver: a snapshot is applied only under a still-valid ticket (state.py).
        self.state.on_snapshot(symbol_id, data, ticket=ticket)
        if book.synced:
            self._snapshot_tries.pop(symbol_id, None)
            log.info("order book %s synchronised at sequence %s", symbol_id, book.sequence)
