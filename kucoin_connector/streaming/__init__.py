"""KuCoin WebSocket streams: the session protocol, order-book sync and ccxt.pro-style watches.

Everything here is pure (no socket, clock or randomness; ``now_ms`` and ``rand`` are injected, timers
are data: ``get_timer()``/``handle_timer(now)``). The I/O drivers live in :mod:`kucoin_connector.io`
(``stream_async``: asyncio; ``stream_sync``: select, caller's thread, no hidden thread) and load on the
first ``watch_*`` call; the spot push parsers are :mod:`kucoin_connector.spot.pushes`.

Flow: bytes -> :mod:`kucoin_connector.ws` messages -> :class:`~.session.KucoinSession`
events (welcome, ack/error by id, pushes, lost) -> :class:`~.engine.StreamEngine` (connections,
per-connection topic limit, reconnect with jittered backoff, fresh token each time, subscriptions
restored) -> :class:`~.state.StreamState` (order books synchronised and resynchronised, caches per
watch) -> the faces' ``watch_*`` methods (:mod:`kucoin_connector.clients.streaming`).
"""
from __future__ import annotations

from .engine import StreamEngine
from .errors import ReconnectsExhausted, StreamClosed, SubscriptionRefused
from .book import BookState
from .session import KucoinSession
from .state import StreamState
from .topics import Allocation, Unit

__all__ = ["StreamEngine", "KucoinSession", "BookState", "StreamState", "Unit", "Allocation",
           "SubscriptionRefused", "ReconnectsExhausted", "StreamClosed"]
