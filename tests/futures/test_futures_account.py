"""Futures ledger, transfers, trading fee, every-contract lists and ccxt's alias names: the request each plan
sends (method, path, host, params, weight and pool from the endpoint table), what it makes of KuCoin's
official examples, the paging, and bad input refused before anything is sent."""
from __future__ import annotations

from decimal import Decimal

import pytest
from futures_support import contract_items, example, trading_ctx

from kucoin_connector.errors import ArgumentsRequired, BadRequest, BadSymbol
from kucoin_connector.futures.plans import account as fa
from kucoin_connector.futures.plans import aliases as fx
from kucoin_connector.futures.plans import contract_lists as fl
from kucoin_connector.rest.calls import Call, prepare
from kucoin_connector.testing import step

BTC = "BTC/USDT:USDT"


def ledger_example():
    return example("openapi-account-account.json", "/api/v1/transaction-history")


def signed(call, pool="Futures", weight=None):
    wire = prepare(call)
    assert call.host == "futures" and wire.row is not None and wire.pool == pool
    assert wire.weight == wire.row.weight == (weight or wire.row.weight) > 0
    return wire


def test_the_ledger_reads_the_futures_transaction_history_as_ccxt_ledger_entries():
    run = step(fa.fetch_ledger(trading_ctx(), "USDT"), ledger_example())
    (call,) = run.calls
    assert call == Call("GET", "/api/v1/transaction-history", {"currency": "USDT", "maxCount": 50}, host="futures")
    assert signed(call, weight=2).private is True
    older, newer = run.result  # ascending by time
    assert (newer["id"], newer["type"], newer["direction"], newer["amount"], newer["currency"]) == (
        "51360793", "transfer", "in", "0.01", "USDT")
    assert (newer["timestamp"], newer["datetime"], newer["status"], newer["account"]) == (
        1728665747000, "2024-10-11T16:55:47.000Z", "ok", "CONTRACT")
    assert newer["fee"] is None and newer["before"] is None and newer["after"] is None
    assert (older["type"], older["direction"], older["amount"], older["referenceId"]) == (
        "trade", "in", "0.00630042", "XBTUSDTM")


def test_a_loss_is_an_outgoing_entry_with_its_exact_amount_and_fee():
    item = {**ledger_example()["dataList"][1], "amount": -0.12203352, "fee": 0.12203352}
    (entry,) = step(fa.fetch_ledger(trading_ctx()), {"dataList": [item], "hasMore": False}).result
    assert (entry["direction"], entry["amount"]) == ("out", "0.12203352")
    assert entry["fee"] == {"cost": "0.12203352", "currency": "USDT"}
    xbt = {**item, "currency": "XBT"}
    assert step(fa.fetch_ledger(trading_ctx()), {"dataList": [xbt], "hasMore": False}).result[0]["currency"] == "BTC"


def _page(*offsets, more=True):
    rows = [{"time": 1_700_000_000_000 + o, "type": "RealisedPNL", "amount": 1, "fee": 0, "accountEquity": 1,
             "status": "Completed", "remark": "XBTUSDTM", "offset": o, "currency": "USDT"} for o in offsets]
    return {"dataList": rows, "hasMore": more}


def test_a_limit_walks_older_pages_by_offset_until_it_is_met():
    run = step(fa.fetch_ledger(trading_ctx(), "BTC", None, 70, {"type": "RealisedPNL", "until": 1_800_000_000_000}),
               _page(*range(200, 150, -1)), _page(*range(150, 130, -1)))
    first, second = run.calls
    assert first.params == {"currency": "XBT", "type": "RealisedPNL", "endAt": 1_800_000_000_000, "maxCount": 50}
    assert second.params == {**first.params, "maxCount": 20, "offset": 151}
    assert [e["id"] for e in run.result] == [str(o) for o in range(131, 201)]


def test_since_walks_back_to_it_and_keeps_the_earliest_entries():
    since = 1_700_000_000_000
    run = step(fa.fetch_ledger(trading_ctx(), None, since, 3), _page(9, 8, 7), _page(6, 5, 4, more=False))
    assert run.calls[0].params == {"startAt": since, "maxCount": 50} and run.calls[1].params["offset"] == 7
    assert [e["id"] for e in run.result] == ["4", "5", "6"]


