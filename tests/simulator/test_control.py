"""Lifecycle and market control: start/stop, pause/step/resume, /_sim/ state and book, request log."""
from __future__ import annotations

import json
import time

import pytest

from kucoin_conformance.simulator import Simulator


def _post(client, path: str, body: object | None = None):
    return client.request("POST", path, json.dumps(body).encode() if body is not None else b"",
                          {"Content-Type": "application/json"})


def test_lifecycle_is_idempotent_and_constructor_does_no_io():
    sim = Simulator(seed=2, symbols=10, tick_interval=0)
    with pytest.raises(RuntimeError):
        sim.spot_url  # noqa: B018 - not started: no sockets yet
    assert sim.start() is sim and sim.start() is sim
    spot_url, futures_url = sim.spot_url, sim.futures_url
    assert spot_url.startswith("http://127.0.0.1:") and futures_url != spot_url
    sim.stop()
    sim.stop()
    with Simulator(seed=2, symbols=10, tick_interval=0) as again:
        assert again.spot_url.startswith("http://127.0.0.1:")


def test_pause_step_resume(make_sim, make_client):
    sim = make_sim(seed=4, tick_interval=0.01)
    spot = make_client(sim.spot_url)
    deadline = time.monotonic() + 10
    while sim.market.steps < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sim.market.steps >= 2  # the background ticker runs
    assert _post(spot, "/_sim/pause").data == {"paused": True}
    frozen = sim.market.steps
    time.sleep(0.15)
    assert sim.market.steps == frozen and sim.paused
    assert sim.step(3) == frozen + 3
    assert _post(spot, "/_sim/step", {"count": 4}).data == {"steps": frozen + 7}
    state = spot.get("/_sim/state").data
    assert (state["paused"], state["steps"], state["seed"], state["symbols"]) == (True, frozen + 7, 4, 60)
    for bad in ({"count": 0}, {"count": "3"}, {"count": 10**9}):
        assert _post(spot, "/_sim/step", bad).status == 400
    assert _post(spot, "/_sim/resume").data == {"paused": False}
    while sim.market.steps <= frozen + 7 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sim.market.steps > frozen + 7


def test_admin_book_is_the_true_book(sim, spot, clock):
    sim.step(10)
    admin = spot.get("/_sim/book?symbol=ETH-USDT").data
    assert admin == json.loads(json.dumps(sim.book("ETH-USDT")))
    full = spot.signed("GET", "/api/v3/market/orderbook/level2?symbol=ETH-USDT", sim.credentials, now=clock.ms).data
    assert (full["bids"], full["asks"], full["sequence"]) == (admin["bids"], admin["asks"], str(admin["sequence"]))
    assert spot.get("/_sim/book?symbol=NOPE-USDT").status == 400
    assert spot.get("/_sim/nothing").status == 404
    assert "gw-ratelimit-limit" not in spot.get("/_sim/state").headers  # admin is not rate limited


def test_admin_on_futures_host_and_request_log(sim, futures):
    assert futures.get("/_sim/state").data["seed"] == 7
    futures.get("/api/v1/timestamp?x=1")
    assert sim.request_log[-2:] == [("GET", "/_sim/state"), ("GET", "/api/v1/timestamp?x=1")]


def test_listener_sees_book_changes_and_trades(sim):
    events: list[dict] = []
    sim.market.add_listener(events.append)
    sim.step(5)
    kinds = {e["type"] for e in events}
    assert kinds == {"level2", "trade"}
    seqs = [e["sequence"] for e in events if e["symbol"] == "BTC-USDT"]
    assert seqs == sorted(seqs) and seqs[-1] == sim.book("BTC-USDT")["sequence"]
