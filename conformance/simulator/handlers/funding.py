"""Deposit and withdrawal endpoints of the spot host.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-account-deposit.json`` and
``openapi-account-withdrawal.json``; the money logic lives in ``funding.Funding``.
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router
from .account import page

__all__ = ["register"]


def _rows(ctx: Context, rows: list[Any]) -> dict[str, Any]:
    p = ctx.params
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    keep = [t.to_json() for t in reversed(rows)
            if (not p.get("currency") or t.currency == p["currency"]) and (not p.get("status") or t.status == p["status"])
            and (not start or t.created_at >= start) and (not end or t.created_at <= end)]
    return page(ctx, keep)


def deposits(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/deposits (https://www.kucoin.com/docs-new/api-3470141)."""
    return _rows(ctx, ctx.sim.funding.deposits)


def addresses(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v3/deposit-addresses?currency=&chain= (https://www.kucoin.com/docs-new/api-3470140)."""
    currency = ctx.params.get("currency") or ""
    f = ctx.sim.funding
    if currency not in ctx.sim.universe.by_currency:
        raise ApiError("400100", "Currency not supported")
    chain = ctx.params.get("chain")
    return [row for (cur, ch), row in f.addresses.items() if cur == currency and (not chain or ch == chain.lower())]


def create_address(ctx: Context) -> dict[str, Any]:
    """POST /api/v3/deposit-address/create (https://www.kucoin.com/docs-new/api-3470142)."""
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    row = ctx.sim.funding.address(str(body.get("currency") or ""), body.get("chain") or "",
                                  str(body.get("to") or "MAIN"), create=True)
    return {k: v for k, v in row.items() if k != "contractAddress"}


def withdraw(ctx: Context) -> dict[str, str]:
    """POST /api/v3/withdrawals (https://www.kucoin.com/docs-new/api-3470146)."""
    body = ctx.json_body()
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    ctx.sim.funding.settle(ctx.now_ms)
    return {"withdrawalId": ctx.sim.funding.withdraw(body, ctx.now_ms).id}


def withdrawals(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/withdrawals (https://www.kucoin.com/docs-new/api-3470145)."""
    ctx.sim.funding.settle(ctx.now_ms)
    return _rows(ctx, ctx.sim.funding.withdrawals)


def quotas(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/withdrawals/quotas (https://www.kucoin.com/docs-new/api-3470143)."""
    return ctx.sim.funding.quotas(ctx.params.get("currency") or "", ctx.params.get("chain"))


def cancel(ctx: Context) -> None:
    """DELETE /api/v1/withdrawals/{withdrawalId} (https://www.kucoin.com/docs-new/api-3470144)."""
    ctx.sim.funding.cancel(ctx.path_params["withdrawalId"], ctx.now_ms)
    return None


def register(router: Router) -> None:
    router.add("GET", "/api/v1/deposits", deposits, pool="Management", weight=5, private=True)
    router.add("GET", "/api/v3/deposit-addresses", addresses, pool="Management", weight=5, private=True)
    router.add("POST", "/api/v3/deposit-address/create", create_address, pool="Management", weight=20,
               private=True)
    router.add("POST", "/api/v3/withdrawals", withdraw, pool="Management", weight=5, private=True)
    router.add("GET", "/api/v1/withdrawals", withdrawals, pool="Management", weight=20, private=True)
    router.add("GET", "/api/v1/withdrawals/quotas", quotas, pool="Management", weight=20, private=True)
    router.add("DELETE", "/api/v1/withdrawals/{withdrawalId}", cancel, pool="Management", weight=20,
               private=True)
