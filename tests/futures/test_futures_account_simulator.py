"""The futures ledger, transfers, fees and every-contract lists end to end against the simulator: each money
flow (a transfer in, a fill's fee, a funding payment, a realised PnL) is in the ledger with its exact amount,
and the entries add up to the account's change."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, KucoinFutures

SYMBOL = "BTC/USDT:USDT"


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=11, symbols=12, tick_interval=0) as s:
        s.step(5)
        yield s


def _config(sim):
    return {**sim.credentials, "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
            "options": {"numbers": "decimal"}}


def _signed(entry):
    return entry["amount"] if entry["direction"] == "in" else -entry["amount"]


def test_every_money_flow_is_in_the_ledger_with_its_exact_amount(sim):
    with KucoinFutures(_config(sim)) as ex:
        before = ex.fetch_balance({"code": "USDT"})["USDT"]["total"]
        seen = {e["id"] for e in ex.fetch_ledger("USDT", None, 1000)}
        ex.transfer("USDT", "12.5", "spot", "swap")
        opened = ex.create_order(SYMBOL, "market", "sell", 3, None, {"leverage": 3, "marginMode": "isolated"})
        fills = ex.fetch_order_trades(opened["id"], SYMBOL)
        funding = [r for r in sim.settle_futures_funding() if r["symbol"] == "XBTUSDTM"]
        ex.close_position(SYMBOL)
        after = ex.fetch_balance({"code": "USDT"})["USDT"]["total"]
        new = [e for e in ex.fetch_ledger("USDT", None, 1000) if e["id"] not in seen]
        transfers = ex.fetch_transfers("USDT")

    transfer, opening, paid, closing = new[0], new[1:1 + len(fills)], new[1 + len(fills)], new[2 + len(fills):]
    assert (transfer["type"], transfer["direction"], transfer["amount"], transfer["fee"]) == (
        "transfer", "in", Decimal("12.5"), None)
    # opening: one realised PnL entry per fill, the fill's fee paid out
    assert fills and len(opening) == len(fills)
    for fee, fill in zip(opening, fills):
        assert (fee["type"], fee["direction"], fee["referenceId"]) == ("trade", "out", "XBTUSDTM")
        assert fee["amount"] == fee["fee"]["cost"] == fill["fee"]["cost"] > 0
    # funding: the exact amount the exchange settled, in its direction
    (row,) = funding
    assert _signed(paid) == Decimal(str(row["funding"])) and paid["fee"] is None
    assert closing and all(e["type"] == "trade" and e["fee"]["cost"] > 0 for e in closing)
    # the entries are every change of the account: they add up to it exactly
    assert sum(_signed(e) for e in new) == after - before
    assert all(e["currency"] == "USDT" and e["status"] == "ok" and e["account"] == "CONTRACT" for e in new)
    assert [t["id"] for t in transfers][-1] == transfer["id"] and transfers[-1]["toAccount"] == "swap"
    assert transfers[-1]["amount"] == Decimal("12.5")


def test_the_ledger_filters_by_type_and_time_and_pages(sim):
    with KucoinFutures(_config(sim)) as ex:
        for _ in range(3):
            ex.transfer("USDT", "1", "spot", "swap")
            ex.transfer("USDT", "1", "swap", "spot")
        everything = ex.fetch_ledger("USDT", None, 1000)
        outs = ex.fetch_ledger("USDT", None, 1000, {"type": "TransferOut"})
        assert outs and all(e["direction"] == "out" and e["type"] == "transfer" for e in outs)
        assert [e["id"] for e in outs] == [e["id"] for e in everything if e["info"]["type"] == "TransferOut"]
        newest = ex.fetch_ledger("USDT", None, 4)
        assert [e["id"] for e in newest] == [e["id"] for e in everything[-4:]]
        since = everything[-3]["timestamp"]
        assert ex.fetch_ledger("USDT", since, 2) == [e for e in everything if e["timestamp"] >= since][:2]
        out = ex.fetch_transfers("USDT")
        assert [t["amount"] for t in out[-6:]] == [Decimal(1)] * 6
        assert [t["fromAccount"] for t in out[-2:]] == [None, "swap"]


def test_fees_and_every_contract_lists_agree_with_the_single_contract_reads(sim):
    with KucoinFutures(_config(sim)) as ex:
        fee = ex.fetch_trading_fee(SYMBOL)
        assert (fee["maker"], fee["taker"]) == (Decimal("0.0002"), Decimal("0.0006"))
        markets = ex.load_markets()
        marks = ex.fetch_mark_prices()
        assert set(marks) == set(markets)
        assert marks[SYMBOL]["markPrice"] == ex.fetch_mark_price(SYMBOL)["markPrice"]
        rates = ex.fetch_funding_rates([SYMBOL])
        single = ex.fetch_funding_rate(SYMBOL)
        assert (rates[SYMBOL]["fundingRate"], rates[SYMBOL]["fundingTimestamp"], rates[SYMBOL]["interval"]) == (
            single["fundingRate"], single["fundingTimestamp"], single["interval"])
        assert ex.fetch_funding_interval(SYMBOL)["interval"] == "8h"
        interests = ex.fetch_open_interests()
        assert interests[SYMBOL]["openInterestAmount"] == ex.fetch_open_interest(SYMBOL)["openInterestAmount"]
        tiers = ex.fetch_leverage_tiers([SYMBOL])
        assert tiers[SYMBOL] == ex.fetch_market_leverage_tiers(SYMBOL)


def test_the_asyncio_face_reads_the_same_ledger(sim):
    async def main():
        async with AsyncKucoinFutures(_config(sim)) as ex:
            return await ex.fetch_ledger("USDT", None, 5), await ex.fetch_orders_by_status("closed", SYMBOL)

    with KucoinFutures(_config(sim)) as ex:
        expected = ex.fetch_ledger("USDT", None, 5)
    ledger, closed = asyncio.run(main())
    assert [e["id"] for e in ledger] == [e["id"] for e in expected]
    assert all(o["status"] in ("closed", "canceled") for o in closed)


def test_an_open_position_has_its_adl_rank(sim):
    with KucoinFutures(_config(sim)) as ex:
        ex.create_order(SYMBOL, "market", "buy", 2, None, {"leverage": 4, "marginMode": "isolated"})
        (rank,) = ex.fetch_positions_adl_rank([SYMBOL])
        held = next(p for p in sim.futures_positions() if p["symbol"] == "XBTUSDTM")
        assert rank["percentage"] == Decimal(str(held["delevPercentage"])) * 100
        assert ex.fetch_position_adl_rank(SYMBOL)["percentage"] == rank["percentage"]
        ex.close_position(SYMBOL)
        assert ex.fetch_positions_adl_rank() == []
