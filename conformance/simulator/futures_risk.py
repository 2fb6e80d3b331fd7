"""Futures risk: cross equity, liquidation (isolated and cross) and funding settlement of the desk.

Layer: simulator (exchange side). Rule: functions over a ``futures_trading.FuturesDesk``, called under its
lock; the models are documented in :mod:`.futures_positions` (margin, liquidation, cross margin) and
:mod:`.futures_trading` (funding: ``-side * rate * value(mark)`` once per period on open perpetual
positions, longs pay a positive rate).
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping

from .futures_market import FUNDING_MS, Contract
from .futures_orders import ACCOUNT
from .futures_positions import ZERO, Position, money, value
from .routing import ApiError

if TYPE_CHECKING:  # pragma: no cover
    from .futures_trading import FuturesDesk

__all__ = ["cross_positions", "cross_equity", "cross_cover", "liquidate_if_due", "settle_funding", "risk_levels",
           "check_risk_limit", "RISK_STEP"]

RISK_STEP = 100000  # each isolated risk-limit level adds this much position value (settle currency)


def risk_levels(contract: Contract) -> list[dict[str, Any]]:
    """GET /api/v1/contracts/risk-limit/{symbol} rows: level n allows a position value up to n * RISK_STEP
    at a maximum leverage halving from the contract's maximum (at most 10 levels); the simulator's
    maintenance rate stays the contract's ``maintainMargin`` (0.004) at every level."""
    rows, lev, level = [], contract.max_leverage, 1
    while lev >= 1 and level <= 10:
        im = (Decimal(1) / lev).quantize(Decimal("0.0001"))
        rows.append({"symbol": contract.symbol, "level": level, "maxRiskLimit": RISK_STEP * level,
                     "minRiskLimit": RISK_STEP * (level - 1), "maxLeverage": lev, "initialMargin": float(im),
                     "maintainMargin": float(im / 2)})
        lev, level = lev // 2 if lev > 1 else 0, level + 1
    return rows


def check_risk_limit(desk: "FuturesDesk", contract: Contract, side: str, lots: int, price: Decimal,
                     leverage: Decimal, level: int) -> None:
    """An isolated opening order must keep the position value (at ``price``) within the position's
    risk-limit level, at a leverage the level allows: 400760 otherwise, before anything is held."""
    row = risk_levels(contract)[level - 1]
    pos = desk.positions.get(contract.symbol)
    after = abs((pos.qty if pos else 0) + (lots if side == "buy" else -lots))
    if value(contract, price, after) > row["maxRiskLimit"] or leverage > row["maxLeverage"]:
        raise ApiError("400760", f"Exceeds the risk limit of level {level}: position value up to "
                                 f"{row['maxRiskLimit']} at leverage up to {row['maxLeverage']}")


def cross_positions(desk: "FuturesDesk", currency: str) -> list[Position]:
    return [p for p in desk.positions.values() if p.qty and p.margin_mode == "CROSS" and p.contract.settle == currency]


def _free(desk: "FuturesDesk", currency: str) -> Decimal:
    """Wallet balance - isolated position margins - order margins (what backs the cross positions)."""
    acc = desk.accounts.account(ACCOUNT, currency)
    return acc.balance - acc.holds + sum((p.margin for p in cross_positions(desk, currency)), ZERO)


def cross_equity(desk: "FuturesDesk", currency: str, marks: Mapping[str, Decimal] | None = None) -> Decimal:
    marks = marks or {}
    return _free(desk, currency) + sum((p.pnl(marks.get(p.contract.symbol) or desk.mark(p.contract.symbol))
                                        for p in cross_positions(desk, currency)), ZERO)


