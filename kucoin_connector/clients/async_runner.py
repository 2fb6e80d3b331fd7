"""The asyncio driver of plans (faces & drivers layer): performs effects with ``await``.

Kept apart from :mod:`~kucoin_connector.clients.runners` so that a sync-only program never imports asyncio.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Generator

from ..rest.effects import Send, Sleep
from ..errors import BaseError
from ..io.http_base import AsyncTransport

__all__ = ["run_async"]


async def run_async(effects: Generator[Any, Any, Any], transport: AsyncTransport,
                    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> Any:
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = effects.throw(error) if error is not None else effects.send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        if type(effect) is Send:
            try:
                value = await transport.request(effect.method, effect.url, effect.headers, effect.body,
                                                effect.timeout)
            except BaseError as exc:
                error = exc
        elif type(effect) is Sleep:
            await sleep(effect.seconds)
        else:
            raise TypeError(f"unknown effect {effect!r}")
