"""A hand-written RFC 6455 WebSocket stack: sans-I/O protocol, blocking and asyncio clients.

Layers: ``protocol``, ``frames``, ``handshake``, ``deflate``, ``events``, ``url`` and ``errors`` are
pure core (no socket, ssl, asyncio, clock or randomness: the drivers inject ``os.urandom``);
``sync_client`` (socket/ssl) and ``async_client`` (asyncio streams) are the transport drivers and load
only when ``connect``/``aconnect`` are first used.

Blocking::

    from . import connect, ConnectionClosed
    with connect("wss://ws-api-spot.kucoin.com/?token=...", compression="deflate") as ws:
        ws.send('{"id": "1", "type": "ping"}')
        reply = ws.recv()              # str for text, bytes for binary
    # ws.recv() raises ConnectionClosed(code, reason) once the connection is closed

asyncio::

    from . import aconnect
    async with await aconnect(url) as ws:
        await ws.send("hello")
        reply = await ws.recv()

``connect(url, *, timeout=10, max_size=16 MiB, compression=None | "deflate", proxy=None,
ssl_context=None, headers=None, subprotocols=())``: TLS verifies certificates by default and sends
SNI; ``proxy="http://user:pass@host:port"`` tunnels through HTTP CONNECT; ``compression="deflate"``
offers permessage-deflate (RFC 7692). Objects returned: ``send(str | bytes)``, ``recv()``, ``ping()``,
``close(code=1000, reason="")``, iteration over messages and ``with``/``async with``.

The sans-I/O object (``WSConnection``) is what the KuCoin session machine and the simulator's
server side build on: ``receive_data(bytes)``, ``next_event()``/``events()``, ``send(event) -> bytes``
and ``data_to_send()`` for the Pong/Close replies it queues by itself.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .deflate import DeflateOptions
from .errors import ConnectionClosed, HandshakeError, ProtocolError, WebSocketError
from .events import (AcceptConnection, BytesMessage, CloseConnection, Event, Ping, Pong, RejectConnection,
                     Request, TextMessage)
from .protocol import DEFAULT_MAX_SIZE, Role, State, WSConnection

if TYPE_CHECKING:  # pragma: no cover
    from ..io.ws_async import AsyncWebSocket, aaccept, aconnect
    from ..io.ws_sync import WebSocket, accept, connect

__all__ = [
    "connect", "aconnect", "accept", "aaccept", "WebSocket", "AsyncWebSocket",
    "WSConnection", "Role", "State", "DEFAULT_MAX_SIZE", "DeflateOptions",
    "Event", "Request", "AcceptConnection", "RejectConnection", "TextMessage", "BytesMessage", "Ping",
    "Pong", "CloseConnection",
    "WebSocketError", "HandshakeError", "ProtocolError", "ConnectionClosed",
]

_LAZY = {"connect": "kucoin_connector.io.ws_sync", "accept": "kucoin_connector.io.ws_sync", "WebSocket": "kucoin_connector.io.ws_sync",
         "aconnect": "kucoin_connector.io.ws_async", "aaccept": "kucoin_connector.io.ws_async", "AsyncWebSocket": "kucoin_connector.io.ws_async"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kucoin_connector.ws' has no attribute {name!r}")
    from importlib import import_module
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
