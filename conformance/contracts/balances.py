"""Contracts for balances: holds and releases add up to the last increment, and fetch_balance equals
the simulator's accounts.

Layer: conformance. Rule: unified interface only; truth is ``GET /_sim/balances`` (``balance``,
``available``, ``holds`` per ``<type>:<currency>``). KuCoin facts (issue 3's shared contract; accounts:
https://www.kucoin.com/docs-new/rest/account-info/account-funding/get-account-list-spot): a limit buy
holds price x size of the quote, a sell holds the size; HF orders draw on ``trade_hf``, classic ones on
``trade``; the maker fee is charged in the quote currency.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .check import expect, same_number, short
from .env import Env
from .orders import SYMBOL
from .registry import contract
from .tradekit import TRADING, D, deposit, fee_rate, fill, place_resting, quietly_cancel, sim_balance

__all__ = ["expect_balance_matches"]

ACCOUNTS = ("trade_hf", "trade")


def _snapshot(env: Env, currency: str) -> dict[str, dict[str, Decimal]]:
    return {a: sim_balance(env, a, currency) for a in ACCOUNTS}


def _moved(before: dict, after: dict) -> str | None:
    for account in ACCOUNTS:
        if before[account] != after[account]:
            return account
    return None


def expect_balance_matches(env: Env, balance: Any, account: str, currencies: tuple[str, ...], what: str) -> None:
    """free/used/total of ``currencies`` in ``balance`` equal the simulator's ``account`` exactly."""
    for code in currencies:
        truth = sim_balance(env, account, code)
        entry = balance.get(code) or {}
        got = (entry.get("free"), entry.get("used"), entry.get("total"))
        want = (truth["available"], truth["holds"], truth["balance"])
        expect(all(same_number(g, w) for g, w in zip(got, want)),
               f"{what}: {code} free/used/total {got} != simulator {account} {tuple(map(str, want))}")
        expect(same_number(balance["free"].get(code), entry.get("free"))
               and same_number(balance["total"].get(code), entry.get("total")),
               f"{what}: the free/total maps disagree with balance[{code!r}]")


@contract("balances", "a limit buy holds price x amount of the quote; a partial fill releases and "
          "spends exactly its cost (+ maker fee); the cancel releases the rest; fetch_balance equals the "
          "simulator at every step", requires=TRADING + ("fetchBalance",))
def check_holds(env: Env) -> None:
    ex = env.client(private=True)
    usdt0, kcs0 = _snapshot(env, "USDT"), _snapshot(env, "KCS")
    order, _, price = place_resting(env, ex, SYMBOL, "buy", 3, "hold")
    try:
        usdt1 = _snapshot(env, "USDT")
        account = _moved(usdt0, usdt1)
        expect(account is not None, "placing a limit buy held nothing in trade_hf or trade")
        hold = usdt1[account]["holds"] - usdt0[account]["holds"]
        expect(hold == price * 3, f"the buy of 3 at {price} holds {hold} USDT, expected {price * 3}")
        expect(usdt1[account]["balance"] == usdt0[account]["balance"], "placing an order changed the balance")
        expect_balance_matches(env, ex.fetch_balance(), account, ("USDT", "KCS"), "after placing")

        fill(env, order["id"], 1)
        usdt2, kcs2 = _snapshot(env, "USDT"), _snapshot(env, "KCS")
        fee = price * fee_rate(env, "KCS-USDT", maker=True)
        expect(usdt2[account]["holds"] - usdt0[account]["holds"] == price * 2,
               f"after filling 1 of 3 the hold is {usdt2[account]['holds'] - usdt0[account]['holds']}, "
               f"expected {price * 2}")
        spent = usdt0[account]["balance"] - usdt2[account]["balance"]
        expect(spent == price + fee, f"filling 1 KCS at {price} cost {spent} USDT, expected {price + fee} "
                                     f"(price + maker fee {fee})")
        expect(kcs2[account]["balance"] - kcs0[account]["balance"] == 1, "the fill did not credit 1 KCS")
        expect_balance_matches(env, ex.fetch_balance(), account, ("USDT", "KCS"), "after a partial fill")

        ex.cancel_order(order["id"], SYMBOL)
        usdt3 = _snapshot(env, "USDT")
        expect(usdt3[account]["holds"] == usdt0[account]["holds"],
               f"the cancel left {usdt3[account]['holds'] - usdt0[account]['holds']} USDT held")
        expect(usdt3[account]["available"] == usdt0[account]["available"] - price - fee,
               "available after the cancel is not the start minus the fill's cost and fee")
        expect_balance_matches(env, ex.fetch_balance(), account, ("USDT", "KCS"), "after the cancel")
    finally:
        quietly_cancel(ex, [order["id"]], SYMBOL)


@contract("balances", "fetch_balance({'type': 'main'}) equals the simulator's main account, and a "
          "simulated deposit shows up in it exactly", requires=("sim:trading", "fetchBalance"))
def check_main_and_deposit(env: Env) -> None:
    ex = env.client(private=True)
    before = sim_balance(env, "main", "USDT")
    deposit(env, "USDT", "12.345678", "main")
    after = sim_balance(env, "main", "USDT")
    expect(after["balance"] - before["balance"] == D("12.345678"), f"the deposit moved main by "
                                                                   f"{after['balance'] - before['balance']}")
    balance = ex.fetch_balance({"type": "main"})
    expect_balance_matches(env, balance, "main", ("USDT",), "fetch_balance(type main)")
    expect(isinstance(balance.get("info"), (dict, list)), f"balance info is {short(balance.get('info'))}")
