"""Futures trading routes answer with the keys of the official spec examples (every such route is in
``FUTURES``; ``test_keysets.test_every_served_route_is_covered`` counts them)."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from fsimhelpers import api_for, cid, order, top
from simhelpers import Client, FakeClock
from test_keysets import _EXPONENT, _NUMERIC, _example, _shape, _strings

from kucoin_conformance.simulator import Simulator

O = "openapi-futures-order.json"
P = "openapi-futures-positions.json"
A = "openapi-account-account.json"
T = "openapi-account-transfer.json"
F = "openapi-futures-fundingfees.json"
FEE = "openapi-account-fee.json"


def _resting(api: Callable[..., Any], sim: Simulator) -> dict[str, str]:
    bid, _ = top(sim)
    body = order(type="limit", price=str(bid - 500))
    return {"id": api("POST", "/api/v1/orders", body)["data"]["orderId"], "cid": body["clientOid"]}


def _stop(api: Callable[..., Any], sim: Simulator) -> str:
    bid, _ = top(sim)
    body = order(stop="down", stopPrice=str(bid - 900), stopPriceType="MP")
    return api("POST", "/api/v1/orders", body)["data"]["orderId"]


def _limit_body(sim: Simulator) -> dict[str, Any]:
    return order(type="limit", price=str(top(sim)[0] - 500))


Sample = Callable[[Callable[..., Any], Simulator], tuple[str, Any]]
FUTURES: dict[tuple[str, str], tuple[str, str, Sample]] = {
    ("POST", "/api/v1/orders"): (O, "/api/v1/orders", lambda a, s: ("/api/v1/orders", _limit_body(s))),
    ("POST", "/api/v1/orders/test"): (O, "/api/v1/orders/test", lambda a, s: ("/api/v1/orders/test", order())),
    ("POST", "/api/v1/orders/multi"): (O, "/api/v1/orders/multi",
                                       lambda a, s: ("/api/v1/orders/multi", [_limit_body(s), _limit_body(s)])),
    ("POST", "/api/v1/st-orders"): (O, "/api/v1/st-orders", lambda a, s: ("/api/v1/st-orders", {
        **_limit_body(s), "triggerStopUpPrice": str(top(s)[1] + 900), "triggerStopDownPrice": str(top(s)[0] - 900),
        "stopPriceType": "TP"})),
    ("DELETE", "/api/v1/orders/client-order/{clientOid}"): (O, "/api/v1/orders/client-order/{clientOid}",
        lambda a, s: (f"/api/v1/orders/client-order/{_resting(a, s)['cid']}?symbol=XBTUSDTM", None)),
    ("DELETE", "/api/v1/orders/{orderId}"): (O, "/api/v1/orders/{orderId}",
                                             lambda a, s: (f"/api/v1/orders/{_resting(a, s)['id']}", None)),
    ("DELETE", "/api/v1/orders"): (O, "/api/v1/orders",
                                   lambda a, s: (_resting(a, s) and "/api/v1/orders?symbol=XBTUSDTM", None)),
    ("DELETE", "/api/v3/orders"): (O, "/api/v3/orders",
                                   lambda a, s: (_resting(a, s) and "/api/v3/orders?symbol=XBTUSDTM", None)),
    ("DELETE", "/api/v1/stopOrders"): (O, "/api/v1/stopOrders",
                                       lambda a, s: (_stop(a, s) and "/api/v1/stopOrders?symbol=XBTUSDTM", None)),
    ("GET", "/api/v1/orders/byClientOid"): (O, "/api/v1/orders/byClientOid",
        lambda a, s: (f"/api/v1/orders/byClientOid?clientOid={_resting(a, s)['cid']}", None)),
    ("GET", "/api/v1/orders/{orderId}"): (O, "/api/v1/orders/{order-id}",
                                          lambda a, s: (f"/api/v1/orders/{_resting(a, s)['id']}", None)),
    ("GET", "/api/v1/orders"): (O, "/api/v1/orders",
                                lambda a, s: (_resting(a, s) and "/api/v1/orders?status=active", None)),
    ("GET", "/api/v1/stopOrders"): (O, "/api/v1/stopOrders", lambda a, s: (_stop(a, s) and "/api/v1/stopOrders",
                                                                            None)),
    ("GET", "/api/v1/recentDoneOrders"): (O, "/api/v1/recentDoneOrders", lambda a, s: ("/api/v1/recentDoneOrders",
                                                                                        None)),
    ("GET", "/api/v1/fills"): (O, "/api/v1/fills", lambda a, s: ("/api/v1/fills?symbol=XBTUSDTM", None)),
    ("GET", "/api/v1/recentFills"): (O, "/api/v1/recentFills", lambda a, s: ("/api/v1/recentFills", None)),
    ("GET", "/api/v1/position"): (P, "/api/v1/position", lambda a, s: ("/api/v1/position?symbol=XBTUSDTM", None)),
    ("GET", "/api/v1/positions"): (P, "/api/v1/positions", lambda a, s: ("/api/v1/positions?currency=XBT", None)),
    ("GET", "/api/v1/history-positions"): (P, "/api/v1/history-positions",
                                           lambda a, s: ("/api/v1/history-positions", None)),
    ("GET", "/api/v2/getCrossUserLeverage"): (P, "/api/v2/getCrossUserLeverage",
                                              lambda a, s: ("/api/v2/getCrossUserLeverage?symbol=ETHUSDTM", None)),
    ("POST", "/api/v2/changeCrossUserLeverage"): (P, "/api/v2/changeCrossUserLeverage", lambda a, s: (
        "/api/v2/changeCrossUserLeverage", {"symbol": "ETHUSDTM", "leverage": "7"})),
    ("GET", "/api/v2/position/getMarginMode"): (P, "/api/v2/position/getMarginMode",
                                                lambda a, s: ("/api/v2/position/getMarginMode?symbol=ETHUSDTM", None)),
    ("POST", "/api/v2/position/changeMarginMode"): (P, "/api/v2/position/changeMarginMode", lambda a, s: (
        "/api/v2/position/changeMarginMode", {"symbol": "ETHUSDTM", "marginMode": "ISOLATED"})),
    ("POST", "/api/v1/position/margin/deposit-margin"): (P, "/api/v1/position/margin/deposit-margin", lambda a, s: (
        "/api/v1/position/margin/deposit-margin", {"symbol": "XBTUSDTM", "margin": "1", "bizNo": cid()})),
    ("POST", "/api/v1/margin/withdrawMargin"): (P, "/api/v1/margin/withdrawMargin", lambda a, s: (
        a("POST", "/api/v1/position/margin/deposit-margin", {"symbol": "XBTUSDTM", "margin": "1", "bizNo": cid()})
        and "/api/v1/margin/withdrawMargin", {"symbol": "XBTUSDTM", "withdrawAmount": "0.5"})),
    ("GET", "/api/v1/contracts/risk-limit/{symbol}"): (P, "/api/v1/contracts/risk-limit/{symbol}",
                                                       lambda a, s: ("/api/v1/contracts/risk-limit/XBTUSDTM", None)),
    ("GET", "/api/v1/funding-history"): (F, "/api/v1/funding-history",
                                         lambda a, s: ("/api/v1/funding-history?symbol=XBTUSDTM", None)),
    ("DELETE", "/api/v1/orders/multi-cancel"): (O, "/api/v1/orders/multi-cancel", lambda a, s: (
        "/api/v1/orders/multi-cancel", {"orderIdsList": [_resting(a, s)["id"]], "clientOidsList": []})),
    ("GET", "/api/v1/openOrderStatistics"): (O, "/api/v1/openOrderStatistics", lambda a, s: (
        _resting(a, s) and "/api/v1/openOrderStatistics?symbol=XBTUSDTM", None)),
    ("GET", "/api/v1/margin/maxWithdrawMargin"): (P, "/api/v1/margin/maxWithdrawMargin", lambda a, s: (
        "/api/v1/margin/maxWithdrawMargin?symbol=XBTUSDTM", None)),
    ("POST", "/api/v1/position/margin/auto-deposit-status"): (P, "/api/v1/position/margin/auto-deposit-status",
        lambda a, s: ("/api/v1/position/margin/auto-deposit-status", {"symbol": "XBTUSDTM", "status": True})),
    ("GET", "/api/v2/getMaxOpenSize"): (P, "/api/v2/getMaxOpenSize", lambda a, s: (
        "/api/v2/getMaxOpenSize?symbol=XBTUSDTM&price=60000&leverage=10", None)),
    ("GET", "/api/v1/transfer-list"): (T, "/api/v1/transfer-list", lambda a, s: (a("POST", "/api/v3/transfer-out", {
        "currency": "USDT", "amount": "1", "recAccountType": "MAIN"}) and "/api/v1/transfer-list", None)),
    ("GET", "/api/v1/trade-fees"): (FEE, "/api/v1/trade-fees",
                                    lambda a, s: ("/api/v1/trade-fees?symbol=XBTUSDTM", None)),
    ("POST", "/api/v2/position/batchChangeMarginMode"): (P, "/api/v2/position/batchChangeMarginMode", lambda a, s: (
        "/api/v2/position/batchChangeMarginMode", {"marginMode": "CROSS", "symbols": ["ETHUSDTM", "XBTUSDTM"]})),
    ("POST", "/api/v1/position/risk-limit-level/change"): (P, "/api/v1/position/risk-limit-level/change",
        lambda a, s: ("/api/v1/position/risk-limit-level/change", {"symbol": "XBTUSDTM", "level": 1})),
    ("GET", "/api/v1/account-overview"): (A, "/api/v1/account-overview",
                                          lambda a, s: ("/api/v1/account-overview?currency=USDT", None)),
    ("GET", "/api/v1/transaction-history"): (A, "/api/v1/transaction-history",
                                             lambda a, s: ("/api/v1/transaction-history?currency=USDT", None)),
    ("POST", "/api/v1/transfer-in"): (T, "/api/v1/transfer-in", lambda a, s: ("/api/v1/transfer-in", {
        "currency": "USDT", "amount": "1", "payAccountType": "MAIN"})),
    ("POST", "/api/v3/transfer-out"): (T, "/api/v3/transfer-out", lambda a, s: ("/api/v3/transfer-out", {
        "currency": "USDT", "amount": "1", "recAccountType": "MAIN"})),
}


# the spec stores the futures GET /api/v1/trade-fees as PATCH (its path clashes with the spot one)
SPEC_METHOD = {("GET", "/api/v1/trade-fees"): "PATCH"}


def routes_covered() -> set[tuple[str, str, str]]:
    return {("futures", m, p) for m, p in FUTURES}


@pytest.fixture(scope="module")
def env():
    clock = FakeClock()
    with Simulator(seed=13, symbols=20, tick_interval=0, clock=clock) as sim:
        client = Client(sim.futures_url)
        api = api_for(sim, client, clock)
        # a cross inverse position first (GET /positions lists cross keys first), an isolated linear one,
        # a closed one (history), and a funding settlement
        api("POST", "/api/v2/position/changeMarginMode", {"symbol": "XBTUSDM", "marginMode": "CROSS"})
        for body in (order("XBTUSDM", size=100), order(size=2), order(size=1), order(side="sell", size=1,
                                                                                      symbol="ETHUSDTM"),
                     order(side="buy", size=1, symbol="ETHUSDTM", reduceOnly=True)):
            assert api("POST", "/api/v1/orders", body)["code"] == "200000"
        sim.futures_desk.settle_next_funding(clock.ms())
        yield sim, api
        client.close()


@pytest.mark.parametrize("route", sorted(FUTURES), ids=lambda r: f"{r[0]}:{r[1]}")
def test_keys_match_official_example(env, route):
    sim, api = env
    spec_file, spec_path, sample = FUTURES[route]
    path, body = sample(api, sim)
    answer = api(route[0], path, body)
    example = _example(spec_file, spec_path, SPEC_METHOD.get(route, route[0]))
    assert answer["code"] == "200000", answer
    assert _shape(answer["data"]) == _shape(example["data"])
    assert not [v for v in _strings(answer["data"]) if _NUMERIC.fullmatch(v) and _EXPONENT.search(v)]
