"""WebSocket errors (pure core: no I/O imports).

One small hierarchy shared by the sans-I/O protocol and both drivers, so a caller catches the same
classes whichever driver it uses. ``ConnectionClosed`` carries the close code and reason of
RFC 6455 §7.1.5/§7.1.6 (https://www.rfc-editor.org/rfc/rfc6455#section-7.1.5).
"""
from __future__ import annotations

__all__ = ["WebSocketError", "HandshakeError", "ProtocolError", "ConnectionClosed"]


class WebSocketError(Exception):
    """Base class of every error raised by ``kucoin_connector.ws``."""


class HandshakeError(WebSocketError):
    """The opening handshake failed (RFC 6455 §4.1: the client must _Fail the WebSocket Connection_).

    ``status_code`` is the HTTP status when the server answered something other than 101, else None.
    """

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class ProtocolError(WebSocketError):
    """A local misuse of the protocol object (sending in the wrong state, an oversize control frame)."""


class ConnectionClosed(WebSocketError):
    """The connection is closed; ``code`` and ``reason`` are those of the closing handshake.

    ``code`` is 1006 (RFC 6455 §7.1.5) when the TCP connection dropped without a Close frame.
    """

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"connection closed: code={code} reason={reason!r}")
        self.code = code
        self.reason = reason
