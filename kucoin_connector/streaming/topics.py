"""KuCoin WebSocket topics: building, joining, splitting and per-connection bookkeeping (pure core).

Layer: pure core. Rule: data in, data out; no I/O, no clock.

A *unit* is one (prefix, argument) pair of a product family (``"spot"`` unless told), e.g. ``("/market/level2", "BTC-USDT")`` or
``("/account/balance", None)``: KuCoin counts subscriptions per symbol, so a unit is what the
per-connection limit counts. Units of one prefix are joined into comma-separated topics of at most
100 arguments per subscribe message (https://www.kucoin.com/docs-new/websocket-api/base-info/introduction,
"at most 100 symbols per subscribe"; code 509 otherwise), for the prefixes whose topic accepts a
list (``kucoin-ws-topics.tsv``, column ``multi_symbol``); candles take one symbol per topic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

__all__ = ["Unit", "ConnectionKey", "MAX_ARGS_PER_MESSAGE", "MULTI_SYMBOL_PREFIXES", "PRIVATE_PREFIXES", "unit", "join_units",
           "split_topic", "Allocation"]

MAX_ARGS_PER_MESSAGE = 100
# Prefixes whose topic takes "sym1,sym2,..." (kucoin-ws-topics.tsv, multi_symbol = yes).
MULTI_SYMBOL_PREFIXES = frozenset({"/market/ticker", "/spotMarket/level1", "/spotMarket/level2Depth5",
                                   "/spotMarket/level2Depth50", "/market/level2", "/market/match",
                                   "/indicator/markPrice", "/indicator/index"})
# Topics that need a private token and "privateChannel": true (kucoin-ws-topics.tsv, access = private).
PRIVATE_PREFIXES = frozenset({"/spotMarket/tradeOrdersV2", "/spotMarket/tradeOrders", "/account/balance",
                              "/spotMarket/advancedOrders", "/margin/position", "/margin/isolatedPosition",
                              # futures (openapi-futures-private.json)
                              "/contractMarket/tradeOrders", "/contractMarket/advancedOrders",
                              "/contractAccount/wallet", "/contract/position", "/contract/positionAll",
                              "/contract/marginMode", "/contract/crossLeverage"})


@dataclass(frozen=True, order=True)
class Unit:
    """One subscribed (prefix, argument) of a product ``family``; ``private`` follows from the prefix."""

    prefix: str
    arg: str | None = None
    family: str = "spot"

    @property
    def private(self) -> bool:
        return self.prefix in PRIVATE_PREFIXES

    @property
    def topic(self) -> str:
        return self.prefix if self.arg is None else f"{self.prefix}:{self.arg}"


def unit(topic: str) -> Unit:
    """``"/market/candles:BTC-USDT_1min"`` -> ``Unit("/market/candles", "BTC-USDT_1min")``."""
    prefix, sep, arg = topic.partition(":")
    return Unit(prefix, arg if sep else None)


def split_topic(topic: str, family: str = "spot") -> list[Unit]:
    """A (possibly comma-joined) topic -> its units; ``"/market/ticker:A,B"`` -> two units."""
    prefix, sep, args = topic.partition(":")
    if not sep:
        return [Unit(prefix, None, family)]
    if prefix in MULTI_SYMBOL_PREFIXES:
        return [Unit(prefix, a, family) for a in args.split(",") if a]
    return [Unit(prefix, args, family)]


def join_units(units: Iterable[Unit], max_args: int = MAX_ARGS_PER_MESSAGE) -> list[str]:
    """Units -> topics for subscribe messages: grouped by prefix (first-seen order), at most
    ``max_args`` arguments per topic, one topic per unit for single-symbol prefixes."""
    grouped: dict[str, list[str | None]] = {}
    for u in units:
        args = grouped.setdefault(u.prefix, [])
        if u.arg not in args:
            args.append(u.arg)
    topics: list[str] = []
    for prefix, args in grouped.items():
        plain = [a for a in args if a is not None]
        if None in args:
            topics.append(prefix)
        if prefix in MULTI_SYMBOL_PREFIXES:
            for i in range(0, len(plain), max_args):
                topics.append(f"{prefix}:{','.join(plain[i:i + max_args])}")  # type: ignore[arg-type]
        else:
            topics.extend(f"{prefix}:{a}" for a in plain)
    return topics


class ConnectionKey(NamedTuple):
    """One connection: its product ``family`` (its own host and token), ``access`` (``"public"`` or
    ``"private"``) and a number unique within the allocation."""

    family: str
    access: str
    number: int

    def __str__(self) -> str:
        return f"{self.family}-{self.access}-{self.number}"


class Allocation:
    """Which connection carries which unit, with at most ``limit`` units per connection.

    KuCoin refuses more than ~300 topics per session (kucoin.md, "Limits"; one source shows 400), so
    the default keeps a margin. Units of different families, and public and private units, never share
    a connection (each family has its own host and token, a private connection needs a private token).
    Connections are named ``ConnectionKey("spot", "public", 0)``, ``ConnectionKey("spot", "private", 1)``...
    """

    def __init__(self, limit: int = 250) -> None:
        if limit < 1:
            raise ValueError("the per-connection topic limit must be at least 1")
        self.limit = limit
        self._where: dict[Unit, ConnectionKey] = {}
        self._load: dict[ConnectionKey, set[Unit]] = {}
        self._counter = 0

    def connections(self) -> dict[ConnectionKey, frozenset[Unit]]:
        return {key: frozenset(units) for key, units in self._load.items()}

    def connection_of(self, u: Unit) -> ConnectionKey | None:
        return self._where.get(u)

    def units_of(self, key: ConnectionKey) -> frozenset[Unit]:
        return frozenset(self._load.get(key, ()))

    def assign(self, units: Iterable[Unit]) -> dict[ConnectionKey, list[Unit]]:
        """Place new units (already-placed ones are skipped); returns connection -> newly placed units.
        A connection key that is not yet in ``connections()`` before the call must be opened."""
        placed: dict[ConnectionKey, list[Unit]] = {}
        for u in units:
            if u in self._where:
                continue
            family, access = u.family, "private" if u.private else "public"
            key = next((k for k, load in self._load.items()
                        if k.family == family and k.access == access and len(load) < self.limit), None)
            if key is None:
                key = ConnectionKey(family, access, self._counter)
                self._counter += 1
                self._load[key] = set()
            self._load[key].add(u)
            self._where[u] = key
            placed.setdefault(key, []).append(u)
        return placed

    def release(self, units: Iterable[Unit]) -> dict[ConnectionKey, list[Unit]]:
        """Forget units; returns connection -> released units. Empty connections are dropped."""
        released: dict[ConnectionKey, list[Unit]] = {}
        for u in units:
            key = self._where.pop(u, None)
            if key is None:
                continue
            self._load[key].discard(u)
            released.setdefault(key, []).append(u)
        for key in [k for k, load in self._load.items() if not load]:
            del self._load[key]
        return released
