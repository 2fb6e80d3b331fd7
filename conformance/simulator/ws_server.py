"""The simulator's WebSocket server: one selector thread serving KuCoin's streams on its own port.

This module is the I/O loop (accept, read, write, timers, connection faults); who receives which push is
``ws_fanout``.

Layer: simulator (exchange side; ``socket`` + ``selectors`` + one daemon thread). Rule: the matching
engine and the market never wait for a client: their listeners only append to a queue and wake the
thread (``post``); the thread turns the queue into pushes, frames each push once (server frames are
unmasked, RFC 6455 §5.1, so one encoding serves every connection) and writes without blocking.

What it pushes (``reference/kucoin.md``, "WebSocket (classic)" and "Level-2 order book
synchronisation"): every book change of a symbol as ``/market/level2`` (the changes of one market step
in one message; ``sequenceStart``/``sequenceEnd`` are the book sequence the REST snapshot and
``/_sim/book`` report, so without a fault messages are contiguous), ``/market/match`` per trade,
``/market/ticker`` (and ``:all``) and ``/spotMarket/level1`` after each batch that touched a symbol,
``/market/candles`` after each trade, full ``level2Depth5``/``level2Depth50`` snapshots on subscribe
and then every ``DEPTH_INTERVAL`` seconds when the book changed, and the private ``orderChange`` and
``account.balance`` pushes (``ws_private``). Stream faults come from ``ws_faults``.

KuCoin Futures streams (``ws_futures_fanout``) are served on the same port under the path ``/futures``
(the endpoint the futures host's bullet answers announce, :meth:`WSServer.url_for`): a connection's
family is its path, and a token of the other host is refused (``401 token is invalid``), as KuCoin's
spot and futures tokens are not interchangeable.
"""
from __future__ import annotations

import logging
import selectors
import socket
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Callable

from .ws_faults import StreamFault, topic_matches
from .ws_fanout import PushFanout
from .ws_futures_fanout import FuturesFanout
from .ws_futures_topics import FUTURES_TOPICS
from .ws_topics import TOPICS
from .ws_private import install
from . import futures_pushes
from .ws_session import Connection

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["WSServer"]

log = logging.getLogger(__name__)

_LISTEN, _WAKE = object(), object()


class _Tagged:
    """A market event and the market step it belongs to (see :meth:`WSServer.post`)."""

    __slots__ = ("event", "step", "family")

    def __init__(self, event: dict, step: int, family: str = "spot") -> None:
        self.event, self.step, self.family = event, step, family


