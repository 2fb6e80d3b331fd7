"""``Kucoin``: the synchronous face (faces & drivers layer).

Thread-safe: one client may be shared by threads; the rate limiter and connection pools are shared.

>>> from kucoin_connector import Kucoin
>>> ex = Kucoin({"urls": {"api": {"spot": "http://127.0.0.1:8080"}}})   # no I/O here
"""
from __future__ import annotations

import time
from typing import Any, Mapping

from ..interface import UnifiedExchange
from .base import KucoinBase, fill_unimplemented
from .runners import run_sync

__all__ = ["Kucoin"]


class Kucoin(KucoinBase, UnifiedExchange):
    """KuCoin spot and margin, synchronous, ccxt-compatible."""

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        super().__init__(config)
        self._sleep = self._sleep_override if self._sleep_override is not None else time.sleep
        if self._transport is None:
            from ..transport.urllib3_transport import Urllib3Transport
            self._transport = Urllib3Transport(proxy=self.settings.proxy,
                                               maxsize=int(self.options["poolSize"]))

    def _run(self, plan):
        return run_sync(self._effects(plan), self._transport, self._sleep)

    def _require_markets(self) -> None:
        self.load_markets()

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "Kucoin":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


fill_unimplemented(Kucoin, is_async=False)
