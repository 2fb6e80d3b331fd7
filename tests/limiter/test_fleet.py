"""Many processes, one account: the fleet run against the simulator (per-UID and per-IP pools like KuCoin's).

The face test is quick and runs by default; the fleet runs start processes for several seconds each, so
they are marked slow and `.ci/run` runs them once (``pytest -m slow tests/limiter``). Full size:
``python -m kucoin_conformance.fleet --processes 8 --seconds 120 [--control | --stop-redis 20]``.
"""
from __future__ import annotations

import pytest

from kucoin_conformance import fleet


def test_a_face_books_its_requests_in_redis_through_the_hook(redis_server):
    from kucoin_connector import Kucoin
    from kucoin_connector.io.limiter_redis import limiter_from_url

    from kucoin_conformance.simulator import Simulator

    with Simulator(seed=3, symbols=40, tick_interval=0) as sim:
        def face(limiter):
            return Kucoin({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}}, limiter=limiter)

        la = fleet.CountingLimiter(limiter_from_url(redis_server.url, account="uid1", prefix="f", ip="here"))
        lb = fleet.CountingLimiter(limiter_from_url(redis_server.url, account="uid1", prefix="f", ip="here"))
        a, b = face(la), face(lb)
        a.load_markets()
        a.fetch_order_book("KCS/USDT", 20)
        booked = la.weights["Public"]
        assert booked > 0
        assert lb.inner.snapshot("Public")[2] == booked  # the other face's limiter sees what this one booked
        b.fetch_order_book("KCS/USDT", 20)  # loads its markets too
        assert lb.weights["Public"] > 0
        assert la.inner.snapshot("Public")[2] == booked + lb.weights["Public"]  # and the other way round
        for ex in (a, b):
            ex.close()


def test_command_line_prints_one_figure_line(monkeypatch, capsys):
    seen = {}

    def fake_run(**kwargs):
        seen.update(kwargs)
        return {"shared": True, "processes": 2, "seconds": 5.0, "rate": {"Spot": 0.95}, "limited": 0, "placed": 7,
                "duplicated": [], "lost": [], "crashed": 0, "ok": True}

    monkeypatch.setattr(fleet, "run", fake_run)
    assert fleet.main(["--processes", "2", "--seconds", "5", "--quota", "30", "--window-ms", "2000"]) == 0
    assert seen["processes"] == 2 and seen["quotas"] == {"Spot": 30, "Public": 30} and seen["shared"] is True
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["fleet shared redis limiter: 2 processes x 5 s, Spot 95% of quota, 429000 answers 0, "
                   "orders placed 7 duplicated 0 lost 0, crashed 0 OK"]


def _intact(summary: dict) -> None:
    assert summary["crashed"] == 0, summary
    assert summary["duplicated"] == [] and summary["lost"] == [] and summary["refused_but_present"] == [], summary
    assert summary["placed"] > 0, summary


@pytest.mark.slow
def test_a_short_fleet_shares_one_budget_and_the_control_run_does_not(redis_server):
    shared = fleet.run(processes=3, seconds=4, shared=True, quotas={"Spot": 40, "Public": 40}, window_ms=2000,
                       redis_url=redis_server.url)
    print(fleet.figure_line(shared))
    _intact(shared)
    assert shared["limited"] == 0, shared
    control = fleet.run(processes=3, seconds=4, shared=False, quotas={"Spot": 40, "Public": 40}, window_ms=2000)
    print(fleet.figure_line(control))
    _intact(control)
    assert control["limited"] > 0, control  # three local budgets overrun the account's one


@pytest.mark.slow
def test_a_fleet_survives_a_redis_outage(redis_server):
    summary = fleet.run(processes=3, seconds=16, shared=True, quotas={"Spot": 40, "Public": 40}, window_ms=2000,
                        stop_redis_s=4)
    print(fleet.figure_line(summary))
    _intact(summary)
    assert summary["limited_before"] == 0 and summary["limited_after"] == 0, summary
    # Each process said once that Redis was gone and once that it was back.
    assert summary["limiter_warnings"] == 2 * summary["processes"], summary
