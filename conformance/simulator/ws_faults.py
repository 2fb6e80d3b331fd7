"""Injected WebSocket stream faults: the failures a KuCoin stream client must survive.

Layer: simulator (exchange side). Rule: faults are plain data validated once on entry (the same
``POST /_sim/faults`` body as REST faults, with ``"stream"`` instead of ``"path"``), consumed by the
WebSocket server thread, thread-safe. Kinds (issue 4, section 3):

* ``skip_sequence``: the next ``count`` pushes on the stream are not sent to anyone (a gap in
  ``/market/level2``; KuCoin drops messages to slow consumers, ``reference/kucoin.md`` "Level-2").
* ``drop_connection``: ``count`` open connections subscribed to the stream lose their TCP connection
  (no Close frame: the client sees 1006).
* ``stall``: ``count`` such connections get no pong and no data any more (for ``seconds`` when given,
  else until the client goes away): the client must reconnect after ``pingTimeout``.
* ``delay``: ``count`` such connections have their pushes held ``seconds`` (order kept; pongs still flow).
* ``expire_token``: every token issued so far expires at once (applied when added).
* ``refuse``: the next ``count`` WebSocket upgrades are refused with HTTP 503.

``stream`` is a topic prefix such as ``"/market/level2"`` (matching ``/market/level2:BTC-USDT``) or
``"*"`` for any stream; ``refuse`` and ``expire_token`` ignore it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

__all__ = ["StreamFault", "StreamFaults", "STREAM_KINDS", "topic_matches"]

STREAM_KINDS = ("skip_sequence", "drop_connection", "stall", "delay", "expire_token", "refuse")
_ALLOWED = {"stream", "kind", "count", "seconds"}


def topic_matches(stream: str, topic: str) -> bool:
    """``/market/level2`` matches ``/market/level2:BTC-USDT``; ``*`` matches every topic."""
    return stream == "*" or topic == stream or topic.startswith(stream + ":")


@dataclass
class StreamFault:
    id: str
    stream: str
    kind: str
    remaining: int
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "stream": self.stream, "kind": self.kind, "count": self.remaining, **self.params}


def _validate(spec: Mapping[str, Any]) -> tuple[str, str, int, dict[str, Any]]:
    unknown = set(spec) - _ALLOWED
    if unknown:
        raise ValueError(f"unknown stream fault field(s): {', '.join(sorted(unknown))}")
    stream, kind = spec.get("stream"), spec.get("kind")
    if not isinstance(stream, str) or not (stream == "*" or stream.startswith("/")):
        raise ValueError("'stream' must be a topic prefix such as \"/market/level2\", or \"*\"")
    if kind not in STREAM_KINDS:
        raise ValueError(f"'kind' must be one of: {', '.join(STREAM_KINDS)}")
    count = spec.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("'count' must be a positive integer")
    params: dict[str, Any] = {}
    seconds = spec.get("seconds")
    if kind == "delay" or (kind == "stall" and seconds is not None):
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 600:
            raise ValueError("'seconds' must be a number between 0 and 600")
        params["seconds"] = float(seconds)
    return stream, kind, count, params


class StreamFaults:
    """Pending stream faults; ``new_id`` is shared with the REST fault store (one id sequence)."""

    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id
        self._faults: list[StreamFault] = []
        self._lock = threading.Lock()
        self.on_add: Callable[[StreamFault], None] | None = None  # the server applies expire_token

    def add(self, spec: Mapping[str, Any]) -> StreamFault:
        stream, kind, count, params = _validate(spec)
        fault = StreamFault(self._new_id(), stream, kind, count, params)
        if kind == "expire_token":
            if self.on_add is not None:
                self.on_add(fault)
            return fault
        with self._lock:
            self._faults.append(fault)
        if self.on_add is not None:
            self.on_add(fault)
        return fault

    def take(self, kind: str, topic: str | None = None) -> StreamFault | None:
        """The first pending fault of ``kind`` whose stream matches ``topic`` (any when None), charged once."""
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.kind == kind and (topic is None or topic_matches(fault.stream, topic)):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def connection_faults(self) -> list[StreamFault]:
        """Pending faults that act on open connections (drop_connection, stall, delay)."""
        with self._lock:
            return [f for f in self._faults if f.kind in ("drop_connection", "stall", "delay")]

    def has(self, kind: str) -> bool:
        return any(f.kind == kind for f in self._faults)

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.to_json() for f in self._faults]

    def clear(self) -> int:
        with self._lock:
            n = len(self._faults)
            self._faults.clear()
            return n
