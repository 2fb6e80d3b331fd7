"""Decoding KuCoin's response envelope into data or a typed error (pure core).

KuCoin answers ``{"code": "200000", "data": ...}`` on success and ``{"code": "...", "msg": "..."}`` on
failure, with an HTTP status that may be 200 or 4xx/5xx; a CDN may answer with an HTML page instead
(kucoin.md, "Responses and errors"). Everything that is not a success becomes a ccxt-named exception
carrying the code, HTTP status and endpoint.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from .error_codes import build_error
from .errors import (BadResponse, BaseError, DDoSProtection, ExchangeError, ExchangeNotAvailable,
                     NullResponse, RateLimitExceeded)

__all__ = ["decode", "SUCCESS"]

SUCCESS = "200000"
_SNIPPET = 120


def _snippet(body: bytes) -> str:
    text = body[:_SNIPPET].decode("utf-8", "replace")
    text = " ".join(text.split())
    return text + ("..." if len(body) > _SNIPPET else "")


def _reset_ms(headers: Mapping[str, str]) -> int | None:
    raw = headers.get("gw-ratelimit-reset")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


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
           client_order_id: str | None = None) -> Any:
    """Return the envelope's ``data`` or raise the mapped exception. ``headers`` keys are lower-case."""
    endpoint = f"{method} {path}"
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise _non_json_error(status, headers, body, endpoint) from None
    if not isinstance(payload, dict) or "code" not in payload:
        if 200 <= status < 300:
            raise BadResponse(f"kucoin HTTP {status} without an envelope: {_snippet(body)!r} [{endpoint}]",
                              http_status=status, endpoint=endpoint)
        raise _non_json_error(status, headers, body, endpoint)
    code = str(payload["code"])
    if code == SUCCESS and 200 <= status < 300:
        return payload.get("data")
    message = payload.get("msg")
    error = build_error(code, str(message) if message is not None else None, status,
                        method=method, path=path, client_order_id=client_order_id)
    if isinstance(error, RateLimitExceeded) and error.retry_after_ms is None:
        error.retry_after_ms = _reset_ms(headers)
    if code == SUCCESS:  # "200000" with an error HTTP status: trust the status
        error = ExchangeError(f"kucoin HTTP {status} with success code [{endpoint}]", http_status=status,
                              endpoint=endpoint)
    return _raise(error)


def _raise(error: BaseError) -> Any:
    raise error
