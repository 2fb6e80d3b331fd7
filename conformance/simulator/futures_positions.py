"""Futures positions: one-way (``positionSide`` BOTH) positions per contract, their money and their shapes.

Layer: simulator (exchange side). Rule: quantities are signed integer lots (long > 0); money is
``Decimal`` in the settle currency, rounded to 8 decimals (``money``) where a division makes it inexact.
A contract's value at price ``p`` for ``n`` lots is ``p * n * multiplier`` (linear, in the quote) or
``n * |multiplier| / p`` (inverse, in the coin); ``cost`` is the value at the entry prices, so the average
entry price is ``cost / (n * multiplier)`` (linear) or ``n * |multiplier| / cost`` (inverse, the
harmonic mean). Closing ``k`` of ``n`` lots realises ``side * sense * (value(exit, k) - cost * k / n)``
where ``sense`` is +1 linear and -1 inverse. Shapes: GET /api/v1/position (isolated keys, the official
example) and GET /api/v1/positions (cross keys, its first example), /api/v1/history-positions.

Simple documented models (the simulator's, not KuCoin's formulas):

* margin: a position holds ``cost / leverage`` (plus margin added by deposit-margin, minus margin
  withdrawn) in both modes; unrealised PnL of isolated positions does not change the available balance;
* maintenance margin: ``value(mark) * maintainMargin`` (the contract's 0.004, risk-limit level 1);
* isolated liquidation: when ``margin + unrealisedPnl <= maintenance`` on the mark price, the position is
  closed at the mark price by the exchange and its whole margin is lost (the loss is capped at the margin,
  the rest goes to the insurance fund); the liquidation price solves that equation and the bankruptcy
  price solves it with a zero maintenance rate;
* cross margin: the cross positions of a settle currency share its "cross equity" = wallet balance -
  isolated position margins - order margins + the cross positions' unrealised PnL; unrealised losses of
  cross positions reduce the available balance; when the cross equity <= the cross positions' maintenance
  margin, every cross position of that currency is closed at its mark price (the realised loss is capped
  at the wallet balance). A cross position's liquidation price takes the other positions' marks as fixed.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from .futures_market import Contract
from .accounts import text

__all__ = ["Position", "money", "value", "json_number", "ZERO", "MAINT_RATE"]

ZERO = Decimal(0)
EIGHT = Decimal("1e-8")
MAINT_RATE = Decimal("0.004")  # the contracts' maintainMargin (futures_market.contract_item)


def money(d: Decimal) -> Decimal:
    return d.quantize(EIGHT, rounding=ROUND_HALF_EVEN)


def value(c: Contract, price: Decimal, lots: int) -> Decimal:
    """What ``lots`` contracts are worth at ``price``, in the settle currency."""
    mult = abs(Decimal(c.multiplier))
    if c.inverse:
        return money(Decimal(lots) * mult / price) if price else ZERO
    return price * lots * mult


def json_number(d: Decimal | None) -> float | int | None:
    """JSON number as KuCoin Futures sends them (ints when whole)."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