def test_a_page_that_does_not_go_back_ends_the_walk():
    run = step(fa.fetch_ledger(trading_ctx(), None, None, 500), _page(9, 8), _page(9, 8))
    assert [e["id"] for e in run.result] == ["8", "9"] and len(run.calls) == 2
    calls = step(fa.fetch_ledger(trading_ctx(), None, None, 10**5), *[_page(p) for p in range(100, 0, -1)][
        :fa.LEDGER_MAX_PAGES]).calls
    assert len(calls) == fa.LEDGER_MAX_PAGES


@pytest.mark.parametrize("args, error", [
    (("USDT", None, None, {"type": "Trade"}), BadRequest),  # not one of KuCoin's ledger types
    (("USDT", None, None, {"stop": True}), BadRequest),  # a ccxt parameter KuCoin does not know
    (("USDT", -1, None, None), BadRequest),
    (("USDT", None, "5", None), BadRequest),
    ((5, None, None, None), BadRequest),
])
def test_bad_ledger_input_sends_nothing(args, error):
    with pytest.raises(error):
        step(fa.fetch_ledger(trading_ctx(), *args))


def test_a_market_type_names_this_account_and_is_not_sent():
    run = step(fa.fetch_ledger(trading_ctx(), None, None, None, {"type": "swap"}), _page(1, more=False))
    assert run.calls[0].params == {"maxCount": 50}


def test_transfers_are_the_transfer_entries_in_both_directions():
    ins = {"dataList": [ledger_example()["dataList"][0]], "hasMore": False}
    out = {"dataList": [{**ins["dataList"][0], "type": "TransferOut", "amount": -2.5, "offset": 51360800,
                         "time": 1728665800000}], "hasMore": False}
    run = step(fa.fetch_transfers(trading_ctx(), "USDT"), ins, out)
    assert [c.params["type"] for c in run.calls] == ["TransferIn", "TransferOut"]
    into, away = run.result
    assert (into["id"], into["amount"], into["fromAccount"], into["toAccount"], into["status"]) == (
        "51360793", "0.01", None, "swap", "ok")
    assert (away["amount"], away["fromAccount"], away["toAccount"], away["currency"]) == ("2.5", "swap", None, "USDT")
    with pytest.raises(BadRequest):
        step(fa.fetch_transfers(trading_ctx(), None, None, None, {"type": "RealisedPNL"}))


def test_the_trading_fee_of_a_contract():
    fee = example("openapi-account-fee.json", "/api/v1/trade-fees", "patch")  # the spec stores it as PATCH
    run = step(fa.fetch_trading_fee(trading_ctx(), BTC), fee)
    (call,) = run.calls
    assert call == Call("GET", "/api/v1/trade-fees", {"symbol": "XBTUSDTM"}, host="futures")
    assert signed(call, weight=3).private is True
    assert run.result == {"info": fee, "symbol": BTC, "maker": "0.0002", "taker": "0.0006", "percentage": True,
                          "tierBased": True}
    with pytest.raises(BadSymbol):
        step(fa.fetch_trading_fee(trading_ctx(), "DOGE/USDT:USDT"))


def test_mark_prices_funding_rates_and_open_interests_are_one_request_for_every_contract():
    items = contract_items()
    for plan, check in ((fl.fetch_mark_prices, lambda r: (r["markPrice"], r["indexPrice"]) == ("86378.69", "86382.64")),
                        (fl.fetch_open_interests, lambda r: r["openInterestAmount"] == "6748176"),
                        (fl.fetch_funding_rates, lambda r: r["fundingRate"] == "0.000052")):
        run = step(plan(trading_ctx(), [BTC]), items)
        (call,) = run.calls
        assert call == Call("GET", "/api/v1/contracts/active", None, host="futures", private=False)
        assert signed(call, pool="Public", weight=3).private is False
        assert list(run.result) == [BTC] and check(run.result[BTC]), plan.__name__
    rates = step(fl.fetch_funding_rates(trading_ctx()), items).result
    assert set(rates) == {BTC, "BTC/USD:BTC"}  # the dated future pays no funding
    r = rates[BTC]
    assert (r["nextFundingRate"], r["interval"], r["timestamp"]) == ("0.000083", "8h", 1_800_000_000_000)
    # nextFundingRateTime is the time left (17752926 ms), the sum rounded to the minute (latency, clock offset)
    assert r["fundingTimestamp"] == 1_800_017_760_000
    assert len(step(fl.fetch_mark_prices(trading_ctx()), items).result) == 3
    with pytest.raises(BadSymbol):
        step(fl.fetch_open_interests(trading_ctx(), ["BTC/USDT:USDT", "NOPE/USDT:USDT"]))


