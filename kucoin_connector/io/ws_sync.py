"""Blocking WebSocket driver on ``socket``/``ssl`` around the sans-I/O ``WSConnection`` (transport layer).

May import socket, ssl, os and threading; holds no protocol logic. TLS verifies certificates and the
host name by default (``ssl.create_default_context()``) and sends SNI; ``proxy="http://host:port"``
tunnels through an HTTP CONNECT proxy (RFC 9110 §9.3.6). The receive path reads into one reusable
buffer and returns a message as soon as the protocol yields one.
"""
from __future__ import annotations

import os
import socket
import ssl
import threading
from typing import Iterator, Mapping, Sequence, Union

from ..ws.errors import ConnectionClosed, HandshakeError
from ..ws.handshake import build_reject
from ..ws.events import (AcceptConnection, BytesMessage, CloseConnection, Ping, RejectConnection, Request,
                     TextMessage)
from ..ws.protocol import DEFAULT_MAX_SIZE, Role, State, WSConnection
from ..ws.url import connect_request, parse_connect_status, parse_proxy_url, parse_ws_url

__all__ = ["WebSocket", "connect", "accept", "HeadersLike"]

HeadersLike = Union[Mapping[str, str], Sequence[tuple[str, str]], None]
_READ_SIZE = 262144


def _header_pairs(headers: HeadersLike) -> tuple[tuple[str, str], ...]:
    if headers is None:
        return ()
    items = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((str(k), str(v)) for k, v in items)


