"""What a plan may read (pure core): loaded markets, the number converter, the clock, credentials presence,
and the client-order-id source (injected: pure modules must not import random or time)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generator

from ..core.markets import MarketRegistry
from ..core.numbers import Num, number_converter

if TYPE_CHECKING:  # pragma: no cover
    from .calls import Call

__all__ = ["PlanContext", "Plan"]

Plan = Generator["Call", Any, Any]


@dataclass
class PlanContext:
    registry: MarketRegistry = field(default_factory=MarketRegistry)
    num: Num = field(default_factory=lambda: number_converter("float"))
    now_ms: Callable[[], int] = lambda: 0
    has_credentials: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    # A fresh KuCoin clientOid (<= 40 chars of [A-Za-z0-9_-]); the faces supply one from os.urandom.
    new_client_oid: Callable[[], str] = lambda: _no_source()


def _no_source() -> str:
    raise RuntimeError("PlanContext.new_client_oid is not set: pass a client-order-id source")
