"""Events of the sans-I/O WebSocket protocol (pure core: plain data, no I/O).

The h11/wsproto style: ``WSConnection.next_event()`` returns these, ``WSConnection.send(event)``
takes them. Message events are slotted dataclasses (cheap to build on the hot receive path).
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Event", "Request", "AcceptConnection", "RejectConnection", "TextMessage", "BytesMessage",
    "Ping", "Pong", "CloseConnection",
]

Headers = tuple  # tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Request:
    """Client opening handshake (RFC 6455 §4.1); the server role emits it when a request arrives."""

    host: str
    target: str = "/"
    subprotocols: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()  # raw Sec-WebSocket-Extensions offers, as received
    extra_headers: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class AcceptConnection:
    """Server 101 response (RFC 6455 §4.2.2); the client role emits it once the handshake checks out."""

    subprotocol: str | None = None
    extensions: tuple[str, ...] = ()  # negotiated extension responses, as sent on the wire
    extra_headers: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class RejectConnection:
    """A non-101 answer to the opening handshake (client role emits it; server role may send it)."""

    status_code: int = 400
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


@dataclass(slots=True)
class TextMessage:
    """A complete text message (opcode 0x1 plus continuations), already validated as UTF-8."""

    data: str


@dataclass(slots=True)
class BytesMessage:
    """A complete binary message (opcode 0x2 plus continuations)."""

    data: bytes


@dataclass(slots=True)
class Ping:
    """A Ping frame (RFC 6455 §5.5.2); the protocol has already queued the matching Pong."""

    payload: bytes = b""


@dataclass(slots=True)
class Pong:
    """A Pong frame (RFC 6455 §5.5.3)."""

    payload: bytes = b""


@dataclass(slots=True)
class CloseConnection:
    """The connection is closing or closed (RFC 6455 §5.5.1, §7).

    Received from the peer: ``code``/``reason`` are theirs (1005 when the frame had no code, 1006 when
    the TCP stream ended without a Close frame) and the protocol has queued the echoing Close frame.
    ``local`` is True when this endpoint failed the connection itself (a protocol violation by the
    peer: 1002, 1007, 1009): the Close frame with that code is queued and the transport should drop.
    """

    code: int = 1000
    reason: str = ""
    local: bool = field(default=False)


Event = (Request | AcceptConnection | RejectConnection | TextMessage | BytesMessage | Ping | Pong
         | CloseConnection)
