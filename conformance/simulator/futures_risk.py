"""Futures risk: cross equity, liquidation (isolated and cross) and funding settlement of the desk.

Layer: simulator (exchange side). Rule: functions over a ``futures_trading.FuturesDesk``, called under its
lock; the models are documented in :mod:`.futures_positions` (margin, liquidation, cross margin) and
:mod:`.futures_trading` (funding: ``-side * rate * value(mark)`` once per period on open perpetual
positions, longs pay a positive rate).
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping

from .futures_market import FUNDING_MS
from .futures_orders import ACCOUNT
from .futures_positions import ZERO, Position, money, value

if TYPE_CHECKING:  # pragma: no cover
    from .futures_trading import FuturesDesk

__all__ = ["cross_positions", "cross_equity", "cross_cover", "liquidate_if_due", "settle_funding"]


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
