"""Positions after fills: entry price, realised and unrealised PnL, margin, reduce-only and close orders
that never flip a position, flips by plain orders, the positions history, inverse contracts."""
from __future__ import annotations

from decimal import Decimal

from fsimhelpers import order, top

Q = Decimal("1e-8")
M = Decimal("0.001")  # XBTUSDTM multiplier


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def position(api, symbol="XBTUSDTM"):
    return api("GET", f"/api/v1/position?symbol={symbol}")["data"]


def maker_fill(sim, api, body):
    """Place a resting limit order and fill it whole as maker at its price."""
    oid = api("POST", "/api/v1/orders", body)["data"]["orderId"]
    sim.fill(oid)
    return oid


def test_no_position_reads_as_closed(api):
    p = position(api)
    assert (p["isOpen"], p["currentQty"], p["posMargin"], p["marginMode"]) == (False, 0, 0, "ISOLATED")
    assert api("GET", "/api/v1/positions")["data"] == []


def test_a_long_has_average_entry_margin_and_unrealised_pnl_on_the_mark(sim, api):
    bid, _ = top(sim)
    p1, p2 = bid - 100, bid - 300
    maker_fill(sim, api, order(type="limit", price=str(p1), size=2))
    maker_fill(sim, api, order(type="limit", price=str(p2), size=3))
    p = position(api)
    cost = (p1 * 2 + p2 * 3) * M
    mark = sim.futures.mark_price("XBTUSDTM")
    assert (p["isOpen"], p["currentQty"], D(p["posCost"]), D(p["avgEntryPrice"])) == (True, 5, cost, cost / 5 / M)
    assert D(p["posMargin"]) == (p1 * 2 * M / 10).quantize(Q) + (p2 * 3 * M / 10).quantize(Q)
    assert D(p["unrealisedPnl"]) == mark * 5 * M - cost
    assert D(p["markPrice"]) == mark
    fees = ((p1 * 2 * M) * D("0.0002")).quantize(Q) + ((p2 * 3 * M) * D("0.0002")).quantize(Q)
    assert D(p["currentComm"]) == fees and D(p["realisedPnl"]) == -fees
    assert 0 < D(p["liquidationPrice"]) < D(p["avgEntryPrice"])
    assert 0 < D(p["bankruptPrice"]) < D(p["liquidationPrice"])
    listed = api("GET", "/api/v1/positions?currency=USDT")["data"]
    assert [x["symbol"] for x in listed] == ["XBTUSDTM"]


def test_a_partial_close_realises_pnl_and_releases_margin_in_proportion(sim, api):
    bid, ask = top(sim)
    entry = bid - 200
    maker_fill(sim, api, order(type="limit", price=str(entry), size=4))
    margin = (entry * 4 * M / 10).quantize(Q)
    balance = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["marginBalance"])
    exit_price = ask + 100
    maker_fill(sim, api, order(side="sell", type="limit", price=str(exit_price), size=1, reduceOnly=True))
    p = position(api)
    pnl = (exit_price - entry) * M
    fee = (exit_price * M * D("0.0002")).quantize(Q)
    assert (p["currentQty"], D(p["posMargin"]), D(p["realisedGrossPnl"])) == (3, margin - (margin / 4).quantize(Q),
                                                                             pnl)
    ov = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert D(ov["marginBalance"]) == balance + pnl - fee
    row = api("GET", "/api/v1/transaction-history?currency=USDT")["data"]["dataList"][0]
    assert (row["type"], D(row["amount"])) == ("RealisedPNL", pnl - fee)


def test_reduce_only_never_flips_and_is_refused_without_a_position(sim, api):
    assert api("POST", "/api/v1/orders", order(side="sell", reduceOnly=True)) == {
        "code": "300009", "msg": "No open positions to close."}
    api("POST", "/api/v1/orders", order(size=2))
    assert api("POST", "/api/v1/orders", order(side="buy", reduceOnly=True))["code"] == "300009"
    r = api("POST", "/api/v1/orders", order(side="sell", size=5, reduceOnly=True))["data"]
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["size"], o["dealSize"], o["reduceOnly"], o["cancelExist"], o["status"]) == (5, 2, True, True, "done")
    assert position(api)["currentQty"] == 0


