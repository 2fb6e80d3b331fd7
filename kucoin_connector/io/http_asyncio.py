"""HTTP/1.1 on the event loop (transport layer): the sans-I/O codec driven by an asyncio protocol.

The default transport of the asyncio face. One pool of keep-alive connections per (scheme, host,
port), at most ``maxsize`` open at once (more callers wait for a free one, as with urllib3's
``block=True``). TLS verifies certificates and sends SNI; ``proxy`` is an ``http://`` proxy: HTTPS
targets go through a CONNECT tunnel, plain-HTTP targets get absolute-form requests. Socket, proxy and
TLS setup is shared with the asyncio WebSocket client (:mod:`.aio_connect`).

Errors are translated as in :mod:`.http_urllib3` (by :mod:`.http_asyncio_outcomes`): ``outcome_unknown``
is False only when the request certainly never reached the server (no connection, connect timeout, proxy
refusal, TLS failure, a bad header caught before sending). A pooled connection the server had already
closed is retried once on a fresh connection, and only when that is provably safe: nothing was written,
or the method is GET/HEAD/OPTIONS and not one byte came back on the reused connection. No message quotes
a header value, a body or a query string, so no signature or key can leak through an error.

Per request, the common path allocates no coroutine besides ``request`` itself: an idle pooled
connection is taken synchronously, the read timeout is an entry in the loop's :class:`.Deadlines`
(one timer for all requests), and the connection reads into its own reusable buffer.
"""
from __future__ import annotations

import asyncio
import collections
import ssl
from typing import Any, Mapping

from ..rest.effects import Response
from ..errors import BadRequest, InvalidProxySettings, NetworkError
from ..http.codec import MAX_BODY, HTTPProtocolError, IncompleteResponse, ResponseParser, build_request
from .aio_connect import open_stream
from .aio_deadlines import Deadlines
from .http_asyncio_outcomes import ProxyRefused, ReadTimeout, decoded, translate, translate_connect, where_of

__all__ = ["AsyncioHTTPTransport"]

_RETRY_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_READ_BUFFER = 65536  # bytes per read; below glibc's mmap threshold, so reads never map pages


class _Connection(asyncio.BufferedProtocol):
    """One keep-alive connection; feeds what arrives into the current request's parser.

    A buffered protocol: the event loop reads into this connection's own reusable buffer (``recv_into``)
    instead of allocating a fresh 256 KiB ``bytes`` per read, which glibc serves with mmap/munmap (two
    system calls and page faults per answer).
    """

    __slots__ = ("transport", "parser", "waiter", "closed", "key", "used", "loop", "deadlines", "_view")

    def __init__(self, key: tuple[str, str, int], deadlines: Deadlines) -> None:
        self.transport: Any = None
        self.parser: ResponseParser | None = None
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self.key = key
        self.used = 0  # requests sent on it
        self.loop = deadlines.loop
        self.deadlines = deadlines  # the read timeouts of this connection's event loop
        self._view = memoryview(bytearray(_READ_BUFFER))

    def send(self, method: str, data: bytes, max_body: int, read_timeout: float) -> asyncio.Future:
        """Write one request; the returned future completes when its response has (or has failed)."""
        self.parser = ResponseParser(method, max_body=max_body)
        waiter = self.waiter = self.loop.create_future()
        self.used += 1
        self.transport.write(data)
        self.deadlines.add(self, read_timeout)
        return waiter

    def finish(self) -> ResponseParser:
        """End the current exchange (answered, failed or cancelled): no more bytes are expected."""
        self.deadlines.remove(self)
        parser = self.parser
        self.parser = None
        self.waiter = None
        return parser  # type: ignore[return-value]

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

    def timed_out(self) -> None:  # called by ``deadlines``
        self._wake(ReadTimeout())

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
        self._deadlines: Deadlines | None = None
        self._closed = False

    # -- routing -------------------------------------------------------------------------------------
    def _route(self, url: str) -> tuple[tuple[str, str, int], str, str]:
        """``(pool key, Host header, request target)``."""
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
        return key, host_header, target

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
        key, host_header, target = self._route(url)
        if self._closed:
            where = where_of(method, url)
            raise NetworkError(f"transport closed; cannot send {where}", endpoint=where)
        if self._proxy_auth is not None and key[0] == "http":
            headers = {**headers, "Proxy-Authorization": self._proxy_auth}
        try:
            data = build_request(method, target, host_header, headers, body)
        except ValueError as exc:
            where = where_of(method, url)
            raise BadRequest(f"cannot send {where}: {exc}", endpoint=where) from None
        for attempt in (0, 1):
            conn = self._take_idle(key) or await self._acquire(key, timeout[0], method, url)
            reused = conn.used > 0
            if not reused or conn.usable():  # else closed while idle: nothing written, always safe to retry
                try:
                    await conn.send(method, data, self._max_body, timeout[1])
                except BaseException as exc:
                    parser = conn.finish()
                    if not (reused and method in _RETRY_SAFE and isinstance(exc, (OSError, IncompleteResponse))
                            and parser is not None and parser.received == 0):  # else closed before it came
                        self._discard(conn)  # a cancelled request's answer may still come: never reuse it
                        if isinstance(exc, Exception):
                            raise translate(exc, where_of(method, url)) from exc
                        raise
                else:
                    parser = conn.finish()
                    self._release(conn, parser.keep_alive)
                    return Response(parser.status, parser.headers, decoded(parser, method, url, self._max_body))
            self._discard(conn)  # stale: a pooled connection the server had closed
            self._drop_idle(key)  # its siblings are probably as stale
            if attempt:
                where = where_of(method, url)
                raise NetworkError(f"connection lost during {where}: the outcome is unknown", endpoint=where,
                                   outcome_unknown=True)
        raise AssertionError("unreachable")

    # -- the pool ------------------------------------------------------------------------------------
    def _take_idle(self, key: tuple[str, str, int]) -> _Connection | None:
        """A pooled connection that is still open, without waiting; None when there is none."""
        pool = self._pools.get(key)
        if pool is not None:
            while pool.idle:
                conn = pool.idle.pop()
                if conn.usable():
                    return conn
                pool.count -= 1
                conn.abort()
        return None

    async def _acquire(self, key: tuple[str, str, int], connect_timeout: float, method: str,
                       url: str) -> _Connection:
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
            raise translate_connect(exc, where_of(method, url)) from exc

    async def _connect(self, key: tuple[str, str, int]) -> _Connection:
        scheme, host, port = key
        loop = asyncio.get_running_loop()
        deadlines = self._deadlines
        if deadlines is None or deadlines.loop is not loop:  # one timer per event loop
            deadlines = self._deadlines = Deadlines(loop)
        context = self._context() if scheme == "https" else None
        if self._proxy_key is not None and scheme == "http":  # absolute-form requests to the proxy itself
            _, conn = await open_stream(lambda: _Connection(key, deadlines), self._proxy_key[1],
                                        self._proxy_key[2])
        else:
            _, conn = await open_stream(lambda: _Connection(key, deadlines), host, port, ssl_context=context,
                                        proxy=self._proxy, tunnel_error=ProxyRefused)
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
