"""Cross and isolated margin: liabilities, borrow and repay records, interest, account summaries.

Layer: simulator (exchange side). Rule: the cross margin account is the ``margin`` account type and an
isolated one ``isolated:<symbol>``; borrowing credits it and records a liability; repaying pays interest
first, then principal. Interest: ``dayRatio`` 0.000296 (the official example) per day, charged per started
hour since the borrow at repay time. Ledger ``bizType`` of a borrow / repay: MARGIN_BORROW / MARGIN_REPAY
(an assumption: the spec lists no value for them). Shapes: https://www.kucoin.com/docs-new/api-3470206 (borrow),
https://www.kucoin.com/docs-new/api-3470210 (repay), https://www.kucoin.com/docs-new/api-3470129
(cross accounts), https://www.kucoin.com/docs-new/api-3470130 (isolated accounts).
"""
from __future__ import annotations

from decimal import ROUND_UP, Decimal
from typing import TYPE_CHECKING, Any

from .accounts import text
from .routing import ApiError
from .wire import hex_id

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["MarginBook", "DAY_RATIO", "MAX_BORROW"]

DAY_RATIO = Decimal("0.000296")
MAX_BORROW = {"USDT": Decimal(100000), "USDC": Decimal(100000), "BTC": Decimal(2), "ETH": Decimal(40)}
HOUR_MS = 3_600_000
EIGHT = Decimal("0.00000001")