def cross_cover(desk: "FuturesDesk", pos: Position) -> Decimal:
    """What backs one cross position for its liquidation price: the cross equity without its own PnL, less
    the other cross positions' maintenance margin (their marks taken as fixed)."""
    others = [p for p in cross_positions(desk, pos.contract.settle) if p is not pos]
    marks = {p.contract.symbol: desk.mark(p.contract.symbol) for p in others}
    return _free(desk, pos.contract.settle) + sum((p.pnl(marks[p.contract.symbol]) -
                                                   p.maintenance(marks[p.contract.symbol]) for p in others), ZERO)


def liquidate_if_due(desk: "FuturesDesk", symbol: str, mark: Decimal, now_ms: int) -> list[Position]:
    """Liquidate the position of ``symbol`` (isolated) or every cross position of its settle currency
    (cross) when the margin behind it ran out at ``mark``; returns the positions closed."""
    pos = desk.positions.get(symbol)
    if pos is None or not pos.qty:
        return []
    if pos.margin_mode == "ISOLATED":
        if not pos.liquidated_at(mark):
            return []
        _close(desk, pos, mark, now_ms, whole_margin=True)
        return [pos]
    currency = pos.contract.settle
    marks = {symbol: mark}
    crossed = cross_positions(desk, currency)
    maintenance = sum((p.maintenance(marks.get(p.contract.symbol) or desk.mark(p.contract.symbol))
                       for p in crossed), ZERO)
    if cross_equity(desk, currency, marks) > maintenance:
        return []
    for p in crossed:
        _close(desk, p, marks.get(p.contract.symbol) or desk.mark(p.contract.symbol), now_ms, whole_margin=False)
    acc = desk.accounts.account(ACCOUNT, currency)
    if acc.balance < 0:  # the insurance fund takes the rest
        desk.accounts.credit(acc, -acc.balance, "RealisedPNL", now_ms, {"symbol": symbol, "insurance": True})
    return crossed


def _close(desk: "FuturesDesk", pos: Position, mark: Decimal, now_ms: int, whole_margin: bool) -> None:
    acc = desk.accounts.account(ACCOUNT, pos.contract.settle)
    for o in [o for o in desk.orders() if o.active and o.spec.symbol == pos.contract.symbol]:
        desk.engine.cancel(o, now_ms)
    side, entry, opened, lots = pos.side, pos.entry_price(), pos.opened_at, abs(pos.qty)
    pnl, released = pos.close(mark, lots)
    loss = -released if whole_margin else pnl
    pos.realised_gross += loss - pnl  # isolated: the loss is the whole margin, whatever the mark says
    desk.accounts.release(acc, released)
    desk.accounts.credit(acc, loss, "RealisedPNL", now_ms, {"symbol": pos.contract.symbol})
    desk.record_close(pos, "LIQUID_LONG" if side > 0 else "LIQUID_SHORT", entry, mark, opened, now_ms, side, lots)


def settle_funding(desk: "FuturesDesk", period: int, now_ms: int) -> list[dict[str, Any]]:
    """Settle funding ``period`` on every open perpetual position; returns the funding-history rows."""
    rows = []
    for pos in desk.positions.values():
        c = pos.contract
        if not pos.qty or c.expiry_ms is not None:
            continue
        rate = desk.futures.settled_rate(c.symbol, period)
        mark = desk.mark(c.symbol)
        worth = value(c, mark, abs(pos.qty))
        amount = money(-pos.side * rate * worth)
        pos.funding += amount
        acc = desk.accounts.account(ACCOUNT, c.settle)
        desk.accounts.credit(acc, amount, "RealisedPNL", now_ms, {"symbol": c.symbol, "funding": True})
        row = {"id": desk.next_funding_id(), "symbol": c.symbol, "timePoint": period * FUNDING_MS,
               "fundingRate": float(rate), "markPrice": float(mark), "positionQty": pos.qty,
               "positionCost": float(worth), "funding": float(amount), "settleCurrency": c.settle,
               "context": '{"marginMode": "%s", "positionSide": "BOTH"}' % pos.margin_mode,
               "marginMode": pos.margin_mode}
        desk.funding_rows.append(row)
        rows.append(row)
    return rows
