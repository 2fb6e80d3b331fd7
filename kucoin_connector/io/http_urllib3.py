"""HTTP over urllib3 with per-host keep-alive pools (transport layer).

Works with urllib3 1.26.x and 2.x (Hummingbot pins ``urllib3<2``): only APIs common to both are used
(``PoolManager.connection_from_url``, ``HTTPConnectionPool.urlopen`` with ``retries=False``). TLS
certificates are verified (urllib3's default ``CERT_REQUIRED`` with the system or certifi CA bundle).
"""
from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import urlsplit

import urllib3
from urllib3 import exceptions as u3

from ..core.credentials import mask_url
from ..rest.effects import Response
from ..errors import ExchangeNotAvailable, InvalidProxySettings, NetworkError, RequestTimeout

__all__ = ["Urllib3Transport"]


class Urllib3Transport:
    """A :class:`~kucoin_connector.io.http_base.Transport` on urllib3.

    ``proxy`` is an ``http://`` or ``https://`` proxy URL (HTTPS targets go through CONNECT).
    ``maxsize`` connections are kept per host; threads beyond it wait for a free one.
    """

    def __init__(self, proxy: str | None = None, maxsize: int = 10, ca_certs: str | None = None) -> None:
        kwargs: dict[str, Any] = {"maxsize": maxsize, "block": True, "retries": False}
        if ca_certs:
            kwargs["ca_certs"] = ca_certs
        kwargs["cert_reqs"] = "CERT_REQUIRED"
        self._proxy_shown = mask_url(proxy) if proxy else None  # never the password (reprs, messages)
        if proxy:
            try:
                parts = urlsplit(proxy)
                parts.port  # noqa: B018 - raises ValueError for a port that is not 0..65535
                ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            except (ValueError, AttributeError, TypeError):
                ok = False
            if not ok:
                raise InvalidProxySettings(f"proxy URL must be http:// or https:// with a host and a valid port, "
                                           f"got {self._proxy_shown[:200]!r}")
            try:
                self._manager: urllib3.PoolManager = urllib3.ProxyManager(proxy, **kwargs)
            except (ValueError, u3.HTTPError) as exc:  # LocationParseError and friends quote the whole URL
                raise InvalidProxySettings(f"invalid proxy URL {self._proxy_shown[:200]!r}: "
                                           f"{_scrub(str(exc))[:200]}") from None
        else:
            self._manager = urllib3.PoolManager(**kwargs)
        self._pools: dict[str, Any] = {}
        self._timeouts: dict[tuple[float, float], urllib3.Timeout] = {}

    def _pool(self, url: str) -> tuple[Any, str]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        pool = self._pools.get(origin)
        if pool is None:
            pool = self._pools[origin] = self._manager.connection_from_url(origin)
        target = parts.path + ("?" + parts.query if parts.query else "")
        if isinstance(self._manager, urllib3.ProxyManager) and parts.scheme == "http":
            target = url  # plain-HTTP proxies want the absolute URL
        return pool, target

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                timeout: tuple[float, float]) -> Response:
        pool, target = self._pool(url)
        u3_timeout = self._timeouts.get(timeout)
        if u3_timeout is None:
            u3_timeout = self._timeouts[timeout] = urllib3.Timeout(connect=timeout[0], read=timeout[1])
        try:
            r = pool.urlopen(method, target, body=body, headers=headers, retries=False, redirect=False,
                             timeout=u3_timeout, preload_content=True, assert_same_host=False)
        except Exception as exc:
            translated = _translate(exc, f"{method} {urlsplit(url).path}")
            if translated is exc:
                raise
            if self._proxy_shown is not None and _scrub(repr(exc)) != repr(exc):
                translated.message = _scrub(str(translated))  # type: ignore[attr-defined]
                translated.args = (translated.message,)  # type: ignore[attr-defined]
                raise translated from None  # the cause quotes a URL with its password
            raise translated from exc
        return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.data or b"")

    def __repr__(self) -> str:
        return f"<Urllib3Transport proxy={self._proxy_shown!r}>" if self._proxy_shown else "<Urllib3Transport>"

    def close(self) -> None:
        self._manager.clear()
        self._pools.clear()


_URL_PASSWORD = re.compile(r"(://[^:/@\s'\"]*:)[^@\s'\"]*@")


def _scrub(text: str) -> str:
    """Every ``scheme://user:password@`` in ``text`` as ``scheme://user:***@``."""
    return _URL_PASSWORD.sub(r"\1***@", text)


def _translate(exc: BaseException, where: str) -> BaseException:
    """urllib3/socket/ssl exceptions -> this project's NetworkError family; anything else unchanged.

    ``outcome_unknown`` is False only where the request certainly never reached the server.
    """
    if isinstance(exc, u3.NewConnectionError):  # checked first: in 1.26 it subclasses ConnectTimeoutError
        return ExchangeNotAvailable(f"cannot connect for {where}: {exc}", endpoint=where)
    if isinstance(exc, u3.ConnectTimeoutError):
        return RequestTimeout(f"connect timeout on {where}", endpoint=where)
    if isinstance(exc, u3.ReadTimeoutError):
        return RequestTimeout(f"read timeout on {where}: the outcome is unknown", endpoint=where,
                              outcome_unknown=True)
    if isinstance(exc, u3.ProxyError):
        return InvalidProxySettings(f"proxy failed for {where}: {exc}", endpoint=where)
    if isinstance(exc, u3.SSLError):
        return NetworkError(f"TLS error on {where}: {exc}", endpoint=where)
    if isinstance(exc, (u3.ProtocolError, u3.HTTPError, OSError)):  # socket.error and ssl.SSLError are OSErrors
        # The connection broke after the request may have been written: outcome unknown.
        return NetworkError(f"connection lost during {where}: {exc}", endpoint=where, outcome_unknown=True)
    return exc
