"""KuCoin REST endpoints as data, and a fast lookup from a concrete request path to its row.

Layer: pure core. Rule: stdlib only, no I/O; the table itself is generated
(:mod:`kucoin_connector.rest.endpoint_table`, by ``tools/gen_endpoints.py``) from KuCoin's official
OpenAPI spec (https://github.com/Kucoin/kucoin-universal-sdk, ``spec/rest``) plus the SDK's UTA routes.

Why a lookup: the rate limiter needs the pool and weight of every request, and the error table needs
the path *template* for per-endpoint overrides, while callers hold concrete paths with ids
(``/api/v1/hf/orders/6717422bd51c29000775ea03``). Literal paths are a dict hit; templated paths are
matched segment by segment among the few templates with the same method and segment count.

Ambiguities are resolved the same way everywhere:

* a literal row beats a template (``/api/v1/hf/orders/active`` is not ``{orderId}``);
* among templates, the one with more (and earlier) literal segments wins;
* the same path can exist on several hosts (``/api/v1/timestamp`` on spot and futures): ``host``
  selects; without it spot is preferred, then futures, then broker.
"""
from __future__ import annotations

from .endpoint_row import Endpoint
from .endpoint_table import DEFAULT_WEIGHT, ENDPOINT_ROWS

__all__ = [
    "DEFAULT_WEIGHT",
    "HOSTS",
    "POOLS",
    "Endpoint",
    "all_endpoints",
    "lookup",
    "template_for",
]

HOSTS: tuple[str, ...] = ("spot", "futures", "broker")
"""Host keys in default preference order."""

POOLS: tuple[str, ...] = (
    "Spot",
    "Futures",
    "Management",
    "Public",
    "Earn",
    "CopyTrading",
    "UnifiedAccount",
    "Broker",
)
"""Rate-limit pools (https://www.kucoin.com/docs-new/rate-limit); each has its own 30 s quota."""


_ENDPOINTS: tuple[Endpoint, ...] = tuple(Endpoint(*row) for row in ENDPOINT_ROWS)
_HOST_RANK = {host: rank for rank, host in enumerate(HOSTS)}


def _split(path: str) -> list[str]:
    return path.strip("/").split("/")


def _compile(segment: str) -> str | tuple[str, str]:
    """A literal segment, or (prefix, suffix) around its one {placeholder} ("level2_{size}")."""
    start = segment.find("{")
    if start < 0:
        return segment
    end = segment.index("}", start)
    return (segment[:start], segment[end + 1 :])


def _specificity(segments: tuple[str | tuple[str, str], ...]) -> tuple[int, ...]:
    # 0 literal, 1 partial placeholder, 2 whole-segment placeholder: lower sorts first (wins).
    return tuple(0 if isinstance(s, str) else (2 if s == ("", "") else 1) for s in segments)


def _build_indexes() -> tuple[
    dict[tuple[str, str], tuple[Endpoint, ...]],
    dict[tuple[str, int], tuple[tuple[tuple[str | tuple[str, str], ...], Endpoint], ...]],
]:
    exact: dict[tuple[str, str], list[Endpoint]] = {}
    templated: dict[tuple[str, int], list[tuple[tuple[str | tuple[str, str], ...], Endpoint]]] = {}
    for ep in _ENDPOINTS:
        # Every row is indexed by its literal text, so a template passed as-is finds its own row.
        exact.setdefault((ep.method, ep.path), []).append(ep)
        if "{" in ep.path:
            segments = tuple(_compile(s) for s in _split(ep.path))
            templated.setdefault((ep.method, len(segments)), []).append((segments, ep))
    for group in exact.values():
        group.sort(key=lambda e: _HOST_RANK[e.host])
    for group in templated.values():
        group.sort(key=lambda item: (_specificity(item[0]), _HOST_RANK[item[1].host], item[1].path))
    return (
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in templated.items()},
    )


_EXACT, _TEMPLATED = _build_indexes()


def _matches(segments: tuple[str | tuple[str, str], ...], parts: list[str]) -> bool:
    for pattern, part in zip(segments, parts):
        if isinstance(pattern, str):
            if pattern != part:
                return False
        else:
            prefix, suffix = pattern
            if len(part) <= len(prefix) + len(suffix) or not part.startswith(prefix) or not part.endswith(suffix):
                return False
    return True


def _normalise(method: str, path: str) -> tuple[str, str]:
    query = path.find("?")
    if query >= 0:
        path = path[:query]
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return method.upper(), path


def lookup(method: str, path: str, host: str | None = None) -> Endpoint | None:
    """The endpoint row for ``method`` and a concrete or template ``path`` (query string ignored).

    ``host`` ("spot", "futures", "broker") restricts the search; None prefers spot, then futures,
    then broker. Returns None when nothing matches.
    """
    method, path = _normalise(method, path)
    for ep in _EXACT.get((method, path), ()):
        if host is None or ep.host == host:
            return ep
    parts = _split(path)
    for segments, ep in _TEMPLATED.get((method, len(parts)), ()):
        if (host is None or ep.host == host) and _matches(segments, parts):
            return ep
    return None


def template_for(method: str, path: str, host: str | None = None) -> str | None:
    """The documented path template (e.g. ``/api/v1/hf/orders/{orderId}``) for a concrete path."""
    ep = lookup(method, path, host)
    return ep.path if ep is not None else None


def all_endpoints() -> tuple[Endpoint, ...]:
    """Every known endpoint, in the generated (host, path, method) order."""
    return _ENDPOINTS
