"""The blocking runner: performs the effects a plan yields (clients layer).

The same effect generator runs under :func:`run_sync` (blocking transport, ``time.sleep``) and
:func:`~kucoin_connector.clients.async_runner.run_async` (awaitable transport, ``asyncio.sleep``; in its own
module so that sync programs never import asyncio). A runner performs effects and nothing else:

* ``Send``: the transport's answer is sent back; its ``NetworkError`` is thrown back, so the executor
  decides about retries;
* ``Sleep``: sleep;
* ``Reserve``: the limiter books the weight and the runner sends back the ms to wait (0 without a limiter);
* ``Observe``: the limiter adopts KuCoin's view of the pool.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Generator, Protocol

from ..errors import BaseError
from ..io.http_base import Transport
from ..rest.effects import Observe, Reserve, Send, Sleep

__all__ = ["run_sync", "Limiter"]


class Limiter(Protocol):
    """What a rate limiter offers a runner (``io/limiter_local.py``, ``io/limiter_redis.py``)."""

    def reserve(self, pool: str, weight: int, now_ms: int) -> int: ...
    def observe(self, pool: str, limit: int, remaining: int, reset_ms: int, now_ms: int) -> None: ...


def run_sync(effects: Generator[Any, Any, Any], transport: Transport,
             sleep: Callable[[float], None] = time.sleep, limiter: Limiter | None = None,
             now_ms: Callable[[], int] | None = None) -> Any:
    value: Any = None
    error: BaseException | None = None
    send = effects.send
    while True:
        try:
            effect = effects.throw(error) if error is not None else send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        kind = type(effect)
        if kind is Send:
            try:
                value = transport.request(effect.method, effect.url, effect.headers, effect.body, effect.timeout)
            except BaseError as exc:
                error = exc
        elif kind is Reserve:
            value = limiter.reserve(effect.pool, effect.weight, _now(now_ms)) if limiter is not None else 0
        elif kind is Observe:
            if limiter is not None:
                limiter.observe(effect.pool, effect.limit, effect.remaining, effect.reset_ms, _now(now_ms))
        elif kind is Sleep:
            sleep(effect.seconds)
        else:
            raise TypeError(f"unknown effect {effect!r}")


def _now(now_ms: Callable[[], int] | None) -> int:
    return now_ms() if now_ms is not None else time.time_ns() // 1_000_000
