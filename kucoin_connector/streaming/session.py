"""KuCoin's WebSocket session protocol for one connection, sans-I/O (pure core).

Layer: pure core. Rule: no socket, clock or randomness: every input carries ``now_ms`` and the driver
sleeps until :meth:`KucoinSession.get_timer` ("timers as data", the aioquic style).

The protocol (https://www.kucoin.com/docs-new/websocket-api/base-info/introduction; kucoin.md,
"WebSocket (classic)"):

1. the driver connects to ``{endpoint}?token=...&connectId=...`` with a *fresh* bullet token;
2. nothing is sent before ``{"id": connectId, "type": "welcome"}`` (messages queue until then);
3. ``{"id", "type": "ping"}`` every ``pingInterval`` ms; when nothing (pong or data) arrives within
   ``pingTimeout`` ms after a ping, the session is lost and the driver reconnects;
4. ``subscribe``/``unsubscribe`` carry an id and ``"response": true`` and are matched to their
   ``ack`` or ``error`` by id; a request without an answer within ``ack_timeout_ms`` loses the session;
5. uplink pacing: at most ``max_uplink`` messages per ``uplink_window_ms`` (KuCoin: ~100 per 10 s),
   the rest wait for the window (a timer).

A message that is not a JSON object (undecodable, a bare list, nested too deep) loses the session only
before the welcome; once open it is dropped and reported as :class:`Dropped` (counted and logged by
the engine), so one garbled message does not cost a reconnect.
"""
from __future__ import annotations

import json
import json.scanner
from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Union

__all__ = ["SessionState", "Welcome", "Acked", "Refused", "Push", "Lost", "Dropped", "SessionEvent",
           "KucoinSession", "decode_message"]

# The C scanner behind json.loads, called directly: json.loads adds a Python-level wrapper and two regex
# whitespace scans per call (over a microsecond on a 275-byte level-2 push, a third of the decode).
_scan_once = json.scanner.make_scanner(json.JSONDecoder())


def decode_message(text: str | bytes) -> Any:
    """``json.loads(text)``, faster for the common case: a str that is exactly one JSON value.

    Anything else (bytes, surrounding whitespace, trailing data, a BOM, invalid JSON) goes to
    ``json.loads``, so results and errors (``ValueError``) are json.loads' own (RFC 8259).
    """
    if type(text) is str:
        try:
            value, end = _scan_once(text, 0)
        except (StopIteration, ValueError):
            return json.loads(text)
        if end == len(text):
            return value
    return json.loads(text)


class SessionState(Enum):
    CONNECTING = "connecting"  # socket open, waiting for the welcome
    OPEN = "open"
    LOST = "lost"


@dataclass(frozen=True)
class Welcome:
    connect_id: str


@dataclass(frozen=True)
class Acked:
    request_id: str
    action: str  # "subscribe" | "unsubscribe"
    topic: str


@dataclass(frozen=True)
class Refused:
    request_id: str
    action: str
    topic: str
    code: str | None
    message: str


@dataclass(frozen=True)
class Push:
    """A ``"type": "message"`` push (the decoded JSON object)."""

    message: dict


@dataclass(frozen=True)
class Lost:
    """The session is unusable: the driver must close the socket and reconnect (new token)."""

    reason: str


@dataclass(frozen=True)
class Dropped:
    """A message from the server that is not a JSON object was dropped (the session goes on)."""

    reason: str


SessionEvent = Union[Welcome, Acked, Refused, Push, Lost, Dropped]


