"""Roles and connection states of the WebSocket protocol object (pure core).

RFC 6455 §4 (CONNECTING), §5 (OPEN), §7 (closing handshake and _Fail the WebSocket Connection_).
"""
from __future__ import annotations

from enum import Enum

__all__ = ["Role", "State"]


class Role(Enum):
    CLIENT = "client"
    SERVER = "server"


class State(Enum):
    CONNECTING = 0     # opening handshake in progress
    OPEN = 1
    LOCAL_CLOSING = 2  # we sent Close, waiting for the peer's
    CLOSED = 3         # both Close frames exchanged, or the connection failed: drop the transport
    REJECTED = 4       # the handshake was refused
