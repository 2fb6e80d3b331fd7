"""Transport layer: the only place that touches urllib3, sockets, ssl, asyncio I/O and the clock.

It knows nothing about KuCoin. Foreign exceptions are translated here, once, into this project's
``NetworkError`` family with ``raise ... from exc``.
"""
from __future__ import annotations

from .base import AsyncTransport, Transport
from .clock import SystemClock

__all__ = ["Transport", "AsyncTransport", "SystemClock", "Urllib3Transport", "ThreadedAsyncTransport"]


def __getattr__(name: str):  # keep `import kucoin_connector` free of urllib3 until a face needs it
    if name == "Urllib3Transport":
        from .urllib3_transport import Urllib3Transport
        return Urllib3Transport
    if name == "ThreadedAsyncTransport":
        from .async_transport import ThreadedAsyncTransport
        return ThreadedAsyncTransport
    raise AttributeError(name)
