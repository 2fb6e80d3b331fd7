"""Cross and isolated margin: accounts, borrow/repay and their histories, interest, margin HF orders.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-margin-debit.json``,
``openapi-margin-order.json`` and the margin parts of ``openapi-account-account.json``; margin HF orders
are HF orders with ``tradeType`` MARGIN_TRADE (cross, the ``margin`` account) or MARGIN_ISOLATED_TRADE
(``isolated:<symbol>``) that may borrow the shortfall with ``autoBorrow``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..routing import ApiError, Context, Router
from . import orders as hf
from .account import page

__all__ = ["register"]

MARGIN_TYPES = ("MARGIN_TRADE", "MARGIN_ISOLATED_TRADE")


def _body(ctx: Context) -> dict[str, Any]:
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    return body


def _size(body: dict[str, Any]) -> Decimal:
    try:
        d = Decimal(str(body.get("size")))
    except ArithmeticError:
        raise ApiError("400100", "Parameter [size] is invalid") from None
    if not d.is_finite() or d <= 0:
        raise ApiError("400100", "Parameter [size] must be positive")
    return d


def _acc(ctx: Context, body: dict[str, Any]) -> str:
    iso = body.get("isIsolated") in (True, "true", "True")
    return ctx.sim.margin.account_type(iso, body.get("symbol"))


def borrow(ctx: Context) -> dict[str, str]:
    """POST /api/v3/margin/borrow (https://www.kucoin.com/docs-new/api-3470206)."""
    body = _body(ctx)
    row = ctx.sim.margin.borrow(_acc(ctx, body), str(body.get("currency") or ""), _size(body), ctx.now_ms)
    return {"orderNo": row["orderNo"], "actualSize": row["actualSize"]}


def repay(ctx: Context) -> dict[str, Any]:
    """POST /api/v3/margin/repay (https://www.kucoin.com/docs-new/api-3470210)."""
    body = _body(ctx)
    row = ctx.sim.margin.repay(_acc(ctx, body), str(body.get("currency") or ""), _size(body), ctx.now_ms)
    return {"timestamp": ctx.now_ms, "orderNo": row["orderNo"], "actualSize": row["size"]}


def _history(ctx: Context, rows: list[dict[str, Any]]) -> dict[str, Any]:
    p = ctx.params
    iso = p.get("isIsolated") in ("true", "True")
    keep = []
    for r in reversed(rows):
        acc = r.get("_acc") or ("isolated:" + r["symbol"] if r.get("symbol") else "margin")
        if (p.get("currency") and r["currency"] != p["currency"]) or acc.startswith("isolated:") != iso:
            continue
        if p.get("symbol") and acc != "isolated:" + p["symbol"]:
            continue
        keep.append({k: v for k, v in r.items() if not k.startswith("_")})
    return {"timestamp": ctx.now_ms, **page(ctx, keep)}


def cross_accounts(ctx: Context) -> dict[str, Any]:
    """GET /api/v3/margin/accounts (https://www.kucoin.com/docs-new/api-3470129)."""
    return ctx.sim.margin.cross(ctx.params.get("quoteCurrency") or "USDT", ctx.now_ms)


def isolated_accounts(ctx: Context) -> dict[str, Any]:
    """GET /api/v3/isolated/accounts (https://www.kucoin.com/docs-new/api-3470130)."""
    return ctx.sim.margin.isolated(ctx.params.get("symbol"), ctx.params.get("quoteCurrency") or "USDT",
                                   ctx.now_ms)


def _place(ctx: Context, test: bool) -> dict[str, Any]:
    body = _body(ctx)
    iso = body.get("isIsolated") in (True, "true", "True")
    margin = ctx.sim.margin
    with ctx.sim.engine.lock:
        margin.last_borrow = Decimal(0)
        o = hf.place(ctx, body, account="isolated" if iso else "margin",
                     trade_type="MARGIN_ISOLATED_TRADE" if iso else "MARGIN_TRADE", test=test)
        borrowed = margin.last_borrow
    return {"orderId": o.id, "clientOid": o.client_oid, "borrowSize": format(borrowed, "f") if borrowed else None,
            "loanApplyId": ctx.sim.engine.new_id("loan") if borrowed else None}


def _margin_json(d: dict[str, Any]) -> dict[str, Any]:
    return {**d, "stop": None, "stopTriggered": False, "stopPrice": "0"}


def get_order(ctx: Context) -> dict[str, Any]:
    return _margin_json(hf.get_order(ctx, MARGIN_TYPES))


def cancel(ctx: Context) -> dict[str, str]:
    o = hf.cancel_order(ctx, MARGIN_TYPES)
    return {"clientOid": o.client_oid} if "clientOid" in ctx.path_params else {"orderId": o.id}


def cancel_symbol(ctx: Context) -> str:
    tt = ctx.params.get("tradeType") or "MARGIN_TRADE"
    if tt not in MARGIN_TYPES:
        raise ApiError("400100", "Parameter [tradeType] is invalid")
    return hf.cancel_symbol(ctx, (tt,))


def _types(ctx: Context) -> tuple[str, ...]:
    tt = ctx.params.get("tradeType")
    return (tt,) if tt in MARGIN_TYPES else MARGIN_TYPES


def active(ctx: Context) -> list[dict[str, Any]]:
    return [_margin_json(d) for d in hf.active(ctx, _types(ctx))]


def done(ctx: Context) -> dict[str, Any]:
    out = hf.done(ctx, _types(ctx))
    return {**out, "items": [_margin_json(d) for d in out["items"]]}


def register(router: Router) -> None:
    """Pools/weights from openapi-margin-*.json and openapi-account-account.json."""
    add = router.add
    add("GET", "/api/v3/margin/accounts", cross_accounts, pool="Spot", weight=15, private=True)
    add("GET", "/api/v3/isolated/accounts", isolated_accounts, pool="Spot", weight=15, private=True)
    add("POST", "/api/v3/margin/borrow", borrow, pool="Spot", weight=15, private=True)
    add("POST", "/api/v3/margin/repay", repay, pool="Spot", weight=10, private=True)
    add("GET", "/api/v3/margin/borrow", lambda c: _history(c, c.sim.margin.borrows), pool="Spot", weight=15,
        private=True)
    add("GET", "/api/v3/margin/repay", lambda c: _history(c, c.sim.margin.repays), pool="Spot", weight=15,
        private=True)
    add("GET", "/api/v3/margin/interest", lambda c: _history(c, c.sim.margin.interest), pool="Spot", weight=20,
        private=True)
    add("POST", "/api/v3/hf/margin/order", lambda c: _place(c, False), pool="Spot", weight=2, private=True)
    add("POST", "/api/v3/hf/margin/order/test", lambda c: _place(c, True), pool="Spot", weight=2, private=True)
    add("DELETE", "/api/v3/hf/margin/orders", cancel_symbol, pool="Spot", weight=5, private=True)
    add("GET", "/api/v3/hf/margin/orders/active", active, pool="Spot", weight=4, private=True)
    add("GET", "/api/v3/hf/margin/orders/done", done, pool="Spot", weight=10, private=True)
    add("GET", "/api/v3/hf/margin/fills", lambda c: hf.fills(c, _types(c)), pool="Spot", weight=5, private=True)
    add("DELETE", "/api/v3/hf/margin/orders/client-order/{clientOid}", cancel, pool="Spot", weight=2,
        private=True)
    add("DELETE", "/api/v3/hf/margin/orders/{orderId}", cancel, pool="Spot", weight=2, private=True)
    add("GET", "/api/v3/hf/margin/orders/client-order/{clientOid}", get_order, pool="Spot", weight=5,
        private=True)
    add("GET", "/api/v3/hf/margin/orders/{orderId}", get_order, pool="Spot", weight=5, private=True)
