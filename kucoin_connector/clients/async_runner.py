"""The asyncio runner: performs the effects a plan yields with ``await`` (clients layer).

Kept apart from :mod:`~kucoin_connector.clients.runners` so that a sync-only program never imports asyncio.
A limiter may offer ``reserve_async``/``observe_async`` coroutines (a limiter that does network I/O, such
as the Redis one): they are awaited, so the event loop never blocks on the limiter; otherwise its plain
methods are called (the local limiter only takes a lock for a few microseconds).
"""
from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, Generator

from ..errors import BaseError
from ..io.http_base import AsyncTransport
from ..rest.effects import Observe, Reserve, Send, Sleep
from .runners import Limiter

__all__ = ["run_async"]


async def run_async(effects: Generator[Any, Any, Any], transport: AsyncTransport,
                    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, limiter: Limiter | None = None,
                    now_ms: Callable[[], int] | None = None) -> Any:
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = effects.throw(error) if error is not None else effects.send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        kind = type(effect)
        if kind is Send:
            try:
                value = await transport.request(effect.method, effect.url, effect.headers, effect.body,
                                                effect.timeout)
            except BaseError as exc:
                error = exc
        elif kind is Reserve:
            value = 0 if limiter is None else await _reserve(limiter, effect, _now(now_ms))
        elif kind is Observe:
            if limiter is not None:
                await _observe(limiter, effect, _now(now_ms))
        elif kind is Sleep:
            await sleep(effect.seconds)
        else:
            raise TypeError(f"unknown effect {effect!r}")


async def _reserve(limiter: Any, effect: Reserve, now: int) -> int:
    reserve_async = getattr(limiter, "reserve_async", None)
    if reserve_async is not None:
        return await reserve_async(effect.pool, effect.weight, now)
    return limiter.reserve(effect.pool, effect.weight, now)


async def _observe(limiter: Any, effect: Observe, now: int) -> None:
    observe_async = getattr(limiter, "observe_async", None)
    if observe_async is not None:
        await observe_async(effect.pool, effect.limit, effect.remaining, effect.reset_ms, now)
    else:
        limiter.observe(effect.pool, effect.limit, effect.remaining, effect.reset_ms, now)


def _now(now_ms: Callable[[], int] | None) -> int:
    return now_ms() if now_ms is not None else time.time_ns() // 1_000_000
