"""HTTP/1.1 on the event loop (transport layer): the sans-I/O codec driven by an asyncio protocol.

The default transport of the asyncio face. One pool of keep-alive connections per (scheme, host,
port), at most ``maxsize`` open at once (more callers wait for a free one, as with urllib3's
``block=True``). TLS verifies certificates and sends SNI; ``proxy`` is an ``http://`` proxy: HTTPS
targets go through a CONNECT tunnel, plain-HTTP targets get absolute-form requests. Socket, proxy and
TLS setup is shared with the asyncio WebSocket client (:mod:`.aio_connect`).

Errors are translated as in :mod:`.urllib3_transport`: ``outcome_unknown`` is False only when the
request certainly never reached the server (no connection, connect timeout, proxy refusal, TLS
failure, a bad header caught before sending). A pooled connection the server had already closed is
retried once on a fresh connection, and only when that is provably safe: nothing was written, or the
method is GET/HEAD/OPTIONS and not one byte came back on the reused connection. No message quotes a
header value, a body or a query string, so no signature or key can leak through an error.
"""
from __future__ import annotations

import asyncio
import collections
import ssl
import zlib
from typing import Any, Mapping

from ..rest.effects import Response
from ..errors import BadRequest, ExchangeNotAvailable, InvalidProxySettings, NetworkError, RequestTimeout
from ..http.codec import MAX_BODY, HTTPProtocolError, IncompleteResponse, ResponseParser, build_request
from .aio_connect import open_stream

__all__ = ["AsyncioHTTPTransport"]

_RETRY_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_READ_BUFFER = 65536  # bytes per read; below glibc's mmap threshold, so reads never map pages


class _ProxyRefused(ConnectionError):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _Timeout(Exception):
    pass


class _Connection(asyncio.BufferedProtocol):
    """One keep-alive connection; feeds what arrives into the current request's parser.

    A buffered protocol: the event loop reads into this connection's own reusable buffer (``recv_into``)
    instead of allocating a fresh 256 KiB ``bytes`` per read, which glibc serves with mmap/munmap (two
    system calls and page faults per answer).
    """

    __slots__ = ("transport", "parser", "waiter", "closed", "key", "used", "loop", "_view")

    def __init__(self, key: tuple[str, str, int], loop: asyncio.AbstractEventLoop) -> None:
        self.transport: Any = None
        self.parser: ResponseParser | None = None
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self.key = key
        self.used = 0  # requests sent on it
        self.loop = loop
        self._view = memoryview(bytearray(_READ_BUFFER))

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._view

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(self._view[:nbytes].tobytes())

    def data_received(self, data: bytes) -> None:
        parser = self.parser
        if parser is None:  # bytes while idle: the connection is out of step, drop it
            self.abort()
            return
        try:
            done = parser.feed(data)
        except HTTPProtocolError as exc:
            self._wake(exc)
            return
        if done:
            self._wake(None)

    def eof_received(self) -> bool:
        self.closed = True
        self._eof()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if exc is None:
            self._eof()
        else:
            self._wake(exc)

    def _eof(self) -> None:
        parser = self.parser
        if parser is None:
            return
        try:
            parser.feed_eof()
        except HTTPProtocolError as exc:
            self._wake(exc)
            return
        self._wake(None)

    def _wake(self, exc: BaseException | None) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            if exc is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(exc)

    def timed_out(self) -> None:
        self._wake(_Timeout())

    def usable(self) -> bool:
        return not self.closed and not self.transport.is_closing()

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


class _Pool:
    __slots__ = ("idle", "count", "waiters")

    def __init__(self) -> None:
        self.idle: list[_Connection] = []
        self.count = 0  # open connections, idle or busy or being opened
        self.waiters: collections.deque[asyncio.Future] = collections.deque()


