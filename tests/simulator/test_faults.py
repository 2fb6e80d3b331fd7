"""Every fault kind, matching by path/method/host and count, and the /_sim/faults admin endpoints."""
from __future__ import annotations

import http.client
import json
import time

import pytest

TS = "/api/v1/timestamp"


def _admin(client, method: str, path: str, body: object | None = None):
    raw = json.dumps(body).encode() if body is not None else b""
    return client.request(method, path, raw, {"Content-Type": "application/json"})


def test_status_fault_then_normal(sim, spot):
    assert _admin(spot, "POST", "/_sim/faults", {"path": TS, "kind": "status", "status": 503}).data == {
        "id": "fault-1"}
    r = spot.get(TS)
    assert (r.status, r.json()) == (503, {"code": "503000", "msg": "Service Unavailable"})
    assert spot.get(TS).status == 200


def test_code_fault_default_and_custom_status(sim, spot):
    sim.add_fault({"path": TS, "kind": "code", "code": "400100", "msg": "boom"})
    sim.add_fault({"path": TS, "kind": "code", "code": 900001, "status": 400})
    first, second = spot.get(TS), spot.get(TS)
    assert (first.status, first.json()) == (200, {"code": "400100", "msg": "boom"})
    assert (second.status, second.json()["code"]) == (400, "900001")


def test_count_method_and_host_matching(sim, spot, futures):
    sim.add_fault({"path": TS, "kind": "status", "count": 2, "method": "POST"})
    assert spot.get(TS).status == 200  # GET is not POST
    sim.clear_faults()
    sim.add_fault({"path": TS, "kind": "status", "count": 2, "host": "futures"})
    assert spot.get(TS).status == 200
    assert [futures.get(TS).status for _ in range(3)] == [503, 503, 200]
    sim.add_fault({"path": "/api/v1/market/orderbook/level1", "kind": "status"})
    assert spot.get("/api/v1/market/orderbook/level1?symbol=BTC-USDT").status == 503  # query ignored


def test_delay(sim, spot):
    sim.add_fault({"path": TS, "kind": "delay", "seconds": 0.3})
    started = time.monotonic()
    r = spot.get(TS)
    assert time.monotonic() - started >= 0.3 and r.status == 200 and isinstance(r.data, int)


def test_drop_closes_the_connection(sim, spot):
    sim.add_fault({"path": TS, "kind": "drop"})
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        spot.get(TS)
    assert spot.get(TS).status == 200  # a new connection works
    assert sim.request_log.count(("GET", TS)) == 2


def test_lost_response_is_processed_but_not_answered(make_sim, make_client, clock):
    sim = make_sim(seed=1, clock=clock, quotas={"Public": 20})
    spot = make_client(sim.spot_url)
    sim.add_fault({"path": TS, "kind": "lost_response"})
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        spot.get(TS)
    after = spot.get(TS)
    assert after.status == 200
    assert after.headers["gw-ratelimit-remaining"] == "14"  # both requests were charged (weight 3 each)


def test_html_page(sim, spot):
    sim.add_fault({"path": TS, "kind": "html"})
    sim.add_fault({"path": TS, "kind": "html", "status": 403})
    first, second = spot.get(TS), spot.get(TS)
    assert first.status == 502 and first.headers["content-type"] == "text/html"
    assert first.body.startswith(b"<html>") and b"502 Bad Gateway" in first.body
    assert second.status == 403 and b"403 Forbidden" in second.body


def test_malformed_json(sim, spot):
    sim.add_fault({"path": TS, "kind": "malformed"})
    r = spot.get(TS)
    assert r.status == 200 and r.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        json.loads(r.body)
    assert spot.get(TS).status == 200


def test_clock_skew_moves_time_and_signature_window(sim, spot, clock):
    sim.add_fault({"path": TS, "kind": "clock_skew", "seconds": 30})
    assert spot.get(TS).data == clock.ms() + 30000
    assert spot.get(TS).data == clock.ms()
    sim.add_fault({"path": "/api/v1/accounts", "kind": "clock_skew", "seconds": 30, "count": 2})
    assert spot.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).json()["code"] == "400002"
    assert spot.signed("GET", "/api/v1/accounts", sim.credentials, ts=clock.ms() + 30000).status == 200


def test_admin_listing_clearing_and_validation(sim, spot):
    _admin(spot, "POST", "/_sim/faults", {"path": TS, "kind": "drop", "count": 3})
    pending = _admin(spot, "GET", "/_sim/faults").data
    assert [(f["path"], f["kind"], f["count"]) for f in pending] == [(TS, "drop", 3)]
    assert _admin(spot, "DELETE", "/_sim/faults").data == {"cleared": 1}
    assert _admin(spot, "GET", "/_sim/faults").data == []
    for bad in ({"path": TS, "kind": "explode"}, {"path": TS, "kind": "status", "count": 0},
                {"path": "api/v1/timestamp", "kind": "drop"}, {"path": TS, "kind": "delay"},
                {"path": TS, "kind": "status", "status": 99}, {"path": TS, "kind": "code"},
                {"path": TS, "kind": "drop", "colour": "red"}, {"path": "/_sim/state", "kind": "drop"},
                ["not", "an", "object"]):
        r = _admin(spot, "POST", "/_sim/faults", bad)
        assert r.status == 400 and r.json()["code"] == "400100" and r.json()["msg"], bad
    r = spot.request("POST", "/_sim/faults", b"{not json", {"Content-Type": "application/json"})
    assert (r.status, r.json()["code"]) == (400, "400100")
    with pytest.raises(ValueError):
        sim.add_fault({"path": TS, "kind": "nope"})
    assert spot.get(TS).status == 200
