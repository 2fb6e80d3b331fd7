"""``kucoin_connector.AsyncKucoin`` judged by the (synchronous) conformance suite.

Layer: conformance. ``--impl kucoin_conformance.async_impl:factory`` runs every contract against the
asyncio face with its default transport (HTTP on the event loop); ``factory_urllib3`` does the same
with ``options.asyncTransport = "urllib3"``. Each client owns a private event loop (in its own thread)
and every coroutine method is run to completion on it, so the suite still uses nothing but the
unified interface.
"""
from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

__all__ = ["SyncOverAsync", "factory", "factory_urllib3", "futures_factory", "futures_factory_urllib3"]


class SyncOverAsync:
    """A blocking view of an asyncio exchange: coroutine methods run on a private event loop in its own
    thread, so the view also blocks correctly when called from inside another running loop (as a
    sync client would)."""

    def __init__(self, exchange: Any) -> None:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="conformance-async-face", daemon=True)
        thread.start()
        object.__setattr__(self, "_exchange", exchange)
        object.__setattr__(self, "_loop", loop)
        object.__setattr__(self, "_thread", thread)

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._exchange, name)
        if inspect.iscoroutinefunction(value):
            def call(*args: Any, **kwargs: Any) -> Any:
                return self._call(value(*args, **kwargs))

            return call
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._exchange, name, value)

    def close(self) -> None:
        if self._thread.is_alive():
            try:
                self._call(self._exchange.close())
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(5)
                self._loop.close()


def _config(urls: dict, credentials: dict, timeout_ms: int | None, transport: str) -> dict[str, Any]:
    config: dict[str, Any] = {"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                              "options": {"numbers": "float", "asyncTransport": transport}}
    if timeout_ms is not None:
        config["timeout"] = int(timeout_ms)
    if credentials:
        config.update(apiKey=credentials["apiKey"], secret=credentials["secret"], password=credentials["password"])
        if credentials.get("keyVersion") is not None:
            config["options"]["keyVersion"] = int(credentials["keyVersion"])
    return config


def factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> SyncOverAsync:
    from kucoin_connector import AsyncKucoin

    return SyncOverAsync(AsyncKucoin(_config(urls, credentials, timeout_ms, "asyncio")))


def factory_urllib3(urls: dict, credentials: dict, timeout_ms: int | None = None) -> SyncOverAsync:
    from kucoin_connector import AsyncKucoin

    return SyncOverAsync(AsyncKucoin(_config(urls, credentials, timeout_ms, "urllib3")))


def futures_factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> SyncOverAsync:
    from kucoin_connector import AsyncKucoinFutures

    return SyncOverAsync(AsyncKucoinFutures(_config(urls, credentials, timeout_ms, "asyncio")))


def futures_factory_urllib3(urls: dict, credentials: dict, timeout_ms: int | None = None) -> SyncOverAsync:
    from kucoin_connector import AsyncKucoinFutures

    return SyncOverAsync(AsyncKucoinFutures(_config(urls, credentials, timeout_ms, "urllib3")))


def _async_client(urls: dict, credentials: dict) -> Any:  # the streams contracts' asyncio client
    from kucoin_connector import AsyncKucoin

    return AsyncKucoin(_config(urls, credentials, None, "asyncio"))


factory.async_factory = _async_client  # type: ignore[attr-defined]
factory_urllib3.async_factory = _async_client  # type: ignore[attr-defined]
factory.futures = futures_factory  # type: ignore[attr-defined]  # the futures contracts' client (impls)
factory_urllib3.futures = futures_factory_urllib3  # type: ignore[attr-defined]


def _async_futures_client(urls: dict, credentials: dict) -> Any:  # the futures streams contracts' client
    from kucoin_connector import AsyncKucoinFutures

    return AsyncKucoinFutures(_config(urls, credentials, None, "asyncio"))


futures_factory.async_factory = _async_futures_client  # type: ignore[attr-defined]
futures_factory_urllib3.async_factory = _async_futures_client  # type: ignore[attr-defined]
