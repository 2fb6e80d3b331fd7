"""What a plan may read (pure core): loaded markets, the number converter, the clock, credentials presence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generator

from ..calls import Call
from ..markets import MarketRegistry
from ..numbers import Num, number_converter

__all__ = ["PlanContext", "Plan"]

Plan = Generator[Call, Any, Any]


@dataclass
class PlanContext:
    registry: MarketRegistry = field(default_factory=MarketRegistry)
    num: Num = field(default_factory=lambda: number_converter("float"))
    now_ms: Callable[[], int] = lambda: 0
    has_credentials: bool = False
    options: dict[str, Any] = field(default_factory=dict)
