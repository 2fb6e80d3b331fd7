"""kucoin-connector: a small, fast, dependable KuCoin connector with a ccxt-compatible interface.

>>> from kucoin_connector import Kucoin, AsyncKucoin, KucoinFutures, AsyncKucoinFutures

Importing the package does no I/O; the faces (and urllib3) load on first use of ``Kucoin`` or
``AsyncKucoin``, so pure modules such as ``kucoin_connector.core.signing`` import in microseconds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors
from .errors import *  # noqa: F401,F403  (ccxt-named exceptions at the top level, like ccxt)

if TYPE_CHECKING:  # pragma: no cover
    from .clients import AsyncKucoin, AsyncKucoinFutures, Kucoin, KucoinFutures

__version__ = "0.1.0"
__all__ = ["Kucoin", "AsyncKucoin", "KucoinFutures", "AsyncKucoinFutures", "errors", "__version__"] + list(errors.__all__)

# No logging here: kucoin_connector.logs sets up the package logger when a module that logs loads.


def __getattr__(name: str) -> Any:
    if name in ("Kucoin", "AsyncKucoin", "KucoinFutures", "AsyncKucoinFutures"):
        from . import clients as faces
        return getattr(faces, name)
    raise AttributeError(f"module 'kucoin_connector' has no attribute {name!r}")
