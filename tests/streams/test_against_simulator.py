"""Streams end to end against a real in-process Simulator (asyncio face): books, faults, un-watch, topic limits
(reconnects: test_against_simulator_reconnects.py).

The market is paused and moved with ``sim.step()``; pings are short so stalls are detected fast.
Every await has a timeout so nothing can hang.
"""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector.streaming.channels import BOOK, ChannelKey
from simsupport import (T, assert_book_equal, book_at, consumed, converge, face, hot, levels, step_changed, sym,
                        true_top, until)


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=5, symbols=30, tick_interval=0, ws_ping_interval_ms=1000, ws_ping_timeout_ms=2000,
                   ws_topic_limit=3) as s:
        s.pause()
        yield s


@pytest.fixture(autouse=True)
def _clean(sim):
    sim.clear_faults()
    yield
    sim.clear_faults()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))




def test_order_book_equals_the_simulators_and_follows_steps(sim):
    sid = hot(sim)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(2)
            ob = await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            assert_book_equal(ob, sim, sid)
            for _ in range(3):
                step_changed(sim, sid)
                ob = await book_at(ex, sym(sid), sim.book(sid)["sequence"])
                assert_book_equal(ob, sim, sid)
            assert ob["resyncs"] == 0
    run(main())


def record_applied(monkeypatch) -> list[tuple[str, int, int]]:
    """Every level-2 delta the connector applies: (symbol, sequenceStart, sequenceEnd)."""
    from kucoin_connector.spot import l2
    from kucoin_connector.streaming.book import APPLIED
    seen: list[tuple[str, int, int]] = []
    original = l2.L2Book._apply

    def spy(self, data):
        result = original(self, data)
        if result == APPLIED:
            seen.append((self.symbol, int(data["sequenceStart"]), int(data["sequenceEnd"])))
        return result
    monkeypatch.setattr(l2.L2Book, "_apply", spy)
    return seen




@pytest.mark.parametrize("limit", [5, 50])
def test_depth_limits_use_the_depth_topics_and_equal_the_top_of_the_book(sim, limit):
    sid = hot(sim, 1)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            task = asyncio.ensure_future(ex.watch_order_book(sym(sid), limit))
            await asyncio.sleep(0.2)
            sim.step(1)
            ob = await asyncio.wait_for(task, T)
            for _ in range(5):  # a depth push per step; take the one after the last step
                _, bids, asks = true_top(sim, sid, limit)
                if levels(ob["bids"]) == bids and levels(ob["asks"]) == asks:
                    break
                ob = await asyncio.wait_for(ex.watch_order_book(sym(sid), limit), T)
            assert levels(ob["bids"]) == bids and levels(ob["asks"]) == asks
            assert len(ob["bids"]) == len(bids) <= limit
            units = set(ex._streams().engine._refs)
            assert {(u.prefix, u.arg) for u in units} == {(f"/spotMarket/level2Depth{limit}", sid)}
    run(main())


def test_skipped_sequence_is_a_gap_then_a_resync_to_the_true_book(sim, monkeypatch):
    sid = hot(sim, 2)
    applied = record_applied(monkeypatch)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(1)
            ob = await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            assert ob["resyncs"] == 0
            sim.add_fault({"stream": "/market/level2", "kind": "skip_sequence", "count": 1})
            step_changed(sim, sid)  # this change's push is dropped
            await consumed(sim)
            ob = await converge(ex, sim, sid)
            assert ob["resyncs"] == 1
            assert ex._streams().state.books[sid].gaps == 1
    run(main())
    mine = [(s, e) for symbol, s, e in applied if symbol == sid]
    assert all(b[0] > a[1] for a, b in zip(mine, mine[1:])), "an update applied twice"


def test_no_update_skipped_or_applied_twice(sim, monkeypatch):
    sid = hot(sim, 3)
    applied = record_applied(monkeypatch)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            sim.step(1)
            ob = await book_at(ex, sym(sid), sim.book(sid)["sequence"])
            first = ob["nonce"]
            await converge(ex, sim, sid, steps=6)
            return first
    first = run(main())
    mine = [(s, e) for symbol, s, e in applied if symbol == sid and e > first]
    assert mine, "no delta applied after the snapshot"
    assert mine[0][0] <= first + 1
    for (s0, e0), (s1, e1) in zip(mine, mine[1:]):
        assert s1 == e0 + 1, (mine, "skipped or repeated")


