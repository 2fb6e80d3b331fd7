"""``AsyncKucoin``: the asyncio face (faces & drivers layer).

Same method names as :class:`~kucoin_connector.Kucoin`, as coroutines, driving the same plans. HTTP runs
on the event loop (:class:`~kucoin_connector.io.http_asyncio.AsyncioHTTPTransport`: the pure
HTTP/1.1 codec over asyncio sockets); ``options={"asyncTransport": "urllib3"}`` runs urllib3 in worker
threads instead (:class:`~kucoin_connector.io.ThreadedAsyncTransport`). Either way the event loop
never blocks. Helpers such as ``market()`` stay synchronous, like ccxt's; call ``load_markets()``
first or let any operation load markets lazily.
"""
from __future__ import annotations

import asyncio
import functools
from typing import Any, Mapping

from ..core.interface import AsyncUnifiedExchange
from .base import OPERATIONS, KucoinBase, fill_unimplemented
from .streaming import STREAM_OPERATIONS
from .async_runner import run_async

__all__ = ["AsyncKucoin", "AsyncFace", "add_coroutines"]


class AsyncFace:
    """How the asyncio face drives any family's client (placed before the family's base class)."""

    def __init__(self, config: Mapping[str, Any] | None = None, **collaborators: Any) -> None:
        """See :class:`~kucoin_connector.clients.base.KucoinBase` for the keyword-only collaborators."""
        super().__init__(config, **collaborators)
        self._sleep = self._sleep_override if self._sleep_override is not None else asyncio.sleep
        self._closed = False
        if self._transport is None:
            size = self.options["poolSize"]
            if self.options["asyncTransport"] == "urllib3":
                from ..io.http_threaded import ThreadedAsyncTransport
                from ..io.http_urllib3 import Urllib3Transport
                self._transport = ThreadedAsyncTransport(
                    Urllib3Transport(proxy=self.settings.proxy, maxsize=size), max_workers=size)
            else:
                from ..io.http_asyncio import AsyncioHTTPTransport
                self._transport = AsyncioHTTPTransport(proxy=self.settings.proxy, maxsize=size)

    def _run(self, plan):
        return run_async(self._effects(plan), self._transport, self._sleep, self._limiter, self._clock.now_ms)

    # -- streams -------------------------------------------------------------------------------
    def _streams(self):
        if self._stream_driver is None:
            from ..io.stream_async import AsyncStreamDriver
            engine, state = self._stream_engine_and_state()
            self._stream_driver = AsyncStreamDriver(
                engine, state, self._clock.now_ms,
                fetch_token=lambda family, private: self._run(self._token_plan(family, private)),
                fetch_snapshot=lambda sid: self._run(self._snapshot_plan(sid)), proxy=self.settings.proxy)
        return self._stream_driver

    async def _watch(self, spec):
        if not self._ctx.registry.loaded:
            await self.load_markets()
        owner, units, hashes, finish = spec()
        ready = await self._streams().wait(owner, units, hashes)
        return finish(ready)

    async def _unwatch(self, spec):
        if not self._ctx.registry.loaded:
            await self.load_markets()
        self._unwatch_units(spec())
        self._streams()._after()
        return True

    @property
    def session(self) -> Any:
        """ccxt's asyncio ``session``: the HTTP transport while the client is open, None after ``close()``
        (hosts such as Freqtrade await ``close()`` when it is set)."""
        return None if self._closed else self._transport

    async def close(self, clean_instance_data: bool = False) -> None:
        """Close streams and connections; ``clean_instance_data`` also forgets the loaded markets (ccxt)."""
        self._closed = True
        if clean_instance_data:
            self._ctx.registry.clear()
        if self._stream_driver is not None:
            await self._stream_driver.close()
        await self._transport.close()

    async def __aenter__(self) -> "AsyncFace":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _coroutine(base: type, name: str):
    shared = getattr(base, name)

    @functools.wraps(shared)
    async def operation(self, *args, **kwargs):
        return await shared(self, *args, **kwargs)

    return operation


def add_coroutines(cls: type, base: type, names: tuple[str, ...]) -> type:
    """Give ``cls`` a coroutine for each named operation of ``base`` (which returns awaitables here)."""
    for name in names:
        setattr(cls, name, _coroutine(base, name))
    return cls


class AsyncKucoin(AsyncFace, KucoinBase, AsyncUnifiedExchange):
    """KuCoin spot and margin for asyncio, ccxt-compatible (``await ex.fetch_ticker("BTC/USDT")``)."""


add_coroutines(AsyncKucoin, KucoinBase, OPERATIONS + STREAM_OPERATIONS)
fill_unimplemented(AsyncKucoin, is_async=True)
