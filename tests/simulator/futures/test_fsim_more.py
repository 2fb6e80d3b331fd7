"""Batch cancel, open-order statistics, max open size, withdrawable margin, auto-deposit flag, transfer list."""
from __future__ import annotations

import http.client
from decimal import Decimal

import pytest
from fsimhelpers import order, top

M = Decimal("0.001")


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def test_batch_cancel_by_ids_and_client_oids_answers_per_order(sim, api):
    bid, _ = top(sim)
    a = api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 100)))["data"]
    b = api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 101)))["data"]
    r = api("DELETE", "/api/v1/orders/multi-cancel", {
        "orderIdsList": [a["orderId"], "230000000000000999"],
        "clientOidsList": [{"symbol": "XBTUSDTM", "clientOid": b["clientOid"]},
                           {"symbol": "ETHUSDTM", "clientOid": a["clientOid"]}]})["data"]
    assert [(x["orderId"], x["clientOid"], x["code"]) for x in r] == [
        (a["orderId"], None, "200"), ("230000000000000999", None, "300000"),
        (b["orderId"], b["clientOid"], "200"), (None, a["clientOid"], "300000")]
    assert api("GET", "/api/v1/orders?status=active")["data"]["items"] == []
    assert api("DELETE", "/api/v1/orders/multi-cancel", {})["code"] == "400100"


def test_open_order_statistics_sum_the_remaining_orders(sim, api):
    bid, ask = top(sim)
    api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 100), size=2))
    api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 200), size=3))
    api("POST", "/api/v1/orders", order(side="sell", type="limit", price=str(ask + 100), size=1))
    s = api("GET", "/api/v1/openOrderStatistics?symbol=XBTUSDTM")["data"]
    assert (s["openOrderBuySize"], s["openOrderSellSize"], s["settleCurrency"]) == (5, 1, "USDT")
    assert D(s["openOrderBuyCost"]) == ((bid - 100) * 2 + (bid - 200) * 3) * M
    assert D(s["openOrderSellCost"]) == (ask + 100) * M


def test_max_open_size_is_what_the_balance_and_the_risk_limit_allow(sim, api):
    s = api("GET", "/api/v2/getMaxOpenSize?symbol=XBTUSDTM&price=50000&leverage=10")["data"]
    assert s["maxBuyOpenSize"] == s["maxSellOpenSize"] == 100000 // 50  # level 1: value up to 100000
    r = api("POST", "/api/v1/orders", order(type="limit", price="50000", size=2001, leverage=10))
    assert r["code"] == "400760"
    assert api("POST", "/api/v1/orders", order(type="limit", price="50000", size=2000, leverage=10))["code"] == \
        "200000"
    api("POST", "/api/v2/position/changeMarginMode", {"symbol": "ETHUSDTM", "marginMode": "CROSS"})
    s = api("GET", "/api/v2/getMaxOpenSize?symbol=ETHUSDTM&price=2000&leverage=10")["data"]
    per_lot = D(20) / 10 + D(20) * D("0.0006")
    available = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"])
    assert s["maxBuyOpenSize"] == int(available // per_lot)


def test_a_higher_risk_limit_level_allows_more_value_at_less_leverage(sim, api):
    rows = api("GET", "/api/v1/contracts/risk-limit/XBTUSDTM")["data"]
    assert api("POST", "/api/v1/position/risk-limit-level/change", {"symbol": "XBTUSDTM", "level": 2})["data"] is True
    assert api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["riskLimitLevel"] == 2
    lots = int(D(rows[1]["maxRiskLimit"]) // (top(sim)[1] * M))
    assert api("POST", "/api/v1/orders", order(size=lots, leverage=rows[0]["maxLeverage"]))["code"] == "400760"
    assert api("POST", "/api/v1/orders", order(size=lots, leverage=rows[1]["maxLeverage"]))["code"] == "200000"
    p = api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]
    assert (p["currentQty"], p["riskLimit"]) == (lots, rows[1]["maxRiskLimit"])
    assert api("POST", "/api/v1/position/risk-limit-level/change", {"symbol": "XBTUSDTM", "level": 11})["code"] == \
        "400100"


def test_withdrawable_margin_and_the_auto_deposit_flag(sim, api):
    assert api("GET", "/api/v1/margin/maxWithdrawMargin?symbol=XBTUSDTM")["code"] == "300009"
    api("POST", "/api/v1/orders", order(size=2))
    assert D(api("GET", "/api/v1/margin/maxWithdrawMargin?symbol=XBTUSDTM")["data"]) == 0
    api("POST", "/api/v1/position/margin/deposit-margin", {"symbol": "XBTUSDTM", "margin": "2.5"})
    assert D(api("GET", "/api/v1/margin/maxWithdrawMargin?symbol=XBTUSDTM")["data"]) == D("2.5")
    assert api("POST", "/api/v1/position/margin/auto-deposit-status", {"symbol": "XBTUSDTM", "status": True})[
        "data"] is True
    assert api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["autoDeposit"] is True
    assert api("POST", "/api/v1/position/margin/auto-deposit-status", {"symbol": "XBTUSDTM", "status": "yes"})[
        "code"] == "400100"


def test_transfer_list_shows_transfers_out_newest_first(api):
    for amount in ("1", "2.5"):
        api("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": amount, "recAccountType": "TRADE"})
    api("POST", "/api/v3/transfer-out", {"currency": "XBT", "amount": "0.1", "recAccountType": "MAIN"})
    rows = api("GET", "/api/v1/transfer-list?currency=USDT")["data"]
    assert (rows["totalNum"], [r["amount"] for r in rows["items"]]) == (2, ["2.5", "1"])
    assert [r["currency"] for r in api("GET", "/api/v1/transfer-list?type=MAIN")["data"]["items"]] == ["XBT"]


