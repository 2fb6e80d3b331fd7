"""Hummingbot's user-stream data source fed by ``AsyncKucoin.watch_orders`` / ``watch_my_trades`` /
``watch_balance`` (one private connection, reconnected and re-tokened by the connector).

Events reach the exchange's listener as ``{"kind": "order"|"trade"|"balance", "data": ...}``.
``last_recv_time`` is the connector's ``last_stream_message_ms(private=True)``: Hummingbot's readiness
and its REST polling interval follow it.
"""
from __future__ import annotations

import asyncio
from typing import Any, List

from hummingbot.core.data_type.user_stream_tracker_data_source import UserStreamTrackerDataSource

__all__ = ["KucoinLiteUserStreamDataSource"]

RETRY_DELAY_S = 1.0
WATCHES = (("order", "watch_orders"), ("trade", "watch_my_trades"), ("balance", "watch_balance"))


class KucoinLiteUserStreamDataSource(UserStreamTrackerDataSource):
    def __init__(self, client: Any) -> None:
        super().__init__()
        self._client = client
        self._tasks: List[asyncio.Task] = []

    @property
    def last_recv_time(self) -> float:
        ms = self._client.last_stream_message_ms(private=True)
        return 0.0 if ms is None else ms / 1000.0

    async def listen_for_user_stream(self, output: asyncio.Queue):
        self._tasks = [asyncio.ensure_future(self._pump(kind, method, output)) for kind, method in WATCHES]
        try:
            await asyncio.gather(*self._tasks)
        finally:
            await self.stop()

    async def _pump(self, kind: str, method: str, output: asyncio.Queue) -> None:
        watch = getattr(self._client, method)
        while True:
            try:
                result = await watch()
                items = result if isinstance(result, list) else [result]
                for item in items:
                    output.put_nowait({"kind": kind, "data": item})
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().warning(f"private stream {method} failed; restarting it", exc_info=True)
                await self._sleep(RETRY_DELAY_S)

    async def stop(self):
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
