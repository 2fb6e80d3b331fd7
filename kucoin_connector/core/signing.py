"""KuCoin request signing (pure core).

Rule: sign exactly the bytes that are sent. The caller builds the query string and the body once
(see :mod:`kucoin_connector.rest.calls`) and passes the same text here and to the transport.

https://www.kucoin.com/docs-new/authentication :
prehash = timestamp + METHOD + requestPath(+ "?" + query) + body;
KC-API-SIGN = base64(HMAC_SHA256(secret, prehash));
KC-API-PASSPHRASE = base64(HMAC_SHA256(secret, passphrase)) for key versions 2 and 3, plain for v1.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from .credentials import Credentials

__all__ = ["signature", "auth_headers", "passphrase_header"]


def signature(secret: str, payload: str) -> str:
    """base64(HMAC-SHA256(secret, payload))."""
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def passphrase_header(credentials: Credentials) -> str:
    """The KC-API-PASSPHRASE value: constant for a key, so computed once per Credentials object."""
    cached = getattr(credentials, "_passphrase_header", None)
    if cached is None:
        cached = credentials.passphrase if credentials.key_version == 1 else \
            signature(credentials.secret, credentials.passphrase)
        object.__setattr__(credentials, "_passphrase_header", cached)  # immutable Credentials: cache aside
    return cached


def auth_headers(credentials: Credentials, timestamp_ms: int, method: str, request_path: str, body: str) -> dict[str, str]:
    """The five KC-API-* headers for one attempt (each attempt is signed anew with a fresh timestamp)."""
    ts = str(timestamp_ms)
    return {
        "KC-API-KEY": credentials.api_key,
        "KC-API-SIGN": signature(credentials.secret, ts + method.upper() + request_path + body),
        "KC-API-TIMESTAMP": ts,
        "KC-API-PASSPHRASE": passphrase_header(credentials),
        "KC-API-KEY-VERSION": str(credentials.key_version),
    }
