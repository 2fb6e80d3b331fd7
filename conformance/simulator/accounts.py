"""Balances of the simulated account (main, trade and trade_hf sub-accounts per currency).

Layer: simulator (exchange side). Rule: amounts are ``Decimal`` built from strings and rendered with
``format(d, "f")``; account ids are derived from the seed. Shapes follow GET /api/v1/accounts
(https://www.kucoin.com/docs-new/api-3470125) and GET /api/v1/accounts/{accountId}
(https://www.kucoin.com/docs-new/api-3470126). The trading helper moves funds with ``account()`` +
``hold()`` / ``release()`` / ``credit()`` under ``lock``; ``credit`` with a ``biz`` records a ledger entry
(GET /api/v1/accounts/ledgers, https://www.kucoin.com/docs-new/api-3470121, and the HF ledger
https://www.kucoin.com/docs-new/api-3470122). Isolated margin accounts are keyed ``"isolated:<symbol>"``
and are not listed by GET /api/v1/accounts (KuCoin lists them under /api/v3/isolated/accounts); nor are
the futures accounts (type ``contract``, GET /api/v1/account-overview on the futures host).
"""
from __future__ import annotations

import threading
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .wire import hex_id

__all__ = ["Account", "Accounts", "LedgerEntry", "DEFAULT_FUNDING", "text"]

# (type, currency, amount) funded on the default account; "trade_hf" is where HF orders draw from.
DEFAULT_FUNDING: tuple[tuple[str, str, str], ...] = (
    ("main", "USDT", "50000"),
    ("trade", "USDT", "100000"), ("trade", "BTC", "10"), ("trade", "ETH", "100"), ("trade", "KCS", "10000"),
    ("trade_hf", "USDT", "100000"), ("trade_hf", "BTC", "10"), ("trade_hf", "ETH", "100"),
    ("trade_hf", "KCS", "10000"),
)


def text(d: Decimal) -> str:
    """Plain decimal string without trailing zeros or exponent (KuCoin's money strings)."""
    return _text(d)


def _text(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Account:
    id: str
    currency: str
    type: str
    balance: Decimal
    holds: Decimal

    @property
    def available(self) -> Decimal:
        return self.balance - self.holds

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "currency": self.currency, "type": self.type, "balance": _text(self.balance),
                "available": _text(self.available), "holds": _text(self.holds)}

    def detail_json(self) -> dict[str, Any]:
        return {"currency": self.currency, "balance": _text(self.balance),
                "available": _text(self.available), "holds": _text(self.holds)}


@dataclass
class LedgerEntry:
    """One balance change; ``seq`` is the numeric id KuCoin uses as the HF ``lastId`` cursor."""

    seq: int
    currency: str
    amount: Decimal
    fee: Decimal
    balance: Decimal
    acc_type: str
    biz: str
    direction: str
    created_at: int
    context: dict[str, Any] = field(default_factory=dict)

    def to_json(self, hf: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": str(self.seq), "currency": self.currency, "amount": _text(self.amount),
            "fee": _text(self.fee), "balance": _text(self.balance),
            "accountType": self.acc_type.split(":")[0].upper(), "bizType": self.biz,
            "direction": self.direction, "createdAt": self.created_at,
            "context": json.dumps(self.context, separators=(",", ":")) if self.context else ""}
        if hf:  # the HF ledger adds ``tax`` and sends createdAt as a string (official example)
            out["tax"] = "0"
            out["createdAt"] = str(self.created_at)
        return out


class Accounts:
    """All sub-accounts of the one simulated user."""

    def __init__(self, seed: int, funding: tuple[tuple[str, str, str], ...] = DEFAULT_FUNDING) -> None:
        self._seed = seed
        self.lock = threading.RLock()
        self._accounts: dict[tuple[str, str], Account] = {}
        self.ledger: list[LedgerEntry] = []
        self._seq = 250_000_000_000_000
        for acc_type, currency, amount in funding:
            self.account(acc_type, currency).balance += Decimal(amount)

    def account(self, acc_type: str, currency: str) -> Account:
        """The (type, currency) account, created empty if missing (KuCoin creates them on first use)."""
        with self.lock:
            acc = self._accounts.get((acc_type, currency))
            if acc is None:
                acc = Account(hex_id(self._seed, "account", acc_type, currency), currency, acc_type,
                              Decimal(0), Decimal(0))
                self._accounts[(acc_type, currency)] = acc
            return acc

    def listing(self, currency: str | None = None, acc_type: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [a.to_json() for a in self._accounts.values() if ":" not in a.type and a.type != "contract"
                    and (currency is None or a.currency == currency) and (acc_type is None or a.type == acc_type)]

    def all(self) -> list[Account]:
        with self.lock:
            return list(self._accounts.values())

    def by_id(self, account_id: str) -> Account | None:
        with self.lock:
            for acc in self._accounts.values():
                if acc.id == account_id:
                    return acc
            return None

    def hold(self, acc: Account, amount: Decimal) -> bool:
        """Freeze ``amount``; False (nothing changed) when the available balance is too small."""
        with self.lock:
            if acc.available < amount:
                return False
            acc.holds += amount
            return True

    def release(self, acc: Account, amount: Decimal) -> None:
        with self.lock:
            acc.holds -= min(amount, acc.holds)

    def credit(self, acc: Account, amount: Decimal, biz: str | None = None, now_ms: int = 0,
               context: dict[str, Any] | None = None, fee: Decimal = Decimal(0)) -> None:
        """Add (or, negative, remove) ``amount`` to the balance; with ``biz`` also write a ledger entry
        (``amount`` there is the absolute value and ``direction`` says in/out, as on KuCoin)."""
        with self.lock:
            acc.balance += amount
            if biz is not None and (amount or fee):
                self._seq += 1
                self.ledger.append(LedgerEntry(self._seq, acc.currency, abs(amount), fee, acc.balance, acc.type,
                                               biz, "in" if amount >= 0 else "out", now_ms, dict(context or {})))

    def transfer(self, currency: str, amount: Decimal, src: str, dst: str, now_ms: int) -> bool:
        """Move ``amount`` of available balance between two account types; False when too little."""
        with self.lock:
            a, b = self.account(src, currency), self.account(dst, currency)
            if amount <= 0 or a.available < amount:
                return False
            self.credit(a, -amount, "TRANSFER", now_ms)
            self.credit(b, amount, "TRANSFER", now_ms)
            return True
