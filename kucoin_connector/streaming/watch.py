"""What a watch is, as data: a :class:`WatchSpec` row, and the :class:`Subscription` one call makes of it.

Layer: pure core. A family's ``WATCHES`` table (spot: :mod:`kucoin_connector.spot.watches`) has one
:class:`WatchSpec` per watch: the *owner* that holds the subscription (``un_watch_orders`` releases
only its own hold, so ``watch_my_trades`` on the same topic keeps running), the topic prefix, the
channel kind its pushes land in, and the *reducer* that shapes what a call returns. A call turns a
row and its arguments into a :class:`Subscription` (units to hold, channel keys whose progress
resolves the call, and ``finish``); the faces run it and never see a topic or a key format.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, NamedTuple

from .channels import ChannelKey
from .state import StreamState
from .topics import Unit

__all__ = ["WatchSpec", "WatchCall", "Subscription", "Release", "subscription", "release"]


class WatchCall(NamedTuple):
    """What a reducer knows about the call: the state, the symbols asked for (id -> unified symbol)
    and ccxt's ``since``/``limit``."""

    state: StreamState
    symbols: Mapping[str, str]
    since: int | None = None
    limit: int | None = None


Reducer = Callable[[WatchCall, list[ChannelKey]], Any]


class WatchSpec(NamedTuple):
    """One watch: ``owner``, ``topic_prefix``, ``channel_kind`` and ``reducer(call, ready keys)``.
    ``per_symbol`` False: one topic for the account (private), the argument only picks the channel.
    ``family``: the product family whose connections (host, token) carry the topic."""

    owner: str
    topic_prefix: str
    channel_kind: str
    reducer: Reducer
    per_symbol: bool = True
    family: str = "spot"


class Subscription(NamedTuple):
    """Hold ``units`` as ``owner``; resolve once one of ``keys`` advanced; ``finish(ready keys)``."""

    owner: str
    units: list[Unit]
    keys: list[ChannelKey]
    finish: Callable[[list[ChannelKey]], Any]


class Release(NamedTuple):
    """Drop ``owner``'s hold on ``units``."""

    owner: str
    units: list[Unit]


def _units(spec: WatchSpec, args: Iterable[str | None]) -> list[Unit]:
    if not spec.per_symbol:
        return [Unit(spec.topic_prefix, None, spec.family)]
    return [Unit(spec.topic_prefix, a, spec.family) for a in args]


def subscription(spec: WatchSpec, args: list[str | None], call: WatchCall) -> Subscription:
    """The row ``spec`` for topic/channel arguments ``args`` (symbol ids, a candle argument, ``"all"``)."""
    keys = [ChannelKey(spec.channel_kind, a) for a in args]
    return Subscription(spec.owner, _units(spec, args), keys, lambda ready: spec.reducer(call, ready))


def release(spec: WatchSpec, args: list[str | None]) -> Release:
    return Release(spec.owner, _units(spec, args))