class WSServer:
    def __init__(self, sim: "Simulator", host: str = "127.0.0.1", port: int = 0, ping_interval_ms: int = 18000,
                 ping_timeout_ms: int = 10000, topic_limit: int = 300, uplink_limit: int = 100,
                 uplink_window_s: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.sim = sim
        self.host, self.port = host, port
        self.ping_interval_ms, self.ping_timeout_ms = int(ping_interval_ms), int(ping_timeout_ms)
        self.topic_limit, self.uplink_limit, self.uplink_window_s = int(topic_limit), int(uplink_limit), uplink_window_s
        self.symbols = sim.universe.by_symbol
        self._clock = clock
        self._queue: deque[tuple] = deque()
        self._conns: set[Connection] = set()
        self._index: dict[tuple[str, str], set[Connection]] = {}
        self._pushes = PushFanout(sim, self._index)
        self._futures = FuturesFanout(sim, self._index, self._pushes)
        # family -> (topic table, symbol ids): what a connection of that family may subscribe to
        self.families: dict[str, tuple[dict, dict]] = {
            "spot": (TOPICS, self.symbols), "futures": (FUTURES_TOPICS, sim.futures.market.universe.by_symbol)}
        self._sel: selectors.BaseSelector | None = None
        self._listen: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._woken = False
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        sim.market.add_listener(self.post)
        sim.futures.market.add_listener(self._post_futures)
        install(sim, self.post)
        futures_pushes.install(sim, self.post_futures_private)  # the futures desk's private pushes
        sim.faults.streams.on_add = self._on_fault

    # ---- lifecycle ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def url(self) -> str:
        if self._listen is None:
            raise RuntimeError("the simulator is not started; call start() first")
        host, port = self._listen.getsockname()[:2]
        return f"ws://{host}:{port}/"

    def url_for(self, family: str) -> str:
        """The endpoint a bullet token of ``family``'s host announces."""
        return self.url if family == "spot" else f"{self.url}{family}"

    def start(self) -> None:
        self._stop.clear()
        self._listen = socket.create_server((self.host, self.port), backlog=128)
        self._listen.setblocking(False)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._sel = selectors.DefaultSelector()
        self._sel.register(self._listen, selectors.EVENT_READ, _LISTEN)
        self._sel.register(self._wake_r, selectors.EVENT_READ, _WAKE)
        self._thread = threading.Thread(target=self._run, name="kucoin-sim-ws", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._wake()
        self._thread.join(timeout=5)
        self._thread = None
        for conn in list(self._conns):
            self.drop(conn)
        for s in (self._listen, self._wake_r, self._wake_w):
            if s is not None:
                s.close()
        if self._sel is not None:
            self._sel.close()
        self._listen = self._wake_r = self._wake_w = self._sel = None
        self._queue.clear()

    def connections(self) -> int:
        """Open sessions (welcomed, not closed); safe from any thread."""
        while True:
            try:
                return sum(1 for c in list(self._conns) if c.open and not c.dead)
            except RuntimeError:  # the set changed size while being copied: try again
                continue

    # ---- called from other threads ------------------------------------------------------------
    def post(self, event: Any) -> None:
        """Queue a market dict event or a private ``(kind, data)`` tuple; cheap, never blocks.

        Market events are tagged with the market's step count (read under the market lock, where the
        market calls its listeners) so one ``/market/level2`` message never spans two steps: a
        ``skip_sequence`` fault then drops exactly one step's update of a symbol, however late the
        server thread drains the queue."""
        if self._thread is None:
            return
        if isinstance(event, dict):
            event = _Tagged(event, self.sim.market.steps)
        self._queue.append(event)
        self._wake()

    def _post_futures(self, event: dict) -> None:
        if self._thread is None:
            return
        self._queue.append(_Tagged(event, self.sim.futures.market.steps, "futures"))
        self._wake()

    def post_futures_private(self, topic: str, subject: str, data: dict, uid: str | None,
                             msg_id: str | None = None) -> None:
        """Queue a private futures push (see ``Simulator.futures_private_push``)."""
        if self._thread is None:
            return
        self._queue.append(("futures_private", (topic, subject, data, uid, msg_id)))
        self._wake()

    def _wake(self) -> None:
        if not self._woken and self._wake_w is not None:
            self._woken = True
            try:
                self._wake_w.send(b"\0")
            except OSError:
                pass

    def _on_fault(self, fault: StreamFault) -> None:
        if fault.kind == "expire_token":
            self.sim.tokens.expire_all()
        self._wake()

    # ---- connection bookkeeping (server thread) -----------------------------------------------
    def want_write(self, conn: Connection, on: bool) -> None:
        if self._sel is None or conn.dead:
            return
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if on else 0)
        try:
            self._sel.modify(conn.sock, events, conn)
        except (KeyError, ValueError):
            pass

    def drop(self, conn: Connection) -> None:
        """Close the TCP connection now (no Close frame)."""
        if conn.dead:
            return
        conn.dead = True
        self._conns.discard(conn)
        for key in conn.subs:
            subs = self._index.get(key)
            if subs is not None:
                subs.discard(conn)
                if not subs:
                    del self._index[key]
        conn.subs.clear()
        if self._sel is not None:
            try:
                self._sel.unregister(conn.sock)
            except (KeyError, ValueError):
                pass
        try:
            conn.sock.close()
        except OSError:
            pass

    def index_add(self, key: tuple[str, str], conn: Connection) -> None:
        self._index.setdefault(key, set()).add(conn)

    def initial_pushes(self, conn: Connection, keys: list[tuple[str, str]]) -> None:
        """A new depth subscriber gets the current snapshot at once, not only after the next change."""
        if conn.family == "futures":
            self._futures.initial(conn, keys, self._clock())
            return
        for prefix, sym in keys:
            if prefix in ("/spotMarket/level2Depth5", "/spotMarket/level2Depth50"):
                self._pushes.push_depth(prefix, sym, {conn}, self._clock())

    def index_remove(self, key: tuple[str, str], conn: Connection) -> None:
        subs = self._index.get(key)
        if subs is not None:
            subs.discard(conn)
            if not subs:
                del self._index[key]

    # ---- the loop -----------------------------------------------------------------------------
    def _run(self) -> None:
        sel = self._sel
        assert sel is not None
        while not self._stop.is_set():
            now = self._clock()
            timeout = self._futures.next_timeout(now, self._pushes.next_timeout(now, 0.05))
            try:
                ready = sel.select(timeout)
            except (OSError, ValueError):
                break
            now = self._clock()
            # Pushes first: whatever was queued before a client's ping was sent reaches it before the pong.
            self._woken = False
            try:
                self._drain(now)
            except Exception:  # noqa: BLE001
                log.exception("simulator WebSocket thread failed")
            for key, mask in ready:
                if key.data is _LISTEN:
                    self._accept(now)
                elif key.data is _WAKE:
                    try:
                        while self._wake_r is not None and self._wake_r.recv(4096):
                            pass
                    except (BlockingIOError, InterruptedError, OSError):
                        pass
                else:
                    conn: Connection = key.data
                    if mask & selectors.EVENT_WRITE:
                        conn.flush()
                    if mask & selectors.EVENT_READ and not conn.dead:
                        conn.on_readable(now)
            try:
                self._drain(now)
                self._timers(now)
            except Exception:  # noqa: BLE001 - a simulator bug must not kill every stream
                log.exception("simulator WebSocket thread failed")

    def _accept(self, now: float) -> None:
        assert self._listen is not None and self._sel is not None
        while True:
            try:
                sock, _ = self._listen.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = Connection(self, sock, now)
            self._conns.add(conn)
            self._sel.register(sock, selectors.EVENT_READ, conn)

    def _timers(self, now: float) -> None:
        silence = (self.ping_interval_ms + self.ping_timeout_ms) / 1000.0
        for conn in list(self._conns):
            if conn.delay_until is not None and now >= conn.delay_until:
                conn.release_held()
            if conn.open and now - conn.last_uplink > silence:
                self.drop(conn)  # KuCoin drops a client that stopped pinging
        self._connection_faults(now)
        self._pushes.depth_timer(now)
        self._futures.depth_timer(now)

    def _connection_faults(self, now: float) -> None:
        streams = self.sim.faults.streams
        for fault in streams.connection_faults():
            for conn in sorted(self._conns, key=id):
                if not conn.open or conn.dead or conn.closing:
                    continue
                if fault.stream != "*" and not any(topic_matches(fault.stream, f"{p}:{i}" if i else p)
                                                   for p, i in conn.subs):
                    continue
                if conn.stalled_until is not None or conn.delay_until is not None:
                    continue
                if streams.take(fault.kind, None if fault.stream == "*" else fault.stream) is None:
                    break
                if fault.kind == "drop_connection":
                    self.drop(conn)
                elif fault.kind == "stall":
                    conn.stalled_until = now + fault.params.get("seconds", 1e9)
                else:
                    conn.delay_until = now + fault.params["seconds"]

    def _drain(self, now: float) -> None:
        if not self._queue:
            return
        batch: list[Any] = []
        futures: list[dict] = []
        while self._queue:
            item = self._queue.popleft()
            if isinstance(item, _Tagged) and item.family == "futures":
                futures.append(item.event)
            elif isinstance(item, tuple) and item[0] == "futures_private":
                self._futures.push_private(*item[1], now=now)
            else:
                batch.append(item)
        if batch:
            self._pushes.push(batch, now)
        if futures:
            self._futures.push(futures, now)
