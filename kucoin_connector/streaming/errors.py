"""Typed stream errors (pure core: exceptions are data).

They sit under the ccxt-named tree of :mod:`kucoin_connector.errors` so a bot that catches
``ExchangeError``/``NetworkError`` catches these too.
"""
from __future__ import annotations

from ..errors import ExchangeError, NetworkError, RequestTimeout

__all__ = ["SubscriptionRefused", "ReconnectsExhausted", "StreamClosed", "WatchTimeout"]


class SubscriptionRefused(ExchangeError):
    """KuCoin answered a subscribe with ``{"type": "error", "code": ..., "data": ...}`` (e.g. 509:
    too many topics, 404: unknown topic); ``code`` is KuCoin's, ``endpoint`` is the topic."""


class ReconnectsExhausted(NetworkError):
    """A connection could not be re-established within the configured number of attempts."""


class WatchTimeout(RequestTimeout, TimeoutError):
    """A blocking ``watch_*`` saw no update within ``watchTimeout`` seconds (also a ``TimeoutError``)."""


class StreamClosed(NetworkError):
    """The stream was closed by the caller (``close()``/``un_watch_*``) while a watch was waiting."""
