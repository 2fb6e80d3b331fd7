"""Futures host: positions, leverage, margin mode, isolated margin, risk limits, private funding history.

Layer: simulator (exchange side). Rule: the state is ``ctx.sim.futures_desk``; shapes follow
``openapi-futures-positions.json`` and ``openapi-futures-fundingfees.json``. GET /api/v1/position answers
a closed position (``isOpen`` false, zeros) for a contract without one; GET /api/v1/positions lists the
open ones. The margin mode (default ISOLATED) and the cross leverage (default 5) are per contract and
cannot change while the contract has an open order or position (``400100 exist.order.or.position``; the
batch endpoint's example shows that message). Risk limits: one table per contract derived from its
maximum leverage (``futures_risk.risk_levels``); isolated positions start at level 1 and opening orders
beyond the level are refused (400760). Funding history: ``startAt``/``endAt``, newest first
(``reverse``), ``maxCount`` (default 100).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..futures_orders import ACCOUNT, TAKER_FEE
from ..futures_positions import ZERO, money, value
from ..futures_risk import risk_levels
from ..routing import ApiError, Context, Router

__all__ = ["register"]

# Keys of the official example of POST /api/v1/position/margin/deposit-margin (an older position shape).
_DEPOSIT_KEYS = ("id", "symbol", "autoDeposit", "maintMarginReq", "riskLimit", "realLeverage", "crossMode",
                 "delevPercentage", "openingTimestamp", "currentTimestamp", "currentQty", "currentCost",
                 "currentComm", "unrealisedCost", "realisedGrossCost", "realisedCost", "isOpen", "markPrice",
                 "markValue", "posCost", "posCross", "posInit", "posComm", "posLoss", "posMargin", "posMaint",
                 "maintMargin", "realisedGrossPnl", "realisedPnl", "unrealisedPnl", "unrealisedPnlPcnt",
                 "unrealisedRoePcnt", "avgEntryPrice", "liquidationPrice", "bankruptPrice", "userId",
                 "settleCurrency")


def _symbol(ctx: Context, value: Any = None) -> str:
    symbol = str(value if value is not None else ctx.params.get("symbol") or "")
    if not symbol:
        raise ApiError("400100", "Parameter [symbol] is required")
    if symbol not in ctx.sim.futures.by_symbol:
        raise ApiError("300000", "Contract does not exist")
    return symbol


def _body(ctx: Context) -> dict[str, Any]:
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    return body


def _positive(value: Any, name: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApiError("400100", f"Parameter [{name}] is invalid") from None
    if not d.is_finite() or d <= 0:
        raise ApiError("400100", f"Parameter [{name}] must be positive")
    return d


def position(ctx: Context) -> dict[str, Any]:
    symbol = _symbol(ctx)
    desk = ctx.sim.futures_desk
    with desk.lock:
        return desk.position_json(desk.position(symbol), now_ms=ctx.now_ms)


def positions(ctx: Context) -> list[dict[str, Any]]:
    currency = ctx.params.get("currency") or ""
    desk = ctx.sim.futures_desk
    with desk.lock:
        return [desk.position_json(p, listing=True, now_ms=ctx.now_ms) for p in desk.positions.values()
                if p.qty and (not currency or p.contract.settle == currency)]


def history_positions(ctx: Context) -> dict[str, Any]:
    p = ctx.params
    try:
        start, end = int(p.get("from") or 0), int(p.get("to") or 0)
        limit = max(1, min(int(p.get("limit") or 10), 200))
        page_id = max(1, int(p.get("pageId") or 1))
    except ValueError:
        raise ApiError("400100", "Parameter [from]/[to]/[limit]/[pageId] is invalid") from None
    symbol = _symbol(ctx) if p.get("symbol") else ""
    with ctx.sim.futures_desk.lock:
        rows = [r for r in reversed(ctx.sim.futures_desk.history) if (not symbol or r["symbol"] == symbol)
                and (not start or r["closeTime"] >= start) and (not end or r["closeTime"] <= end)]
    return {"currentPage": page_id, "pageSize": limit, "totalNum": len(rows), "totalPage": -(-len(rows) // limit),
            "items": rows[(page_id - 1) * limit: page_id * limit]}


def _unlocked(ctx: Context, symbol: str) -> None:
    if ctx.sim.futures_desk.has_exposure(symbol):
        raise ApiError("400100", "exist.order.or.position")


def get_cross_leverage(ctx: Context) -> dict[str, str]:
    symbol = _symbol(ctx)
    return {"symbol": symbol, "leverage": format(ctx.sim.futures_desk.leverage(symbol), "f")}


def change_cross_leverage(ctx: Context) -> bool:
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    leverage = _positive(body.get("leverage"), "leverage")
    if leverage > ctx.sim.futures.by_symbol[symbol].max_leverage or leverage != leverage.to_integral_value():
        raise ApiError("400100", "Parameter [leverage] must be a whole number up to the contract's maximum")
    desk = ctx.sim.futures_desk
    with desk.lock:
        _unlocked(ctx, symbol)
        desk.cross_leverage[symbol] = leverage
    return True


def get_margin_mode(ctx: Context) -> dict[str, str]:
    symbol = _symbol(ctx)
    return {"symbol": symbol, "marginMode": ctx.sim.futures_desk.margin_mode(symbol)}


def change_margin_mode(ctx: Context) -> dict[str, str]:
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    mode = str(body.get("marginMode") or "").upper()
    if mode not in ("ISOLATED", "CROSS"):
        raise ApiError("400100", "Parameter [marginMode] must be ISOLATED or CROSS")
    desk = ctx.sim.futures_desk
    with desk.lock:
        if mode != desk.margin_mode(symbol):
            _unlocked(ctx, symbol)
            desk.margin_modes[symbol] = mode
            desk.position(symbol).margin_mode = mode
    return {"symbol": symbol, "marginMode": mode}


def batch_change_margin_mode(ctx: Context) -> dict[str, Any]:
    """POST /api/v2/position/batchChangeMarginMode: each symbol switches or reports why not."""
    body = _body(ctx)
    mode = str(body.get("marginMode") or "").upper()
    symbols = body.get("symbols")
    if mode not in ("ISOLATED", "CROSS") or not isinstance(symbols, list) or not symbols:
        raise ApiError("400100", "Parameters [marginMode] and [symbols] are required")
    desk = ctx.sim.futures_desk
    modes: dict[str, str] = {}
    errors = []
    with desk.lock:
        for symbol in map(str, symbols):
            if symbol not in ctx.sim.futures.by_symbol:
                errors.append({"code": "300000", "msg": "Contract does not exist", "symbol": symbol})
            elif mode != desk.margin_mode(symbol) and desk.has_exposure(symbol):
                errors.append({"code": "400100", "msg": "exist.order.or.position", "symbol": symbol})
                modes[symbol] = desk.margin_mode(symbol)
            else:
                desk.margin_modes[symbol] = mode
                desk.position(symbol).margin_mode = mode
                modes[symbol] = mode
    return {"marginMode": modes, "errors": errors}


def _isolated_position(ctx: Context, symbol: str) -> Any:
    pos = ctx.sim.futures_desk.positions.get(symbol)
    if pos is None or not pos.qty:
        raise ApiError("300009", "No open positions to close.")
    if pos.margin_mode != "ISOLATED":
        raise ApiError("400100", "Margin can only be added to or removed from isolated positions")
    return pos


def deposit_margin(ctx: Context) -> dict[str, Any]:
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    amount = _positive(body.get("margin"), "margin")
    desk = ctx.sim.futures_desk
    with desk.lock:
        pos = _isolated_position(ctx, symbol)
        acc = ctx.sim.accounts.account(ACCOUNT, pos.contract.settle)
        if not ctx.sim.accounts.hold(acc, amount):
            raise ApiError("300003", "Balance insufficient")
        pos.margin += amount
        full = desk.position_json(pos, now_ms=ctx.now_ms)
        desk.balance_changed(pos.contract.settle)
    full["userId"] = int(ctx.sim.keys.uid)
    return {k: full[k] for k in _DEPOSIT_KEYS}


def withdraw_margin(ctx: Context) -> str:
    """Margin above the initial margin ``cost / leverage`` may be withdrawn."""
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    amount = _positive(body.get("withdrawAmount"), "withdrawAmount")
    desk = ctx.sim.futures_desk
    with desk.lock:
        pos = _isolated_position(ctx, symbol)
        spare = pos.margin - money(pos.cost / pos.leverage)
        if amount > spare:
            raise ApiError("300003", "The margin to withdraw is above the withdrawable margin")
        pos.margin -= amount
        ctx.sim.accounts.release(ctx.sim.accounts.account(ACCOUNT, pos.contract.settle), amount)
        desk.balance_changed(pos.contract.settle)
    return format(amount, "f")


def max_withdraw_margin(ctx: Context) -> str:
    symbol = _symbol(ctx)
    desk = ctx.sim.futures_desk
    with desk.lock:
        pos = _isolated_position(ctx, symbol)
        return format(max(pos.margin - money(pos.cost / pos.leverage), ZERO), "f")


def auto_deposit(ctx: Context) -> bool:
    """POST /api/v1/position/margin/auto-deposit-status: the flag is kept and shown, not acted on."""
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    status = body.get("status")
    if not isinstance(status, bool):
        raise ApiError("400100", "Parameter [status] must be true or false")
    with ctx.sim.futures_desk.lock:
        _isolated_position(ctx, symbol).auto_deposit = status
    return True


def max_open_size(ctx: Context) -> dict[str, Any]:
    """GET /api/v2/getMaxOpenSize: whole lots the available balance opens at ``price`` and ``leverage``
    (initial margin plus taker fee per lot, as an order holds)."""
    symbol = _symbol(ctx)
    price = _positive(ctx.params.get("price"), "price")
    leverage = _positive(ctx.params.get("leverage"), "leverage")
    desk = ctx.sim.futures_desk
    contract = ctx.sim.futures.by_symbol[symbol]
    one = value(contract, price, 1)
    per_lot = one / leverage + one * TAKER_FEE
    with desk.lock:
        available = ctx.sim.accounts.account(ACCOUNT, contract.settle).available
    lots = int(max(available, ZERO) // per_lot) if per_lot > 0 else 0
    if desk.margin_mode(symbol) == "ISOLATED":  # and within the position's risk-limit level
        pos = desk.position(symbol)
        room = int(risk_levels(contract)[pos.risk_level - 1]["maxRiskLimit"] // one) if one > 0 else 0
        return {"symbol": symbol, "maxBuyOpenSize": max(0, min(lots, room - pos.qty)),
                "maxSellOpenSize": max(0, min(lots, room + pos.qty))}
    return {"symbol": symbol, "maxBuyOpenSize": lots, "maxSellOpenSize": lots}


def risk_limit(ctx: Context) -> list[dict[str, Any]]:
    return risk_levels(ctx.sim.futures.by_symbol[_symbol(ctx, ctx.path_params["symbol"])])


def change_risk_level(ctx: Context) -> bool:
    """POST /api/v1/position/risk-limit-level/change: the isolated position's level (1 to the table's last)."""
    body = _body(ctx)
    symbol = _symbol(ctx, body.get("symbol"))
    level = body.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or \
            not 1 <= level <= len(risk_levels(ctx.sim.futures.by_symbol[symbol])):
        raise ApiError("400100", "Parameter [level] is not a risk-limit level of the contract")
    desk = ctx.sim.futures_desk
    with desk.lock:
        if desk.margin_mode(symbol) != "ISOLATED":
            raise ApiError("400100", "Risk-limit levels apply to isolated positions")
        desk.position(symbol).risk_level = level
    return True


def funding_history(ctx: Context) -> dict[str, Any]:
    p = ctx.params
    symbol = _symbol(ctx)
    try:
        start, end = int(p.get("startAt") or 0), int(p.get("endAt") or 0)
        limit = max(1, min(int(p.get("maxCount") or 100), 1000))
    except ValueError:
        raise ApiError("400100", "Parameter [startAt]/[endAt]/[maxCount] is invalid") from None
    newest_first = (p.get("reverse") or "true").lower() != "false"
    with ctx.sim.futures_desk.lock:
        rows = [r for r in ctx.sim.futures_desk.funding_rows if r["symbol"] == symbol
                and (not start or r["timePoint"] >= start) and (not end or r["timePoint"] <= end)]
    if newest_first:
        rows.reverse()
    return {"dataList": rows[:limit], "hasMore": len(rows) > limit}


def register(router: Router) -> None:
    """Pools/weights from openapi-futures-positions.json and openapi-futures-fundingfees.json."""
    add = router.add
    add("GET", "/api/v1/position", position, pool="Futures", weight=2, private=True)
    add("GET", "/api/v1/positions", positions, pool="Futures", weight=2, private=True)
    add("GET", "/api/v1/history-positions", history_positions, pool="Futures", weight=2, private=True)
    add("GET", "/api/v2/getCrossUserLeverage", get_cross_leverage, pool="Futures", weight=2, private=True)
    add("POST", "/api/v2/changeCrossUserLeverage", change_cross_leverage, pool="Futures", weight=2, private=True)
    add("GET", "/api/v2/position/getMarginMode", get_margin_mode, pool="Futures", weight=2, private=True)
    add("POST", "/api/v2/position/batchChangeMarginMode", batch_change_margin_mode, pool="Futures", weight=2,
        private=True)
    add("POST", "/api/v2/position/changeMarginMode", change_margin_mode, pool="Futures", weight=2, private=True)
    add("POST", "/api/v1/position/margin/deposit-margin", deposit_margin, pool="Futures", weight=4, private=True)
    add("POST", "/api/v1/margin/withdrawMargin", withdraw_margin, pool="Futures", weight=10, private=True)
    add("GET", "/api/v1/margin/maxWithdrawMargin", max_withdraw_margin, pool="Futures", weight=10, private=True)
    add("POST", "/api/v1/position/margin/auto-deposit-status", auto_deposit, pool="Futures", weight=4, private=True)
    add("GET", "/api/v2/getMaxOpenSize", max_open_size, pool="Futures", weight=2, private=True)
    add("GET", "/api/v1/contracts/risk-limit/{symbol}", risk_limit, pool="Public", weight=5)
    add("POST", "/api/v1/position/risk-limit-level/change", change_risk_level, pool="Futures", weight=5,
        private=True)
    add("GET", "/api/v1/funding-history", funding_history, pool="Futures", weight=5, private=True)
