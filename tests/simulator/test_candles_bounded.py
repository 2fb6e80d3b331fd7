"""Live candles stay bounded over a long run, and what was dropped is still answered consistently."""
from __future__ import annotations

from decimal import Decimal

import pytest
from simhelpers import FakeClock

from kucoin_conformance.simulator import Simulator
from kucoin_conformance.simulator.book import LIVE_HOUR_DAYS, LIVE_MINUTE_HOURS

STEP_S = 240
HOURS = (LIVE_HOUR_DAYS + 1) * 24 + 12  # minute and hour pruning both happen


def _agg(rows: list[list[str]]) -> tuple[str, ...]:
    """Aggregate KuCoin candle rows (newest first) into one (open, close, high, low, volume, turnover)."""
    old = list(reversed(rows))
    return (old[0][1], old[-1][2], str(max(Decimal(r[3]) for r in old)), str(min(Decimal(r[4]) for r in old)),
            str(sum(Decimal(r[5]) for r in old)), str(sum(Decimal(r[6]) for r in old)))


def _norm(row: list[str]) -> tuple[str, ...]:
    return (row[1], row[2], str(Decimal(row[3])), str(Decimal(row[4])), str(Decimal(row[5])), str(Decimal(row[6])))


def _live_entries(sim: Simulator) -> int:
    return sum(len(st.live[0]) + len(st.live[1]) for st in sim.market._states.values())


@pytest.fixture(scope="module")
def run():
    clock = FakeClock()
    sim = Simulator(seed=5, symbols=24, tick_interval=0, clock=clock)  # no sockets needed: Python API only
    symbol = sim.symbol_ids[0]
    # a whole live hour near the end: its minutes leave the window, its hour candle stays
    probe_hour = ((int(clock()) + HOURS * 3600) // 3600 - 4) * 3600
    snapshots: dict[str, list[list[str]]] = {}
    sizes = []
    for i in range(HOURS * 3600 // STEP_S):
        clock.advance(STEP_S)
        sim.step(1)
        now = int(clock())
        if now >= probe_hour + 3660 and not snapshots:  # closed, and its minutes are still kept live
            snapshots["hour"] = sim.market.candles(symbol, "1hour", probe_hour, probe_hour + 3600, now)
            snapshots["minutes"] = sim.market.candles(symbol, "1min", probe_hour, probe_hour + 3600, now)
        if i % 300 == 299:
            sizes.append(_live_entries(sim))
    return sim, clock, symbol, probe_hour, snapshots, sizes


def test_stored_live_state_stays_within_the_bound(run):
    sim, _, _, _, _, sizes = run
    states = sim.market._states.values()
    assert states
    for st in states:
        assert len(st.live[0]) <= LIVE_MINUTE_HOURS * 60
        assert len(st.live[1]) <= LIVE_HOUR_DAYS * 24
        assert len(st.live[2]) <= HOURS // 24 + 2
    bound = len(states) * (LIVE_MINUTE_HOURS * 60 + LIVE_HOUR_DAYS * 24)
    assert max(sizes) <= bound
    # without the bound, minute candles alone would grow by ~one per symbol-minute: far more than this
    assert sum(len(st.live[0]) for st in states) < len(states) * HOURS * 60 // 4


def test_dropped_minutes_aggregate_exactly_to_the_kept_hour(run):
    sim, clock, symbol, probe_hour, snapshots, _ = run
    now = int(clock())
    st = sim.market.state(symbol)
    assert st is not None and probe_hour // 60 < st.minute_floor  # the probe hour's minutes were dropped
    hour = sim.market.candles(symbol, "1hour", probe_hour, probe_hour + 3600, now)
    assert hour == snapshots["hour"] and len(hour) == 1  # the coarse candle did not change
    minutes = sim.market.candles(symbol, "1min", probe_hour, probe_hour + 3600, now)
    assert len(minutes) == 60
    assert _agg(minutes) == _norm(hour[0]) == _agg(snapshots["minutes"])
    assert sim.market.candles(symbol, "1min", probe_hour, probe_hour + 3600, now) == minutes  # deterministic
    five = sim.market.candles(symbol, "5min", probe_hour, probe_hour + 3600, now)
    assert _agg(five) == _norm(hour[0])


def test_dropped_hours_aggregate_exactly_to_the_day(run):
    sim, clock, symbol, _, _, _ = run
    now = int(clock())
    st = sim.market.state(symbol)
    assert st is not None
    day = st.anchor_s // 86400 * 86400  # the day the run started: history, then live from the anchor minute
    assert (day + 86400) // 3600 <= st.hour_floor  # that day's live hours were dropped
    d = sim.market.candles(symbol, "1day", day, day + 86400, now)
    hours = sim.market.candles(symbol, "1hour", day, day + 86400, now)
    assert len(d) == 1 and len(hours) == 24
    assert _agg(hours) == _norm(d[0])
    first = st.anchor_s // 3600 * 3600
    assert first + 4 * 3600 <= day + 86400
    for h in (first, first + 3 * 3600):  # the half-live anchor hour, a whole live hour
        minutes = sim.market.candles(symbol, "1min", h, h + 3600, now)
        assert len(minutes) == 60
        assert _agg(minutes) == _norm([r for r in hours if int(r[0]) == h][0])


def test_recent_minutes_are_the_live_ones(run):
    sim, clock, symbol, _, _, _ = run
    now = int(clock())
    st = sim.market.state(symbol)
    assert st is not None
    rows = sim.market.candles(symbol, "1min", now - 1800, now + 1, now)
    live = st.live[0]
    assert rows and all(int(r[0]) // 60 in live for r in rows)
    assert all(Decimal(r[5]) == Decimal(live[int(r[0]) // 60][4]).scaleb(-st.spec.base_dec) for r in rows)
