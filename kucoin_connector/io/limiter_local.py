"""A thread-safe rate limiter around the pure accounting (faces & drivers layer).

One instance per client, shared by all of its threads and asyncio tasks: booking is a short critical
section under a ``threading.Lock`` and never sleeps while holding it (the caller sleeps afterwards,
with ``time.sleep`` or ``asyncio.sleep``).
"""
from __future__ import annotations

import threading
from typing import Mapping

from ..rest.ratelimit import WINDOW_MS, RateLimitState

__all__ = ["SharedLimiter"]


class SharedLimiter:
    def __init__(self, quotas: Mapping[str, int], window_ms: int = WINDOW_MS) -> None:
        self._state = RateLimitState(quotas, window_ms)
        self._lock = threading.Lock()

    def reserve(self, pool: str, weight: int, now_ms: int) -> int:
        with self._lock:
            return self._state.reserve(pool, weight, now_ms)

    def observe(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None:
        with self._lock:
            self._state.observe(pool, limit, remaining, reset_ms, now_ms)

    def snapshot(self, pool: str) -> tuple[int, int | None, int]:
        with self._lock:
            return self._state.snapshot(pool)
