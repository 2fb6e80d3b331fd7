"""KuCoin WebSocket streams: the session protocol, order-book sync and ccxt.pro-style watches.

Everything here is pure (no socket, clock or randomness; ``now_ms`` and ``rand`` are injected, timers
are data: ``get_timer()``/``handle_timer(now)``). The I/O drivers live in :mod:`kucoin_connector.io`
(``stream_async``: asyncio; ``stream_sync``: select, caller's thread, no hidden thread) and load on the
first ``watch_*`` call. What is spot-specific is a table in :mod:`kucoin_connector.spot`: the topic
handlers (``spot.topics``), the watches (``spot.watches``), the level-2 delta format (``spot.l2``) and
the push parsers (``spot.pushes``).

Flow: bytes -> :mod:`kucoin_connector.ws` messages -> :class:`~.session.KucoinSession`
events (welcome, ack/error by id, pushes, lost) -> :class:`~.engine.StreamEngine` (connections,
per-connection topic limit, reconnect with jittered backoff, fresh token each time, subscriptions
restored; connections keyed by family and access) -> :class:`~.state.StreamState` (a push goes to
its topic handler; :class:`~.book.BookState` books synchronised and resynchronised; channels named by
:class:`~.channels.ChannelKey`) -> a :class:`~.watch.WatchSpec` row's reducer -> the faces' ``watch_*``
methods (:mod:`kucoin_connector.clients.streaming`).
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
