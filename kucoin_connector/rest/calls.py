"""Unsigned REST calls and their wire form (pure core).

A plan yields :class:`Call` objects; :func:`prepare` turns one into the exact request path, query and
body text that will be signed and sent (design habit 3: the same bytes are signed and sent). The
endpoint table supplies host, pool, weight and whether the call is private.

Requests stay what they claim to be: a value that reaches a path goes through :func:`path`, which
accepts only a plausible KuCoin id (``[A-Za-z0-9_-]``, as order ids, client order ids, currencies and
symbol ids are), so an "id" can never add a segment, a query or a fragment; :func:`prepare` refuses any
path with characters outside ``[A-Za-z0-9/_.-]`` or a segment starting with ``.``, whoever built it
(``call_api`` included). Nothing is sent for a refused path.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Mapping, NamedTuple
from urllib.parse import quote

from .endpoint_row import Endpoint
from ..errors import BadRequest

__all__ = ["Call", "Prepared", "prepare", "encode_query", "encode_body", "path", "path_segment"]

# Methods whose params travel in the query string; the others carry a JSON body.
_QUERY_METHODS = frozenset({"GET", "DELETE", "HEAD"})
_DEFAULT_WEIGHT = 1


# One path segment: KuCoin order ids (24 hex), client order ids (<= 40 of [A-Za-z0-9_-]), currencies and
# symbol ids (BTC-USDT). Nothing here can be "..", a "/", a "?", a "#", a "%" or whitespace.
_SEGMENT = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PATH_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_.-")


def path_segment(value: Any, what: str = "id") -> str:
    """``value`` as one path segment, or BadRequest naming ``what`` (nothing sent)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadRequest(f"{what} must be a string, got {type(value).__name__}")
    text = str(value)
    if _SEGMENT.fullmatch(text) is None:
        raise BadRequest(f"{what} is not a valid KuCoin id (1-64 of A-Z a-z 0-9 _ -): {text[:40]!r}")
    return text


def path(template: str, *args: Any, what: str = "id") -> str:
    """``template.format(*args)`` with every argument checked by :func:`path_segment` (the one place that
    puts caller values into a request path)."""
    return template.format(*(path_segment(a, what) for a in args))


def _check_path(path: str) -> None:
    if not path.startswith("/"):
        raise BadRequest(f"path must start with '/': {path[:80]!r}")
    if not _PATH_CHARS.issuperset(path) or "/." in path or "//" in path:
        raise BadRequest(f"refusing request path {path[:80]!r}: only A-Z a-z 0-9 / _ . - and no "
                         f"'.'-segments (ids must not carry '..', '?', '#', '%' or spaces)")


class Call(NamedTuple):
    """One REST call as a plan asks for it: nothing signed, nothing sent.

    ``host`` and ``private`` default to what the endpoint table says; ``json_body`` forces a JSON
    body on DELETE (futures ``DELETE /api/v1/orders/multi-cancel`` carries one, see kucoin.md).
    ``client_order_id`` only travels into error context.
    """

    method: str
    path: str
    params: Mapping[str, Any] | list | None = None  # a list only as a JSON-array body (POST)
    host: str | None = None
    private: bool | None = None
    json_body: bool = False
    client_order_id: str | None = None


class Prepared(NamedTuple):
    method: str
    path: str
    request_path: str  # path plus "?" and the query, exactly as signed and sent
    body: str  # exact JSON text, "" when none
    host: str
    private: bool
    pool: str
    weight: int
    endpoint: str  # "GET /api/v1/market/stats", for error context and logs
    client_order_id: str | None
    row: Endpoint | None = None  # the endpoint table's row, resolved once (None: not in the table)


def _wire_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        # repr gives the shortest round-trip text; reject what KuCoin cannot read.
        if value != value or value in (float("inf"), float("-inf")):
            raise BadRequest(f"not a finite number: {value!r}")
        return format(Decimal(repr(value)), "f")
    return str(value)


_SAFE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


def _quoted(text: str) -> str:
    # Most values (symbols, numbers, ids) need no escaping: skip quote() for them (hot path).
    return text if _SAFE_CHARS.issuperset(text) else quote(text, safe="")


def encode_query(params: Mapping[str, Any] | None) -> str:
    """``k=v&k2=v2`` in insertion order, None values dropped, percent-encoded once (RFC 3986
    unreserved characters stay as they are, everything else is %-escaped, spaces as %20)."""
    if not params:
        return ""
    return "&".join(f"{_quoted(str(k))}={_quoted(_wire_value(v))}" for k, v in params.items() if v is not None)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot send {type(value).__name__} in a request body")


def encode_body(params: Mapping[str, Any] | list | tuple | None) -> str:
    """Compact JSON text; Decimals as plain strings (KuCoin reads decimals as strings). A list is sent as a
    JSON array of objects (futures ``POST /api/v1/orders/multi`` takes one, api-3470236)."""
    if not params:
        return ""
    if isinstance(params, (list, tuple)):
        clean: Any = [{k: v for k, v in item.items() if v is not None} for item in params]
    else:
        clean = {k: v for k, v in params.items() if v is not None}
    try:
        return json.dumps(clean, separators=(",", ":"), default=_json_default, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"request body is not JSON-serialisable: {str(exc)[:200]}") from None


# Endpoint metadata per (method, concrete path, host): paths with ids are many, so the cache is bounded.
_LOOKUPS: dict[tuple[str, str, str | None], Any] = {}
_LOOKUP_CACHE_SIZE = 4096
_MISSING = object()


def prepare(call: Call) -> Prepared:
    """Resolve endpoint metadata and build the exact request path and body text."""
    method = call.method.upper()
    path = call.path
    if not isinstance(path, str):
        raise BadRequest(f"path must be a string, got {type(path).__name__}")
    _check_path(path)
    key = (method, path, call.host)
    meta = _LOOKUPS.get(key, _MISSING)
    if meta is _MISSING:  # the endpoint index (about 3 ms to build) loads with the first request
        from .endpoints import lookup
        meta = lookup(method, path, call.host)
        if len(_LOOKUPS) < _LOOKUP_CACHE_SIZE:
            _LOOKUPS[key] = meta
    host = call.host or (meta.host if meta else "spot")
    private = call.private if call.private is not None else (meta.private if meta else False)
    pool = meta.pool if meta else ("Public" if not private else "Spot")
    weight = meta.weight if meta and meta.weight else _DEFAULT_WEIGHT
    if method in _QUERY_METHODS and not call.json_body:
        query = encode_query(call.params)
        request_path = f"{path}?{query}" if query else path
        body = ""
    else:
        request_path = path
        body = encode_body(call.params)
    return Prepared(method, path, request_path, body, host, private, pool, weight,
                    f"{method} {path}", call.client_order_id, meta)
