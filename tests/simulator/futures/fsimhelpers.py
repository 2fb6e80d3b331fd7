"""Helpers of the futures trading tests: a signed JSON caller for the futures host and order bodies."""
from __future__ import annotations

import itertools
import json
from decimal import Decimal
from typing import Any, Callable

from simhelpers import Client, FakeClock

from kucoin_conformance.simulator import Simulator

__all__ = ["Api", "api_for", "order", "top", "cid"]

_n = itertools.count()
Api = Callable[..., Any]


def cid(prefix: str = "f") -> str:
    return f"{prefix}-{next(_n)}"


def api_for(sim: Simulator, client: Client, clock: FakeClock) -> Api:
    """``api(method, path, body=None)`` -> the parsed answer (envelope included)."""
    def call(method: str, path: str, body: Any = None) -> Any:
        text = json.dumps(body) if body is not None else ""
        return client.signed(method, path, sim.credentials, body=text, now=clock.ms).json()
    return call


def top(sim: Simulator, symbol: str = "XBTUSDTM") -> tuple[Decimal, Decimal]:
    book = sim.futures.book(symbol, 1, 0)
    return Decimal(str(book["bids"][0][0])), Decimal(str(book["asks"][0][0]))


def order(symbol: str = "XBTUSDTM", side: str = "buy", size: int = 1, **extra: Any) -> dict[str, Any]:
    body = {"symbol": symbol, "side": side, "type": "market", "size": size, "leverage": 10, "clientOid": cid()}
    body.update(extra)
    return body