def test_trades_ticker_and_ohlcv_agree_with_rest(sim):
    sid = hot(sim, 0)
    symbol = sym(sid)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            trades_task = asyncio.ensure_future(until(lambda: ex.watch_trades(symbol), bool, "trades"))
            ticker_task = asyncio.ensure_future(until(lambda: ex.watch_ticker(symbol), bool, "ticker"))
            ohlcv_task = asyncio.ensure_future(until(lambda: ex.watch_ohlcv(symbol, "1m"), bool, "candles"))
            await asyncio.sleep(0.3)
            for _ in range(300):
                sim.step(1)
                await asyncio.sleep(0.01)  # let the driver read what this step pushed
                if trades_task.done():
                    break
            trades, ticker, candles = await asyncio.wait_for(asyncio.gather(trades_task, ticker_task, ohlcv_task), T)
            rest_trades = await ex.fetch_trades(symbol)
            rest_ids = {t["id"] for t in rest_trades}
            # REST serves the last 100 trades: judge the streamed ones that are still in that window (on a
            # slow machine more steps may have run before the first watch resolved).
            oldest = min(t["timestamp"] for t in rest_trades)
            recent = [t for t in trades if t["timestamp"] > oldest]
            assert trades and recent and all(t["id"] in rest_ids for t in recent)
            rest_by_id = {t["id"]: t for t in rest_trades}
            for t in recent:
                r = rest_by_id[t["id"]]
                assert (t["price"], t["amount"], t["side"], t["timestamp"]) == (
                    r["price"], r["amount"], r["side"], r["timestamp"])
            assert ticker["symbol"] == symbol
            step_changed(sim, sid)  # the market is paused after this: the last ticker push is final
            rest_ticker = await ex.fetch_ticker(symbol)
            ticker = await until(lambda: ex.watch_ticker(symbol),
                                 lambda t: (Decimal(t["bid"]), Decimal(t["ask"])) == (
                                     Decimal(rest_ticker["bid"]), Decimal(rest_ticker["ask"])), "ticker = REST")
            assert Decimal(ticker["last"]) == Decimal(rest_ticker["last"])
            rest_candles = {c[0]: c for c in await ex.fetch_ohlcv(symbol, "1m")}
            assert candles[-1][0] in rest_candles

            def same_as_rest(rows):  # the stream's newest candle equals REST's (OHLC) once every push arrived
                last = rows[-1] if rows else None
                return last is not None and last[0] in rest_candles and [Decimal(str(v)) for v in last[1:5]] == [
                    Decimal(str(v)) for v in rest_candles[last[0]][1:5]]
            if not same_as_rest(candles):
                await until(lambda: ex.watch_ohlcv(symbol, "1m"), same_as_rest, "candle = REST")
    run(main())


def test_private_orders_trades_and_balance_agree_with_rest(sim):
    sid = hot(sim, 0)
    symbol = sym(sid)

    async def main():
        async with face(sim, private=True) as ex:
            await ex.load_markets()
            market = ex.market(symbol)
            quote = market["quote"]
            orders_task = asyncio.ensure_future(ex.watch_orders(symbol))
            balance_task = asyncio.ensure_future(ex.watch_balance())
            trades_task = asyncio.ensure_future(ex.watch_my_trades(symbol))
            await asyncio.sleep(0.3)
            ticker = await ex.fetch_ticker(symbol)
            price = ex.price_to_precision(symbol, Decimal(ticker["bid"]) * Decimal("0.9"))
            amount = ex.amount_to_precision(symbol, max(Decimal(str(market["limits"]["amount"]["min"] or 1)) * 2,
                                                         Decimal(str(market["limits"]["cost"]["min"] or 1))
                                                         / Decimal(price) * 2))
            placed = await ex.create_limit_buy_order(symbol, amount, price)
            orders = await asyncio.wait_for(orders_task, T)
            assert orders[-1]["id"] == placed["id"] and orders[-1]["status"] == "open"
            balance = await asyncio.wait_for(balance_task, T)
            rest_balance = await ex.fetch_balance()
            assert Decimal(balance[quote]["used"]) == Decimal(rest_balance[quote]["used"])
            assert Decimal(balance[quote]["free"]) == Decimal(rest_balance[quote]["free"])

            sim.fill(placed["id"], format(Decimal(amount) / 2, "f"))
            mine = await asyncio.wait_for(trades_task, T)
            rest_mine = await ex.fetch_my_trades(symbol)
            assert mine[-1]["order"] == placed["id"]
            assert Decimal(mine[-1]["amount"]) == Decimal(amount) / 2
            rest_trade = next(t for t in rest_mine if t["order"] == placed["id"])
            assert (Decimal(mine[-1]["price"]), Decimal(mine[-1]["amount"])) == (
                Decimal(rest_trade["price"]), Decimal(rest_trade["amount"]))
            partial = await until(lambda: ex.watch_orders(symbol),
                                  lambda os: os and os[-1]["id"] == placed["id"] and Decimal(os[-1]["filled"] or 0) > 0,
                                  "partial fill")
            rest_order = await ex.fetch_order(placed["id"], symbol)
            assert Decimal(partial[-1]["filled"]) == Decimal(rest_order["filled"])
            assert Decimal(partial[-1]["remaining"]) == Decimal(rest_order["remaining"])

            await ex.cancel_order(placed["id"], symbol)
            done = await until(lambda: ex.watch_orders(symbol),
                               lambda os: os and os[-1]["id"] == placed["id"] and os[-1]["status"] == "canceled",
                               "cancel")
            rest_order = await ex.fetch_order(placed["id"], symbol)
            assert rest_order["status"] == done[-1]["status"] == "canceled"
            assert Decimal(done[-1]["filled"]) == Decimal(rest_order["filled"])
            rest_balance = await ex.fetch_balance()
            want = (Decimal(rest_balance[quote]["free"]), Decimal(rest_balance[quote]["used"]))
            assert want[1] == 0  # nothing held once the order is cancelled
            state_balance = ex._streams().state.balance
            if (Decimal(state_balance[quote]["free"]), Decimal(state_balance[quote]["used"])) != want:
                await until(lambda: ex.watch_balance(),
                            lambda b: (Decimal(b[quote]["free"]), Decimal(b[quote]["used"])) == want, "balance = REST")
    run(main())


