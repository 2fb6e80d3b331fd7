"""The synchronous unified contract: ccxt 4.5's method names and positional signatures.

Layer: pure core (declarations only; imports nothing but ``abc``, ``decimal`` and ``typing``).
Rule: names, parameter names, parameter order and defaults match ccxt 4.5 exactly, so code written
against ``ccxt.kucoin`` runs unchanged; the one deliberate difference is ``params: dict | None = None``
where ccxt writes ``params={}`` (a shared mutable default). Passing ``{}`` or nothing behaves the same.

Structures are plain dicts with ccxt's key sets (the project's ``reference/ccxt.md`` and
https://docs.ccxt.com/#/README?id=unified-api); the aliases below only name them for readers.
Streaming methods block until the next update, the way ccxt.pro's coroutines resolve with it.
"""
from __future__ import annotations

from .account import AccountMethods
from .derivatives import DerivativesMethods
from .helpers import HelperMethods
from .market_data import MarketDataMethods
from .streaming import StreamingMethods
from .trading import TradingMethods
from .types import *  # noqa: F401,F403  (re-exported: the structure aliases)
from .types import __all__ as _TYPES

__all__ = ["UnifiedExchange", "GROUPS", *_TYPES]

# Capability groups, in ccxt's manual order; a face implements the groups it inherits.
GROUPS: dict[str, type] = {"market_data": MarketDataMethods, "trading": TradingMethods, "account": AccountMethods,
                           "derivatives": DerivativesMethods, "streaming": StreamingMethods, "helpers": HelperMethods}


class UnifiedExchange(MarketDataMethods, TradingMethods, AccountMethods, DerivativesMethods, StreamingMethods,
                      HelperMethods):
    """What the synchronous face (``Kucoin``) promises: every ccxt unified method, by ccxt's name."""
