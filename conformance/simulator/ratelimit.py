"""KuCoin's resource-pool rate limits: quotas per VIP level, 30 s windows, gw-ratelimit-* headers.

Layer: simulator (exchange side). Rule: each pool has a quota per window; the window starts at the first
request of that (pool, key) and lasts ``window_ms``; the Public pool is keyed by client IP, the others by
account. Every answer carries ``gw-ratelimit-limit``, ``gw-ratelimit-remaining`` and
``gw-ratelimit-reset`` (ms until the window resets); exhaustion is HTTP 429 ``{"code":"429000"}``.
Source: ``reference/kucoin.md``, "Rate limits" (KuCoin's docs and VIP table).
"""
from __future__ import annotations

import threading
from typing import Mapping

__all__ = ["VIP_QUOTAS", "POOLS", "quotas_for", "RateLimiter", "Verdict"]

POOLS = ("Spot", "Futures", "Management", "Unified Account", "Earn", "CopyTrading", "Public")

# VIP level -> (Spot, Futures, Management/UTA); Earn, CopyTrading and Public stay at 2000.
VIP_QUOTAS: dict[int, tuple[int, int, int]] = {
    0: (4000, 2000, 2000), 1: (6000, 2000, 2000), 2: (8000, 4000, 4000), 3: (10000, 5000, 5000),
    4: (13000, 6000, 6000), 5: (16000, 7000, 7000), 6: (20000, 8000, 8000), 7: (23000, 10000, 10000),
    8: (26000, 12000, 12000), 9: (30000, 14000, 14000), 10: (33000, 16000, 16000),
    11: (36000, 18000, 18000), 12: (40000, 20000, 20000),
}

# (pool, limit, remaining, reset_ms, allowed)
Verdict = tuple[str, int, int, int, bool]


def quotas_for(vip: int, overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """Quotas of every pool for ``vip`` (0..12) with optional per-pool overrides."""
    if vip not in VIP_QUOTAS:
        raise ValueError("vip must be between 0 and 12")
    spot, futures, mgmt = VIP_QUOTAS[vip]
    quotas = {"Spot": spot, "Futures": futures, "Management": mgmt, "Unified Account": mgmt,
              "Earn": 2000, "CopyTrading": 2000, "Public": 2000}
    for pool, quota in (overrides or {}).items():
        if pool not in quotas:
            raise ValueError(f"unknown rate-limit pool {pool!r}; known: {', '.join(POOLS)}")
        quotas[pool] = int(quota)
    return quotas


class RateLimiter:
    """Fixed windows per (pool, key); thread-safe."""

    def __init__(self, quotas: Mapping[str, int], window_ms: int) -> None:
        self.quotas = dict(quotas)
        self.window_ms = int(window_ms)
        self._windows: dict[tuple[str, str], list[int]] = {}
        self._lock = threading.Lock()

    def _window(self, pool: str, key: str, now_ms: int) -> list[int]:
        w = self._windows.get((pool, key))
        if w is None or now_ms - w[0] >= self.window_ms or now_ms < w[0]:
            w = [now_ms, 0]
            self._windows[(pool, key)] = w
        return w

    def consume(self, pool: str, key: str, weight: int, now_ms: int) -> Verdict:
        """Charge ``weight`` to the pool unless that would exceed the quota."""
        limit = self.quotas[pool]
        with self._lock:
            w = self._window(pool, key, now_ms)
            allowed = w[1] + weight <= limit
            if allowed:
                w[1] += weight
            return pool, limit, limit - w[1], max(0, w[0] + self.window_ms - now_ms), allowed

    def peek(self, pool: str, key: str, now_ms: int) -> Verdict:
        """The pool's state without charging (for answers that are not charged, e.g. auth errors)."""
        limit = self.quotas[pool]
        with self._lock:
            w = self._windows.get((pool, key))
            if w is None or now_ms - w[0] >= self.window_ms or now_ms < w[0]:
                return pool, limit, limit, self.window_ms, True
            return pool, limit, limit - w[1], max(0, w[0] + self.window_ms - now_ms), True

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