class AsyncioHTTPTransport:
    """An :class:`~kucoin_connector.io.http_base.AsyncTransport` that speaks HTTP/1.1 on the event loop.

    ``proxy``: ``http://[user:pass@]host:port``. ``ssl_context``: a custom context (default: the system's
    CA store, ``CERT_REQUIRED`` and host name checking). ``max_body``: the largest response accepted.
    """

    def __init__(self, proxy: str | None = None, maxsize: int = 10, ssl_context: ssl.SSLContext | None = None,
                 ca_certs: str | None = None, max_body: int = MAX_BODY) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._proxy: str | None = None
        self._proxy_key: tuple[str, str, int] | None = None
        self._proxy_auth: str | None = None
        if proxy:
            from ..ws.url import parse_proxy_url
            try:
                parsed = parse_proxy_url(proxy)
            except ValueError:
                raise InvalidProxySettings("the asyncio transport supports http:// proxies (HTTP CONNECT); "
                                           "use options.asyncTransport='urllib3' for others") from None
            self._proxy = proxy
            self._proxy_key = ("http", parsed.host, parsed.port)
            self._proxy_auth = parsed.authorization
        self._maxsize = maxsize
        self._ssl = ssl_context
        self._ca_certs = ca_certs
        self._max_body = max_body
        self._pools: dict[tuple[str, str, int], _Pool] = {}
        self._routes: dict[str, tuple[tuple[str, str, int], str, str]] = {}
        self._closed = False

    # -- routing -------------------------------------------------------------------------------------
    def _route(self, url: str) -> tuple[tuple[str, str, int], str, str, str]:
        """``(pool key, Host header, request target, "METHOD-less endpoint for messages")``."""
        scheme_end = url.find("://")
        slash = url.find("/", scheme_end + 3) if scheme_end > 0 else -1
        origin = url if slash < 0 else url[:slash]
        route = self._routes.get(origin)
        if route is None:
            route = self._routes[origin] = self._parse_origin(origin)
        key, host_header, _ = route
        path = "/" if slash < 0 else url[slash:]
        if self._proxy is not None and key[0] == "http":
            target = url if slash >= 0 else url + "/"  # plain-HTTP proxies want the absolute URL
        else:
            target = path
        query = path.find("?")
        return key, host_header, target, path if query < 0 else path[:query]

    def _parse_origin(self, origin: str) -> tuple[tuple[str, str, int], str, str]:
        from urllib.parse import urlsplit
        try:
            parts = urlsplit(origin)
            scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
        except ValueError:
            scheme, host, port = "", None, None
        if scheme not in _DEFAULT_PORTS or not host:
            raise BadRequest("the asyncio transport needs an http:// or https:// URL with a host")
        if len(self._routes) > 256:
            self._routes.clear()
        default = _DEFAULT_PORTS[scheme]
        port = port or default
        name = f"[{host}]" if ":" in host else host
        return (scheme, host, port), name if port == default else f"{name}:{port}", origin

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context(cafile=self._ca_certs)  # CERT_REQUIRED + host names
        return self._ssl

    # -- the seam ------------------------------------------------------------------------------------
    async def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                      timeout: tuple[float, float]) -> Response:
        key, host_header, target, path = self._route(url)
        where = f"{method} {path}"
        if self._closed:
            raise NetworkError(f"transport closed; cannot send {where}", endpoint=where)
        if self._proxy_auth is not None and key[0] == "http":
            headers = {**headers, "Proxy-Authorization": self._proxy_auth}
        try:
            data = build_request(method, target, host_header, headers, body)
        except ValueError as exc:
            raise BadRequest(f"cannot send {where}: {exc}", endpoint=where) from None
        for attempt in (0, 1):
            conn = await self._acquire(key, timeout[0], where)
            try:
                parser = await self._exchange(conn, method, data, timeout[1])
            except _Stale:
                self._discard(conn)
                self._drop_idle(key)  # its siblings are probably as stale
                if attempt:
                    raise NetworkError(f"connection lost during {where}: the outcome is unknown",
                                       endpoint=where, outcome_unknown=True) from None
                continue
            except asyncio.CancelledError:
                self._discard(conn)  # the answer may still arrive: never reuse this connection
                raise
            except Exception as exc:
                self._discard(conn)
                raise _translate(exc, where) from exc
            self._release(conn, parser.keep_alive)
            return Response(parser.status, parser.headers, _decoded(parser, where, self._max_body))
        raise AssertionError("unreachable")

    async def _exchange(self, conn: _Connection, method: str, data: bytes, read_timeout: float) -> ResponseParser:
        reused = conn.used > 0
        if reused and not conn.usable():  # closed while idle: nothing written yet, always safe to retry
            raise _Stale()
        loop = conn.loop
        parser = conn.parser = ResponseParser(method, max_body=self._max_body)
        waiter = conn.waiter = loop.create_future()
        conn.used += 1
        conn.transport.write(data)
        handle = loop.call_later(read_timeout, conn.timed_out)
        try:
            await waiter
        except (OSError, IncompleteResponse):
            if reused and parser.received == 0 and method in _RETRY_SAFE:
                raise _Stale() from None  # the server had closed it before our request arrived
            raise
        finally:
            handle.cancel()
            conn.parser = None
            conn.waiter = None
        return parser

    # -- the pool ------------------------------------------------------------------------------------
    async def _acquire(self, key: tuple[str, str, int], connect_timeout: float, where: str) -> _Connection:
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool()
        while True:
            while pool.idle:
                conn = pool.idle.pop()
                if conn.usable():
                    return conn
                pool.count -= 1
                conn.abort()
            if pool.count < self._maxsize:
                pool.count += 1
                break
            waiter = asyncio.get_running_loop().create_future()
            pool.waiters.append(waiter)
            try:
                handed = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over just before the cancel
                    self._hand_on(pool, waiter.result())
                raise
            if handed is not None:
                return handed
            break  # a slot was freed for us (count already includes it)
        try:
            return await asyncio.wait_for(self._connect(key), connect_timeout)
        except BaseException as exc:
            self._hand_on(pool, None)
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise _translate_connect(exc, where) from exc

    async def _connect(self, key: tuple[str, str, int]) -> _Connection:
        scheme, host, port = key
        loop = asyncio.get_running_loop()
        context = self._context() if scheme == "https" else None
        if self._proxy_key is not None and scheme == "http":  # absolute-form requests to the proxy itself
            _, conn = await open_stream(lambda: _Connection(key, loop), self._proxy_key[1], self._proxy_key[2])
        else:
            _, conn = await open_stream(lambda: _Connection(key, loop), host, port, ssl_context=context,
                                        proxy=self._proxy, tunnel_error=_ProxyRefused)
        return conn

    def _hand_on(self, pool: _Pool, conn: _Connection | None) -> None:
        """Give a connection (or, with None, a free slot) to the first live waiter, else keep it / free it."""
        while pool.waiters:
            waiter = pool.waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        if conn is None:
            pool.count -= 1
        else:
            pool.idle.append(conn)

    def _release(self, conn: _Connection, keep_alive: bool) -> None:
        pool = self._pools.get(conn.key)
        if pool is None:  # the transport was closed meanwhile
            conn.abort()
            return
        if keep_alive and conn.usable() and not self._closed:
            self._hand_on(pool, conn)
        else:
            self._discard(conn)

    def _discard(self, conn: _Connection) -> None:
        conn.abort()
        pool = self._pools.get(conn.key)
        if pool is not None:
            self._hand_on(pool, None)

    def _drop_idle(self, key: tuple[str, str, int]) -> None:
        pool = self._pools.get(key)
        if pool is not None:
            while pool.idle:
                pool.idle.pop().abort()
                pool.count -= 1

    async def close(self) -> None:
        self._closed = True
        for pool in self._pools.values():
            for conn in pool.idle:
                conn.abort()
            pool.idle.clear()
        self._pools.clear()


