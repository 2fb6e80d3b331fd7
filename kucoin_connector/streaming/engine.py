"""All of a client's KuCoin WebSocket connections as one sans-I/O machine (pure core).

Layer: pure core. Rule: no I/O, no clock, no randomness of its own: ``now_ms`` is passed in, jitter
comes from the injected ``rand`` and the driver sleeps until :meth:`StreamEngine.get_timer`.

What it decides (issue 4 §2; kucoin.md "WebSocket (classic)"):

* which connection carries which topic (:class:`~.topics.Allocation`: a per-connection limit, extra
  connections when more are needed, families apart, public and private apart), and the subscribe messages (at most
  100 symbols each, :func:`~.topics.join_units`);
* every (re)connect asks the driver for a *fresh* token (:class:`OpenConnection`), a new connectId;
* a lost session (no pong, no welcome, closed socket, server error) closes the socket, waits an
  exponential backoff with jitter (``initial * 2**(n-1)`` capped, times a factor in [0.5, 1) from
  ``rand``), then reconnects and restores every subscription; after ``max_reconnects`` consecutive
  failures the units of that connection fail with :class:`ReconnectsExhausted`;
* refused subscriptions surface as :class:`SubscriptionFailed` with :class:`SubscriptionRefused`.

Actions for the driver (:mod:`.engine_events`, re-exported here): :class:`OpenConnection`,
:class:`SendText`, :class:`CloseSocket`. Events for the consumer: :class:`Message`, :class:`Subscribed`, :class:`SubscriptionFailed`,
:class:`Interrupted`, :class:`GaveUp`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..errors import BaseError
from .errors import ReconnectsExhausted, SubscriptionRefused
from .session import Acked, Dropped, KucoinSession, Lost, Push, Refused, SessionState, Welcome
from .topics import Allocation, ConnectionKey, Unit, join_units, split_topic
from .engine_events import (Action, CloseSocket, EngineEvent, GaveUp, Interrupted, Message, OpenConnection,
                            SendText, Subscribed, SubscriptionFailed)
from ..options import OPTIONS  # the defaults live in the options table, nowhere else

__all__ = ["StreamEngine", "OpenConnection", "SendText", "CloseSocket", "Message", "Subscribed",
           "SubscriptionFailed", "Interrupted", "GaveUp", "Action", "EngineEvent"]

log = logging.getLogger(__name__)




@dataclass
class _Conn:
    key: ConnectionKey
    private: bool
    session: KucoinSession | None = None
    connect_id: str | None = None  # of the socket being opened or open; None between attempts
    connecting: bool = False
    failures: int = 0  # consecutive failed attempts (reset once the server answers a request or pushes)
    retry_at: int | None = None
    live: set[Unit] = field(default_factory=set)  # acknowledged subscriptions
    requests: dict[str, tuple[Unit, ...]] = field(default_factory=dict)
    last_received_ms: int | None = None


class StreamEngine:
    """Subscriptions by reference count, connections, reconnects. Not thread-safe."""

    def __init__(self, *, rand: Callable[[], float], new_id: Callable[[], str] | None = None,
                 topic_limit: int = OPTIONS["wsTopicLimit"].default,
                 max_reconnects: int = OPTIONS["wsMaxReconnects"].default,
                 backoff_initial_ms: int = OPTIONS["wsBackoffInitialMs"].default,
                 backoff_max_ms: int = OPTIONS["wsBackoffMaxMs"].default, welcome_timeout_ms: int = 10000, ack_timeout_ms: int = 10000,
                 max_uplink: int = 90) -> None:
        self._rand = rand
        self._prefix = format(int(rand() * 2 ** 40), "010x")  # random per client, a counter per id
        self._ids = 0
        self._new_id = new_id or self._counter_id
        self.allocation = Allocation(topic_limit)
        self.max_reconnects = max_reconnects
        self.backoff_initial_ms = backoff_initial_ms
        self.backoff_max_ms = backoff_max_ms
        self.welcome_timeout_ms = welcome_timeout_ms
        self.ack_timeout_ms = ack_timeout_ms
        self.max_uplink = max_uplink
        self._refs: dict[Unit, int] = {}
        self._conns: dict[ConnectionKey, _Conn] = {}
        self._actions: list[Action] = []
        self._events: list[EngineEvent] = []
        self.reconnects = 0  # successful welcomes after a loss, for logs and tests
        self.bad_messages = 0  # messages that were not JSON objects, dropped (logged once per connection)
        self._bad_logged: set[ConnectionKey] = set()

    def _counter_id(self) -> str:
        self._ids += 1
        return f"{self._prefix}{self._ids}"

    # ------------------------------------------------------------------ consumer side
    def subscribe(self, units: Iterable[Unit], now_ms: int) -> None:
        """Add one reference to each unit; new units are placed and subscribed."""
        fresh = []
        for u in units:
            self._refs[u] = self._refs.get(u, 0) + 1
            if self._refs[u] == 1:
                fresh.append(u)
        for key, placed in self.allocation.assign(fresh).items():
            conn = self._conns.get(key)
            if conn is None:
                conn = self._conns[key] = _Conn(key, placed[0].private)
                self._open(conn)
            elif conn.session is not None and conn.session.state is not SessionState.LOST:
                self._request(conn, "subscribe", placed, now_ms)
        self._collect()

    def unsubscribe(self, units: Iterable[Unit], now_ms: int) -> None:
        """Drop one reference; units that reach zero are unsubscribed, empty connections closed."""
        gone = []
        for u in units:
            count = self._refs.get(u, 0)
            if count <= 1:
                if self._refs.pop(u, None) is not None:
                    gone.append(u)
            else:
                self._refs[u] = count - 1
        for key, released in self.allocation.release(gone).items():
            conn = self._conns[key]
            live = [u for u in released if u in conn.live]
            conn.live.difference_update(released)
            if not self.allocation.units_of(key):
                self._drop(conn, "no subscriptions left")
            elif live and conn.session is not None and conn.session.state is SessionState.OPEN:
                self._request(conn, "unsubscribe", live, now_ms)
        self._collect()

    def subscribed(self, u: Unit) -> bool:
        key = self.allocation.connection_of(u)
        return key is not None and u in self._conns[key].live

    def connections(self) -> dict[ConnectionKey, str]:
        """Connection key -> state name (for logs and tests)."""
        out = {}
        for key, conn in self._conns.items():
            if conn.session is not None:
                out[key] = conn.session.state.value
            else:
                out[key] = "connecting" if conn.connecting else "waiting"
        return out

    def last_received_ms(self, private: bool | None = None) -> int | None:
        """The latest time a message arrived on any (private/public) connection."""
        times = [c.last_received_ms for c in self._conns.values()
                 if c.last_received_ms is not None and (private is None or c.private == private)]
        return max(times) if times else None

    def close_all(self) -> None:
        for conn in list(self._conns.values()):
            self._drop(conn, "closed by the client")
        self._refs.clear()
        self.allocation = Allocation(self.allocation.limit)

    def actions(self) -> list[Action]:
        out, self._actions = self._actions, []
        return out

    def events(self) -> list[EngineEvent]:
        out, self._events = self._events, []
        return out

    # ------------------------------------------------------------------ driver side
    def _current(self, key: ConnectionKey, connect_id: str) -> _Conn | None:
        conn = self._conns.get(key)
        return conn if conn is not None and conn.connect_id == connect_id else None

    def opened(self, key: ConnectionKey, connect_id: str, now_ms: int, *, ping_interval_ms: int = 18000,
               ping_timeout_ms: int = 10000) -> None:
        """The WebSocket handshake succeeded; the session now waits for the welcome."""
        conn = self._current(key, connect_id)
        if conn is None:  # dropped while connecting: the driver must close that socket
            self._actions.append(CloseSocket(key, connect_id, "no subscriptions left"))
            return
        conn.connecting = False
        conn.session = KucoinSession(connect_id, now_ms=now_ms, ping_interval_ms=ping_interval_ms,
                                     ping_timeout_ms=ping_timeout_ms, welcome_timeout_ms=self.welcome_timeout_ms,
                                     ack_timeout_ms=self.ack_timeout_ms, max_uplink=self.max_uplink,
                                     new_id=self._new_id)

    def open_failed(self, key: ConnectionKey, connect_id: str, reason: str, now_ms: int,
                    fatal: BaseError | None = None) -> None:
        """Token fetch or connect failed; ``fatal`` (e.g. missing credentials) gives up at once."""
        conn = self._current(key, connect_id)
        if conn is None:
            return
        conn.connecting = False
        conn.connect_id = None
        self._failed(conn, reason, now_ms, fatal)
        self._collect()

    def received(self, key: ConnectionKey, connect_id: str, text: str | bytes, now_ms: int) -> None:
        conn = self._current(key, connect_id)
        if conn is None or conn.session is None:
            return
        conn.last_received_ms = now_ms
        self._handle(conn, conn.session.receive(text, now_ms), now_ms)
        self._collect()

    def closed(self, key: ConnectionKey, connect_id: str, reason: str, now_ms: int) -> None:
        """The socket closed (or failed); stale ids (a socket already given up on) are ignored."""
        conn = self._current(key, connect_id)
        if conn is None or conn.session is None:
            return
        self._handle(conn, conn.session.connection_lost(reason, now_ms), now_ms)
        self._collect()

    def get_timer(self) -> int | None:
        deadlines = []
        for conn in self._conns.values():
            if conn.session is not None:
                deadline = conn.session.get_timer()
                if deadline is not None:
                    deadlines.append(deadline)
            elif conn.retry_at is not None:
                deadlines.append(conn.retry_at)
        return min(deadlines) if deadlines else None

    def handle_timer(self, now_ms: int) -> None:
        for conn in list(self._conns.values()):
            if conn.session is not None:
                self._handle(conn, conn.session.handle_timer(now_ms), now_ms)
            elif conn.retry_at is not None and now_ms >= conn.retry_at:
                conn.retry_at = None
                self._open(conn)
        self._collect()

    # ------------------------------------------------------------------ internals
    def _open(self, conn: _Conn) -> None:
        conn.connecting = True
        connect_id = conn.connect_id = self._new_id()
        log.info("kucoin ws %s: connecting (%s token, connectId %s)", conn.key,
                 "private" if conn.private else "public", connect_id)
        self._actions.append(OpenConnection(conn.key, conn.private, connect_id))

    def _drop(self, conn: _Conn, reason: str) -> None:
        self._conns.pop(conn.key, None)
        if conn.connect_id is not None:
            self._actions.append(CloseSocket(conn.key, conn.connect_id, reason))
        log.info("kucoin ws %s: closing (%s)", conn.key, reason)

    def _request(self, conn: _Conn, action: str, units: Iterable[Unit], now_ms: int) -> None:
        assert conn.session is not None
        for topic in join_units(units):
            rid = conn.session.subscribe(topic, conn.private, now_ms) if action == "subscribe" \
                else conn.session.unsubscribe(topic, conn.private, now_ms)
            conn.requests[rid] = tuple(split_topic(topic, conn.key.family))

    def _handle(self, conn: _Conn, events: list, now_ms: int) -> None:
        for event in events:
            kind = type(event)
            if kind is Push:
                conn.failures = 0
                self._events.append(Message(conn.key, event.message))
            elif kind is Acked:
                conn.failures = 0
                units = conn.requests.pop(event.request_id, ())
                if event.action == "subscribe":
                    wanted = tuple(u for u in units if self.allocation.connection_of(u) == conn.key)
                    conn.live.update(wanted)
                    if wanted:
                        self._events.append(Subscribed(conn.key, wanted))
            elif kind is Welcome:
                if conn.failures or conn.live:
                    self.reconnects += 1
                log.info("kucoin ws %s: welcome (connectId %s)", conn.key, event.connect_id)
                conn.live.clear()
                todo = sorted(self.allocation.units_of(conn.key))
                if todo:
                    self._request(conn, "subscribe", todo, now_ms)
            elif kind is Refused:
                units = conn.requests.pop(event.request_id, ())
                log.warning("kucoin ws %s: %s %s refused: %s %s", conn.key, event.action, event.topic,
                            event.code, event.message)
                if event.action == "subscribe":
                    self._fail_units(units, SubscriptionRefused(
                        f"subscription to {event.topic} refused: {event.message}", code=event.code,
                        endpoint=event.topic))
            elif kind is Lost:
                self._lost(conn, event.reason, now_ms)
            elif kind is Dropped:
                self.bad_messages += 1
                if conn.key not in self._bad_logged:
                    self._bad_logged.add(conn.key)
                    log.warning("kucoin ws %s: dropped a message: %s; later ones are only counted", conn.key,
                                event.reason)

    def _fail_units(self, units: Iterable[Unit], error: BaseError) -> None:
        units = tuple(u for u in units if u in self._refs)
        for u in units:
            self._refs.pop(u, None)
        for key, released in self.allocation.release(units).items():
            conn = self._conns.get(key)
            if conn is not None:
                conn.live.difference_update(released)
                if not self.allocation.units_of(key):
                    self._drop(conn, "no subscriptions left")
        if units:
            self._events.append(SubscriptionFailed(units, error))

    def _lost(self, conn: _Conn, reason: str, now_ms: int) -> None:
        log.warning("kucoin ws %s: session lost (%s)", conn.key, reason)
        if conn.connect_id is not None:
            self._actions.append(CloseSocket(conn.key, conn.connect_id, reason))
        conn.connect_id = None
        units = tuple(sorted(self.allocation.units_of(conn.key)))
        self._events.append(Interrupted(conn.key, units, reason))
        conn.session = None
        conn.live.clear()
        conn.requests.clear()
        self._failed(conn, reason, now_ms, None)

    def _failed(self, conn: _Conn, reason: str, now_ms: int, fatal: BaseError | None) -> None:
        conn.failures += 1
        if fatal is None and conn.failures > self.max_reconnects:
            fatal = ReconnectsExhausted(f"kucoin ws {conn.key}: gave up after {self.max_reconnects} "
                                        f"reconnect attempts (last: {reason})")
        if fatal is not None:
            units = tuple(sorted(self.allocation.units_of(conn.key)))
            log.error("kucoin ws %s: giving up: %s", conn.key, fatal)
            for u in units:
                self._refs.pop(u, None)
            self.allocation.release(units)
            self._conns.pop(conn.key, None)
            self._events.append(GaveUp(conn.key, units, fatal))
            return
        delay = self.backoff_delay_ms(conn.failures)
        conn.retry_at = now_ms + delay
        log.info("kucoin ws %s: reconnecting in %d ms (attempt %d/%d)", conn.key, delay, conn.failures,
                 self.max_reconnects)

    def backoff_delay_ms(self, attempt: int) -> int:
        """Exponential backoff with jitter: ``min(max, initial * 2**(attempt-1)) * (0.5 + rand()/2)``."""
        base = min(self.backoff_max_ms, self.backoff_initial_ms * 2 ** max(0, attempt - 1))
        return int(base * (0.5 + self._rand() / 2))

    def _collect(self) -> None:
        for conn in self._conns.values():
            if conn.session is not None and conn.connect_id is not None:
                for text in conn.session.data_to_send():
                    self._actions.append(SendText(conn.key, conn.connect_id, text))
