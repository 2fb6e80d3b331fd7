"""How an HTTP exchange on the event loop ends, as the connector's errors (transport layer).

Used by :mod:`.http_asyncio`. Errors are translated as in :mod:`.http_urllib3`: ``outcome_unknown`` is
False only when the request certainly never reached the server (no connection, connect timeout, proxy
refusal, TLS failure). No message quotes a header value, a body or a query string, so no signature or key
can leak through an error. :func:`decoded` undoes a ``Content-Encoding`` (gzip, deflate) within the size
limit.
"""
from __future__ import annotations

import asyncio
import ssl
import zlib

from ..errors import ExchangeNotAvailable, InvalidProxySettings, NetworkError, RequestTimeout
from ..http.codec import HTTPProtocolError, IncompleteResponse, ResponseParser

__all__ = ["ProxyRefused", "ReadTimeout", "decoded", "translate", "translate_connect", "where_of"]


class ProxyRefused(ConnectionError):
    """The proxy refused or broke the CONNECT tunnel (the request was not sent)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ReadTimeout(Exception):
    """No complete answer within the read timeout."""


def where_of(method: str, url: str) -> str:
    """``"GET /api/v1/path"`` for messages: the query (which may carry signed values) is left out."""
    slash = url.find("/", url.find("://") + 3)
    path = "/" if slash < 0 else url[slash:].partition("?")[0]
    return f"{method} {path}"


def decoded(parser: ResponseParser, method: str, url: str, limit: int) -> bytes:
    body = parser.body
    coding = parser.headers.get("content-encoding")
    if coding is None or not body:
        return body
    coding = coding.strip().lower()
    if coding in ("identity", ""):
        return body
    where = where_of(method, url)
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise NetworkError(f"unsupported Content-Encoding in the answer to {where}", endpoint=where,
                           outcome_unknown=True)
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in coding else zlib.MAX_WBITS)
        out = inflater.decompress(body, limit + 1)
        if len(out) > limit:
            raise NetworkError(f"the answer to {where} inflates to more than {limit} bytes", endpoint=where,
                               outcome_unknown=True)
        return out
    except zlib.error:
        raise NetworkError(f"corrupt {coding} body in the answer to {where}", endpoint=where,
                           outcome_unknown=True) from None


def translate_connect(exc: BaseException, where: str) -> BaseException:
    """Failures before the request was written: the outcome is always known (not sent)."""
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return RequestTimeout(f"connect timeout on {where}", endpoint=where)
    if isinstance(exc, ProxyRefused):
        return InvalidProxySettings(f"proxy failed for {where}: {exc}", endpoint=where)
    if isinstance(exc, ssl.SSLError) or isinstance(exc, ssl.CertificateError):
        return NetworkError(f"TLS error on {where}: {exc}", endpoint=where)
    if isinstance(exc, OSError):
        return ExchangeNotAvailable(f"cannot connect for {where}: {exc}", endpoint=where)
    if isinstance(exc, NetworkError):
        return exc
    return NetworkError(f"cannot connect for {where}: {type(exc).__name__}", endpoint=where)


def translate(exc: BaseException, where: str) -> BaseException:
    """Failures after the request was (maybe) written: the outcome is unknown."""
    if isinstance(exc, ReadTimeout):
        return RequestTimeout(f"read timeout on {where}: the outcome is unknown", endpoint=where,
                              outcome_unknown=True)
    if isinstance(exc, IncompleteResponse):
        return NetworkError(f"connection lost during {where}: {exc}", endpoint=where, outcome_unknown=True)
    if isinstance(exc, HTTPProtocolError):
        return NetworkError(f"malformed HTTP answer to {where}: {exc}", endpoint=where, outcome_unknown=True)
    if isinstance(exc, ssl.SSLError):
        return NetworkError(f"TLS error during {where}: {exc}", endpoint=where, outcome_unknown=True)
    if isinstance(exc, OSError):
        return NetworkError(f"connection lost during {where}: {exc}", endpoint=where, outcome_unknown=True)
    if isinstance(exc, NetworkError):
        return exc
    return NetworkError(f"connection lost during {where}: {type(exc).__name__}", endpoint=where,
                        outcome_unknown=True)
