"""``AsyncKucoinFutures``: KuCoin Futures for asyncio, ccxt-compatible (``await ex.fetch_ticker(...)``).

The same operations as :class:`~kucoin_connector.KucoinFutures`, as coroutines, driven by the asyncio face's
:class:`~kucoin_connector.clients.async_face.AsyncFace`.
"""
from __future__ import annotations

from ..core.interface import AsyncUnifiedExchange
from .async_face import AsyncFace, add_coroutines
from .base import fill_unimplemented
from .futures import FUTURES_OPERATIONS, KucoinFuturesBase
from .futures_account import FUTURES_IMPLICIT_OPERATIONS
from .futures_streaming import FUTURES_STREAM_OPERATIONS

__all__ = ["AsyncKucoinFutures"]


class AsyncKucoinFutures(AsyncFace, KucoinFuturesBase, AsyncUnifiedExchange):
    """KuCoin Futures market data for asyncio, ccxt-compatible (``kucoinfutures``)."""


add_coroutines(AsyncKucoinFutures, KucoinFuturesBase,
               FUTURES_OPERATIONS + FUTURES_STREAM_OPERATIONS + FUTURES_IMPLICIT_OPERATIONS)
fill_unimplemented(AsyncKucoinFutures, is_async=True)
