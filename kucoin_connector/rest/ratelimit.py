"""Weight-based rate-limit accounting per KuCoin pool (pure core).

KuCoin counts request weight per pool in a window of 30 s that starts at the pool's first request; the
Public pool is per IP, the others per account (kucoin.md, "Rate limits";
https://www.kucoin.com/docs-new/rate-limit). This module only does the arithmetic: the caller passes
``now_ms`` and holds a lock (see :mod:`kucoin_connector.io.limiter_local`). Server headers
``gw-ratelimit-*`` correct the local view, since other clients of the same account share the quota.
"""
from __future__ import annotations

from typing import Mapping

__all__ = ["VIP_QUOTAS", "quotas_for_vip", "RateLimitState", "WINDOW_MS"]

WINDOW_MS = 30_000

# VIP level -> (Spot, Futures, Management, UnifiedAccount); Earn, CopyTrading, Public stay at 2000.
_VIP_TABLE: dict[int, tuple[int, int, int, int]] = {
    0: (4000, 2000, 2000, 2000), 1: (6000, 2000, 2000, 2000), 2: (8000, 4000, 4000, 4000),
    3: (10000, 5000, 5000, 5000), 4: (13000, 6000, 6000, 6000), 5: (16000, 7000, 7000, 7000),
    6: (20000, 8000, 8000, 8000), 7: (23000, 10000, 10000, 10000), 8: (26000, 12000, 12000, 12000),
    9: (30000, 14000, 14000, 14000), 10: (33000, 16000, 16000, 16000), 11: (36000, 18000, 18000, 18000),
    12: (40000, 20000, 20000, 20000),
}
VIP_QUOTAS = _VIP_TABLE
_DEFAULT_QUOTA = 2000


def quotas_for_vip(vip: int) -> dict[str, int]:
    """Pool -> quota per 30 s window for a VIP level (0-12)."""
    if vip not in _VIP_TABLE:
        raise ValueError(f"VIP level must be 0..12, got {vip!r}")
    spot, futures, management, uta = _VIP_TABLE[vip]
    return {"Spot": spot, "Futures": futures, "Management": management, "UnifiedAccount": uta,
            "Earn": 2000, "CopyTrading": 2000, "Public": 2000}


class _Window:
    __slots__ = ("quota", "start", "used")

    def __init__(self, quota: int, start: int | None = None, used: int = 0) -> None:
        self.quota = quota
        self.start = start  # ms; may lie in the future when callers are booked into the next window
        self.used = used


class RateLimitState:
    """Per-pool windows. :meth:`reserve` books capacity and says how long to wait first."""

    def __init__(self, quotas: Mapping[str, int], window_ms: int = WINDOW_MS) -> None:
        self.window_ms = window_ms
        self._windows = {pool: _Window(quota) for pool, quota in quotas.items()}

    def _window(self, pool: str) -> _Window:
        window = self._windows.get(pool)
        if window is None:
            window = self._windows[pool] = _Window(_DEFAULT_QUOTA)
        return window

    def reserve(self, pool: str, weight: int, now_ms: int) -> int:
        """Book ``weight`` in ``pool``; return the ms to wait before sending (0 = send now)."""
        w = self._window(pool)
        weight = min(weight, w.quota)
        if w.start is None or (now_ms >= w.start + self.window_ms):
            w.start, w.used = now_ms, 0
        while w.used + weight > w.quota:
            # Full: book into the window after this one; every later caller queues behind.
            w.start += self.window_ms
            w.used = 0
        w.used += weight
        return max(0, w.start - now_ms)

    def observe(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None:
        """Adopt the server's view of the current window from ``gw-ratelimit-*`` headers."""
        w = self._window(pool)
        w.quota = limit
        if w.start is not None and w.start > now_ms:
            return  # callers are already booked into a future window; keep that queue
        server_start = now_ms + reset_ms - self.window_ms
        server_used = max(0, limit - remaining)
        if w.start is None or abs(server_start - w.start) > 1000:
            w.start, w.used = server_start, server_used
        else:
            w.used = max(w.used, server_used)

    def snapshot(self, pool: str) -> tuple[int, int | None, int]:
        """(quota, window start ms, used weight) for tests and logs."""
        w = self._window(pool)
        return w.quota, w.start, w.used
