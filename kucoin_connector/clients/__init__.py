"""Public faces and their drivers: ``Kucoin`` (sync) and ``AsyncKucoin`` (asyncio) for spot,
``KucoinFutures`` and ``AsyncKucoinFutures`` for futures.

Each face module loads on first use, so a sync-only program never imports asyncio.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .async_face import AsyncKucoin
    from .futures import KucoinFutures
    from .futures_async import AsyncKucoinFutures
    from .sync_face import Kucoin

__all__ = ["Kucoin", "AsyncKucoin", "KucoinFutures", "AsyncKucoinFutures"]


def __getattr__(name: str) -> Any:
    if name == "Kucoin":
        from .sync_face import Kucoin
        return Kucoin
    if name == "AsyncKucoin":
        from .async_face import AsyncKucoin
        return AsyncKucoin
    if name == "KucoinFutures":
        from .futures import KucoinFutures
        return KucoinFutures
    if name == "AsyncKucoinFutures":
        from .futures_async import AsyncKucoinFutures
        return AsyncKucoinFutures
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