class KucoinSession:
    """One connection's session state. Not thread-safe: the driver serialises calls."""

    def __init__(self, connect_id: str, *, now_ms: int, ping_interval_ms: int = 18000,
                 ping_timeout_ms: int = 10000, welcome_timeout_ms: int = 10000, ack_timeout_ms: int = 10000,
                 max_uplink: int = 90, uplink_window_ms: int = 10000,
                 new_id: Callable[[], str] | None = None) -> None:
        self.connect_id = connect_id
        self.state = SessionState.CONNECTING
        self.ping_interval_ms = ping_interval_ms
        self.ping_timeout_ms = ping_timeout_ms
        self.ack_timeout_ms = ack_timeout_ms
        self.max_uplink = max_uplink
        self.uplink_window_ms = uplink_window_ms
        self.lost_reason: str | None = None
        self.last_received_ms: int | None = None
        self._now = now_ms
        self._welcome_deadline: int | None = now_ms + welcome_timeout_ms
        self._next_ping: int | None = None
        self._ping_sent: int | None = None  # time of the unanswered ping
        self._queue: deque[str] = deque()  # waiting for the welcome or for uplink budget
        self._sent_times: deque[int] = deque()
        self._out: list[str] = []
        self._pending: dict[str, tuple[str, str, int]] = {}  # id -> (action, topic, sent at)
        self._counter = 0
        self._new_id = new_id or self._next_counter

    def _next_counter(self) -> str:
        self._counter += 1
        return f"{self.connect_id}-{self._counter}"

    # ------------------------------------------------------------------ output
    def data_to_send(self) -> list[str]:
        """Text messages to write now, in order."""
        self._flush()
        out, self._out = self._out, []
        return out

    def _flush(self) -> None:
        if self.state is not SessionState.OPEN:
            return
        window_start = self._now - self.uplink_window_ms
        times = self._sent_times
        while times and times[0] <= window_start:
            times.popleft()
        while self._queue and len(times) < self.max_uplink:
            self._out.append(self._queue.popleft())
            times.append(self._now)

    def _enqueue(self, message: dict[str, Any]) -> None:
        self._queue.append(json.dumps(message, separators=(",", ":")))
        self._flush()

    # ------------------------------------------------------------------ requests
    def subscribe(self, topic: str, private: bool, now_ms: int) -> str:
        """Queue a subscribe request; returns its id (the ack or error carries it back)."""
        return self._request("subscribe", topic, private, now_ms)

    def unsubscribe(self, topic: str, private: bool, now_ms: int) -> str:
        return self._request("unsubscribe", topic, private, now_ms)

    def _request(self, action: str, topic: str, private: bool, now_ms: int) -> str:
        self._now = max(self._now, now_ms)
        request_id = self._new_id()
        self._pending[request_id] = (action, topic, now_ms)
        self._enqueue({"id": request_id, "type": action, "topic": topic, "privateChannel": private,
                       "response": True})
        return request_id

    def pending_requests(self) -> dict[str, tuple[str, str]]:
        return {rid: (action, topic) for rid, (action, topic, _) in self._pending.items()}

    # ------------------------------------------------------------------ input
    def receive(self, text: str | bytes, now_ms: int) -> list[SessionEvent]:
        """One text message from the server -> events."""
        self._now = max(self._now, now_ms)
        if self.state is SessionState.LOST:
            return []
        try:
            message = decode_message(text)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            message = None
            reason = "undecodable message from the server"
        else:
            reason = "unexpected message from the server (not a JSON object)"
        if not isinstance(message, dict):
            if self.state is SessionState.CONNECTING:
                return [self._lose(reason)]
            self.last_received_ms = now_ms  # the server is alive
            return [Dropped(reason)]
        self.last_received_ms = now_ms
        kind = message.get("type")
        if self.state is SessionState.CONNECTING:
            if kind == "welcome":
                return [self._welcome(now_ms)]
            if kind == "error":
                return [self._lose(f"refused before welcome: {message.get('code')} {message.get('data')}")]
            return [self._lose(f"{kind!r} before the welcome")]
        if kind == "message":
            return [Push(message)]
        if kind == "pong":
            return []
        if kind in ("ack", "error"):
            return self._answer(message, kind)
        if kind == "ping":  # a server-side ping: answer it (harmless, keeps both sides happy)
            self._enqueue({"id": str(message.get("id", "")), "type": "pong"})
            return []
        return []  # unknown types (e.g. "notice") are ignored

    def _welcome(self, now_ms: int) -> Welcome:
        self.state = SessionState.OPEN
        self._welcome_deadline = None
        self._next_ping = now_ms + self.ping_interval_ms
        for rid in self._pending:  # requests queued before the welcome are sent now: restart their clock
            action, topic, _ = self._pending[rid]
            self._pending[rid] = (action, topic, now_ms)
        self._flush()
        return Welcome(self.connect_id)

    def _answer(self, message: dict, kind: str) -> list[SessionEvent]:
        request_id = str(message.get("id", ""))
        pending = self._pending.pop(request_id, None)
        if pending is None:
            if kind == "error":  # an error not tied to a request (e.g. token expired): fatal
                return [self._lose(f"server error {message.get('code')}: {message.get('data')}")]
            return []
        action, topic, _ = pending
        if kind == "ack":
            return [Acked(request_id, action, topic)]
        code = message.get("code")
        return [Refused(request_id, action, topic, None if code is None else str(code),
                        str(message.get("data", "")))]

    def connection_lost(self, reason: str, now_ms: int) -> list[SessionEvent]:
        """The transport closed (or failed); idempotent."""
        self._now = max(self._now, now_ms)
        if self.state is SessionState.LOST:
            return []
        return [self._lose(reason)]

    def _lose(self, reason: str) -> Lost:
        self.state = SessionState.LOST
        self.lost_reason = reason
        self._queue.clear()
        self._welcome_deadline = self._next_ping = self._ping_sent = None
        return Lost(reason)

    # ------------------------------------------------------------------ timers
    def get_timer(self) -> int | None:
        """The next deadline in ms (None: nothing scheduled)."""
        if self.state is SessionState.LOST:
            return None
        if self.state is SessionState.CONNECTING:
            return self._welcome_deadline
        deadlines = [self._next_ping]
        if self._ping_sent is not None:
            deadlines.append(self._ping_sent + self.ping_timeout_ms)
        if self._pending:
            deadlines.append(min(sent for _, _, sent in self._pending.values()) + self.ack_timeout_ms)
        if self._queue and self._sent_times:
            deadlines.append(self._sent_times[0] + self.uplink_window_ms)
        return min(d for d in deadlines if d is not None)

    def handle_timer(self, now_ms: int) -> list[SessionEvent]:
        """Run what is due at ``now_ms``: welcome timeout, pong timeout, ack timeout, ping, pacing."""
        self._now = max(self._now, now_ms)
        if self.state is SessionState.LOST:
            return []
        if self.state is SessionState.CONNECTING:
            if self._welcome_deadline is not None and now_ms >= self._welcome_deadline:
                return [self._lose("no welcome within the timeout")]
            return []
        if self._ping_sent is not None:
            if self.last_received_ms is not None and self.last_received_ms >= self._ping_sent:
                self._ping_sent = None
            elif now_ms >= self._ping_sent + self.ping_timeout_ms:
                return [self._lose(f"no pong or message within {self.ping_timeout_ms} ms of a ping")]
        for rid, (action, topic, sent) in self._pending.items():
            if now_ms >= sent + self.ack_timeout_ms:
                return [self._lose(f"no answer to {action} {topic} within {self.ack_timeout_ms} ms")]
        if self._next_ping is not None and now_ms >= self._next_ping:
            ping_id = self._new_id()
            self._enqueue({"id": ping_id, "type": "ping"})
            if self._ping_sent is None:
                self._ping_sent = now_ms
            self._next_ping = now_ms + self.ping_interval_ms
        self._flush()
        return []
