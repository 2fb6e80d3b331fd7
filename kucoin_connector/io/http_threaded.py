"""The asyncio transport (transport layer): urllib3 calls run in a thread pool.

urllib3 is the only run-time dependency, so the asyncio face runs its blocking, thread-safe pool in
worker threads instead of pulling in an async HTTP library. The event loop never blocks.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from typing import Mapping

from ..rest.effects import Response
from .http_base import Transport

__all__ = ["ThreadedAsyncTransport"]


class ThreadedAsyncTransport:
    def __init__(self, transport: Transport | None = None, max_workers: int = 8) -> None:
        if transport is None:
            from .http_urllib3 import Urllib3Transport
            transport = Urllib3Transport(maxsize=max_workers)
        self.sync = transport
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers, thread_name_prefix="kucoin-http")

    async def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                      timeout: tuple[float, float]) -> Response:
        loop = asyncio.get_running_loop()
        call = functools.partial(self.sync.request, method, url, headers, body, timeout)
        return await loop.run_in_executor(self._executor, call)

    async def close(self) -> None:
        self._executor.shutdown(wait=False)
        self.sync.close()
