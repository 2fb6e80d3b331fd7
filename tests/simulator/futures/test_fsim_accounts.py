"""The futures account per settle currency: overview, transfers from and to spot, the futures ledger."""
from __future__ import annotations

import json
from decimal import Decimal

from fsimhelpers import order, top


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def test_each_settle_currency_is_funded_and_the_default_currency_is_xbt(api):
    usdt = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert usdt["currency"] == "USDT"
    assert D(usdt["accountEquity"]) == D(usdt["availableBalance"]) == D(usdt["marginBalance"]) == 100000
    assert (usdt["positionMargin"], usdt["orderMargin"], usdt["unrealisedPNL"], usdt["frozenFunds"]) == (0, 0, 0, 0)
    assert api("GET", "/api/v1/account-overview")["data"]["currency"] == "XBT"
    assert D(api("GET", "/api/v1/account-overview?currency=USDC")["data"]["availableBalance"]) == 10000
    bad = api("GET", "/api/v1/account-overview?currency=DOGE")
    assert bad["code"] == "400100"


def test_transfer_in_and_out_move_exact_amounts_and_write_the_ledger(sim, api):
    main_before = D(sim.balances()["main:USDT"]["available"])
    assert api("POST", "/api/v1/transfer-in", {"currency": "USDT", "amount": "12.5", "payAccountType": "MAIN"}) \
        == {"code": "200000", "data": None}
    assert D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["availableBalance"]) == D("100012.5")
    out = api("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": "2.25", "recAccountType": "MAIN"})
    assert (out["data"]["amount"], out["data"]["payAccountType"], out["data"]["recAccountType"]) == \
        ("2.25", "CONTRACT", "MAIN")
    assert D(sim.balances()["main:USDT"]["available"]) == main_before - D("12.5") + D("2.25")
    rows = api("GET", "/api/v1/transaction-history?currency=USDT")["data"]["dataList"]
    assert [(r["type"], D(r["amount"]), D(r["accountEquity"])) for r in rows[:2]] == [
        ("TransferOut", D("-2.25"), D("100010.25")), ("TransferIn", D("12.5"), D("100012.5"))]
    assert rows[0]["offset"] > rows[1]["offset"]
    only_in = api("GET", "/api/v1/transaction-history?currency=USDT&type=TransferIn")["data"]["dataList"]
    assert [r["type"] for r in only_in] == ["TransferIn"]


def test_a_transfer_above_the_available_balance_moves_nothing(sim, api):
    before = sim.balances()
    r = api("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": "100000.01", "recAccountType": "MAIN"})
    assert r["code"] == "300003"
    r = api("POST", "/api/v1/transfer-in", {"currency": "USDT", "amount": "1", "payAccountType": "MARGIN"})
    assert r["code"] == "400100"
    assert sim.balances() == before


def test_universal_transfer_reaches_the_futures_account(sim, spot, clock):
    body = {"type": "INTERNAL", "currency": "USDT", "amount": "5", "fromAccountType": "MAIN",
            "toAccountType": "CONTRACT", "clientOid": "u-1"}
    r = spot.signed("POST", "/api/v3/accounts/universal-transfer", sim.credentials, body=json.dumps(body),
                    now=clock.ms).json()
    assert r["code"] == "200000", r
    assert D(sim.balances()["contract:USDT"]["available"]) == D("100005")
    listed = spot.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).json()["data"]
    assert "CONTRACT" not in {a["type"].upper() for a in listed}


def test_a_fill_shows_in_the_ledger_and_the_overview_holds_the_position_margin(sim, api):
    _, ask = top(sim)
    assert api("POST", "/api/v1/orders", order(size=2))["code"] == "200000"
    value = ask * 2 * D("0.001")
    fee = (value * D("0.0006")).quantize(D("1e-8"))
    margin = (value / 10).quantize(D("1e-8"))
    ov = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert D(ov["marginBalance"]) == 100000 - fee
    assert D(ov["positionMargin"]) == margin
    assert D(ov["availableBalance"]) == 100000 - fee - margin
    mark = sim.futures.mark_price("XBTUSDTM")
    assert D(ov["unrealisedPNL"]) == ((mark - ask) * 2 * D("0.001")).quantize(D("1e-8"))
    assert D(ov["accountEquity"]) == D(ov["marginBalance"]) + D(ov["unrealisedPNL"])
    row = api("GET", "/api/v1/transaction-history?currency=USDT")["data"]["dataList"][0]
    assert (row["type"], D(row["amount"]), D(row["fee"]), row["remark"]) == ("RealisedPNL", -fee, fee, "XBTUSDTM")
