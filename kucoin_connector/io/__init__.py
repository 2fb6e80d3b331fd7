"""Everything that does I/O: HTTP transports, WebSocket and stream drivers, the clock, rate limiters.

The rest of the package is pure (``tests/core/test_layers.py`` checks it by folder). Nothing here knows
KuCoin's wire format: transports move bytes and translate foreign exceptions, once, into this project's
``NetworkError`` family (``outcome_unknown`` set only where the request may have reached the server).

* HTTP: :mod:`.http_base` (the ``Transport``/``AsyncTransport`` seam), :mod:`.http_urllib3` (the sync
  default), :mod:`.http_asyncio` (the asyncio default, on :mod:`kucoin_connector.http`'s codec),
  :mod:`.http_threaded` (urllib3 in worker threads, ``options.asyncTransport="urllib3"``),
  :mod:`.aio_connect` (TCP, CONNECT proxies and TLS for asyncio).
* WebSocket: :mod:`.ws_sync`, :mod:`.ws_async`; streams: :mod:`.stream_sync`, :mod:`.stream_async`.
* :mod:`.clock`; rate limiters: :mod:`.limiter_local` (one process), :mod:`.limiter_redis` (a fleet).
"""
from __future__ import annotations

from .clock import SystemClock
from .http_base import AsyncTransport, Transport

__all__ = ["Transport", "AsyncTransport", "SystemClock", "Urllib3Transport", "ThreadedAsyncTransport",
           "AsyncioHTTPTransport"]


def __getattr__(name: str):  # keep `import kucoin_connector` free of urllib3 until a face needs it
    if name == "Urllib3Transport":
        from .http_urllib3 import Urllib3Transport
        return Urllib3Transport
    if name == "ThreadedAsyncTransport":
        from .http_threaded import ThreadedAsyncTransport
        return ThreadedAsyncTransport
    if name == "AsyncioHTTPTransport":
        from .http_asyncio import AsyncioHTTPTransport
        return AsyncioHTTPTransport
    raise AttributeError(name)
