"""Delivery of the dated contract at expiry: orders cancelled, positions settled at the index price with exact
Decimal PnL, ledger and position-history rows, status Settled, orders refused, empty book."""
from __future__ import annotations

from decimal import Decimal

import pytest
from fsimhelpers import order

Q = Decimal("1e-8")
M = Decimal("0.001")  # the dated contract's multiplier (linear, USDT)


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def _dated(sim) -> str:
    return next(c.symbol for c in sim.futures.contracts if c.expiry_ms)


def _book_top(api, symbol: str) -> tuple[Decimal, Decimal]:
    book = api("GET", f"/api/v1/level2/snapshot?symbol={symbol}")["data"]
    return D(book["bids"][0][0]), D(book["asks"][0][0])


def _deliver(spot, symbol: str):
    return spot.request("POST", "/_sim/futures/deliver", f'{{"symbol": "{symbol}"}}'.encode()).json()


@pytest.mark.parametrize("side, lots", [("buy", 3), ("sell", 2)])
def test_delivery_settles_the_position_at_the_index_price(sim, api, spot, side, lots):
    dated = _dated(sim)
    assert api("POST", "/api/v1/orders", order(dated, side=side, size=lots))["code"] == "200000"
    pos = api("GET", f"/api/v1/position?symbol={dated}")["data"]
    cost, margin = abs(D(pos["posCost"])), D(pos["posMargin"])
    overview = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    balance, available = D(overview["marginBalance"]), D(overview["availableBalance"])
    price = sim.futures.index_price(dated)
    sign = 1 if side == "buy" else -1
    pnl = (sign * (price * lots * M - cost)).quantize(Q)

    answer = _deliver(spot, dated)["data"]
    assert (answer["status"], D(answer["settlementPrice"])) == ("Settled", price)
    assert answer["positions"] == [{"symbol": dated, "qty": sign * lots, "pnl": float(pnl)}]
    after = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert D(after["marginBalance"]) == balance + pnl
    assert D(after["availableBalance"]) == available + margin + pnl  # the margin comes back
    p = api("GET", f"/api/v1/position?symbol={dated}")["data"]
    assert (p["currentQty"], p["isOpen"], p["posMargin"]) == (0, False, 0)
    assert api("GET", "/api/v1/positions?currency=USDT")["data"] == []
    row = api("GET", f"/api/v1/history-positions?symbol={dated}")["data"]["items"][0]
    assert (row["type"], D(row["closePrice"]), row["side"]) == (
        "CLOSE_LONG" if side == "buy" else "CLOSE_SHORT", price, "LONG" if side == "buy" else "SHORT")
    fees = D(row["tradeFee"])
    assert D(row["pnl"]) == pnl - fees  # net of the opening fee; the settlement itself is free
    ledger = [e for e in sim.accounts.ledger if e.context.get("settlement")]
    assert [(e.currency, e.acc_type, e.biz, e.direction, e.amount, e.context["symbol"]) for e in ledger] == [
        ("USDT", "contract", "RealisedPNL", "in" if pnl >= 0 else "out", abs(pnl), dated)]


