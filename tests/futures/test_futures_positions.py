"""Futures positions, leverage, margin mode, margin, tiers, funding payments, balance and transfers: the
request each plan sends (method, path, host, params) and what it makes of the official examples."""
from __future__ import annotations

import pytest
from futures_support import payload, trading_ctx

from kucoin_connector.errors import ArgumentsRequired, BadRequest, BadSymbol, NotSupported
from kucoin_connector.futures.plans import positions as fp
from kucoin_connector.rest.calls import Call, prepare
from kucoin_connector.testing import step

BTC = "BTC/USDT:USDT"



def only(run):
    (call,) = run.calls
    assert call.host == "futures"
    wire = prepare(call)
    # every endpoint is a row of the endpoint table: signed, weighed, in its pool of the limiter
    assert wire.private is True and wire.row is not None and wire.weight == wire.row.weight > 0
    assert wire.pool in ("Futures", "Management", "Public")
    return call


def test_fetch_position_reads_one_contract():
    run = step(fp.fetch_position(trading_ctx(), BTC), payload("futures_position.json"))
    assert only(run) == Call("GET", "/api/v1/position", {"symbol": "XBTUSDTM"}, host="futures")
    p = run.result
    assert (p["symbol"], p["side"], p["contracts"], p["entryPrice"], p["marginMode"]) == (BTC, "long", "1", "67430.9",
                                                                                          "isolated")
    assert (p["unrealizedPnl"], p["collateral"], p["positionMargin"], p["liquidationPrice"]) == (
        "1.4698", "23.9795045843", "22.5097045843", "45314.33")
    assert p["contractSize"] == "0.001" and p["leverage"] == "2.88"


def test_positions_and_history():
    item = {**payload("futures_positions.json")[0], "symbol": "XBTUSDM"}
    run = step(fp.fetch_positions(trading_ctx(), None, {"currency": "XBT"}), [item])
    assert only(run).path == "/api/v1/positions" and run.calls[0].params == {"currency": "XBT"}
    assert run.result[0]["symbol"] == "BTC/USD:BTC" and run.result[0]["marginMode"] == "cross"
    assert step(fp.fetch_positions(trading_ctx(), [BTC]), [item]).result == []  # filtered by symbol
    run = step(fp.fetch_positions_history(trading_ctx(), [BTC], 1_700_000_000_000, None, {"until": 1_800_000_000_000}),
               payload("futures_history_positions.json"))
    assert only(run).params == {"symbol": "XBTUSDTM", "limit": 200, "from": 1_700_000_000_000,
                                "to": 1_800_000_000_000}
    h = run.result[0]
    assert (h["id"], h["side"], h["realizedPnl"], h["lastPrice"], h["lastUpdateTimestamp"]) == (
        "500000000036305465", "long", "0.51214413", "94443.5", 1735589352069)


def test_cross_leverage_and_margin_mode():
    run = step(fp.set_leverage(trading_ctx(), 10, BTC), True)
    assert only(run) == Call("POST", "/api/v2/changeCrossUserLeverage", {"symbol": "XBTUSDTM", "leverage": "10"},
                             host="futures")
    assert run.result["longLeverage"] == run.result["shortLeverage"] == "10"
    run = step(fp.fetch_leverage(trading_ctx(), BTC), payload("futures_cross_leverage.json"))
    assert only(run).path == "/api/v2/getCrossUserLeverage"
    assert (run.result["marginMode"], run.result["longLeverage"]) == ("cross", "3")
    with pytest.raises(BadRequest):
        step(fp.set_leverage(trading_ctx(), 126, BTC))  # above the contract's maxLeverage
    with pytest.raises(NotSupported):
        step(fp.set_leverage(trading_ctx(), 5, BTC, {"marginMode": "isolated"}))
    with pytest.raises(ArgumentsRequired):
        step(fp.set_leverage(trading_ctx(), 5))
    run = step(fp.set_margin_mode(trading_ctx(), "isolated", BTC), payload("futures_margin_mode_change.json"))
    assert only(run).params == {"symbol": "XBTUSDTM", "marginMode": "ISOLATED"}
    assert run.result["marginMode"] == "isolated"
    run = step(fp.fetch_margin_mode(trading_ctx(), BTC), payload("futures_margin_mode.json"))
    assert only(run).path == "/api/v2/position/getMarginMode" and run.result["symbol"] == BTC
    with pytest.raises(BadRequest):
        step(fp.set_margin_mode(trading_ctx(), "portfolio", BTC))


