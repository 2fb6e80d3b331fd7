"""The asyncio unified contract: the same names and signatures as the sync one, as coroutines.

Layer: pure core (declarations only). Rule: mirror ``ccxt.async_support`` / ``ccxt.pro`` 4.5 exactly:
every network call, ``load_markets`` and ``close`` is ``async def``; the pure helpers (``market``,
``*_to_precision``, ``parse_*``, ``iso8601``, ...) stay plain functions, as they are in ccxt.pro, so
``ex.market(s)`` needs no await. ``params`` defaults to None where ccxt writes ``params={}``.
See https://docs.ccxt.com/#/ccxt.pro.manual for the streaming semantics.

The class is derived from :class:`~kucoin_connector.core.interface.sync.UnifiedExchange` rather than written
out a second time: each abstract method keeps the sync declaration's signature, annotations and docstring
(``__wrapped__``, which ``inspect.signature`` follows), so the two contracts cannot drift apart.
"""
from __future__ import annotations

import abc
from typing import Any, Callable

from .sync import UnifiedExchange

__all__ = ["AsyncUnifiedExchange", "PLAIN_HELPERS"]

# Plain functions on the asyncio face too (ccxt.pro does not make them coroutines).
PLAIN_HELPERS: tuple[str, ...] = (
    "market", "market_id", "amount_to_precision", "price_to_precision", "cost_to_precision",
    "parse_timeframe", "iso8601", "parse8601", "milliseconds", "parse_order", "parse_ticker", "parse_trade",
)


def _coroutine_declaration(declaration: Callable[..., Any]) -> Callable[..., Any]:
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        """Replaced by the sync declaration's docstring."""

    for attribute in ("__name__", "__doc__", "__annotations__"):
        setattr(method, attribute, getattr(declaration, attribute))
    method.__qualname__ = f"AsyncUnifiedExchange.{declaration.__name__}"
    method.__wrapped__ = declaration  # type: ignore[attr-defined]
    return abc.abstractmethod(method)


def _declared(cls: type, name: str) -> Any:
    """The attribute as a class of the MRO declares it (a staticmethod stays one)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    raise AttributeError(name)


def _mirror(sync_contract: type) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__doc__": "What the asyncio face (``AsyncKucoin``) promises: "
                                            "ccxt.async_support / ccxt.pro, name for name.",
                                 "__module__": __name__}
    for name in sorted(sync_contract.__abstractmethods__):
        if name in PLAIN_HELPERS:
            namespace[name] = _declared(sync_contract, name)  # as declared: static helpers stay static
        else:
            namespace[name] = _coroutine_declaration(getattr(sync_contract, name))
    return namespace


AsyncUnifiedExchange = abc.ABCMeta("AsyncUnifiedExchange", (abc.ABC,), _mirror(UnifiedExchange))
