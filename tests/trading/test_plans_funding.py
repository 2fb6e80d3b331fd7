"""Funding and margin-loan plans: exact calls and parsed structures from the spec examples."""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import BadRequest, InvalidAddress
from kucoin_connector.spot.plans import funding as fd
from money_support import money_ctx
from trading_support import data, make_ctx, run

TX_KEYS = set("info id txid timestamp datetime network address addressTo addressFrom tag tagTo tagFrom type "
              "currency amount status comment internal fee updated".split())


def test_fetch_deposits():
    d = run(fd.fetch_deposits(make_ctx(), "usdt", 1721000000000, 10), data("funding_deposits.json"))
    assert d.calls == [Call("GET", "/api/v1/deposits", {"currency": "USDT", "startAt": 1721000000000,
                                                        "pageSize": 10})]
    first = d.result[0]
    assert set(first) == TX_KEYS
    assert (first["type"], first["currency"], first["amount"], first["status"], first["network"]) == (
        "deposit", "USDT", "6", "ok", "TRC20")
    assert first["timestamp"] == 1721730920000 and first["internal"] is True
    assert first["fee"] == {"cost": "0", "currency": "USDT"}


def test_fetch_withdrawals():
    d = run(fd.fetch_withdrawals(make_ctx()), data("funding_withdrawals.json"))
    assert d.calls == [Call("GET", "/api/v1/withdrawals", None)]
    assert [t["type"] for t in d.result] == ["withdrawal"] * 2


def test_deposit_addresses():
    d = run(fd.fetch_deposit_address(money_ctx(), "USDT", {"network": "TRC20"}), data("funding_deposit_addresses.json"))
    assert d.calls == [Call("GET", "/api/v3/deposit-addresses", {"currency": "USDT", "chain": "trx"})]
    assert d.result == {"info": data("funding_deposit_addresses.json")[0], "currency": "USDT", "network": "TRC20",
                        "address": "TSv3L1fS7yA3SxzKD8c1qdX4nLP6rqNxYz", "tag": None}
    with pytest.raises(InvalidAddress):
        run(fd.fetch_deposit_address(make_ctx(), "USDT"), [])
    d = run(fd.create_deposit_address(money_ctx(), "TON", {"chain": "ton"}), data("funding_deposit_address_create.json"))
    assert d.calls == [Call("POST", "/api/v3/deposit-address/create", {"currency": "TON", "chain": "ton"})]
    assert (d.result["address"], d.result["tag"], d.result["network"]) == (
        "EQCA1BI4QRZ8qYmskSRDzJmkucGodYRTZCf_b9hckjla6dZl", "2090821203", "TON")


def test_withdraw_ccxt45_and_old_tag_style():
    d = run(fd.withdraw(money_ctx(), "USDT", "10.50", "addr1", "memo1", {"network": "TRC20"}),
            data("funding_withdraw.json"))
    assert d.calls == [Call("POST", "/api/v3/withdrawals", {"currency": "USDT", "toAddress": "addr1", "amount": "10.5",
                                                            "withdrawType": "ADDRESS", "chain": "trx",
                                                            "memo": "memo1"})]
    assert (d.result["id"], d.result["type"], d.result["tag"]) == ("670deec84d64da0007d7c946", "withdrawal", "memo1")
    d = run(fd.withdraw(make_ctx(), "USDT", 1, "addr1", {"tag": "m2"}), data("funding_withdraw.json"))
    assert d.calls[0].params["memo"] == "m2"
    with pytest.raises(BadRequest):
        next(fd.withdraw(make_ctx(), "USDT", -1, "addr1"))
    with pytest.raises(InvalidAddress):
        next(fd.withdraw(make_ctx(), "USDT", 1, ""))


def test_borrow_and_repay():
    d = run(fd.borrow_margin(make_ctx(), "USDT", "10"), data("margin_borrow.json"))
    assert d.calls == [Call("POST", "/api/v3/margin/borrow", {"currency": "USDT", "size": "10",
                                                              "timeInForce": "IOC"})]
    assert (d.result["id"], d.result["amount"], d.result["currency"]) == ("67187162c0d6990007717b15", "10", "USDT")
    d = run(fd.repay_margin(make_ctx(), "USDT", 10, "BTC/USDT"), data("margin_repay.json"))
    assert d.calls == [Call("POST", "/api/v3/margin/repay", {"currency": "USDT", "size": "10", "symbol": "BTC-USDT",
                                                             "isIsolated": True})]
    assert d.result["timestamp"] == 1729655606816 and d.result["symbol"] == "BTC/USDT"


def test_fetch_borrow_interest():
    d = run(fd.fetch_borrow_interest(make_ctx(), "USDT"), data("margin_interest.json"))
    assert d.calls == [Call("GET", "/api/v3/margin/interest", {"currency": "USDT"})]
    assert [r["timestamp"] for r in d.result] == [1729656028077, 1729659618802, 1729663213375]
    assert (d.result[0]["interest"], d.result[0]["interestRate"], d.result[0]["marginMode"]) == (
        "0.00000001", "0.000296", "cross")
