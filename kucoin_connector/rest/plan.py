"""What a plan may read (pure core): loaded markets, the number converter, the clock, credentials presence,
and the client-order-id source (injected: pure modules must not import random or time)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Generator

from ..core.markets import MarketRegistry
from ..core.numbers import Num, number_converter

if TYPE_CHECKING:  # pragma: no cover
    from .calls import Call

__all__ = ["PlanContext", "Plan"]

Plan = Generator["Call", Any, Any]


class PlanContext:
    """``new_client_oid``: a fresh KuCoin clientOid (<= 40 chars of [A-Za-z0-9_-]); the faces supply one
    from os.urandom. (A plain class: constructing a client loads no ``dataclasses``; cold start, issue 8.)"""

    def __init__(self, registry: MarketRegistry | None = None, num: Num | None = None,
                 now_ms: Callable[[], int] = lambda: 0, has_credentials: bool = False,
                 options: dict[str, Any] | None = None, new_client_oid: Callable[[], str] | None = None) -> None:
        self.registry = registry if registry is not None else MarketRegistry()
        self.num = num if num is not None else number_converter("float")
        self.now_ms = now_ms
        self.has_credentials = has_credentials
        self.options = options if options is not None else {}
        self.new_client_oid = new_client_oid if new_client_oid is not None else _no_source

    def __repr__(self) -> str:
        return (f"PlanContext(registry={self.registry!r}, num={self.num!r}, has_credentials={self.has_credentials!r}, "
                f"options={self.options!r})")


def _no_source() -> str:
    raise RuntimeError("PlanContext.new_client_oid is not set: pass a client-order-id source")
