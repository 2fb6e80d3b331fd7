"""The real clock (transport layer). Pure code receives a clock object instead of reading time."""
from __future__ import annotations

import time

__all__ = ["SystemClock"]


class SystemClock:
    """Wall-clock milliseconds, optionally shifted (tests and demos of clock drift use ``skew_ms``)."""

    def __init__(self, skew_ms: int = 0) -> None:
        self.skew_ms = skew_ms

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self.skew_ms

    @staticmethod
    def monotonic() -> float:
        return time.monotonic()
