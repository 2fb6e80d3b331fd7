"""The sans-I/O RFC 6455 protocol object, client and server roles (pure core).

h11/wsproto style: ``receive_data(bytes)`` buffers, ``next_event()``/``events()`` parse, ``send(event)``
returns the bytes to write, and ``data_to_send()`` returns what the protocol queued by itself (the Pong
that answers a Ping, RFC 6455 §5.5.2; the Close that answers a Close, §5.5.1; the Close that fails the
connection, §7.1.7). No socket, clock or randomness inside: the client's masking keys and handshake
nonce come from the injected ``urandom`` callable.

Receiving is strict (https://www.rfc-editor.org/rfc/rfc6455#section-5): RSV bits only when an
extension negotiated them, known opcodes, unfragmented control frames of at most 125 bytes, the
continuation rules, client frames masked and server frames not, 64-bit lengths with the top bit
clear, valid close codes (§7.4), UTF-8 text validated incrementally so a bad byte fails the
connection as soon as it arrives (§8.1, fail fast even inside a frame still in flight), and a
message size limit (1009). Frame headers are checked before their payload arrives.
"""
from __future__ import annotations

import codecs
from collections import deque
from typing import Callable, Iterator

from . import deflate as _deflate
from . import handshake as _hs
from .errors import HandshakeError, ProtocolError
from .events import (AcceptConnection, BytesMessage, CloseConnection, Event, Ping, Pong, RejectConnection,
                     Request, TextMessage)
from .frames import OP_BINARY, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT, encode_close_payload, encode_frame, is_valid_received_close_code
from .reader import FrameReceiver
from .states import Role, State

__all__ = ["Role", "State", "WSConnection", "DEFAULT_MAX_SIZE"]

DEFAULT_MAX_SIZE = 2 ** 24  # 16 MiB: far above any KuCoin push, small enough to bound memory


