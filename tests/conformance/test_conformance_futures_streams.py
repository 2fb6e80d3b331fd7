"""The futures stream-book contracts: registered with their requirement on the asyncio futures face, skipped
honestly without one, and each one fails on a deliberately broken book (a change dropped, a level lost)."""
from __future__ import annotations

from typing import Any

import pytest

from kucoin_conformance.contracts import CONTRACTS, Env
from kucoin_conformance.contracts.futures_streams import WATCH
from kucoin_conformance.impls import kucoin_connector_factory, kucoin_connector_futures_factory
from kucoin_conformance.runner import SKIP_REASON, run_contract
from kucoin_connector.futures.l2 import FuturesL2

INCREMENTAL = ("futures_streams.book_truth", "futures_streams.book_after_gap", "futures_streams.book_after_drop",
               "futures_streams.book_after_token_expiry")
NAMES = INCREMENTAL + ("futures_streams.depth_limited",)


def _contract(name: str):
    (found,) = [c for c in CONTRACTS if c.name == name]
    return found


def _judged(factory: Any, sim: Any, name: str):
    environment = Env(factory, sim)
    try:
        return run_contract(_contract(name), environment)
    finally:
        environment.close()
        sim.clear_faults()


def test_the_futures_stream_contracts_are_registered_on_the_asyncio_face(env) -> None:
    found = {c.name: c for c in CONTRACTS if c.capability == "futures streams"}
    assert set(found) == set(NAMES)
    assert all(c.requires == WATCH for c in found.values())
    assert env.stream_has("futures")["watchOrderBook"] is True and env.missing(WATCH) == []


def _spot_only(urls: dict, credentials: dict) -> Any:
    return kucoin_connector_factory(urls, credentials)


def _no_async(urls: dict, credentials: dict) -> Any:
    return kucoin_connector_futures_factory(urls, credentials)


def _sync_only(urls: dict, credentials: dict) -> Any:
    return kucoin_connector_factory(urls, credentials)


_sync_only.futures = _no_async  # type: ignore[attr-defined]  # a futures client, but no asyncio face


@pytest.mark.parametrize("factory", [_spot_only, _sync_only], ids=["no futures factory", "no asyncio face"])
def test_without_an_asyncio_futures_face_they_are_skipped(sim, factory) -> None:
    result = _judged(factory, sim, "futures_streams.book_truth")
    assert result.outcome == "skip" and result.reason == f"{SKIP_REASON} (futures asyncio has['watchOrderBook'])"


def _drop_changes(monkeypatch, after_snapshots: int) -> None:
    """The connector's futures book silently drops every other change (its sequence still advances) once
    it has read ``after_snapshots`` snapshots (2: only after its first resync or reconnect)."""
    apply, snapshot = FuturesL2.apply, FuturesL2.snapshot
    seen = [0]

    def counting(self, data):
        seen[0] += 1
        return snapshot(self, data)

    def broken(self, book, data, before):
        if seen[0] >= after_snapshots and int(data["sequence"]) % 2 == 0:
            return None
        return apply(self, book, data, before)

    monkeypatch.setattr(FuturesL2, "snapshot", counting)
    monkeypatch.setattr(FuturesL2, "apply", broken)


@pytest.mark.parametrize("name, after_snapshots, judged", [
    ("futures_streams.book_truth", 0, "moving book"),
    ("futures_streams.book_after_gap", 2, "BTC/USDT:USDT after a gap"),
    ("futures_streams.book_after_drop", 2, "after a dropped connection"),
    ("futures_streams.book_after_token_expiry", 2, "after token expiry"),
])
def test_each_incremental_contract_fails_on_a_book_that_drops_changes(sim, monkeypatch, name, after_snapshots,
                                                                       judged) -> None:
    _drop_changes(monkeypatch, after_snapshots)
    result = _judged(kucoin_connector_factory, sim, name)
    assert result.outcome == "fail" and judged in result.reason, result
    assert "an update was skipped or misapplied" in result.reason or "differ from the true" in result.reason


class _LosesBestBid:
    """An AsyncKucoinFutures whose depth-limited book misses its best bid."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def watch_order_book(self, symbol: str, limit: int | None = None) -> dict:
        book = await self._inner.watch_order_book(symbol, limit)
        return {**book, "bids": book["bids"][1:]} if limit else book


def _async_losing(urls: dict, credentials: dict) -> Any:
    from kucoin_connector import AsyncKucoinFutures

    return _LosesBestBid(AsyncKucoinFutures({"urls": {"api": dict(urls)}, "options": {"numbers": "float"}}))


def _losing(urls: dict, credentials: dict) -> Any:
    return kucoin_connector_futures_factory(urls, credentials)


def _losing_spot(urls: dict, credentials: dict) -> Any:
    return kucoin_connector_factory(urls, credentials)


_losing.async_factory = _async_losing  # type: ignore[attr-defined]
_losing_spot.futures = _losing  # type: ignore[attr-defined]


def test_the_depth_contract_fails_on_a_book_that_loses_a_level(sim) -> None:
    result = _judged(_losing_spot, sim, "futures_streams.depth_limited")
    assert result.outcome == "fail" and "limit 5 first book bids: top 5" in result.reason, result
