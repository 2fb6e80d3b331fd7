"""Decoding KuCoin's response envelope into data or a typed error (pure core).

KuCoin answers ``{"code": "200000", "data": ...}`` on success and ``{"code": "...", "msg": "..."}`` on
failure, with an HTTP status that may be 200 or 4xx/5xx; a CDN may answer with an HTML page instead
(kucoin.md, "Responses and errors"). Everything that is not a success becomes a ccxt-named exception
carrying the code, HTTP status and endpoint.

The JSON text is decoded strictly: ``NaN``/``Infinity`` literals, integer literals of more than 40 digits,
float literals that overflow or run past 64 characters and nesting deeper than the interpreter's
recursion limit are a ``BadResponse`` naming the endpoint, decided while parsing (no second pass), so
no such value ever reaches a parser. ``gw-ratelimit-reset`` is kept within one minute, so a hostile
header cannot make a caller sleep for days.
"""
from __future__ import annotations

import json
from typing import Any, Mapping, NamedTuple

from .error_codes import build_error
from ..errors import (BadResponse, BaseError, DDoSProtection, ExchangeError, ExchangeNotAvailable,
                     NullResponse, RateLimitExceeded)

__all__ = ["decode", "SUCCESS", "RateLimitHeaders", "MAX_RESET_MS"]

SUCCESS = "200000"
_SNIPPET = 120
_MAX_INT_DIGITS = 40  # no id, timestamp (ns) or size KuCoin sends is longer
_MAX_FLOAT_TEXT = 64
MAX_RESET_MS = 60_000  # KuCoin's rate-limit window is 30 s; a reset further away is not believed


class _Refused(ValueError):
    """A JSON literal no KuCoin answer carries (raised inside ``json.loads``)."""


def _json_int(text: str) -> int:
    if len(text) > _MAX_INT_DIGITS + 1:
        raise _Refused(f"an integer of {len(text)} digits")
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > _MAX_FLOAT_TEXT:
        raise _Refused(f"a number of {len(text)} characters")
    value = float(text)
    if value - value != 0:
        raise _Refused(f"the number {text[:24]} (overflows)")
    return value


def _json_constant(name: str) -> Any:
    raise _Refused(f"the literal {name}")


_decoder = json.JSONDecoder(parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
_loads = _decoder.decode


def _snippet(body: bytes) -> str:
    text = body[:_SNIPPET].decode("utf-8", "replace")
    text = " ".join(text.split())
    return text + ("..." if len(body) > _SNIPPET else "")


_MAX_HEADER_INT = 10**9  # a quota, remaining weight or reset (ms) beyond this is not believed


def _header_int(headers: Mapping[str, str], name: str, ceiling: int | None = None) -> int | None:
    """The header as a non-negative int; beyond ``_MAX_HEADER_INT`` it is not believed (None), unless a
    ``ceiling`` is given: then it is cut to the ceiling."""
    raw = headers.get(name)
    if raw is None or len(raw) > 12:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    if value < 0:
        return None
    if ceiling is not None:
        return min(value, ceiling)
    return value if value <= _MAX_HEADER_INT else None


class RateLimitHeaders(NamedTuple):
    """KuCoin's ``gw-ratelimit-limit/remaining/reset`` of one answer, each None when absent or unbelievable.

    ``reset_ms`` is kept within :data:`MAX_RESET_MS`: a reset further away than KuCoin's window would hold
    every later request back (never a hang). Parsed once per answer, by the executor.
    """

    limit: int | None
    remaining: int | None
    reset_ms: int | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "RateLimitHeaders":
        return cls(_header_int(headers, "gw-ratelimit-limit"), _header_int(headers, "gw-ratelimit-remaining"),
                   _header_int(headers, "gw-ratelimit-reset", MAX_RESET_MS))

    @property
    def complete(self) -> bool:
        return self.limit is not None and self.remaining is not None and self.reset_ms is not None \
            and self.limit > 0


def _reset_ms(headers: Mapping[str, str]) -> int | None:
    return RateLimitHeaders.from_headers(headers).reset_ms


def _non_json_error(status: int, headers: Mapping[str, str], body: bytes, endpoint: str) -> BaseError:
    ctype = headers.get("content-type", "unknown content type")
    what = "an empty body" if not body else f"a non-JSON body ({ctype}): {_snippet(body)!r}"
    message = f"kucoin HTTP {status} with {what} [{endpoint}]"
    kwargs: dict[str, Any] = {"http_status": status, "endpoint": endpoint}
    if status == 429:
        return RateLimitExceeded(message, retry_after_ms=_reset_ms(headers), **kwargs)
    if status in (403, 1015):  # the CDN blocks per IP with an HTML page (kucoin.md, "Rate limits")
        return DDoSProtection(message, **kwargs)
    if status >= 500:
        return ExchangeNotAvailable(message, **kwargs)
    if status == 200 and not body:
        return NullResponse(message, **kwargs)
    return BadResponse(message, **kwargs)


def decode(status: int, headers: Mapping[str, str], body: bytes, method: str, path: str,
           client_order_id: str | None = None, *, host: str | None = None, template: str | None = None,
           reset_ms: int | None = None) -> Any:
    """Return the envelope's ``data`` or raise the mapped exception. ``headers`` keys are lower-case.

    ``host`` and ``template`` (the endpoint row's, when the caller resolved it) scope the error-code
    overrides; ``reset_ms`` is the already parsed ``gw-ratelimit-reset`` (read from ``headers`` if None).
    """
    endpoint = f"{method} {path}"
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass") if isinstance(body, (bytes, bytearray)) \
            else body
        payload = _loads(text)
    except _Refused as exc:
        raise BadResponse(f"kucoin HTTP {status} answer carries {exc} [{endpoint}]", http_status=status,
                          endpoint=endpoint) from None
    except RecursionError:
        raise BadResponse(f"kucoin HTTP {status} answer is nested too deeply [{endpoint}]", http_status=status,
                          endpoint=endpoint) from None
    except (ValueError, UnicodeDecodeError):
        raise _non_json_error(status, headers, body, endpoint) from None
    if not isinstance(payload, dict) or "code" not in payload:
        if 200 <= status < 300:
            raise BadResponse(f"kucoin HTTP {status} without an envelope: {_snippet(body)!r} [{endpoint}]",
                              http_status=status, endpoint=endpoint)
        raise _non_json_error(status, headers, body, endpoint)
    raw_code = payload["code"]
    if type(raw_code) is str:  # KuCoin's codes are strings ("200000"); an int is read the same way
        code = raw_code
    elif type(raw_code) is int and -10**12 < raw_code < 10**12:
        code = str(raw_code)
    else:
        raise BadResponse(f"kucoin HTTP {status} envelope code is a {type(raw_code).__name__}, not a string "
                          f"[{endpoint}]", http_status=status, endpoint=endpoint)
    if code == SUCCESS and 200 <= status < 300:
        return payload.get("data")
    message = payload.get("msg")
    if not isinstance(message, str):
        message = None if message is None else f"(msg of type {type(message).__name__})"
    error = build_error(code[:40], message[:400] if message else message, status,
                        method=method, path=path, client_order_id=client_order_id, host=host, template=template)
    if isinstance(error, RateLimitExceeded) and error.retry_after_ms is None:
        error.retry_after_ms = reset_ms if reset_ms is not None else _reset_ms(headers)
    if code == SUCCESS:  # "200000" with an error HTTP status: trust the status
        error = ExchangeError(f"kucoin HTTP {status} with success code [{endpoint}]", http_status=status,
                              endpoint=endpoint)
    raise error