def test_leverage_tiers_read_each_symbol_and_need_symbols():
    tiers = example("openapi-futures-positions.json", "/api/v1/contracts/risk-limit/{symbol}")
    run = step(fl.fetch_leverage_tiers(trading_ctx(), [BTC, "BTC/USD:BTC"]), tiers, tiers)
    assert [c.path for c in run.calls] == ["/api/v1/contracts/risk-limit/XBTUSDTM",
                                           "/api/v1/contracts/risk-limit/XBTUSDM"]
    assert list(run.result) == [BTC, "BTC/USD:BTC"] and run.result[BTC][0]["maxLeverage"] == "125"
    for bad in (None, [], [BTC] * (fl.MAX_TIER_SYMBOLS + 1)):
        with pytest.raises(ArgumentsRequired):
            step(fl.fetch_leverage_tiers(trading_ctx(), bad))
    with pytest.raises(BadSymbol):
        step(fl.fetch_leverage_tiers(trading_ctx(), [BTC, "NOPE/USDT:USDT"]))


def test_the_alias_names_run_the_operation_they_name():
    orders = example("openapi-futures-order.json", "/api/v1/orders")
    for status, wire in (("open", "active"), ("active", "active"), ("closed", "done"), ("done", "done")):
        run = step(fx.fetch_orders_by_status(trading_ctx(), status, BTC), orders)
        assert (run.calls[0].path, run.calls[0].params["status"]) == ("/api/v1/orders", wire)
    for bad in ("canceled", None, 3):
        with pytest.raises(BadRequest):
            step(fx.fetch_orders_by_status(trading_ctx(), bad, BTC))
    history = example("openapi-futures-positions.json", "/api/v1/history-positions")
    run = step(fx.fetch_position_history(trading_ctx(), BTC, 1_700_000_000_000), history)
    assert run.calls[0].params == {"symbol": "XBTUSDTM", "limit": 200, "from": 1_700_000_000_000}
    with pytest.raises(ArgumentsRequired):
        step(fx.fetch_position_history(trading_ctx(), None))
    current = example("openapi-futures-fundingfees.json", "/api/v1/funding-rate/{symbol}/current")
    run = step(fx.fetch_funding_interval(trading_ctx(), BTC), current)
    assert run.calls[0].path == "/api/v1/funding-rate/XBTUSDTM/current" and run.result["interval"] == "8h"


def test_amounts_are_exact_decimals_with_the_decimal_number_mode():
    from kucoin_connector.core.numbers import number_converter
    ctx = trading_ctx()
    ctx.num = number_converter("decimal")
    (entry,) = step(fa.fetch_ledger(ctx), {"dataList": [ledger_example()["dataList"][1]], "hasMore": False}).result
    assert entry["amount"] == Decimal("0.00630042")


def test_the_adl_rank_is_the_positions_deleveraging_share():
    positions = example("openapi-futures-positions.json", "/api/v1/positions")
    run = step(fa.fetch_positions_adl_rank(trading_ctx(), [BTC]), positions)
    assert run.calls[0] == Call("GET", "/api/v1/positions", None, host="futures")
    (rank,) = run.result
    share = next(p["delevPercentage"] for p in positions if p["symbol"] == "XBTUSDTM")
    assert (rank["symbol"], rank["rank"], rank["rating"]) == (BTC, None, None)
    assert Decimal(rank["percentage"]) == Decimal(str(share)) * 100
    one = example("openapi-futures-positions.json", "/api/v1/position")
    run = step(fa.fetch_position_adl_rank(trading_ctx(), BTC), one)
    assert run.calls[0].params == {"symbol": "XBTUSDTM"} and run.result["percentage"] == "18"
    assert run.result["timestamp"] == one["openingTimestamp"]
