"""KucoinFutures across the delivery of the dated contract (the simulator's ``deliver_futures``): the position
is gone, its realised PnL is in the position history and the balance, its orders are cancelled, a stale
market is refused by the exchange with a typed error, and after ``load_markets(reload=True)`` the market is
absent (as /api/v1/contracts/active gives it; the next quarter's contract is there) so an order on it is
refused before anything is sent."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import KucoinFutures
from kucoin_connector.errors import BadSymbol, InvalidOrder

ISOLATED = {"leverage": 5, "marginMode": "isolated"}


@pytest.fixture
def sim():
    with Simulator(seed=11, symbols=12, tick_interval=0) as s:
        s.step(5)
        yield s


@pytest.fixture
def ex(sim):
    config = {**sim.credentials, "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
              "options": {"numbers": "decimal"}}
    with KucoinFutures(config) as client:
        yield client


def _dated(ex) -> dict:
    (market,) = [m for m in ex.load_markets().values() if m["future"]]
    return market


def test_after_delivery_the_position_is_settled_and_the_market_is_gone(sim, ex):
    market = _dated(ex)
    symbol = market["symbol"]
    assert market["active"] is True and market["expiry"] == sim.futures.by_symbol[market["id"]].expiry_ms
    ex.create_order(symbol, "market", "buy", 2, None, ISOLATED)
    bid = Decimal(str(ex.fetch_order_book(symbol, 20)["bids"][-1][0]))
    resting = ex.create_order(symbol, "limit", "buy", 1, ex.price_to_precision(symbol, bid * Decimal("0.97")),
                              ISOLATED)
    before = ex.fetch_balance()["USDT"]["total"]
    [position] = ex.fetch_positions([symbol])
    assert position["contracts"] == 2

    delivered = sim.deliver_futures(market["id"])
    assert delivered["cancelledOrders"] == [resting["id"]]

    assert ex.fetch_order(resting["id"], symbol)["status"] == "canceled"
    assert [p for p in ex.fetch_positions() if p["symbol"] == symbol] == []
    [closed] = ex.fetch_positions_history([symbol])
    row = next(r for r in sim.futures_desk.history if r["symbol"] == market["id"])
    assert (closed["side"], closed["realizedPnl"], closed["lastPrice"]) == (
        "long", Decimal(row["pnl"]), Decimal(str(delivered["settlementPrice"])))
    pnl = Decimal(str(delivered["positions"][0]["pnl"]))
    assert ex.fetch_balance()["USDT"]["total"] == before + pnl - position["unrealizedPnl"]
    # markets still loaded from before: the exchange refuses the settled contract (a typed error)
    with pytest.raises(InvalidOrder, match="300000"):
        ex.create_order(symbol, "market", "buy", 1, None, ISOLATED)

    ex.load_markets(reload=True)
    assert symbol not in ex.markets and "BTC/USDT:USDT" in ex.markets
    (listed,) = [m for m in ex.markets.values() if m["future"]]  # the next quarter's contract
    assert (listed["id"], listed["active"]) == (delivered["listed"], True) and listed["expiry"] > market["expiry"]
    sent = len(sim.request_log)
    with pytest.raises(BadSymbol):
        ex.create_order(symbol, "market", "buy", 1, None, ISOLATED)
    assert len(sim.request_log) == sent  # refused before sending