class _Stale(Exception):
    """A reused connection the server had closed; the request provably did not reach it."""


def _decoded(parser: ResponseParser, where: str, limit: int) -> bytes:
    body = parser.body
    coding = parser.headers.get("content-encoding")
    if coding is None or not body:
        return body
    coding = coding.strip().lower()
    if coding in ("identity", ""):
        return body
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


def _translate_connect(exc: BaseException, where: str) -> BaseException:
    """Failures before the request was written: the outcome is always known (not sent)."""
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return RequestTimeout(f"connect timeout on {where}", endpoint=where)
    if isinstance(exc, _ProxyRefused):
        return InvalidProxySettings(f"proxy failed for {where}: {exc}", endpoint=where)
    if isinstance(exc, ssl.SSLError) or isinstance(exc, ssl.CertificateError):
        return NetworkError(f"TLS error on {where}: {exc}", endpoint=where)
    if isinstance(exc, OSError):
        return ExchangeNotAvailable(f"cannot connect for {where}: {exc}", endpoint=where)
    if isinstance(exc, NetworkError):
        return exc
    return NetworkError(f"cannot connect for {where}: {type(exc).__name__}", endpoint=where)


def _translate(exc: BaseException, where: str) -> BaseException:
    """Failures after the request was (maybe) written: the outcome is unknown."""
    if isinstance(exc, _Timeout):
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
