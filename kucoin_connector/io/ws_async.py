"""asyncio WebSocket driver on asyncio streams around the sans-I/O ``WSConnection`` (transport layer).

The same protocol object as the blocking driver, so both behave identically on the wire. TLS and
SNI, and HTTP CONNECT proxies come from :func:`kucoin_connector.io.aio_connect.open_connection`
(shared with the asyncio HTTP transport): the tunnel is opened on a plain socket first, then TLS is
started over it (works on Python 3.10, which lacks ``StreamWriter.start_tls``).
"""
from __future__ import annotations

import asyncio
import os
import socket
import ssl
from typing import AsyncIterator, Sequence

from ..ws.errors import ConnectionClosed, HandshakeError
from ..ws.events import (AcceptConnection, BytesMessage, CloseConnection, Ping, RejectConnection, Request,
                     TextMessage)
from ..ws.handshake import build_reject
from ..ws.protocol import DEFAULT_MAX_SIZE, Role, State, WSConnection
from .ws_sync import HeadersLike, _header_pairs
from ..ws.url import parse_ws_url
from .aio_connect import open_connection

__all__ = ["AsyncWebSocket", "aconnect", "aaccept"]

_READ_SIZE = 262144


class AsyncWebSocket:
    """An open WebSocket on asyncio streams (either role); methods mirror ``WebSocket``."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, proto: WSConnection,
                 *, close_timeout: float = 10.0) -> None:
        self._reader = reader
        self._writer = writer
        self._proto = proto
        self._close_timeout = close_timeout
        self.close_code: int | None = None
        self.close_reason = ""
        self.subprotocol = proto.subprotocol

    @property
    def closed(self) -> bool:
        return self.close_code is not None

    async def _write(self, data: bytes) -> None:
        if data:
            try:
                self._writer.write(data)
                await self._writer.drain()
            except (OSError, RuntimeError) as exc:
                await self._finish(1006, f"send failed: {exc.__class__.__name__}")
                raise ConnectionClosed(1006, self.close_reason) from exc

    async def send(self, message: str | bytes | bytearray | memoryview) -> None:
        """Send one message: ``str`` as text, bytes-like as binary."""
        if self.close_code is not None or self._proto.state is not State.OPEN:
            raise ConnectionClosed(self.close_code or 1006, self.close_reason)
        event = TextMessage(message) if isinstance(message, str) else BytesMessage(bytes(message))
        await self._write(self._proto.send(event))

    async def ping(self, payload: bytes = b"") -> None:
        """Send a Ping (at most 125 bytes); the peer's Pong is consumed by ``recv``."""
        if self.close_code is not None:
            raise ConnectionClosed(self.close_code, self.close_reason)
        await self._write(self._proto.send(Ping(payload)))

    async def recv(self) -> str | bytes:
        """The next message; raises ``ConnectionClosed`` with the code and reason once closed.
        Wrap in ``asyncio.wait_for`` for a deadline."""
        proto = self._proto
        while True:
            event = proto.next_event()
            kind = type(event)
            if kind is TextMessage or kind is BytesMessage:
                return event.data  # type: ignore[union-attr]
            if event is None:
                if self.close_code is not None:
                    raise ConnectionClosed(self.close_code, self.close_reason)
                try:
                    data = await self._reader.read(_READ_SIZE)
                except OSError:
                    data = b""
                proto.receive_data(data)
            elif kind is CloseConnection:
                await self._on_close(event)  # type: ignore[arg-type]
                raise ConnectionClosed(self.close_code or 1006, self.close_reason)
            else:
                await self._write(proto.data_to_send())

    def __aiter__(self) -> AsyncIterator[str | bytes]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[str | bytes]:
        while True:
            try:
                yield await self.recv()
            except ConnectionClosed as exc:
                if exc.code in (1000, 1001):
                    return
                raise

    async def _on_close(self, event: CloseConnection) -> None:
        try:
            self._writer.write(self._proto.data_to_send())
            await self._writer.drain()
        except (OSError, RuntimeError):
            pass
        wait = not event.local and event.code != 1006 and self._proto.role is Role.CLIENT
        await self._finish(event.code, event.reason, wait_eof=wait)

    async def _finish(self, code: int, reason: str, wait_eof: bool = False) -> None:
        """Record the close and release the stream; a client lets the server close TCP first
        (RFC 6455 §7.1.1) for up to ``close_timeout`` seconds."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        if wait_eof:
            try:
                await asyncio.wait_for(self._drain_to_eof(), self._close_timeout)
            except (asyncio.TimeoutError, OSError):
                pass
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except (OSError, ssl.SSLError):
            pass

    async def _drain_to_eof(self) -> None:
        while await self._reader.read(4096):
            pass

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """The closing handshake (RFC 6455 §7.1.2), bounded by ``close_timeout``."""
        if self.close_code is not None:
            return
        try:
            self._writer.write(self._proto.send(CloseConnection(code, reason)))
            await self._writer.drain()
        except (OSError, RuntimeError):
            await self._finish(1006, "send failed")
            return

        async def until_closed() -> None:
            try:
                while True:
                    await self.recv()
            except ConnectionClosed:
                pass

        try:
            await asyncio.wait_for(until_closed(), self._close_timeout)
        except asyncio.TimeoutError:
            await self._finish(1006, "no Close frame from the peer")

    async def abort(self, code: int = 1000, reason: str = "") -> None:
        """Send a Close frame if possible and drop the connection at once, without waiting for the
        peer (a lost or stalled session must not hold the caller for ``close_timeout``)."""
        if self.close_code is not None:
            return
        try:
            self._writer.write(self._proto.send(CloseConnection(code, reason[:100])))
        except Exception:  # noqa: BLE001 - already closed or in a state that cannot send Close
            pass
        await self._finish(code, reason)

    async def __aenter__(self) -> "AsyncWebSocket":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        state = f"closed code={self.close_code}" if self.closed else "open"
        return f"<AsyncWebSocket {self._proto.role.value} {state}>"


async def _open(url: str, max_size: int, compression: str | None, proxy: str | None,
                ssl_context: ssl.SSLContext | None, headers: HeadersLike, subprotocols: Sequence[str],
                close_timeout: float) -> AsyncWebSocket:
    target = parse_ws_url(url)
    context = (ssl_context or ssl.create_default_context()) if target.secure else None
    reader, writer = await open_connection(target.host, target.port, ssl_context=context, proxy=proxy,
                                           tunnel_error=HandshakeError)
    try:
        raw = writer.get_extra_info("socket")
        if raw is not None:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        proto = WSConnection(Role.CLIENT, urandom=os.urandom, max_size=max_size, compression=compression)
        writer.write(proto.send(Request(host=target.host_header, target=target.target,
                                        subprotocols=tuple(subprotocols),
                                        extra_headers=_header_pairs(headers))))
        event = None
        while event is None:
            event = proto.next_event()
            if event is None:
                proto.receive_data(await reader.read(65536))
        if isinstance(event, RejectConnection):
            raise HandshakeError(f"server refused the WebSocket upgrade with HTTP {event.status_code}",
                                 event.status_code)
        assert isinstance(event, AcceptConnection)
    except BaseException:
        writer.close()
        raise
    return AsyncWebSocket(reader, writer, proto, close_timeout=close_timeout)


async def aconnect(url: str, *, timeout: float | None = 10, max_size: int = DEFAULT_MAX_SIZE,
                   compression: str | None = None, proxy: str | None = None,
                   ssl_context: ssl.SSLContext | None = None, headers: HeadersLike = None,
                   subprotocols: Sequence[str] = ()) -> AsyncWebSocket:
    """asyncio counterpart of ``connect``: ``ws = await aconnect(url)`` or ``async with`` on the result."""
    return await asyncio.wait_for(
        _open(url, max_size, compression, proxy, ssl_context, headers, subprotocols,
              timeout if timeout is not None else 10.0), timeout)


async def aaccept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                  max_size: int = DEFAULT_MAX_SIZE, compression: str | None = None,
                  subprotocols: Sequence[str] = ()) -> tuple[AsyncWebSocket, Request]:
    """Server side on asyncio streams (for ``asyncio.start_server`` handlers)."""
    proto = WSConnection(Role.SERVER, max_size=max_size, compression=compression)
    event = None
    try:
        while event is None:
            event = proto.next_event()
            if event is None:
                proto.receive_data(await reader.read(65536))
    except HandshakeError:
        writer.write(build_reject(400))
        writer.close()
        raise
    assert isinstance(event, Request)
    chosen = next((p for p in event.subprotocols if p in subprotocols), None)
    writer.write(proto.send(AcceptConnection(subprotocol=chosen)))
    await writer.drain()
    return AsyncWebSocket(reader, writer, proto), event