def test_delivery_cancels_orders_and_closes_the_contract(sim, api, spot):
    dated = _dated(sim)
    bid, ask = _book_top(api, dated)
    available = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"])
    resting = api("POST", "/api/v1/orders", order(dated, type="limit", price=str(bid - 50)))["data"]["orderId"]
    stop = api("POST", "/api/v1/orders", order(dated, stop="up", stopPrice=str(ask + 90),
                                                stopPriceType="TP"))["data"]["orderId"]
    answer = _deliver(spot, dated)["data"]
    assert answer["cancelledOrders"] == [resting, stop] and answer["positions"] == []
    for oid in (resting, stop):
        o = api("GET", f"/api/v1/orders/{oid}")["data"]
        assert (o["isActive"], o["cancelExist"], o["status"]) == (False, True, "done")
    assert D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"]) == available
    assert api("GET", "/api/v1/orders?status=active")["data"]["items"] == []
    assert api("GET", "/api/v1/stopOrders")["data"]["items"] == []
    # the contract: Settled by symbol, gone from the active list and the tickers, empty book, orders refused
    assert api("GET", f"/api/v1/contracts/{dated}")["data"]["status"] == "Settled"
    assert dated not in [c["symbol"] for c in api("GET", "/api/v1/contracts/active")["data"]]
    assert dated not in [t["symbol"] for t in api("GET", "/api/v1/allTickers")["data"]]
    sim.step(20)
    book = api("GET", f"/api/v1/level2/snapshot?symbol={dated}")["data"]
    assert (book["bids"], book["asks"]) == ([], [])
    refused = api("POST", "/api/v1/orders", order(dated, type="limit", price=str(bid)))
    assert refused["code"] == "300000" and "settled" in refused["msg"]
    assert api("POST", "/api/v1/orders", order())["code"] == "200000"  # the perpetuals trade on


def test_delivery_tells_the_listeners(sim, api, spot):
    dated = _dated(sim)
    api("POST", "/api/v1/orders", order(dated, size=1))
    bid, _ = _book_top(api, dated)
    resting = api("POST", "/api/v1/orders", order(dated, type="limit", price=str(bid - 50)))["data"]["orderId"]
    seen: list[tuple[str, dict]] = []
    sim.futures_desk.events.append(lambda kind, data: seen.append((kind, data)))
    _deliver(spot, dated)
    orders = [d for k, d in seen if k == "order"]
    positions = [d for k, d in seen if k == "position"]
    assert [(o["id"], o["isActive"]) for o in orders] == [(resting, False)]
    assert [(p["symbol"], p["currentQty"], p["isOpen"]) for p in positions] == [(dated, 0, False)]
    assert [d["currency"] for k, d in seen if k == "balance"][-1] == "USDT"


def test_the_clock_reaching_the_expiry_delivers(sim, api, clock):
    dated = _dated(sim)
    api("POST", "/api/v1/orders", order(dated, side="sell", size=1))
    expiry = sim.futures.by_symbol[dated].expiry_ms
    clock.advance((expiry - clock.ms()) / 1000 - 60)
    sim.step(1)
    assert api("GET", f"/api/v1/contracts/{dated}")["data"]["status"] == "Open"
    clock.advance(61)
    sim.step(1)
    contract = api("GET", f"/api/v1/contracts/{dated}")["data"]
    assert (contract["status"], contract["expireDate"]) == ("Settled", expiry)
    assert api("GET", f"/api/v1/position?symbol={dated}")["data"]["currentQty"] == 0


def test_only_an_open_dated_contract_is_delivered(sim, spot):
    dated = _dated(sim)
    assert _deliver(spot, "XBTUSDTM")["code"] == "400100"
    assert _deliver(spot, "NOPE")["code"] == "400100"
    assert _deliver(spot, dated)["code"] == "200000"
    assert _deliver(spot, dated)["code"] == "400100"


def test_the_next_quarter_is_listed(sim, api, spot):
    dated = _dated(sim)
    listed = _deliver(spot, dated)["data"]["listed"]
    old, new = sim.futures.by_symbol[dated], sim.futures.by_symbol[listed]
    assert listed[:8] == "XBTUSDTM" and 80 * 86_400_000 < new.expiry_ms - old.expiry_ms < 100 * 86_400_000
    active = [c["symbol"] for c in api("GET", "/api/v1/contracts/active")["data"]]
    assert active == ["XBTUSDTM", "ETHUSDTM", "XBTUSDM", listed]
    item = api("GET", f"/api/v1/contracts/{listed}")["data"]
    assert (item["status"], item["expireDate"], item["type"]) == ("Open", new.expiry_ms, "FFICSX")
    assert api("POST", "/api/v1/orders", order(listed, size=1))["code"] == "200000"
    assert api("GET", f"/api/v1/position?symbol={listed}")["data"]["currentQty"] == 1
