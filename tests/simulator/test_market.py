"""Market behaviour: determinism for a seed, a book that never crosses, consistent trades/ticker/candles."""
from __future__ import annotations

from decimal import Decimal

from simhelpers import FakeClock

from kucoin_conformance.simulator import Simulator

PUBLIC_PATHS = [
    "/api/v2/symbols", "/api/v3/currencies", "/api/v1/markets", "/api/v1/prices",
    "/api/v1/market/allTickers", "/api/v1/market/stats?symbol=ETH-USDT",
    "/api/v1/market/orderbook/level1?symbol=BTC-USDT", "/api/v1/market/orderbook/level2_100?symbol=SOL-USDT",
    "/api/v1/market/histories?symbol=BTC-USDT", "/api/v1/market/histories?symbol=SHIB-USDT",
    "/api/v1/market/candles?symbol=BTC-USDT&type=1min", "/api/v1/market/candles?symbol=ETH-BTC&type=1week",
    "/api/v1/market/candles?symbol=XRP-USDT&type=4hour&startAt=1740000000&endAt=1745000000",
]


def _snapshot(sim: Simulator, client, clock: FakeClock) -> list[bytes]:
    bodies = [client.get(p).body for p in PUBLIC_PATHS]
    bodies.append(client.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).body)
    bodies.append(client.signed("GET", "/api/v3/market/orderbook/level2?symbol=KCS-USDT", sim.credentials,
                                now=clock.ms).body)
    return bodies


def test_same_seed_same_answers_after_same_steps(make_sim, make_client):
    runs = []
    for seed in (5, 5, 6):
        clock = FakeClock()
        sim = make_sim(seed=seed, clock=clock)
        client = make_client(sim.spot_url)
        before = _snapshot(sim, client, clock)
        for _ in range(25):
            clock.advance(7)
            sim.step()
        runs.append((before, _snapshot(sim, client, clock), sim.book("BTC-USDT"), sim.symbol_ids))
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[0][1]  # the steps changed the market
    assert runs[2][3] != runs[0][3] and runs[2][2] != runs[0][2]  # another seed is another market


def test_history_is_absolute_time_not_start_time(make_sim, make_client):
    """Two simulators with the same seed started days apart agree on the candles they both have."""
    a = make_client(make_sim(seed=3, clock=FakeClock()).spot_url)
    b = make_client(make_sim(seed=3, clock=FakeClock(FakeClock().t + 3 * 86400 + 611)).spot_url)
    path = "/api/v1/market/candles?symbol=SOL-USDT&type=15min&startAt=1749000000&endAt=1749500000"
    rows = a.get(path).data
    assert len(rows) == 555 and rows == b.get(path).data


def _best(book: dict) -> tuple[Decimal, Decimal]:
    return Decimal(book["bids"][0][0]), Decimal(book["asks"][0][0])


def test_book_never_crosses_and_sequence_only_grows(sim, clock):
    symbols = [s for s in sim.symbol_ids if s != "XMR-USDT"][:12]
    specs = {s.symbol: s for s in sim.universe.symbols}
    last_seq = {s: sim.book(s)["sequence"] for s in symbols}
    for i in range(300):
        clock.advance(1)
        sim.step()
        for s in (symbols if i % 25 == 0 else symbols[:2]):
            book = sim.book(s)
            bid, ask = _best(book)
            assert bid < ask, (s, i)
            assert book["sequence"] >= last_seq[s]
            last_seq[s] = book["sequence"]
            prices = [Decimal(p) for p, _ in book["bids"]]
            assert prices == sorted(prices, reverse=True) and len(set(prices)) == len(prices)
            asks = [Decimal(p) for p, _ in book["asks"]]
            assert asks == sorted(asks)
            tick = Decimal(specs[s].price_increment)
            lot = Decimal(specs[s].base_increment)
            for p, q in book["bids"][:5] + book["asks"][:5]:
                assert Decimal(p) % tick == 0 and Decimal(q) % lot == 0 and Decimal(q) > 0
    assert sim.book("BTC-USDT")["sequence"] > 0 and sim.market.steps == 300


def test_trades_ticker_and_candles_agree(sim, spot, clock):
    for _ in range(120):
        clock.advance(13)
        sim.step()
    trades = spot.get("/api/v1/market/histories?symbol=BTC-USDT").data
    assert len(trades) == 100
    times = [t["time"] for t in trades]
    assert times == sorted(times, reverse=True) and len(set(times)) == 100
    assert all(t["time"] > 10**18 for t in trades)  # nanoseconds
    last = trades[0]["price"]
    assert spot.get("/api/v1/market/orderbook/level1?symbol=BTC-USDT").data["price"] == last
    assert spot.get("/api/v1/market/stats?symbol=BTC-USDT").data["last"] == last
    for ctype in ("1min", "5min", "1hour", "1day", "1week", "1month"):
        rows = spot.get(f"/api/v1/market/candles?symbol=BTC-USDT&type={ctype}").data
        assert rows[0][2] == last, ctype
    minutes = {int(r[0]): r for r in spot.get("/api/v1/market/candles?symbol=BTC-USDT&type=1min").data}
    for t in trades:
        row = minutes[t["time"] // 10**9 // 60 * 60]
        assert Decimal(row[4]) <= Decimal(t["price"]) <= Decimal(row[3])


def test_initial_trades_sit_inside_history(sim, spot):
    trades = spot.get("/api/v1/market/histories?symbol=ETH-USDT").data
    minutes = {int(r[0]): r for r in spot.get("/api/v1/market/candles?symbol=ETH-USDT&type=1min").data}
    assert len(trades) == 100
    for t in trades:
        row = minutes[t["time"] // 10**9 // 60 * 60]
        assert Decimal(row[4]) <= Decimal(t["price"]) <= Decimal(row[3])
    assert minutes[max(minutes)][2] == trades[0]["price"]
