"""Margin mode, cross leverage, isolated margin in and out, risk limits and funding settlement."""
from __future__ import annotations

import json
from decimal import Decimal

from fsimhelpers import order, top

from kucoin_conformance.simulator.futures_market import FUNDING_MS

Q = Decimal("1e-8")
M = Decimal("0.001")


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def test_margin_mode_switches_only_without_orders_or_position(sim, api):
    assert api("GET", "/api/v2/position/getMarginMode?symbol=XBTUSDTM")["data"] == {
        "symbol": "XBTUSDTM", "marginMode": "ISOLATED"}
    r = api("POST", "/api/v2/position/changeMarginMode", {"symbol": "XBTUSDTM", "marginMode": "CROSS"})
    assert r["data"] == {"symbol": "XBTUSDTM", "marginMode": "CROSS"}
    api("POST", "/api/v1/orders", order(marginMode="CROSS"))
    r = api("POST", "/api/v2/position/changeMarginMode", {"symbol": "XBTUSDTM", "marginMode": "ISOLATED"})
    assert r == {"code": "400100", "msg": "exist.order.or.position"}
    assert api("POST", "/api/v1/orders", order(marginMode="ISOLATED"))["code"] == "400100"
    p = api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]
    assert (p["marginMode"], p["crossMode"]) == ("CROSS", True)
    assert api("POST", "/api/v2/position/changeMarginMode", {"symbol": "XBTUSDTM", "marginMode": "x"})["code"] == \
        "400100"


def test_cross_orders_use_the_cross_leverage(sim, api):
    assert api("GET", "/api/v2/getCrossUserLeverage?symbol=XBTUSDTM")["data"] == {"symbol": "XBTUSDTM",
                                                                                   "leverage": "5"}
    assert api("POST", "/api/v2/changeCrossUserLeverage", {"symbol": "XBTUSDTM", "leverage": "20"})["data"] is True
    assert api("POST", "/api/v2/changeCrossUserLeverage", {"symbol": "XBTUSDTM", "leverage": "126"})["code"] == \
        "400100"
    api("POST", "/api/v2/position/changeMarginMode", {"symbol": "XBTUSDTM", "marginMode": "CROSS"})
    _, ask = top(sim)
    r = api("POST", "/api/v1/orders", order(size=4, leverage=3))["data"]
    assert api("GET", f"/api/v1/orders/{r['orderId']}")["data"]["leverage"] == "20"
    p = api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]
    assert D(p["posMargin"]) == (ask * 4 * M / 20).quantize(Q)
    assert api("POST", "/api/v2/changeCrossUserLeverage", {"symbol": "XBTUSDTM", "leverage": "10"})["code"] == \
        "400100"


def test_isolated_margin_can_be_added_and_the_spare_withdrawn(sim, api):
    _, ask = top(sim)
    api("POST", "/api/v1/orders", order(size=2, leverage=10))
    initial = (ask * 2 * M / 10).quantize(Q)
    before = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"])
    r = api("POST", "/api/v1/position/margin/deposit-margin", {"symbol": "XBTUSDTM", "margin": "3.5", "bizNo": "b1"})
    assert D(r["data"]["posMargin"]) == initial + D("3.5")
    assert D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"]) == before - D("3.5")
    assert api("POST", "/api/v1/margin/withdrawMargin", {"symbol": "XBTUSDTM", "withdrawAmount": "3.6"})["code"] == \
        "300003"
    assert api("POST", "/api/v1/margin/withdrawMargin", {"symbol": "XBTUSDTM", "withdrawAmount": "3.5"})["data"] == \
        "3.5"
    assert D(api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["posMargin"]) == initial
    assert D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"]) == before
    assert api("POST", "/api/v1/position/margin/deposit-margin", {"symbol": "ETHUSDTM", "margin": "1"})["code"] == \
        "300009"


def test_risk_limit_levels_start_at_the_contract_maximum_leverage(api):
    rows = api("GET", "/api/v1/contracts/risk-limit/XBTUSDTM")["data"]
    assert (rows[0]["level"], rows[0]["maxLeverage"], rows[0]["minRiskLimit"]) == (1, 125, 0)
    assert [r["maxLeverage"] for r in rows] == sorted((r["maxLeverage"] for r in rows), reverse=True)
    assert api("GET", "/api/v1/contracts/risk-limit/NOPE")["code"] == "300000"


def test_funding_is_settled_on_open_perpetual_positions(sim, api, spot, clock):
    api("POST", "/api/v1/orders", order(size=10))
    api("POST", "/api/v1/orders", order("ETHUSDTM", side="sell", size=3))
    dated = next(c.symbol for c in sim.futures.contracts if c.expiry_ms)
    api("POST", "/api/v1/orders", order(dated, size=1))
    balance = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["marginBalance"])
    rows = spot.request("POST", "/_sim/futures/funding", b"").json()["data"]
    period = clock.ms() // FUNDING_MS + 1
    assert sorted(r["symbol"] for r in rows) == ["ETHUSDTM", "XBTUSDTM"]
    total = Decimal(0)
    for symbol, qty, mult in (("XBTUSDTM", 10, M), ("ETHUSDTM", -3, D("0.01"))):
        rate = sim.futures.settled_rate(symbol, period)
        mark = sim.futures.mark_price(symbol)
        expected = (-(1 if qty > 0 else -1) * rate * mark * abs(qty) * mult).quantize(Q)
        total += expected
        got = api("GET", f"/api/v1/funding-history?symbol={symbol}")["data"]["dataList"]
        assert [(r["timePoint"], D(r["fundingRate"]), r["positionQty"], D(str(r["funding"]))) for r in got] == [
            (period * FUNDING_MS, rate, qty, expected)]
        assert D(str(api("GET", f"/api/v1/position?symbol={symbol}")["data"]["posFunding"])) == expected
    assert D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["marginBalance"]) == balance + total
    # the clock reaching that funding time settles nothing twice; the one after settles again
    clock.advance(FUNDING_MS / 1000)
    sim.step(1)
    assert len(api("GET", "/api/v1/funding-history?symbol=XBTUSDTM")["data"]["dataList"]) == 1
    clock.advance(FUNDING_MS / 1000)
    sim.step(1)
    got = api("GET", "/api/v1/funding-history?symbol=XBTUSDTM")["data"]["dataList"]
    assert [r["timePoint"] for r in got] == [(period + 1) * FUNDING_MS, period * FUNDING_MS]
    assert json.loads(got[0]["context"])["marginMode"] == "ISOLATED"


def test_batch_margin_mode_switches_what_it_can_and_reports_the_rest(sim, api):
    api("POST", "/api/v1/orders", order(size=1))
    r = api("POST", "/api/v2/position/batchChangeMarginMode",
            {"marginMode": "CROSS", "symbols": ["XBTUSDTM", "ETHUSDTM", "NOPE"]})["data"]
    assert r["marginMode"] == {"XBTUSDTM": "ISOLATED", "ETHUSDTM": "CROSS"}
    assert [(e["symbol"], e["code"]) for e in r["errors"]] == [("XBTUSDTM", "400100"), ("NOPE", "300000")]
    assert api("GET", "/api/v2/position/getMarginMode?symbol=ETHUSDTM")["data"]["marginMode"] == "CROSS"


def test_trade_fees_are_the_rates_fills_pay(api):
    assert api("GET", "/api/v1/trade-fees?symbol=XBTUSDTM")["data"] == {
        "symbol": "XBTUSDTM", "takerFeeRate": "0.0006", "makerFeeRate": "0.0002"}
