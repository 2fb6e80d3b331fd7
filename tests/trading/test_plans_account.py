"""Account plans: balance by type, accounts, ledger, transfer, trading fee (exact calls)."""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import BadRequest
from kucoin_connector.spot.plans import account as ac
from trading_support import data, make_ctx, run

ACCOUNTS_HF = [{"id": "1", "currency": "USDT", "type": "trade_hf", "balance": "100000", "available": "99990.5",
                "holds": "9.5"},
               {"id": "2", "currency": "BTC", "type": "trade_hf", "balance": "10", "available": "10", "holds": "0"}]


def test_default_balance_is_trade_hf():
    d = run(ac.fetch_balance(make_ctx()), ACCOUNTS_HF)
    assert d.calls == [Call("GET", "/api/v1/accounts", {"type": "trade_hf"})]
    assert d.result["USDT"] == {"free": "99990.5", "used": "9.5", "total": "100000"}
    assert d.result["total"] == {"USDT": "100000", "BTC": "10"}


@pytest.mark.parametrize("params,ctx_opts,expected", [
    ({"type": "spot"}, {}, "trade_hf"),
    ({"type": "trade", "hf": False}, {}, "trade"),
    ({}, {"hf": False}, "trade"),
    ({"type": "main"}, {}, "main"),
    ({"type": "funding"}, {}, "main"),
])
def test_balance_types(params, ctx_opts, expected):
    d = run(ac.fetch_balance(make_ctx(**ctx_opts), params), data("account_list.json"))
    assert d.calls == [Call("GET", "/api/v1/accounts", {"type": expected})]


def test_margin_and_isolated_balances():
    d = run(ac.fetch_balance(make_ctx(), {"type": "margin"}), data("account_cross_margin.json"))
    assert d.calls == [Call("GET", "/api/v3/margin/accounts", None)]
    assert d.result["USDT"]["debt"] == "0" and d.result["USDT"]["used"] == "18.66939173"
    d = run(ac.fetch_balance(make_ctx(), {"type": "isolated"}), data("account_isolated_margin.json"))
    assert d.calls == [Call("GET", "/api/v3/isolated/accounts", None)]
    assert d.result["BTC/USDT"]["USDT"]["debt"] == "0.00038891"


def test_bad_balance_type():
    with pytest.raises(BadRequest):
        next(ac.fetch_balance(make_ctx(), {"type": "swap"}))


def test_fetch_accounts():
    d = run(ac.fetch_accounts(make_ctx()), data("account_list.json"))
    assert d.calls == [Call("GET", "/api/v1/accounts", None)]
    assert d.result[0] == {"id": "548674591753", "type": "trade", "code": "USDT",
                           "info": data("account_list.json")[0]}


def test_fetch_ledger_hf_and_classic():
    d = run(ac.fetch_ledger(make_ctx(), "usdt", 1728000000000, 10), data("account_hf_ledgers.json"))
    assert d.calls == [Call("GET", "/api/v1/hf/accounts/ledgers", {"currency": "USDT", "startAt": 1728000000000,
                                                                   "limit": 10})]
    assert d.result[0]["after"] == "26.73759503"
    d = run(ac.fetch_ledger(make_ctx(), None, None, None, {"type": "main"}), data("account_ledgers.json"))
    assert d.calls == [Call("GET", "/api/v1/accounts/ledgers", {"accountType": "MAIN"})]
    assert d.result[0]["direction"] == "out"


def test_transfer_main_to_trade():
    d = run(ac.transfer(make_ctx(), "USDT", "12.50", "main", "trade"), data("account_universal_transfer.json"))
    assert d.calls == [Call("POST", "/api/v3/accounts/universal-transfer",
                            {"clientOid": "cid1", "currency": "USDT", "amount": "12.5", "fromAccountType": "MAIN",
                             "toAccountType": "TRADE", "type": "INTERNAL"}, client_order_id="cid1")]
    assert d.result["id"] == "6705f7248c6954000733ecac" and d.result["amount"] == "12.5"
    assert (d.result["fromAccount"], d.result["toAccount"], d.result["status"]) == ("main", "trade", "ok")


def test_transfer_to_isolated_tags_the_symbol():
    d = run(ac.transfer(make_ctx(), "USDT", 1, "trade", "isolated", {"symbol": "BTC/USDT"}), {"orderId": "x"})
    assert d.calls[0].params["toAccountTag"] == "BTC-USDT" and d.calls[0].params["toAccountType"] == "ISOLATED"


@pytest.mark.parametrize("args", [("USDT", "0", "main", "trade"), ("USDT", "1", "main", "moon"), ("", "1", "a", "b")])
def test_transfer_bad_input(args):
    with pytest.raises(BadRequest):
        next(ac.transfer(make_ctx(), *args))


def test_fetch_trading_fee():
    d = run(ac.fetch_trading_fee(make_ctx(), "ETH/USDT"), data("account_trade_fees.json"))
    assert d.calls == [Call("GET", "/api/v1/trade-fees", {"symbols": "ETH-USDT"})]
    assert (d.result["symbol"], d.result["maker"], d.result["taker"]) == ("ETH/USDT", "0.001", "0.001")
