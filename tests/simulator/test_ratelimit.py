"""Rate limits: pools and weights, gw-ratelimit-* headers, 429000, windows, per-IP vs per-account keys."""
from __future__ import annotations

import socket

import pytest

from kucoin_conformance.simulator import Simulator


def _headers(resp) -> tuple[int, int, int]:
    h = resp.headers
    return int(h["gw-ratelimit-limit"]), int(h["gw-ratelimit-remaining"]), int(h["gw-ratelimit-reset"])


def _second_loopback_available() -> bool:
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False


def test_public_pool_headers_and_exhaustion(make_sim, make_client, clock):
    sim = make_sim(seed=1, clock=clock, quotas={"Public": 10})
    spot = make_client(sim.spot_url)
    seen = []
    for _ in range(3):
        r = spot.get("/api/v1/timestamp")  # weight 3 in the Public pool
        assert r.status == 200
        seen.append(_headers(r))
        clock.advance(1)
    assert seen == [(10, 7, 30000), (10, 4, 29000), (10, 1, 28000)]
    blocked = spot.get("/api/v1/timestamp")
    assert (blocked.status, blocked.json()) == (429, {"code": "429000", "msg": "Too Many Requests"})
    assert _headers(blocked) == (10, 1, 27000)
    assert spot.get("/api/v1/market/orderbook/level1?symbol=BTC-USDT").status == 429  # weight 2 > 1 left
    clock.advance(27)  # the window (started at the first request) is over
    assert _headers(spot.get("/api/v1/timestamp")) == (10, 7, 30000)


def test_window_length_is_configurable(make_sim, make_client, clock):
    sim = make_sim(seed=1, clock=clock, quotas={"Public": 5}, window_ms=2000)
    spot = make_client(sim.spot_url)
    assert _headers(spot.get("/api/v1/timestamp")) == (5, 2, 2000)
    assert spot.get("/api/v1/timestamp").status == 429
    clock.advance(2)
    assert spot.get("/api/v1/timestamp").status == 200


def test_every_answer_carries_headers(sim, spot, clock):
    for resp in (spot.get("/api/v9/nothing"), spot.get("/api/v1/accounts"),
                 spot.get("/api/v1/market/stats?symbol=FOO-BAR")):
        limit, remaining, reset = _headers(resp)
        assert limit == 2000 and 0 <= remaining <= limit and 0 < reset <= 30000


def test_private_pools_are_per_account_and_vip_scales(make_sim, make_client, clock):
    sim = make_sim(seed=1, clock=clock, quotas={"Management": 12})
    spot = make_client(sim.spot_url)
    other_key = sim.add_api_key(version=2)
    r1 = spot.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms)  # Management, weight 5
    r2 = spot.signed("GET", "/api/v1/accounts", other_key, now=clock.ms)
    assert (_headers(r1)[:2], _headers(r2)[:2]) == ((12, 7), (12, 2))  # one account, one budget
    assert spot.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).status == 429
    spot_pool = spot.signed("GET", "/api/v1/hf/accounts/opened", sim.credentials, now=clock.ms)
    assert _headers(spot_pool)[:2] == (4000, 3970)  # Spot pool, weight 30, VIP0
    vip12 = make_sim(seed=1, clock=clock, vip=12)
    r = make_client(vip12.spot_url).signed("GET", "/api/v3/market/orderbook/level2?symbol=BTC-USDT",
                                           vip12.credentials, now=clock.ms)
    assert _headers(r)[:2] == (40000, 39997)


@pytest.mark.skipif(not _second_loopback_available(), reason="127.0.0.2 is not usable as a source address")
def test_public_pool_is_per_ip_private_per_account(make_sim, make_client, clock):
    sim = make_sim(seed=1, clock=clock, quotas={"Public": 3, "Management": 5})
    first, second = make_client(sim.spot_url), make_client(sim.spot_url, source_ip="127.0.0.2")
    assert first.get("/api/v1/timestamp").status == 200
    assert first.get("/api/v1/timestamp").status == 429
    assert _headers(second.get("/api/v1/timestamp"))[:2] == (3, 0)  # its own IP, its own window
    assert first.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).status == 200
    assert second.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).status == 429


def test_bad_quota_configuration():
    with pytest.raises(ValueError, match="Pubic"):
        Simulator(quotas={"Pubic": 5})
    with pytest.raises(ValueError):
        Simulator(vip=13)