async def server_has(sim: Simulator, key: tuple[str, str], present: bool) -> None:
    for _ in range(300):
        if (key in sim.ws._index) == present:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"server subscription {key} present={not present}")


def test_un_watch_unsubscribes_and_the_server_stops_pushing(sim):
    sid = hot(sim, 0)
    symbol = sym(sid)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            task = asyncio.ensure_future(ex.watch_ticker(symbol))
            await server_has(sim, ("/market/ticker", sid), True)
            step_changed(sim, sid)
            assert (await asyncio.wait_for(task, T))["symbol"] == symbol
            assert await ex.un_watch_ticker(symbol) is True
            await server_has(sim, ("/market/ticker", sid), False)
            channel = ex._streams().state.channels[ChannelKey("ticker", sid)]
            count = channel.count
            assert sim.ws_connections() == 0  # the last topic gone: the connection was closed too
            step_changed(sim, sid)
            await asyncio.sleep(0.2)
            assert channel.count == count
    run(main())


def test_un_watch_keeps_the_other_topics_of_the_connection(sim):
    a, b = hot(sim, 0), hot(sim, 1)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            t1 = asyncio.ensure_future(ex.watch_ticker(sym(a)))
            t2 = asyncio.ensure_future(ex.watch_trades(sym(b)))
            await server_has(sim, ("/market/ticker", a), True)
            await server_has(sim, ("/market/match", b), True)
            await ex.un_watch_ticker(sym(a))
            await server_has(sim, ("/market/ticker", a), False)
            assert ("/market/match", b) in sim.ws._index and sim.ws_connections() == 1
            t1.cancel()
            t2.cancel()
    run(main())


def test_more_topics_than_the_per_connection_limit_open_a_second_connection(sim):
    ids = [hot(sim, i) for i in range(5)]

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            task = asyncio.ensure_future(ex.watch_tickers([sym(s) for s in ids]))
            for s in ids:
                await server_has(sim, ("/market/ticker", s), True)
            assert sim.ws_connections() == 2  # limit 3: 3 + 2
            per_conn = sorted(len(c.subs) for c in list(sim.ws._conns) if c.open and not c.dead)
            assert per_conn == [2, 3]
            for s in ids:
                step_changed(sim, s)
            tickers = await asyncio.wait_for(task, T)
            assert set(tickers) <= {sym(s) for s in ids} and tickers
    run(main())


def test_after_a_reconnect_updates_announced_before_do_not_return_an_empty_book(sim):
    """Updates arrived but not yet taken, then the connection drops: the next watch must wait for the
    resync instead of returning the (cleared) unsynchronised book."""
    sid = hot(sim, 9)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            await book_at(ex, sym(sid), step_changed(sim, sid))
            channel = ex._streams().state.channels[ChannelKey(BOOK, sid)]
            count = channel.count
            step_changed(sim, sid)  # announced, not taken
            for _ in range(300):
                if channel.count > count:
                    break
                await asyncio.sleep(0.01)
            book = ex._streams().state.books[sid]
            sim.add_fault({"stream": "/market/level2", "kind": "drop_connection", "count": 1})
            deadline = asyncio.get_running_loop().time() + T
            while book.synced:  # one loop turn at a time: catch the moment the drop is noticed
                assert asyncio.get_running_loop().time() < deadline, "the drop was never noticed"
                await asyncio.sleep(0)
            ob = await asyncio.wait_for(ex.watch_order_book(sym(sid)), T)
            assert isinstance(ob["nonce"], int) and ob["bids"] and ob["asks"]
            assert_book_equal(ob, sim, sid)
    run(main())


def test_a_skipped_push_holds_one_step_however_fast_the_market_moves(sim):
    """The simulator pushes one level-2 message per market step: two quick steps after a
    skip_sequence fault lose only the first step's update, so the client sees the gap."""
    sid = hot(sim, 10)

    async def main():
        async with face(sim) as ex:
            await ex.load_markets()
            await book_at(ex, sym(sid), step_changed(sim, sid))
            sim.add_fault({"stream": f"/market/level2:{sid}", "kind": "skip_sequence", "count": 1})
            step_changed(sim, sid)
            target = step_changed(sim, sid)  # no wait: the server may drain both steps at once
            ob = await book_at(ex, sym(sid), target)
            assert_book_equal(ob, sim, sid)
            assert ob["resyncs"] == 1
    run(main())
