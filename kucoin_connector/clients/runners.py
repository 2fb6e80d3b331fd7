"""Drivers that perform the effects a plan yields (faces & drivers layer).

The same effect generator runs under :func:`run_sync` (blocking transport, ``time.sleep``) and
:func:`~kucoin_connector.clients.async_runner.run_async` (awaitable transport, ``asyncio.sleep``; in its own
module so that sync programs never import asyncio). Errors raised by the transport are thrown
back into the generator so the executor can decide about retries.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Generator

from ..rest.effects import Send, Sleep
from ..errors import BaseError
from ..io.http_base import Transport

__all__ = ["run_sync"]


def run_sync(effects: Generator[Any, Any, Any], transport: Transport,
             sleep: Callable[[float], None] = time.sleep) -> Any:
    value: Any = None
    error: BaseException | None = None
    send = effects.send
    while True:
        try:
            effect = effects.throw(error) if error is not None else send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        if type(effect) is Send:
            try:
                value = transport.request(effect.method, effect.url, effect.headers, effect.body, effect.timeout)
            except BaseError as exc:
                error = exc
        elif type(effect) is Sleep:
            sleep(effect.seconds)
        else:
            raise TypeError(f"unknown effect {effect!r}")
