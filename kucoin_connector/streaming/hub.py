"""The driver-independent half of a stream driver: who holds which subscription, failures, cursors.

Layer: pure core. Rule: no I/O, no clock of its own (``now_ms`` is injected). Both drivers
(:mod:`kucoin_connector.io.stream_async`, :mod:`kucoin_connector.io.stream_sync`) subclass
:class:`HubCore` and add only the waiting and the sockets, so their behaviour cannot drift apart.

A watch is a set of *units* (what to subscribe) held by an *owner* (the watch kind, e.g.
``"orders"``; ``un_watch_orders`` releases only its own hold, so ``watch_my_trades`` on the same
topic keeps running) and a set of channel *keys* (:class:`~.channels.ChannelKey`, whose progress
resolves the call); :mod:`.watch` builds both from a table row.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..errors import BadResponse, BaseError
from .channels import ChannelKey
from .engine import StreamEngine
from .state import StreamState
from .topics import Unit
from .watch import Release

__all__ = ["HubCore", "socket_url"]


class HubCore:
    def __init__(self, engine: StreamEngine, state: StreamState, now_ms: Callable[[], int]) -> None:
        self.engine = engine
        self.state = state
        self.now_ms = now_ms
        self.held: dict[Unit, set[str]] = {}
        self.failed: dict[Unit, BaseError] = {}

    def begin(self, owner: str, units: Iterable[Unit], keys: Iterable[ChannelKey]) -> None:
        """Create the channels and subscribe the units this owner does not hold yet."""
        for key in keys:
            self.state.channel(key)
        fresh = []
        for u in units:
            owners = self.held.setdefault(u, set())
            if owner not in owners:
                owners.add(owner)
                self.failed.pop(u, None)
                if len(owners) == 1:
                    fresh.append(u)
        if fresh:
            self.engine.subscribe(fresh, self.now_ms())

    def release(self, owner: str, units: Iterable[Unit]) -> list[Unit]:
        """Drop this owner's hold; units nobody holds are unsubscribed. Returns those units."""
        gone = []
        for u in units:
            owners = self.held.get(u)
            if owners is None or owner not in owners:
                continue
            owners.discard(owner)
            if not owners:
                del self.held[u]
                gone.append(u)
        if gone:
            self.engine.unsubscribe(gone, self.now_ms())
        return gone

    def release_all(self, releases: Iterable[Release]) -> list[Unit]:
        """Each ``(owner, units)`` release in turn; the state forgets what nobody holds any more."""
        gone = [u for owner, units in releases for u in self.release(owner, units)]
        self.state.forget(gone)
        return gone

    def ready(self, units: Iterable[Unit], keys: Iterable[ChannelKey]) -> list[ChannelKey]:
        """Keys whose channel advanced past its cursor; raises the stored error of a failed unit."""
        for u in units:
            error = self.failed.pop(u, None)
            if error is not None:
                raise error
        channels = self.state.channels
        return [k for k in keys if k in channels and channels[k].ready]

    def absorb(self) -> tuple[set[ChannelKey], bool]:
        """Feed the engine's events to the state; returns (keys advanced, whether a failure arrived)."""
        updated, failures = self.state.apply(self.engine.events())
        for units, error in failures:
            for u in units:
                self.failed[u] = error
                self.held.pop(u, None)
        return updated, bool(failures)


def socket_url(token_data: dict, connect_id: str) -> tuple[str, int, int]:
    """Bullet ``data`` -> (``{endpoint}?token=..&connectId=..``, pingInterval, pingTimeout); a malformed
    answer raises ``BadResponse`` (the drivers treat it like any failed connect: back off, retry)."""
    try:
        server = token_data["instanceServers"][0]
        endpoint, token = server["endpoint"], token_data["token"]
        interval, timeout = server.get("pingInterval", 18000), server.get("pingTimeout", 10000)
        if not (isinstance(endpoint, str) and isinstance(token, str) and type(interval) is int
                and type(timeout) is int and 0 < interval <= 10**7 and 0 < timeout <= 10**7):
            raise TypeError("wrong field types")
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise BadResponse(f"malformed bullet token answer ({type(exc).__name__}: {str(exc)[:80]})",
                          endpoint="POST /api/v1/bullet-public|private") from None
    sep = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{sep}token={token}&connectId={connect_id}"
    return url, interval, timeout
