"""Opening an asyncio connection: TCP, optional HTTP CONNECT tunnel, TLS with SNI (transport layer).

Shared by the asyncio WebSocket client (:mod:`kucoin_connector.io.ws_async`) and the asyncio
HTTP transport (:mod:`kucoin_connector.io.http_asyncio`), so socket, proxy and TLS code exists
once. The CONNECT request and the proxy's status line are built and read by the pure helpers in
:mod:`kucoin_connector.ws.url` (RFC 9110 §9.3.6).
"""
from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any, Callable

from ..ws.url import WSURL, connect_request, parse_connect_status, parse_proxy_url

__all__ = ["TunnelError", "open_stream", "open_connection", "tunnel"]

_MAX_PROXY_HEAD = 65536


class TunnelError(ConnectionError):
    """The proxy refused or broke the CONNECT tunnel; ``status`` is its HTTP status when it answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


ErrorFactory = Callable[[str, "int | None"], BaseException]


async def tunnel(host: str, port: int, proxy: str, error: ErrorFactory = TunnelError) -> socket.socket:
    """A non-blocking socket connected to ``host:port`` through an HTTP CONNECT tunnel at ``proxy``.

    Proxy failures raise ``error(message, status)``; socket errors propagate as ``OSError``.
    """
    loop = asyncio.get_running_loop()
    p = parse_proxy_url(proxy)
    infos = await loop.getaddrinfo(p.host, p.port, type=socket.SOCK_STREAM)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, address)
        await loop.sock_sendall(sock, connect_request(WSURL(True, host, port, "/"), p))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = await loop.sock_recv(sock, 4096)
            if not chunk or len(data) > _MAX_PROXY_HEAD:
                raise error("proxy closed the connection during CONNECT", None)
            data += chunk
        try:
            status = parse_connect_status(data)
        except Exception:
            raise error("proxy answered CONNECT with a malformed status line", None) from None
        if not 200 <= status < 300:
            raise error(f"proxy refused CONNECT with HTTP {status}", status)
    except BaseException:
        sock.close()
        raise
    return sock


async def open_stream(protocol_factory: Callable[[], asyncio.BaseProtocol], host: str, port: int, *,
                      ssl_context: ssl.SSLContext | None = None, proxy: str | None = None,
                      tunnel_error: ErrorFactory = TunnelError) -> tuple[asyncio.Transport, Any]:
    """``loop.create_connection`` to ``host:port``, through a CONNECT tunnel when ``proxy`` is given;
    with ``ssl_context`` TLS runs end to end with the target (certificate checked, SNI = ``host``)."""
    loop = asyncio.get_running_loop()
    server_hostname = host if ssl_context is not None else None
    if proxy is not None:
        sock = await tunnel(host, port, proxy, tunnel_error)
        try:
            return await loop.create_connection(protocol_factory, sock=sock, ssl=ssl_context,
                                                server_hostname=server_hostname)
        except BaseException:
            sock.close()
            raise
    return await loop.create_connection(protocol_factory, host, port, ssl=ssl_context,
                                        server_hostname=server_hostname)


async def open_connection(host: str, port: int, *, ssl_context: ssl.SSLContext | None = None,
                          proxy: str | None = None, tunnel_error: ErrorFactory = TunnelError,
                          limit: int = 2 ** 16) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Like ``asyncio.open_connection``, with an optional CONNECT proxy: ``(reader, writer)``."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=limit, loop=loop)
    protocol = asyncio.StreamReaderProtocol(reader, loop=loop)
    transport, _ = await open_stream(lambda: protocol, host, port, ssl_context=ssl_context, proxy=proxy,
                                     tunnel_error=tunnel_error)
    return reader, asyncio.StreamWriter(transport, protocol, reader, loop)