class WebSocket:
    """An open WebSocket (either role). One thread may ``recv`` while another ``send``s."""

    def __init__(self, sock: socket.socket, proto: WSConnection, *, close_timeout: float = 10.0) -> None:
        self._sock = sock
        self._proto = proto
        self._close_timeout = close_timeout
        self._lock = threading.Lock()
        self._rbuf = bytearray(_READ_SIZE)
        self._rview = memoryview(self._rbuf)
        self._timeout: float | None = -1.0
        self.close_code: int | None = None
        self.close_reason = ""
        self.subprotocol = proto.subprotocol

    @property
    def closed(self) -> bool:
        return self.close_code is not None

    # -- sending
    def _write(self, data: bytes) -> None:
        if data:
            try:
                self._sock.sendall(data)
            except OSError as exc:
                self._finish(1006, f"send failed: {exc.__class__.__name__}")
                raise ConnectionClosed(1006, self.close_reason) from exc

    def send(self, message: str | bytes | bytearray | memoryview) -> None:
        """Send one message: ``str`` as text, bytes-like as binary."""
        if self.close_code is not None or self._proto.state is not State.OPEN:
            raise ConnectionClosed(self.close_code or 1006, self.close_reason)
        event = TextMessage(message) if isinstance(message, str) else BytesMessage(bytes(message))
        with self._lock:
            self._write(self._proto.send(event))

    def ping(self, payload: bytes = b"") -> None:
        """Send a Ping (at most 125 bytes); the peer's Pong is consumed by ``recv``."""
        if self.close_code is not None:
            raise ConnectionClosed(self.close_code, self.close_reason)
        with self._lock:
            self._write(self._proto.send(Ping(payload)))

    # -- receiving
    def _read(self, timeout: float | None) -> None:
        if timeout != self._timeout:
            self._sock.settimeout(timeout)
            self._timeout = timeout
        try:
            n = self._sock.recv_into(self._rbuf)
        except (socket.timeout, TimeoutError):
            raise
        except OSError:
            n = 0
        self._proto.receive_data(self._rview[:n] if n else b"")

    def recv(self, timeout: float | None = None) -> str | bytes:
        """The next message (``str`` for text, ``bytes`` for binary). Answers pings on the way.
        Raises ``ConnectionClosed`` (code, reason) once the connection is closed and
        ``TimeoutError`` when ``timeout`` seconds pass without a message."""
        proto = self._proto
        while True:
            event = proto.next_event()
            kind = type(event)
            if kind is TextMessage or kind is BytesMessage:
                return event.data  # type: ignore[union-attr]
            if event is None:
                if self.close_code is not None:
                    raise ConnectionClosed(self.close_code, self.close_reason)
                self._read(timeout)
            elif kind is CloseConnection:
                self._on_close(event)  # type: ignore[arg-type]
                raise ConnectionClosed(self.close_code or 1006, self.close_reason)
            else:  # Ping (Pong queued by the protocol) or Pong
                with self._lock:
                    self._write(proto.data_to_send())

    def __iter__(self) -> Iterator[str | bytes]:
        """Messages until the connection closes normally (1000/1001); other closes raise."""
        while True:
            try:
                yield self.recv()
            except ConnectionClosed as exc:
                if exc.code in (1000, 1001):
                    return
                raise

    # -- for event loops that select() over many sockets (the stream driver): no private access
    def fileno(self) -> int:
        """The socket's file descriptor, so ``select``/``selectors`` can watch this WebSocket."""
        return self._sock.fileno()

    def pending(self) -> bool:
        """True when TLS has decrypted bytes buffered that ``select`` cannot see (read them now)."""
        pending = getattr(self._sock, "pending", None)
        return bool(pending is not None and pending())

    def receive_ready(self, read: bool = True) -> list[str | bytes]:
        """The messages available without waiting: one socket read when ``read`` (call it only when
        ``select`` said readable or :meth:`pending`), then every complete message already buffered.
        Pings are answered on the way; a Close ends the list and leaves :attr:`closed` set."""
        if self.close_code is not None:
            return []
        if read:
            try:
                self._read(None)  # readable: recv_into returns at once
            except OSError:
                self._proto.receive_data(b"")
        proto, out = self._proto, []
        while True:
            event = proto.next_event()
            kind = type(event)
            if event is None:
                return out
            if kind is TextMessage or kind is BytesMessage:
                out.append(event.data)  # type: ignore[union-attr]
            elif kind is CloseConnection:
                self._on_close(event)  # type: ignore[arg-type]
                return out
            else:
                with self._lock:
                    self._write(proto.data_to_send())

    def abort(self, code: int = 1000, reason: str = "") -> None:
        """Send a Close frame if possible and drop the connection at once, without waiting for the
        peer (a lost or stalled session must not hold the caller for ``close_timeout``)."""
        if self.close_code is not None:
            return
        try:
            with self._lock:
                self._sock.sendall(self._proto.send(CloseConnection(code, reason[:100])))
        except Exception:  # noqa: BLE001 - already closed or in a state that cannot send Close
            pass
        self._finish(code, reason)

    # -- closing
    def _on_close(self, event: CloseConnection) -> None:
        with self._lock:
            try:
                self._sock.sendall(self._proto.data_to_send())
            except OSError:
                pass
        if event.local or event.code == 1006:
            self._finish(event.code, event.reason)
            return
        self._finish(event.code, event.reason, wait_eof=self._proto.role is Role.CLIENT)

    def _finish(self, code: int, reason: str, wait_eof: bool = False) -> None:
        """Record the close and release the socket; a client lets the server close TCP first
        (RFC 6455 §7.1.1) for up to ``close_timeout`` seconds."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
        try:
            if wait_eof:
                self._sock.settimeout(self._close_timeout)
                while self._sock.recv(4096):
                    pass
        except OSError:
            pass
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

    def close(self, code: int = 1000, reason: str = "") -> None:
        """The closing handshake (RFC 6455 §7.1.2): send Close, wait up to ``close_timeout`` for the
        peer's Close (messages still arriving are dropped), then close the socket."""
        if self.close_code is not None:
            return
        with self._lock:
            try:
                self._sock.sendall(self._proto.send(CloseConnection(code, reason)))
            except OSError:
                self._finish(1006, "send failed")
                return
        try:
            while True:
                self.recv(self._close_timeout)
        except ConnectionClosed:
            pass
        except (OSError, TimeoutError):
            self._finish(1006, "no Close frame from the peer")

    def __enter__(self) -> "WebSocket":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = f"closed code={self.close_code}" if self.closed else "open"
        return f"<WebSocket {self._proto.role.value} {state}>"