class WSConnection(FrameReceiver):
    """One WebSocket connection's protocol state. Not thread-safe: drivers serialise access."""

    def __init__(self, role: Role, *, urandom: Callable[[int], bytes] | None = None,
                 max_size: int = DEFAULT_MAX_SIZE,
                 compression: str | _deflate.DeflateOptions | None = None) -> None:
        if role is Role.CLIENT and urandom is None:
            raise TypeError("the client role needs urandom (e.g. os.urandom) for masking keys")
        self.role = role
        self.state = State.CONNECTING
        self.max_size = max_size
        self._client = role is Role.CLIENT
        self._urandom = urandom
        self._mask_pool = b""
        self._deflate_options = (_deflate.DeflateOptions() if compression == "deflate"
                                 else compression if isinstance(compression, _deflate.DeflateOptions)
                                 else None)
        if compression not in (None, "deflate") and self._deflate_options is None:
            raise ValueError("compression must be None, 'deflate' or a DeflateOptions")
        self.deflate: _deflate.PerMessageDeflate | None = None
        self.subprotocol: str | None = None
        self._key = ""
        self._offers: list[tuple[str, dict[str, str | None]]] = []
        self._buf = bytearray()
        self._eof = False
        self._events: deque[Event] = deque()
        self._out = bytearray()
        self._close_sent = False
        # message being assembled: opcode (0 = none), compressed flag, parts, size, UTF-8 decoder
        self._msg_op = 0
        self._msg_z = False
        self._msg_parts: list = []
        self._msg_size = 0
        self._utf8: codecs.IncrementalDecoder | None = None
        # data frame whose payload is still arriving: bytes left, fin flag, mask key, offset into it
        self._frame_left = 0
        self._frame_fin = False
        self._frame_key: bytes | None = None
        self._frame_off = 0

    # ------------------------------------------------------------------ input
    def receive_data(self, data: bytes | bytearray | memoryview | None) -> None:
        """Feed bytes from the transport; ``b""`` or None means the peer closed its side (EOF)."""
        if data:
            if self.state is not State.CLOSED:
                self._buf += data
        else:
            self._eof = True

    def events(self) -> Iterator[Event]:
        """Every event the buffered bytes make, in order."""
        event = self.next_event()
        while event is not None:
            yield event
            event = self.next_event()

    def data_to_send(self) -> bytes:
        """Bytes the protocol queued on its own (auto Pong, Close replies); empty when none."""
        out = bytes(self._out)
        self._out.clear()
        return out

    def next_event(self) -> Event | None:
        """The next event, or None when more bytes are needed. Raises ``HandshakeError`` on a bad
        opening handshake (there is no WebSocket connection to fail yet)."""
        if self._events:
            return self._events.popleft()
        state = self.state
        if state is State.OPEN and self._client and not self._frame_left and not self._msg_op:
            # fast path: a whole, unfragmented, uncompressed, unmasked server frame (RFC 6455 §5.2);
            # anything else falls through to the general parser, which re-checks everything
            buf = self._buf
            if len(buf) > 1:
                b0 = buf[0]
                if b0 == 0x81 or b0 == 0x82:
                    n = buf[1]
                    hlen = 2
                    if n == 126 and len(buf) > 3:
                        n = (buf[2] << 8) | buf[3]
                        hlen = 4
                    end = hlen + n
                    if n < 126 or hlen == 4:
                        if end <= len(buf) and n <= self.max_size:
                            payload = buf[hlen:end]
                            del buf[:end]
                            if b0 == 0x82:
                                return BytesMessage(bytes(payload))
                            try:
                                return TextMessage(payload.decode("utf-8"))
                            except UnicodeDecodeError:
                                return self._fail(1007, "invalid UTF-8 in a text message")
        if state is State.OPEN or state is State.LOCAL_CLOSING:
            event = self._next_frame_event()
        elif state is State.CONNECTING:
            event = self._next_handshake_event()
        else:
            return None
        if event is None and self._eof and self.state in (State.OPEN, State.LOCAL_CLOSING):
            self.state = State.CLOSED
            return CloseConnection(1006, "connection dropped without a Close frame")
        return event

    # ------------------------------------------------------------------ output
    def send(self, event: Event) -> bytes:
        """Bytes to write for ``event`` (RFC 6455 §5, §4 for the handshake events)."""
        kind = type(event)
        if kind is TextMessage or kind is BytesMessage:
            if self.state is not State.OPEN:
                raise ProtocolError(f"cannot send a message in state {self.state.name}")
            if kind is TextMessage:
                return self._frame_message(OP_TEXT, event.data.encode("utf-8"))  # type: ignore[union-attr]
            return self._frame_message(OP_BINARY, bytes(event.data))  # type: ignore[union-attr]
        if kind is Ping or kind is Pong:
            if self.state not in (State.OPEN, State.LOCAL_CLOSING):
                raise ProtocolError(f"cannot send a ping/pong in state {self.state.name}")
            payload = bytes(event.payload)  # type: ignore[union-attr]
            if len(payload) > 125:
                raise ProtocolError("control frame payloads are limited to 125 bytes (RFC 6455 §5.5)")
            return self._frame(OP_PING if kind is Ping else OP_PONG, payload)
        if kind is CloseConnection:
            return self._send_close(event.code, event.reason)  # type: ignore[union-attr]
        if kind is Request:
            return self._send_request(event)  # type: ignore[arg-type]
        if kind is AcceptConnection:
            return self._send_accept(event)  # type: ignore[arg-type]
        if kind is RejectConnection:
            if self._client or self.state is not State.CONNECTING:
                raise ProtocolError("only a server may reject, during the handshake")
            self.state = State.REJECTED
            return _hs.build_reject(event.status_code, event.headers, event.body)  # type: ignore[union-attr]
        raise TypeError(f"cannot send {event!r}")

    def _mask_key(self) -> bytes:
        pool = self._mask_pool
        if not pool:
            pool = self._urandom(1024)  # type: ignore[misc]  (one syscall per 256 frames)
        self._mask_pool = pool[4:]
        return pool[:4]

    def _frame(self, opcode: int, payload: bytes, rsv1: bool = False) -> bytes:
        return encode_frame(opcode, payload, rsv1=rsv1,
                            mask_key=self._mask_key() if self._client else None)

    def _frame_message(self, opcode: int, payload: bytes) -> bytes:
        if self.deflate is not None:
            packed = self.deflate.compress(payload)
            if packed is not None:
                return self._frame(opcode, packed, rsv1=True)
        return self._frame(opcode, payload)

    def _send_close(self, code: int | None, reason: str) -> bytes:
        if self._close_sent or self.state in (State.CLOSED, State.CONNECTING, State.REJECTED):
            return b""
        if code is not None and code != 1005 and not is_valid_received_close_code(code):
            raise ProtocolError(f"close code {code} may not be sent (RFC 6455 §7.4)")
        self._close_sent = True
        self.state = State.LOCAL_CLOSING if self.state is State.OPEN else State.CLOSED
        return self._frame(OP_CLOSE, encode_close_payload(code, reason))

    def _fail(self, code: int, reason: str) -> CloseConnection:
        """_Fail the WebSocket Connection_ (RFC 6455 §7.1.7): queue our Close, stop reading."""
        if not self._close_sent:
            self._close_sent = True
            self._out += self._frame(OP_CLOSE, encode_close_payload(code, reason))
        self.state = State.CLOSED
        self._buf.clear()
        self._msg_parts = []
        return CloseConnection(code, reason, local=True)

    # ------------------------------------------------------------------ handshake
    def _send_request(self, event: Request) -> bytes:
        if not self._client or self.state is not State.CONNECTING or self._key:
            raise ProtocolError("only a client sends the Request, once")
        self._key = _hs.make_key(self._urandom(16))  # type: ignore[misc]
        extensions = tuple(event.extensions)
        if self._deflate_options is not None:
            extensions += (_deflate.client_offer(self._deflate_options),)
        self._requested_protocols = tuple(event.subprotocols)
        return _hs.build_request(event.host, event.target, self._key, subprotocols=event.subprotocols,
                                 extensions=extensions, extra_headers=tuple(event.extra_headers))

    def _send_accept(self, event: AcceptConnection) -> bytes:
        if self._client or self.state is not State.CONNECTING or not self._key:
            raise ProtocolError("only a server accepts, after receiving the Request")
        extensions = tuple(event.extensions)
        if self._deflate_options is not None:
            found = _deflate.server_negotiate(self._offers, self._deflate_options)
            if found is not None:
                extensions += (found[0],)
                self.deflate = found[1]
        self.subprotocol = event.subprotocol
        self.state = State.OPEN
        return _hs.build_response(self._key, subprotocol=event.subprotocol, extensions=extensions,
                                  extra_headers=tuple(event.extra_headers))

    def _next_handshake_event(self) -> Event | None:
        buf = self._buf
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            if len(buf) > _hs.MAX_HEAD_SIZE:
                raise HandshakeError("handshake head too large")
            if self._eof:
                raise HandshakeError("connection closed during the opening handshake")
            return None
        head = bytes(buf[:end + 4])
        del buf[:end + 4]
        if self._client:
            if not self._key:
                raise ProtocolError("send the Request before feeding the response")
            return self._client_handshake(head)
        if self._key:
            raise ProtocolError("accept or reject the Request first")
        target, headers, key = _hs.parse_request(head)
        self._key = key
        extensions = tuple(v for k, v in headers if k == "sec-websocket-extensions")
        self._offers = _hs.parse_extension_header(list(extensions))
        protocols = tuple(p.strip() for k, v in headers if k == "sec-websocket-protocol"
                          for p in v.split(",") if p.strip())
        host = next(v for k, v in headers if k == "host")
        return Request(host=host, target=target, subprotocols=protocols, extensions=extensions,
                       extra_headers=tuple(headers))

    def _client_handshake(self, head: bytes) -> Event:
        status, headers = _hs.parse_response(head, self._key)
        if status != 101:
            self.state = State.REJECTED
            return RejectConnection(status_code=status, headers=tuple(headers))
        extensions = tuple(v for k, v in headers if k == "sec-websocket-extensions")
        for name, params in _hs.parse_extension_header(list(extensions)):
            if name != _deflate.EXTENSION_NAME or self._deflate_options is None or self.deflate:
                raise HandshakeError(f"server accepted an extension we did not offer: {name}")
            self.deflate = _deflate.client_accept(params, self._deflate_options)
        protocol = next((v for k, v in headers if k == "sec-websocket-protocol"), None)
        if protocol is not None and protocol not in getattr(self, "_requested_protocols", ()):
            raise HandshakeError(f"server chose a subprotocol we did not offer: {protocol}")
        self.subprotocol = protocol
        self.state = State.OPEN
        return AcceptConnection(subprotocol=protocol, extensions=extensions, extra_headers=tuple(headers))
