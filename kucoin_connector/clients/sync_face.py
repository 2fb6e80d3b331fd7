"""``Kucoin``: the synchronous face (faces & drivers layer).

Thread-safe: one client may be shared by threads; the rate limiter and connection pools are shared.

>>> from kucoin_connector import Kucoin
>>> ex = Kucoin({"urls": {"api": {"spot": "http://127.0.0.1:8080"}}})   # no I/O here
"""
from __future__ import annotations

import threading
import time
from typing import Any, Mapping

from ..core.interface import UnifiedExchange
from .base import KucoinBase, fill_unimplemented

__all__ = ["Kucoin", "SyncFace"]

_TRANSPORT_LOCK = threading.Lock()


class SyncFace:
    """How a synchronous face drives any family's client (placed before the family's base class)."""

    def __init__(self, config: Mapping[str, Any] | None = None, **collaborators: Any) -> None:
        """See :class:`~kucoin_connector.clients.base.KucoinBase` for the keyword-only collaborators."""
        super().__init__(config, **collaborators)
        self._sleep = self._sleep_override if self._sleep_override is not None else time.sleep

    def _http(self):
        """The HTTP transport: the injected one, else urllib3's, built (and urllib3 imported) on first use,
        so that constructing a client loads no HTTP stack."""
        if self._transport is None:
            with _TRANSPORT_LOCK:  # threads sharing a new client build one pool, not one each
                if self._transport is None:
                    from ..io.http_urllib3 import Urllib3Transport
                    self._transport = Urllib3Transport(proxy=self.settings.proxy,
                                                       maxsize=self.options["poolSize"])
        return self._transport

    def _run(self, plan):
        from .runners import run_sync  # the runner and the effects it performs load with the first request
        return run_sync(self._effects(plan), self._http(), self._sleep, self._limiter,
                        self._clock.now_ms)

    def _require_markets(self) -> None:
        self.load_markets()

    # -- streams: blocking watch_* calls driven in the caller's thread (no hidden thread) ---------
    def _streams(self):
        if self._stream_driver is None:
            from ..io.stream_sync import SyncStreamDriver
            engine, state = self._stream_engine_and_state()
            self._stream_driver = SyncStreamDriver(
                engine, state, self._clock.now_ms,
                fetch_token=lambda family, private: self._run(self._token_plan(family, private)),
                fetch_snapshot=lambda sid: self._run(self._snapshot_plan(sid)), sleep=self._sleep,
                proxy=self.settings.proxy)
        return self._stream_driver

    def _watch(self, spec):
        if not self._ctx.registry.loaded:
            self.load_markets()
        owner, units, hashes, finish = spec()
        timeout = self.options["watchTimeout"]
        return finish(self._streams().wait(owner, units, hashes, timeout))

    def _unwatch(self, spec):
        if not self._ctx.registry.loaded:
            self.load_markets()
        self._unwatch_units(spec())
        self._streams()._after()
        return True

    def stream(self, method: str, *args, **kwargs):
        """A blocking iterator over a watch: ``for trades in ex.stream("watch_trades", "BTC/USDT"): ...``
        Each step is one ``watch_*`` call in this thread; break out and call the matching
        ``un_watch_*`` to unsubscribe."""
        if not method.startswith("watch_") or not callable(getattr(self, method, None)):
            raise ValueError(f"not a watch method: {method!r}")
        watch = getattr(self, method)
        while True:
            yield watch(*args, **kwargs)

    def pump(self, timeout: float | None = None) -> None:
        """Advance every open stream once (keepalive, reconnects, buffering) without waiting on a
        particular one; useful between ``watch_*`` calls of a program that does other work."""
        self._streams().pump(timeout)

    def close(self, clean_instance_data: bool = False) -> None:
        """Close streams and connections; ``clean_instance_data`` also forgets the loaded markets (ccxt)."""
        if clean_instance_data:
            self._ctx.registry.clear()
        if self._stream_driver is not None:
            self._stream_driver.close()
        if self._transport is not None:
            self._transport.close()

    def __enter__(self) -> "SyncFace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Kucoin(SyncFace, KucoinBase, UnifiedExchange):
    """KuCoin spot and margin, synchronous, ccxt-compatible."""


fill_unimplemented(Kucoin, is_async=False)
