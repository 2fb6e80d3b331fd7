"""Contracts for margin: cross borrow and repay move the margin account exactly.

Layer: conformance. Rule: unified interface only; truth is ``GET /_sim/balances`` (``margin:<code>``).
KuCoin: POST /api/v3/margin/borrow and /api/v3/margin/repay
(https://www.kucoin.com/docs-new/rest/margin-trading/debit/borrow); ccxt's margin loan structure has
``currency`` and ``amount``.
"""
from __future__ import annotations

from .check import expect, same_number, short
from .env import Env
from .registry import contract
from .tradekit import D, deposit, sim_balance

__all__: list[str] = []


@contract("margin", "borrow_cross_margin then repay_cross_margin: the cross margin USDT balance rises by "
          "the loan and falls back by the repayment; the loan structures say so",
          requires=("sim:trading", "borrowCrossMargin", "repayCrossMargin"))
def check_cross_borrow_repay(env: Env) -> None:
    ex = env.client(private=True)
    if sim_balance(env, "margin", "USDT")["available"] < 1000:  # collateral for the loan
        deposit(env, "USDT", "1000", "margin")
    before = sim_balance(env, "margin", "USDT")
    loan = ex.borrow_cross_margin("USDT", 100)
    expect(isinstance(loan, dict) and loan.get("currency") == "USDT" and same_number(loan.get("amount"), 100),
           f"borrow_cross_margin returned {short(loan)}")
    during = sim_balance(env, "margin", "USDT")
    expect(during["balance"] - before["balance"] == 100,
           f"borrowing 100 USDT moved the margin balance by {during['balance'] - before['balance']}")
    if ex.has.get("fetchBalance"):
        balance = ex.fetch_balance({"type": "margin"})
        entry = balance.get("USDT") or {}
        expect(same_number(entry.get("total"), during["balance"]),
               f"fetch_balance(type margin) USDT total {entry.get('total')} != simulator {during['balance']}")
        if "debt" in entry and entry["debt"] is not None:
            expect(D(entry["debt"]) >= 100, f"the margin debt {entry['debt']} does not include the loan")
    repaid = ex.repay_cross_margin("USDT", 100)
    expect(isinstance(repaid, dict) and repaid.get("currency") == "USDT" and same_number(repaid.get("amount"), 100),
           f"repay_cross_margin returned {short(repaid)}")
    after = sim_balance(env, "margin", "USDT")
    expect(during["balance"] - after["balance"] == 100,
           f"repaying 100 USDT moved the margin balance by {after['balance'] - during['balance']}")