def test_a_resting_reduce_only_order_is_cut_when_the_position_shrinks(sim, api):
    _, ask = top(sim)
    api("POST", "/api/v1/orders", order(size=3))
    r = api("POST", "/api/v1/orders", order(side="sell", type="limit", price=str(ask + 500), size=3,
                                            reduceOnly=True))["data"]
    api("POST", "/api/v1/orders", order(side="sell", size=2))  # a plain sell takes 2 off the long
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["status"], o["size"]) == ("open", 3)
    assert sim.futures_desk.get(r["orderId"]).remaining == 1
    api("POST", "/api/v1/orders", order(side="sell", size=1))
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["status"], o["cancelExist"], o["dealSize"]) == ("done", True, 0)


def test_close_order_closes_the_whole_position_and_writes_history(sim, api):
    bid, ask = top(sim)
    api("POST", "/api/v1/orders", order(side="sell", size=7))
    assert position(api)["currentQty"] == -7
    r = api("POST", "/api/v1/orders", {"symbol": "XBTUSDTM", "type": "market", "closeOrder": True,
                                       "clientOid": "close-1"})["data"]
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["side"], o["dealSize"], o["closeOrder"], o["reduceOnly"]) == ("buy", 7, True, True)
    assert position(api)["isOpen"] is False
    h = api("GET", "/api/v1/history-positions?symbol=XBTUSDTM")["data"]["items"]
    assert (h[0]["type"], h[0]["side"], D(h[0]["openPrice"]), D(h[0]["closePrice"])) == ("CLOSE_SHORT", "SHORT", bid,
                                                                                         ask)
    fees = (bid * 7 * M * D("0.0006")).quantize(Q) + (ask * 7 * M * D("0.0006")).quantize(Q)
    assert (D(h[0]["pnl"]), D(h[0]["tradeFee"])) == ((bid - ask) * 7 * M - fees, fees)
    assert api("POST", "/api/v1/orders", {"symbol": "XBTUSDTM", "type": "market", "closeOrder": True,
                                          "clientOid": "close-2"})["code"] == "300009"


def test_a_plain_order_larger_than_the_position_flips_it(sim, api):
    bid, ask = top(sim)
    api("POST", "/api/v1/orders", order(size=2))
    api("POST", "/api/v1/orders", order(side="sell", size=5))
    p = position(api)
    assert (p["currentQty"], D(p["avgEntryPrice"]), D(p["posCost"])) == (-3, bid, -(bid * 3 * M))
    assert D(p["posMargin"]) == (bid * 3 * M / 10).quantize(Q)
    assert api("GET", "/api/v1/history-positions")["data"]["items"][0]["type"] == "CLOSE_LONG"


def test_inverse_positions_count_pnl_in_the_coin(sim, api):
    _, ask = top(sim, "XBTUSDM")
    api("POST", "/api/v1/orders", order("XBTUSDM", size=100))
    p = position(api, "XBTUSDM")
    cost = (D(100) / ask).quantize(Q)
    mark = sim.futures.mark_price("XBTUSDM")
    assert (p["currentQty"], D(p["posCost"]), p["settleCurrency"]) == (100, -cost, "XBT")
    assert D(p["unrealisedPnl"]) == (cost - (D(100) / mark).quantize(Q)).quantize(Q)
    bid, _ = top(sim, "XBTUSDM")
    api("POST", "/api/v1/orders", order("XBTUSDM", side="sell", size=100, reduceOnly=True))
    h = api("GET", "/api/v1/history-positions?symbol=XBTUSDM")["data"]["items"][0]
    gross = cost - (D(100) / bid).quantize(Q)
    assert D(h["pnl"]) + D(h["tradeFee"]) == gross