def test_listeners_hear_orders_positions_funding_and_balances(sim, api):
    heard = []
    sim.futures_events.append(lambda kind, data: heard.append((kind, data)))
    r = api("POST", "/api/v1/orders", order(size=2))["data"]
    assert ("order", r["orderId"], "done") in [(k, d.get("id"), d.get("status")) for k, d in heard]
    positions = [d for k, d in heard if k == "position"]
    assert positions and positions[-1]["currentQty"] == 2
    balances = [d for k, d in heard if k == "balance"]
    assert balances and balances[-1] == api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    sim.settle_futures_funding()
    assert [d["symbol"] for k, d in heard if k == "funding"] == ["XBTUSDTM"]
    api("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": "3", "recAccountType": "MAIN"})
    assert heard[-1] == ("balance", api("GET", "/api/v1/account-overview?currency=USDT")["data"])


def test_a_lost_answer_leaves_one_order_found_by_its_client_oid(sim, api, futures):
    sim.add_fault({"path": "/api/v1/orders", "method": "POST", "host": "futures", "kind": "lost_response"})
    body = order(size=2)
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        api("POST", "/api/v1/orders", body)
    found = api("GET", f"/api/v1/orders/byClientOid?clientOid={body['clientOid']}")["data"]
    assert (found["clientOid"], found["dealSize"]) == (body["clientOid"], 2)
    assert api("POST", "/api/v1/orders", body)["code"] == "300018"  # a retry cannot place it twice
    admin = futures.request("GET", "/_sim/futures/orders").json()["data"]
    assert [o["id"] for o in admin] == [found["id"]]
    positions = futures.request("GET", "/_sim/futures/positions").json()["data"]
    assert [(p["symbol"], p["currentQty"]) for p in positions] == [("XBTUSDTM", 2)]


@pytest.mark.parametrize("path", ["/api/v1/orders?startAt=x", "/api/v1/fills?endAt=y", "/api/v1/stopOrders?startAt=z",
                                  "/api/v1/recentFills?startAt=x", "/api/v1/recentDoneOrders?endAt=x",
                                  "/api/v1/transaction-history?offset=q", "/api/v1/funding-history?symbol=XBTUSDTM"
                                  "&maxCount=z", "/api/v1/history-positions?limit=x"])
def test_a_malformed_time_or_count_is_a_parameter_error(api, path):
    assert api("GET", path)["code"] == "400100"