def _read_head(sock: socket.socket, limit: int = 65536) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise HandshakeError("connection closed before the HTTP response ended")
        data += chunk
        if len(data) > limit:
            raise HandshakeError("HTTP response head too large")
    end = data.index(b"\r\n\r\n") + 4
    return data[:end], data[end:]


def _open_socket(host: str, port: int, proxy: str | None, timeout: float | None) -> socket.socket:
    if proxy is None:
        sock = socket.create_connection((host, port), timeout=timeout)
    else:
        from ..ws.url import WSURL
        p = parse_proxy_url(proxy)
        sock = socket.create_connection((p.host, p.port), timeout=timeout)
        try:
            sock.sendall(connect_request(WSURL(False, host, port, "/"), p))
            head, rest = _read_head(sock)
            status = parse_connect_status(head)
            if not 200 <= status < 300:
                raise HandshakeError(f"proxy refused CONNECT with HTTP {status}", status)
            if rest:
                raise HandshakeError("proxy sent data before the tunnel was used")
        except BaseException:
            sock.close()
            raise
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def connect(url: str, *, timeout: float | None = 10, max_size: int = DEFAULT_MAX_SIZE,
            compression: str | None = None, proxy: str | None = None,
            ssl_context: ssl.SSLContext | None = None, headers: HeadersLike = None,
            subprotocols: Sequence[str] = ()) -> WebSocket:
    """Open a client WebSocket to ``url`` (ws:// or wss://); ``timeout`` bounds the TCP, TLS and
    WebSocket handshakes and the closing handshake. Raises ``HandshakeError`` when refused."""
    target = parse_ws_url(url)
    sock = _open_socket(target.host, target.port, proxy, timeout)
    try:
        if target.secure:
            context = ssl_context or ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=target.host)
        proto = WSConnection(Role.CLIENT, urandom=os.urandom, max_size=max_size, compression=compression)
        sock.sendall(proto.send(Request(host=target.host_header, target=target.target,
                                        subprotocols=tuple(subprotocols),
                                        extra_headers=_header_pairs(headers))))
        event = None
        while event is None:
            event = proto.next_event()
            if event is None:
                proto.receive_data(sock.recv(65536))
        if isinstance(event, RejectConnection):
            raise HandshakeError(f"server refused the WebSocket upgrade with HTTP {event.status_code}",
                                 event.status_code)
        assert isinstance(event, AcceptConnection)
        sock.settimeout(None)
    except BaseException:
        sock.close()
        raise
    return WebSocket(sock, proto, close_timeout=timeout if timeout is not None else 10.0)


def accept(sock: socket.socket, *, max_size: int = DEFAULT_MAX_SIZE, compression: str | None = None,
           subprotocols: Sequence[str] = (), timeout: float | None = 10) -> tuple[WebSocket, Request]:
    """Server side: run the opening handshake on an accepted socket; returns the WebSocket and the
    client's Request (target, headers). The first offered subprotocol we support is chosen."""
    proto = WSConnection(Role.SERVER, max_size=max_size, compression=compression)
    sock.settimeout(timeout)
    event = None
    try:
        while event is None:
            event = proto.next_event()
            if event is None:
                proto.receive_data(sock.recv(65536))
    except HandshakeError:
        sock.sendall(build_reject(400))
        sock.close()
        raise
    assert isinstance(event, Request)
    chosen = next((p for p in event.subprotocols if p in subprotocols), None)
    sock.sendall(proto.send(AcceptConnection(subprotocol=chosen)))
    sock.settimeout(None)
    return WebSocket(sock, proto, close_timeout=timeout if timeout is not None else 10.0), event
