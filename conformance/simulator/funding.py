"""Deposits, deposit addresses and withdrawals of the simulated user.

Layer: simulator (exchange side). Rule: money moves only through ``Accounts`` (so ledgers stay complete);
a withdrawal holds ``amount + fee`` on the main account while PROCESSING, becomes SUCCESS after the next
market step (the hold is then debited) and may be cancelled while PROCESSING (the hold is released).
Shapes: GET /api/v1/deposits (https://www.kucoin.com/docs-new/api-3470141), deposit addresses
(https://www.kucoin.com/docs-new/api-3470140), withdrawals (https://www.kucoin.com/docs-new/api-3470145),
quotas (https://www.kucoin.com/docs-new/api-3470143).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .accounts import text
from .routing import ApiError
from .universe import ChainSpec
from .wire import hex_id

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["Funding", "Transfer"]


@dataclass
class Transfer:
    id: str
    currency: str
    chain: str
    address: str
    memo: str
    amount: Decimal
    fee: Decimal
    status: str
    created_at: int
    updated_at: int
    remark: str = ""
    step: int = 0
    account: str = "main"

    def to_json(self) -> dict[str, Any]:
        """Item of GET /api/v1/deposits and /api/v1/withdrawals (the official examples have no id)."""
        return {"currency": self.currency, "chain": self.chain, "status": self.status, "address": self.address,
                "memo": self.memo, "isInner": False, "amount": text(self.amount), "fee": text(self.fee),
                "walletTxId": hex_id("tx", self.id, length=64) if self.status == "SUCCESS" else None,
                "createdAt": self.created_at, "updatedAt": self.updated_at, "remark": self.remark,
                "arrears": False}


class Funding:
    def __init__(self, sim: "Simulator") -> None:
        self.sim = sim
        self.deposits: list[Transfer] = []
        self.withdrawals: list[Transfer] = []
        self.addresses: dict[tuple[str, str], dict[str, Any]] = {}

    def _chain(self, currency: str, chain: str | None) -> ChainSpec:
        spec = self.sim.universe.by_currency.get(currency)
        if spec is None:
            raise ApiError("400100", "Currency not supported")
        if not chain:
            return spec.chains[0]
        for c in spec.chains:
            if c.chain_id == chain.lower() or c.name.lower() == chain.lower():
                return c
        raise ApiError("400100", "Chain not supported")

    # ---- deposits -----------------------------------------------------------------------------
    def admin_deposit(self, currency: str, amount: Decimal, acc_type: str, now_ms: int) -> dict[str, Any]:
        if currency not in self.sim.universe.by_currency or amount <= 0:
            raise ApiError("400100", "currency must be listed and amount positive", 400)
        if acc_type not in ("main", "trade", "trade_hf", "margin") and not acc_type.startswith("isolated:"):
            raise ApiError("400100", "type must be main, trade, trade_hf, margin or isolated:<symbol>", 400)
        chain = self._chain(currency, None)
        with self.sim.accounts.lock:
            acc = self.sim.accounts.account(acc_type, currency)
            self.sim.accounts.credit(acc, amount, "DEPOSIT", now_ms)
            t = Transfer(hex_id(self.sim.seed, "deposit", len(self.deposits)), currency, chain.chain_id,
                         self.address(currency, chain.chain_id)["address"], "", amount, Decimal(0), "SUCCESS",
                         now_ms, now_ms, account=acc_type)
            self.deposits.append(t)
            return t.to_json()

    def address(self, currency: str, chain: str, to: str = "MAIN", create: bool = False) -> dict[str, Any]:
        c = self._chain(currency, chain)
        key = (currency, c.chain_id)
        if key in self.addresses:
            if create:
                raise ApiError("260000", "Deposit address already exists")
            return self.addresses[key]
        addr = ("0x" + hex_id(self.sim.seed, "address", currency, c.chain_id, length=40)
                if c.chain_id in ("eth", "kcc", "bsc", "arbitrum", "optimism", "avaxc")
                else hex_id(self.sim.seed, "address", currency, c.chain_id, length=34))
        row = {"address": addr, "memo": str(hash_memo(currency, c.chain_id)) if c.need_tag else "",
               "chainId": c.chain_id, "to": to.upper(), "expirationDate": 0, "currency": currency,
               "contractAddress": c.contract, "chainName": c.name}
        self.addresses[key] = row
        return row

    # ---- withdrawals --------------------------------------------------------------------------
    def withdraw(self, body: dict[str, Any], now_ms: int) -> Transfer:
        currency = str(body.get("currency") or "")
        chain = self._chain(currency, body.get("chain"))
        try:
            amount = Decimal(str(body.get("amount")))
        except ArithmeticError:
            raise ApiError("400100", "Parameter [amount] is invalid") from None
        if not body.get("toAddress"):
            raise ApiError("400100", "Parameter [toAddress] is required")
        if not chain.withdraw_enabled:
            raise ApiError("260210", "Withdrawal of this currency is suspended")
        if amount < Decimal(chain.withdraw_min):
            raise ApiError("400100", "Withdrawal amount is below the minimum requirement.")
        fee = Decimal(chain.withdraw_fee)
        internal = str(body.get("feeDeductType") or "INTERNAL").upper() != "EXTERNAL"
        total = amount + fee if internal else amount
        accounts = self.sim.accounts
        with accounts.lock:
            acc = accounts.account("main", currency)
            if not accounts.hold(acc, total):
                raise ApiError("200004", "Balance insufficient!")
            t = Transfer(hex_id(self.sim.seed, "withdrawal", len(self.withdrawals)), currency, chain.chain_id,
                         str(body["toAddress"]), str(body.get("memo") or ""),
                         amount if internal else amount - fee, fee, "PROCESSING", now_ms, now_ms,
                         str(body.get("remark") or ""), self.sim.market.steps)
            self.withdrawals.append(t)
            return t

    def settle(self, now_ms: int) -> None:
        """PROCESSING withdrawals created before the current market step become SUCCESS."""
        accounts = self.sim.accounts
        with accounts.lock:
            for t in self.withdrawals:
                if t.status == "PROCESSING" and self.sim.market.steps > t.step:
                    acc = accounts.account("main", t.currency)
                    accounts.release(acc, t.amount + t.fee)
                    accounts.credit(acc, -(t.amount + t.fee), "WITHDRAW", now_ms, fee=t.fee)
                    t.status, t.updated_at = "SUCCESS", now_ms

    def cancel(self, withdrawal_id: str, now_ms: int) -> None:
        self.settle(now_ms)
        with self.sim.accounts.lock:
            for t in self.withdrawals:
                if t.id == withdrawal_id:
                    if t.status != "PROCESSING":
                        raise ApiError("260100", "The withdrawal cannot be cancelled")
                    self.sim.accounts.release(self.sim.accounts.account("main", t.currency), t.amount + t.fee)
                    t.status, t.updated_at = "FAILURE", now_ms
                    return
        raise ApiError("400100", "withdrawal not exists")

    def quotas(self, currency: str, chain: str | None) -> dict[str, Any]:
        c = self._chain(currency, chain)
        avail = self.sim.accounts.account("main", currency).available
        fee = Decimal(c.withdraw_fee)
        can = max(avail - fee, Decimal(0))
        return {"currency": currency, "limitBTCAmount": "100", "usedBTCAmount": "0", "quotaCurrency": "USDT",
                "limitQuotaCurrencyAmount": "999999", "usedQuotaCurrencyAmount": "0", "remainAmount": "100",
                "availableAmount": text(can), "withdrawMinFee": c.withdraw_fee, "innerWithdrawMinFee": "0",
                "withdrawMinSize": c.withdraw_min, "isWithdrawEnabled": c.withdraw_enabled, "precision": 8,
                "chain": c.name, "reason": None, "lockedAmount": "0"}


def hash_memo(currency: str, chain: str) -> int:
    return 2_000_000_000 + int(hex_id("memo", currency, chain, length=8), 16) % 99_999_999