@dataclass
class Position:
    """The state of one contract's position of the account."""

    id: str
    contract: Contract
    margin_mode: str = "ISOLATED"
    leverage: Decimal = Decimal(1)   # the leverage of the last opening order
    qty: int = 0
    cost: Decimal = ZERO             # value at the entry prices (>= 0)
    margin: Decimal = ZERO           # posMargin: held in the account
    realised_gross: Decimal = ZERO   # price PnL realised since the position opened
    fees: Decimal = ZERO             # commissions paid since the position opened
    funding: Decimal = ZERO          # funding received (> 0) or paid (< 0) since the position opened
    opened_at: int = 0
    auto_deposit: bool = False
    risk_level: int = 1              # isolated risk-limit level (futures_risk.risk_levels)

    @property
    def sense(self) -> int:
        return -1 if self.contract.inverse else 1

    @property
    def side(self) -> int:
        return (self.qty > 0) - (self.qty < 0)

    def entry_price(self) -> Decimal:
        if not self.qty or not self.cost:
            return ZERO
        mult = abs(Decimal(self.contract.multiplier))
        n = abs(self.qty)
        raw = n * mult / self.cost if self.contract.inverse else self.cost / (n * mult)
        return raw.quantize(Decimal(1).scaleb(-self.contract.price_dec - 2), rounding=ROUND_HALF_EVEN).normalize()

    def pnl(self, price: Decimal, lots: int | None = None) -> Decimal:
        """PnL of closing ``lots`` (default all) at ``price`` against their share of the cost."""
        n = abs(self.qty)
        k = n if lots is None else lots
        if not n or not k:
            return ZERO
        share = self.cost if k == n else money(self.cost * k / n)
        return money(self.side * self.sense * (value(self.contract, price, k) - share))

    # ---- changes ----------------------------------------------------------------------------------
    def open(self, price: Decimal, lots: int, side: int, margin: Decimal, now_ms: int) -> None:
        if not self.qty:
            self.opened_at = now_ms
            self.realised_gross = self.fees = self.funding = ZERO
        self.qty += side * lots
        self.cost += value(self.contract, price, lots)
        self.margin += margin

    def close(self, price: Decimal, lots: int) -> tuple[Decimal, Decimal]:
        """Close ``lots``; returns (realised PnL, margin released)."""
        n = abs(self.qty)
        pnl = self.pnl(price, lots)
        if lots == n:
            share, released = self.cost, self.margin
        else:
            share, released = money(self.cost * lots / n), money(self.margin * lots / n)
        self.qty -= self.side * lots
        self.cost -= share
        self.margin -= released
        self.realised_gross += pnl
        return pnl, released

    # ---- risk -------------------------------------------------------------------------------------
    def maintenance(self, mark: Decimal) -> Decimal:
        return money(value(self.contract, mark, abs(self.qty)) * MAINT_RATE)

    def liquidated_at(self, mark: Decimal) -> bool:
        return self.margin_mode == "ISOLATED" and bool(self.qty) and \
            self.margin + self.pnl(mark) <= self.maintenance(mark)

    def _price_where(self, rate: Decimal, cover: Decimal | None = None) -> Decimal:
        """The mark price at which ``cover + pnl == value * rate`` (0 when none is positive); ``cover`` is
        what backs the position: its margin (isolated) or the cross equity (``FuturesDesk.cross_cover``)."""
        if not self.qty:
            return ZERO
        n, mult = abs(self.qty), abs(Decimal(self.contract.multiplier))
        m = self.margin if cover is None else cover
        if self.contract.inverse:
            denominator = (self.cost + m) if self.side > 0 else (self.cost - m)
            numerator = n * mult * ((1 + rate) if self.side > 0 else (1 - rate))
        else:
            numerator = (self.cost - m) if self.side > 0 else (self.cost + m)
            denominator = n * mult * ((1 - rate) if self.side > 0 else (1 + rate))
        if denominator <= 0 or numerator <= 0:
            return ZERO
        return (numerator / denominator).quantize(Decimal(1).scaleb(-self.contract.price_dec))

    # ---- shapes -----------------------------------------------------------------------------------
    def to_json(self, mark: Decimal, now_ms: int, listing: bool = False,
                cover: Decimal | None = None) -> dict[str, Any]:
        c = self.contract
        mark_value = self.side * value(c, mark, abs(self.qty)) * self.sense
        cost = self.side * self.cost * self.sense
        upnl = self.pnl(mark)
        init = money(self.cost / self.leverage) if self.qty else ZERO
        realised = self.realised_gross - self.fees + self.funding
        pct = (upnl / self.cost).quantize(Decimal("0.0001")) if self.cost else ZERO
        roe = (upnl / init).quantize(Decimal("0.0001")) if init else ZERO
        maint = self.maintenance(mark)
        real_lev = (self.cost / self.margin).quantize(Decimal("0.01")) if self.margin else ZERO
        out: dict[str, Any] = {
            "id": self.id, "symbol": c.symbol, "crossMode": self.margin_mode == "CROSS", "delevPercentage": 0.0,
            "openingTimestamp": self.opened_at if self.qty else 0, "currentTimestamp": now_ms,
            "currentQty": self.qty, "currentCost": json_number(cost), "currentComm": json_number(self.fees),
            "unrealisedCost": json_number(cost), "realisedGrossCost": json_number(-self.realised_gross),
            "realisedCost": json_number(self.fees - self.funding), "isOpen": bool(self.qty),
            "markPrice": json_number(mark), "markValue": json_number(mark_value), "posCost": json_number(cost),
            "posInit": json_number(init), "posMargin": json_number(self.margin),
            "realisedGrossPnl": json_number(self.realised_gross), "realisedPnl": json_number(realised),
            "unrealisedPnl": json_number(upnl), "unrealisedPnlPcnt": json_number(pct),
            "unrealisedRoePcnt": json_number(roe), "avgEntryPrice": json_number(self.entry_price()),
            "liquidationPrice": json_number(self._price_where(MAINT_RATE, cover)),
            "bankruptPrice": json_number(self._price_where(ZERO, cover)), "settleCurrency": c.settle,
            "isInverse": c.inverse, "marginMode": self.margin_mode, "positionSide": "BOTH",
            "leverage": json_number(self.leverage)}
        if self.margin_mode == "ISOLATED":
            out.update({
                "autoDeposit": self.auto_deposit, "maintMarginReq": float(MAINT_RATE),
                "riskLimit": 100000 * self.risk_level,
                "realLeverage": json_number(real_lev), "posCross": 0, "posCrossMargin": 0, "posComm": 0,
                "posCommCommon": 0, "posLoss": 0, "posFunding": json_number(self.funding),
                "posMaint": json_number(maint),
                "maintMargin": json_number(self.margin + upnl), "maintainMargin": float(MAINT_RATE),
                "riskLimitLevel": self.risk_level})
            if listing:
                out.pop("riskLimitLevel")
            else:
                out.pop("isInverse")
        return out

    def history_json(self, close_id: str, uid: str, kind: str, pnl: Decimal, fees: Decimal, funding: Decimal,
                     open_price: Decimal, close_price: Decimal, opened_at: int, now_ms: int,
                     side: int, lots: int) -> dict[str, Any]:
        """One GET /api/v1/history-positions item (numbers as strings, like the official example)."""
        c = self.contract
        liquid = kind.startswith("LIQUID")
        return {
            "closeId": close_id, "userId": uid, "symbol": c.symbol, "settleCurrency": c.settle,
            "leverage": text(self.leverage), "type": kind, "pnl": text(pnl),
            "realisedGrossCost": text(-(pnl + fees - funding)),
            "realisedGrossCostNew": text(-(pnl + fees - funding)), "withdrawPnl": "0.0",
            "tradeFee": text(fees), "fundingFee": text(funding), "openTime": opened_at,
            "closeTime": now_ms, "openPrice": text(open_price), "closePrice": text(close_price),
            "marginMode": self.margin_mode, "tax": "0.0", "roe": None,
            "liquidAmount": str(lots) if liquid else None,
            "liquidPrice": text(close_price) if liquid else None,
            "side": "LONG" if side > 0 else "SHORT"}
