"""asyncio stream driver: KuCoin sessions over :func:`kucoin_connector.ws.aconnect` (I/O layer).

Layer: driver (imports asyncio; listed in tests/core/test_layers.py IO_FILES). Rule: no protocol
logic here: the engine decides, this module fetches tokens and snapshots, moves bytes and sleeps
until the engine's timer. One reader task per connection, one timer task, no thread.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from ..errors import AuthenticationError, BaseError
from ..ws import ConnectionClosed, WebSocketError
from ..streaming.channels import ChannelKey
from ..streaming.engine import CloseSocket, OpenConnection, SendText, StreamEngine
from ..streaming.errors import StreamClosed
from ..streaming.hub import HubCore, socket_url
from ..streaming.state import StreamState
from ..streaming.topics import ConnectionKey, Unit

__all__ = ["AsyncStreamDriver"]

log = logging.getLogger(__name__)


class AsyncStreamDriver(HubCore):
    def __init__(self, engine: StreamEngine, state: StreamState, now_ms: Callable[[], int], *,
                 fetch_token: Callable[[str, bool], Awaitable[dict]],
                 fetch_snapshot: Callable[[str], Awaitable[dict]],
                 connect: Callable[..., Awaitable[Any]] | None = None,
                 snapshot_retry_s: float = 0.2, proxy: str | None = None) -> None:
        super().__init__(engine, state, now_ms)
        self._fetch_token = fetch_token
        self._fetch_snapshot = fetch_snapshot
        if connect is None:
            from ..ws import aconnect as connect
        self._connect = connect
        self._proxy = proxy
        self._snapshot_retry_s = snapshot_retry_s
        self._sockets: dict[str, Any] = {}
        self._tasks: set[asyncio.Task] = set()
        self._waiters: list[tuple[frozenset, frozenset, asyncio.Future]] = []
        self._wake: asyncio.Event | None = None
        self._timer: asyncio.Task | None = None
        self._snapshot_tries: dict[str, int] = {}
        self.closed = False

    # ------------------------------------------------------------------ consumer API
    async def wait(self, owner: str, units: list[Unit], keys: list[ChannelKey]) -> list[ChannelKey]:
        """Subscribe (once per owner) and wait until one of ``keys`` advanced; returns them."""
        if self.closed:
            raise StreamClosed("the stream driver is closed")
        self.begin(owner, units, keys)
        self._after()
        loop = asyncio.get_running_loop()
        units_f, keys_f = frozenset(units), frozenset(keys)
        while True:
            ready = self.ready(units, keys)
            if ready:
                return ready
            future = loop.create_future()
            entry = (units_f, keys_f, future)
            self._waiters.append(entry)
            try:
                await future
            finally:
                if entry in self._waiters:
                    self._waiters.remove(entry)

    async def close(self) -> None:
        self.closed = True
        self.engine.close_all()
        self._after()
        for _, _, future in self._waiters:
            if not future.done():
                future.set_exception(StreamClosed("the stream driver was closed"))
        tasks = [t for t in self._tasks if not t.done()]
        for ws in list(self._sockets.values()):
            tasks.append(asyncio.ensure_future(self._abort(ws, "client closed")))
        self._sockets.clear()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        for task in list(self._tasks):
            task.cancel()
        if self._timer is not None:
            self._timer.cancel()

    # ------------------------------------------------------------------ engine plumbing
    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _after(self) -> None:
        """Absorb engine events, resolve waiters, run actions, ask for snapshots, re-arm the timer."""
        updated, failed = self.absorb()
        if updated or failed:
            for units, keys, future in self._waiters:
                if not future.done() and (keys & updated or (failed and units & self.failed.keys())):
                    future.set_result(None)
        for action in self.engine.actions():
            kind = type(action)
            if kind is SendText:
                ws = self._sockets.get(action.connect_id)
                if ws is not None:
                    self._spawn(self._send(action.key, action.connect_id, ws, action.text))
            elif kind is OpenConnection:
                self._spawn(self._open(action))
            elif kind is CloseSocket:
                ws = self._sockets.pop(action.connect_id, None)
                if ws is not None:
                    self._spawn(self._abort(ws, action.reason))
        for symbol_id in self.state.take_snapshot_requests():
            self._spawn(self._snapshot(symbol_id))
        if self._wake is None:
            self._wake = asyncio.Event()
        if self._timer is None or self._timer.done():
            self._timer = asyncio.ensure_future(self._run_timer())
        self._wake.set()

    async def _run_timer(self) -> None:
        assert self._wake is not None
        while not self.closed:
            deadline = self.engine.get_timer()
            self._wake.clear()
            if deadline is None:
                await self._wake.wait()
                continue
            delay = (deadline - self.now_ms()) / 1000.0
            if delay > 0:
                try:
                    await asyncio.wait_for(self._wake.wait(), delay)
                    continue
                except asyncio.TimeoutError:
                    pass
            self.engine.handle_timer(self.now_ms())
            self._after()

    async def _send(self, key: ConnectionKey, connect_id: str, ws: Any, text: str) -> None:
        try:
            await ws.send(text)
        except (ConnectionClosed, WebSocketError, OSError) as exc:
            self.engine.closed(key, connect_id, f"send failed: {exc}", self.now_ms())
            self._after()

    async def _abort(self, ws: Any, reason: str) -> None:
        """Drop a socket without waiting for the peer (a lost session must not hold the driver)."""
        try:
            await ws.abort(1000, reason)
        except Exception:  # noqa: BLE001 - already closed or failed: nothing left to say
            pass

    async def _open(self, action: OpenConnection) -> None:
        key, cid = action.key, action.connect_id
        try:
            data = await self._fetch_token(action.family, action.private)
            url, interval, timeout = socket_url(data, cid)
            ws = await self._connect(url, proxy=self._proxy)
        except AuthenticationError as exc:
            self.engine.open_failed(key, cid, str(exc), self.now_ms(), fatal=exc)
            self._after()
            return
        except (BaseError, WebSocketError, OSError, asyncio.TimeoutError, KeyError, IndexError, ValueError) as exc:
            self.engine.open_failed(key, cid, f"{type(exc).__name__}: {exc}", self.now_ms())
            self._after()
            return
        self._sockets[cid] = ws
        self.engine.opened(key, cid, self.now_ms(), ping_interval_ms=interval, ping_timeout_ms=timeout)
        self._after()
        self._spawn(self._read(key, cid, ws))

    async def _read(self, key: ConnectionKey, cid: str, ws: Any) -> None:
        try:
            while True:
                text = await ws.recv()
                self.engine.received(key, cid, text, self.now_ms())
                self._after()
        except ConnectionClosed as exc:
            reason = f"closed: {exc.code} {exc.reason}"
        except (WebSocketError, OSError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # noqa: BLE001 - a bug must not leave a dead reader and a hanging watch
            log.exception("kucoin ws %s: reader failed; reconnecting", key)
            reason = f"internal error: {type(exc).__name__}"
        self._sockets.pop(cid, None)
        self.engine.closed(key, cid, reason, self.now_ms())
        self._after()

    async def _snapshot(self, symbol_id: str) -> None:
        tries = self._snapshot_tries.get(symbol_id, 0)
        if tries:
            await asyncio.sleep(min(5.0, self._snapshot_retry_s * tries))
        ticket = self.state.snapshot_ticket(symbol_id)
        if ticket is None:  # synced, gone, or not subscribed now (the next subscription asks again)
            return
        self._snapshot_tries[symbol_id] = tries + 1
        try:
            data = await self._fetch_snapshot(symbol_id)
        except BaseError as exc:
            log.warning("order book snapshot for %s failed: %s", symbol_id, exc)
            self.state.request_snapshot(symbol_id)
            self._after()
            return
        if not self.state.ticket_valid(symbol_id, ticket):
            # The connection carrying this book was lost while the snapshot was on its way: applying it
            # would "sync" the book at a sequence the next connection never continues (state.py).
            log.info("order book %s: snapshot discarded (its subscription was lost during the fetch)", symbol_id)
            self._snapshot_tries.pop(symbol_id, None)
            return
        updated = self.state.on_snapshot(symbol_id, data, ticket=ticket)
        if self.state.books.get(symbol_id) is not None and self.state.books[symbol_id].synced:
            self._snapshot_tries.pop(symbol_id, None)
            log.info("order book %s synchronised at sequence %s", symbol_id, self.state.books[symbol_id].sequence)
        for _, keys, future in self._waiters:
            if not future.done() and keys & updated:
                future.set_result(None)
        self._after()
