"""KuCoin WebSocket streams: the session protocol, order-book sync and ccxt.pro-style watches.

Layers: ``topics``, ``session``, ``engine``, ``orderbook``, ``pushes``, ``state``, ``hub`` and
``errors`` are pure core (no socket, clock or randomness; ``now_ms`` and ``rand`` are injected, timers
are data: ``get_timer()``/``handle_timer(now)``). ``async_driver`` (asyncio) and ``sync_driver``
(select, caller's thread, no hidden thread) are the I/O drivers, loaded by the faces on the first
``watch_*`` call.

Flow: bytes -> :mod:`kucoin_connector.websocket` messages -> :class:`~.session.KucoinSession`
events (welcome, ack/error by id, pushes, lost) -> :class:`~.engine.StreamEngine` (connections,
per-connection topic limit, reconnect with jittered backoff, fresh token each time, subscriptions
restored) -> :class:`~.state.StreamState` (order books synchronised and resynchronised, caches per
watch) -> the faces' ``watch_*`` methods (:mod:`kucoin_connector.faces.streaming`).
"""
from __future__ import annotations

from .engine import StreamEngine
from .errors import ReconnectsExhausted, StreamClosed, SubscriptionRefused
from .orderbook import L2Book
from .session import KucoinSession
from .state import StreamState
from .topics import Allocation, Unit

__all__ = ["StreamEngine", "KucoinSession", "L2Book", "StreamState", "Unit", "Allocation",
           "SubscriptionRefused", "ReconnectsExhausted", "StreamClosed"]
