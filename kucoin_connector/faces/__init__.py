"""Public faces and their drivers: ``Kucoin`` (sync) and ``AsyncKucoin`` (asyncio)."""
from __future__ import annotations

from .async_face import AsyncKucoin
from .sync_face import Kucoin

__all__ = ["Kucoin", "AsyncKucoin"]
