"""The simulator's routing table: (method, path pattern) -> handler, pool, weight, auth.

Layer: simulator (exchange side). Rule: endpoints are data. A handler takes a ``Context`` and returns the
``data`` of KuCoin's envelope ``{"code":"200000","data":...}`` (or ``Encoded`` bytes of it, or a ``Raw``
answer), and raises ``ApiError`` for ``{"code":...,"msg":...}`` answers. Add an endpoint with::

    router.add("POST", "/api/v1/hf/orders", handler, pool="Spot", weight=1, private=True)
    router.add("DELETE", "/api/v1/hf/orders/{orderId}", handler, pool="Spot", weight=1, private=True)

Pools and weights come from the spec's ``x-api-rate-limit-pool`` / ``x-api-rate-limit-weight``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Pattern
from urllib.parse import parse_qs

if TYPE_CHECKING:  # pragma: no cover
    from .auth import ApiKey
    from .simulator import Simulator

__all__ = ["Router", "Route", "Context", "ApiError", "Raw", "Encoded", "Handler"]


class ApiError(Exception):
    """A KuCoin error answer: ``{"code": code, "msg": msg}`` with HTTP ``status``."""

    def __init__(self, code: str, msg: str, status: int = 200) -> None:
        super().__init__(f"{code} {msg}")
        self.code, self.msg, self.status = code, msg, status


@dataclass(frozen=True)
class Raw:
    """A complete answer that bypasses the envelope (HTML pages, admin oddities)."""

    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True)
class Encoded:
    """Pre-serialized JSON of ``data`` (cached static lists are served without re-encoding)."""

    data: bytes


@dataclass
class Context:
    """Everything a handler may look at; ``now_ms`` already includes any injected clock skew."""

    sim: "Simulator"
    host: str
    method: str
    path: str
    query: str
    body: bytes
    headers: Mapping[str, str]
    client_ip: str
    now_ms: int
    path_params: dict[str, str] = field(default_factory=dict)
    key: "ApiKey | None" = None
    _params: dict[str, str] | None = None

    @property
    def params(self) -> dict[str, str]:
        """Query parameters (first value of each)."""
        if self._params is None:
            self._params = {k: v[0] for k, v in parse_qs(self.query, keep_blank_values=True).items()}
        return self._params

    def int_param(self, name: str, default: int = 0) -> int:
        """Query parameter ``name`` as an integer (``default`` when absent or empty); anything else is
        KuCoin's 400100 answer, never a gateway error."""
        try:
            return int(self.params.get(name) or default)
        except ValueError:
            raise ApiError("400100", f"Parameter [{name}] must be an integer") from None

    def json_body(self) -> Any:
        """The body parsed as JSON (``{}`` when empty); a bad body is a 400100 answer."""
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError:
            raise ApiError("400100", "Invalid JSON body", 400) from None


Handler = Callable[[Context], Any]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Handler
    pool: str | None
    weight: int
    private: bool
    regex: Pattern[str] | None


class Router:
    """Exact paths are a dict lookup; templated paths (``{name}`` segments) are tried in order."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, str], Route] = {}
        self._templated: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler, *, pool: str | None = None,
            weight: int = 0, private: bool = False) -> Route:
        method = method.upper()
        regex = None
        if "{" in pattern:
            regex = re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(pattern)) + "$")
        route = Route(method, pattern, handler, pool, weight, private, regex)
        if regex is None:
            self._exact[(method, pattern)] = route
        else:
            self._templated = [r for r in self._templated if (r.method, r.pattern) != (method, pattern)]
            self._templated.append(route)
        return route

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        route = self._exact.get((method, path))
        if route is not None:
            return route, {}
        for route in self._templated:
            if route.method == method:
                m = route.regex.match(path) if route.regex else None
                if m:
                    return route, m.groupdict()
        return None

    def routes(self) -> list[Route]:
        return list(self._exact.values()) + list(self._templated)