def test_isolated_margin_in_and_out():
    run = step(fp.add_margin(trading_ctx(), BTC, "1.5"), payload("futures_deposit_margin.json"))
    assert only(run).params == {"symbol": "XBTUSDTM", "margin": "1.5", "bizNo": "cid1"}
    assert (run.result["type"], run.result["amount"], run.result["code"]) == ("add", "1.5", "USDT")
    run = step(fp.reduce_margin(trading_ctx(), BTC, 0.1), payload("futures_withdraw_margin.json"))
    assert only(run).params == {"symbol": "XBTUSDTM", "withdrawAmount": "0.1"}
    assert run.result["type"] == "reduce" and run.result["status"] == "ok"
    with pytest.raises(BadRequest):
        step(fp.add_margin(trading_ctx(), BTC, -1))


def test_leverage_tiers_and_funding_payments():
    run = step(fp.fetch_market_leverage_tiers(trading_ctx(), BTC), payload("futures_risk_limit.json"))
    assert run.calls[0].path == "/api/v1/contracts/risk-limit/XBTUSDTM"
    first = run.result[0]
    assert (first["tier"], first["minNotional"], first["maxNotional"], first["maxLeverage"],
            first["maintenanceMarginRate"]) == ("1", "0", "100000", "125", "0.004")
    history = payload("futures_funding_history.json")
    run = step(fp.fetch_funding_history(trading_ctx(), BTC, 1_700_000_000_000, 10), history)
    assert only(run).params == {"symbol": "XBTUSDTM", "startAt": 1_700_000_000_000, "maxCount": 10}
    f = run.result[0]
    assert (f["amount"], f["fundingRate"], f["code"], f["timestamp"]) == ("-0.05585669", "0.000641", "USDT",
                                                                         1731470400000)
    with pytest.raises(ArgumentsRequired):
        step(fp.fetch_funding_history(trading_ctx()))


def test_balance_per_settle_currency():
    overview = payload("futures_account_overview.json")
    run = step(fp.fetch_balance(trading_ctx()), overview)
    assert only(run) == Call("GET", "/api/v1/account-overview", {"currency": "USDT"}, host="futures")
    # free = availableBalance, total = accountEquity, used = their exact difference
    assert run.result["USDT"] == {"free": "290.326799096", "used": "104.11248171", "total": "394.439280806"}
    assert run.result["free"] == {"USDT": "290.326799096"}
    run = step(fp.fetch_balance(trading_ctx(), {"codes": ["USDT", "BTC"]}), overview, {**overview, "currency": "XBT"})
    assert [c.params["currency"] for c in run.calls] == ["USDT", "XBT"] and "BTC" in run.result["total"]


def test_transfers_between_futures_and_spot():
    out = payload("futures_transfer_out.json")
    run = step(fp.transfer(trading_ctx(), "USDT", "5", "future", "spot"), out)
    assert only(run) == Call("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": "5",
                                                              "recAccountType": "TRADE"}, host="futures")
    assert run.result["status"] == "pending" and run.result["toAccount"] == "spot"
    run = step(fp.transfer(trading_ctx(), "USDT", 5, "funding", "swap"),
               payload("futures_transfer_in.json"))
    assert run.calls[0].params == {"currency": "USDT", "amount": "5", "payAccountType": "MAIN"}
    with pytest.raises(BadRequest):
        step(fp.transfer(trading_ctx(), "USDT", 5, "spot", "funding"))


def test_unknown_symbols_send_nothing():
    with pytest.raises(BadSymbol):
        step(fp.fetch_position(trading_ctx(), "DOGE/USDT:USDT"))
