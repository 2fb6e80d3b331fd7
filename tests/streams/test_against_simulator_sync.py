"""Streams end to end against a real in-process Simulator (sync face): blocking watch_*, stream(), faults.

The sync face runs everything in the caller's thread; ``watchTimeout`` bounds every blocking call so a
broken stream fails the test instead of hanging it.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import Kucoin
from kucoin_connector.streaming.errors import ReconnectsExhausted
from simsupport import assert_book_equal, bullets, hot, levels, step_changed, sym
from streamfixtures import book_at, consumed, stream_fixtures

sim, _clean, make_face = stream_fixtures(Kucoin, symbols=30)


def converge(ex: Kucoin, sim: Simulator, sid: str, steps: int = 3) -> dict:
    ob: dict = {}
    for _ in range(steps):
        ob = book_at(ex, sym(sid), step_changed(sim, sid))
        assert_book_equal(ob, sim, sid)
    return ob


def test_sync_order_book_equals_the_simulators(sim, make_face):
    sid = hot(sim, 0)
    ex = make_face()
    step_changed(sim, sid)
    ob = book_at(ex, sym(sid), sim.book(sid)["sequence"])
    assert_book_equal(ob, sim, sid)
    ob = converge(ex, sim, sid)
    assert ob["resyncs"] == 0


def test_sync_depth5(sim, make_face):
    sid = hot(sim, 1)
    ex = make_face()
    ob = ex.watch_order_book(sym(sid), 5)
    true = sim.book(sid)
    assert levels(ob["bids"]) == levels(true["bids"][:5]) and levels(ob["asks"]) == levels(true["asks"][:5])


def test_sync_gap_then_resync(sim, make_face):
    sid = hot(sim, 2)
    ex = make_face()
    book_at(ex, sym(sid), step_changed(sim, sid))
    sim.add_fault({"stream": "/market/level2", "kind": "skip_sequence", "count": 1})
    step_changed(sim, sid)
    consumed(sim)
    ob = converge(ex, sim, sid)
    assert ob["resyncs"] == 1


def test_sync_drop_then_reconnect_with_a_fresh_token(sim, make_face):
    sid = hot(sim, 3)
    ex = make_face()
    book_at(ex, sym(sid), step_changed(sim, sid))
    tokens = bullets(sim)
    sim.add_fault({"stream": "/market/level2", "kind": "drop_connection", "count": 1})
    consumed(sim)
    ob = converge(ex, sim, sid)
    assert bullets(sim) == tokens + 1 and ob["resyncs"] >= 1


def test_sync_stall_reconnects_after_the_ping_timeout(sim, make_face):
    sid = hot(sim, 4)
    ex = make_face()
    book_at(ex, sym(sid), step_changed(sim, sid))
    tokens = bullets(sim)
    sim.add_fault({"stream": "/market/level2", "kind": "stall", "count": 1})
    consumed(sim)
    converge(ex, sim, sid)  # the stalled connection delivers nothing: only a reconnect gets there
    assert bullets(sim) == tokens + 1


def test_sync_refused_then_exhausted(sim, make_face):
    sid = hot(sim, 5)
    ex = make_face(wsMaxReconnects=2)
    sim.add_fault({"stream": "*", "kind": "refuse", "count": 1000})
    with pytest.raises(ReconnectsExhausted):
        ex.watch_order_book(sym(sid))


def test_sync_private_order_events_agree_with_rest(sim, make_face):
    sid = hot(sim, 0)
    symbol = sym(sid)
    ex = make_face(private=True)
    ex.load_markets()
    market = ex.market(symbol)
    price = ex.price_to_precision(symbol, Decimal(ex.fetch_ticker(symbol)["bid"]) * Decimal("0.9"))
    amount = ex.amount_to_precision(symbol, max(Decimal(str(market["limits"]["amount"]["min"] or 1)) * 2,
                                                Decimal(str(market["limits"]["cost"]["min"] or 1)) / Decimal(price) * 2))
    ex.pump(0.2)  # nothing subscribed yet: returns
    # subscribe first, then act: the first call would block, so subscribe via a bounded pump loop
    with pytest.raises(TimeoutError):
        make_face(private=True, watchTimeout=0.3).watch_orders(symbol)  # no order yet: times out, no hang
    ex.options["watchTimeout"] = 0.3
    with pytest.raises(TimeoutError):
        ex.watch_orders(symbol)  # subscribed now (and nothing happened)
    ex.options["watchTimeout"] = 10
    placed = ex.create_limit_buy_order(symbol, amount, price)
    orders = ex.watch_orders(symbol)
    assert orders[-1]["id"] == placed["id"] and orders[-1]["status"] == "open"
    ex.cancel_order(placed["id"], symbol)
    for orders in ex.stream("watch_orders", symbol):
        if orders[-1]["id"] == placed["id"] and orders[-1]["status"] == "canceled":
            break
    assert ex.fetch_order(placed["id"], symbol)["status"] == "canceled"
