"""Injected faults: the next N requests to a path misbehave in a chosen way.

Layer: simulator (exchange side). Rule: faults are plain data validated once on entry; matching is by
exact path (no query), optional method and optional host, first added first served, and thread-safe.
These are the failures real KuCoin clients meet: 5xx and CDN HTML pages, business error codes, slow
answers, dropped connections, answers lost after the order was placed, truncated JSON and clock skew
(see ``reference/kucoin.md``, "Responses and errors"). A spec with ``"stream"`` instead of ``"path"`` is a
WebSocket stream fault, kept by ``ws_faults.StreamFaults`` (``self.streams``) under the same id sequence.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Mapping

from .ws_faults import StreamFault, StreamFaults

__all__ = ["Fault", "FaultStore", "KINDS"]

KINDS = ("status", "code", "delay", "drop", "lost_response", "html", "malformed", "clock_skew")
_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
_ALLOWED = {"path", "method", "host", "kind", "count", "status", "code", "msg", "seconds"}


@dataclass
class Fault:
    id: str
    path: str
    kind: str
    remaining: int
    method: str | None = None
    host: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "method": self.method, "host": self.host,
                "kind": self.kind, "count": self.remaining, **self.params}


def _number(spec: Mapping[str, Any], name: str, lo: float, hi: float) -> float:
    value = spec.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise ValueError(f"'{name}' must be a number between {lo:g} and {hi:g}")
    return float(value)


def _status(spec: Mapping[str, Any], default: int) -> int:
    value = spec.get("status", default)
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise ValueError("'status' must be an HTTP status between 100 and 599")
    return value


def _validate(spec: Any) -> tuple[str, str, int, str | None, str | None, dict[str, Any]]:
    if not isinstance(spec, Mapping):
        raise ValueError("a fault must be a JSON object")
    unknown = set(spec) - _ALLOWED
    if unknown:
        raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
    path, kind = spec.get("path"), spec.get("kind")
    if not isinstance(path, str) or not path.startswith("/") or "?" in path:
        raise ValueError("'path' must be an exact path starting with '/' and without a query")
    if path.startswith("/_sim/"):
        raise ValueError("the admin surface cannot be faulted")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of: {', '.join(KINDS)}")
    count = spec.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("'count' must be a positive integer")
    method = spec.get("method")
    if method is not None:
        if not isinstance(method, str) or method.upper() not in _METHODS:
            raise ValueError(f"'method' must be one of: {', '.join(_METHODS)}")
        method = method.upper()
    host = spec.get("host")
    if host is not None and host not in ("spot", "futures"):
        raise ValueError("'host' must be 'spot' or 'futures'")
    params: dict[str, Any] = {}
    if kind == "status":
        params["status"] = _status(spec, 503)
    elif kind == "html":
        params["status"] = _status(spec, 502)
    elif kind == "code":
        code = spec.get("code")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        if not isinstance(code, str) or not code:
            raise ValueError("'code' must be a KuCoin code such as \"400100\"")
        msg = spec.get("msg", "Simulated error")
        if not isinstance(msg, str):
            raise ValueError("'msg' must be a string")
        params.update(code=code, msg=msg, status=_status(spec, 200))
    elif kind == "delay":
        params["seconds"] = _number(spec, "seconds", 0.0, 600.0)
    elif kind == "clock_skew":
        params["seconds"] = _number(spec, "seconds", -86400.0 * 365, 86400.0 * 365)
    return path, kind, count, method, host, params


class FaultStore:
    """Pending faults, consumed by matching requests."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._next = 1
        self.streams = StreamFaults(self._new_id)

    def _new_id(self) -> str:
        with self._lock:
            self._next += 1
            return f"fault-{self._next - 1}"

    def add(self, spec: Any) -> "Fault | StreamFault":
        """Validate ``spec`` (raises ``ValueError``) and queue it (``"stream"`` specs go to ``streams``)."""
        if isinstance(spec, Mapping) and "stream" in spec:
            return self.streams.add(spec)
        path, kind, count, method, host, params = _validate(spec)
        with self._lock:
            fault = Fault(id=f"fault-{self._next}", path=path, kind=kind, remaining=count,
                          method=method, host=host, params=params)
            self._next += 1
            self._faults.append(fault)
            return fault

    def take(self, host: str, method: str, path: str) -> Fault | None:
        """The first pending fault matching this request, charged one use."""
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.path == path and fault.method in (None, method) and fault.host in (None, host):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            rest = [f.to_json() for f in self._faults]
        return rest + self.streams.pending()

    def clear(self) -> int:
        with self._lock:
            n = len(self._faults)
            self._faults.clear()
        return n + self.streams.clear()