class MarginBook:
    def __init__(self, sim: "Simulator") -> None:
        self.sim = sim
        self.principal: dict[tuple[str, str], Decimal] = {}
        self.since: dict[tuple[str, str], int] = {}
        self.borrows: list[dict[str, Any]] = []
        self.repays: list[dict[str, Any]] = []
        self.interest: list[dict[str, Any]] = []
        self.last_borrow: Decimal = Decimal(0)
        sim.engine.borrow = self._auto_borrow

    @staticmethod
    def account_type(isolated: bool, symbol: str | None) -> str:
        if not isolated:
            return "margin"
        if not symbol:
            raise ApiError("400100", "Parameter [symbol] is required for isolated margin")
        return "isolated:" + symbol

    def max_borrow(self, acc_type: str, currency: str) -> Decimal:
        cap = MAX_BORROW.get(currency, Decimal(1000))
        return max(cap - self.principal.get((acc_type, currency), Decimal(0)), Decimal(0))

    def _check_symbol(self, acc_type: str, currency: str) -> None:
        if currency not in self.sim.universe.by_currency:
            raise ApiError("400100", "Currency not supported")
        if acc_type.startswith("isolated:"):
            spec = self.sim.universe.by_symbol.get(acc_type.split(":", 1)[1])
            if spec is None or not spec.margin or currency not in (spec.base, spec.quote):
                raise ApiError("400100", "Unsupported isolated margin pair or currency")

    def borrow(self, acc_type: str, currency: str, size: Decimal, now_ms: int) -> dict[str, Any]:
        self._check_symbol(acc_type, currency)
        if size <= 0 or size > self.max_borrow(acc_type, currency):
            raise ApiError("130203", "Insufficient borrowable amount")
        accounts = self.sim.accounts
        with accounts.lock:
            key = (acc_type, currency)
            self.principal[key] = self.principal.get(key, Decimal(0)) + size
            self.since.setdefault(key, now_ms)
            accounts.credit(accounts.account(acc_type, currency), size, "MARGIN_BORROW", now_ms)
            row = {"orderNo": hex_id(self.sim.seed, "borrow", len(self.borrows)),
                   "symbol": acc_type.split(":", 1)[1] if ":" in acc_type else None, "currency": currency,
                   "size": text(size), "actualSize": text(size), "status": "SUCCESS", "createdTime": now_ms}
            self.borrows.append(row)
            return row

    def _auto_borrow(self, acc_type: str, currency: str, short: Decimal, now_ms: int) -> bool:
        if acc_type != "margin" and not acc_type.startswith("isolated:"):
            return False
        try:
            self.borrow(acc_type, currency, short, now_ms)
        except ApiError:
            return False
        self.last_borrow = short
        return True

    def accrued(self, key: tuple[str, str], now_ms: int) -> Decimal:
        p = self.principal.get(key, Decimal(0))
        if not p:
            return Decimal(0)
        hours = max(1, -(-(now_ms - self.since.get(key, now_ms)) // HOUR_MS))
        return (p * DAY_RATIO * hours / 24).quantize(EIGHT, ROUND_UP)

    def repay(self, acc_type: str, currency: str, size: Decimal, now_ms: int) -> dict[str, Any]:
        self._check_symbol(acc_type, currency)
        key = (acc_type, currency)
        accounts = self.sim.accounts
        with accounts.lock:
            principal = self.principal.get(key, Decimal(0))
            if not principal:
                raise ApiError("400100", "No liability to repay")
            interest = self.accrued(key, now_ms)
            acc = accounts.account(acc_type, currency)
            pay = min(size, principal + interest)
            if pay <= 0 or acc.available < pay:
                raise ApiError("200004", "Balance insufficient!")
            paid_interest = min(pay, interest)
            paid_principal = pay - paid_interest
            accounts.credit(acc, -pay, "MARGIN_REPAY", now_ms)
            self.principal[key] = principal - paid_principal
            if not self.principal[key]:
                self.principal.pop(key)
                self.since.pop(key, None)
            else:
                self.since[key] = now_ms
            if paid_interest:
                self.interest.append({"currency": currency, "dayRatio": text(DAY_RATIO),
                                      "interestAmount": text(paid_interest), "createdTime": now_ms,
                                      "_acc": acc_type})
            row = {"orderNo": hex_id(self.sim.seed, "repay", len(self.repays)),
                   "symbol": acc_type.split(":", 1)[1] if ":" in acc_type else None, "currency": currency,
                   "size": text(pay), "principal": text(paid_principal), "interest": text(paid_interest),
                   "status": "SUCCESS", "createdTime": now_ms}
            self.repays.append(row)
            return row

    # ---- summaries ---------------------------------------------------------------------------
    def _value(self, currency: str, amount: Decimal, quote: str) -> Decimal:
        if currency == quote or not amount:
            return amount
        last = self.sim.market.last_price(f"{currency}-{quote}")
        if last is not None:
            return amount * last
        inv = self.sim.market.last_price(f"{quote}-{currency}")
        return amount / inv if inv else Decimal(0)

    def _asset(self, acc_type: str, currency: str, now_ms: int) -> dict[str, Any]:
        acc = self.sim.accounts.account(acc_type, currency)
        key = (acc_type, currency)
        p, i = self.principal.get(key, Decimal(0)), self.accrued(key, now_ms)
        return {"currency": currency, "total": text(acc.balance), "available": text(acc.available),
                "hold": text(acc.holds), "liability": text(p + i), "liabilityPrincipal": text(p),
                "liabilityInterest": text(i), "maxBorrowSize": text(self.max_borrow(acc_type, currency)),
                "borrowEnabled": True, "transferInEnabled": True}

    def cross(self, quote: str, now_ms: int) -> dict[str, Any]:
        with self.sim.accounts.lock:
            rows = [a for a in self.sim.accounts.all() if a.type == "margin"]
            currencies = [a.currency for a in rows] + [c for (t, c) in self.principal if t == "margin"]
            currencies = list(dict.fromkeys(currencies))
            assets = [self._asset("margin", c, now_ms) for c in currencies]
            total = sum((self._value(c, self.sim.accounts.account("margin", c).balance, quote)
                         for c in currencies), Decimal(0))
            debt = sum((self._value(c, Decimal(a["liability"]), quote) for c, a in zip(currencies, assets)),
                       Decimal(0))
        ratio = (debt / total).quantize(Decimal("0.0001")) if total else Decimal(0)
        return {"totalAssetOfQuoteCurrency": text(total.quantize(EIGHT)),
                "totalLiabilityOfQuoteCurrency": text(debt.quantize(EIGHT)), "debtRatio": text(ratio),
                "status": "EFFECTIVE", "accounts": assets}

    def isolated(self, symbol: str | None, quote: str, now_ms: int) -> dict[str, Any]:
        out, total, debt = [], Decimal(0), Decimal(0)
        with self.sim.accounts.lock:
            symbols = sorted({a.type.split(":", 1)[1] for a in self.sim.accounts.all()
                              if a.type.startswith("isolated:")})
            for sym in symbols:
                if symbol and sym != symbol:
                    continue
                spec = self.sim.universe.by_symbol[sym]
                acc_type = "isolated:" + sym
                base, qa = self._asset(acc_type, spec.base, now_ms), self._asset(acc_type, spec.quote, now_ms)
                a_val = sum((self._value(x["currency"], Decimal(x["total"]), quote) for x in (base, qa)), Decimal(0))
                d_val = sum((self._value(x["currency"], Decimal(x["liability"]), quote) for x in (base, qa)),
                            Decimal(0))
                total, debt = total + a_val, debt + d_val
                ratio = (d_val / a_val).quantize(Decimal("0.0001")) if a_val else Decimal(0)
                out.append({"symbol": sym, "status": "EFFECTIVE", "debtRatio": text(ratio),
                            "baseAsset": base, "quoteAsset": qa})
        return {"totalAssetOfQuoteCurrency": text(total.quantize(EIGHT)),
                "totalLiabilityOfQuoteCurrency": text(debt.quantize(EIGHT)), "timestamp": now_ms, "assets": out}
