"""Private account endpoints of the spot host.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-account-account.json``; every route here
is signed (the server verifies before the handler runs, so ``ctx.key`` is set).
"""
from __future__ import annotations

from typing import Any

from ..routing import ApiError, Context, Router

__all__ = ["register"]

ACCOUNT_TYPES = ("main", "trade", "trade_hf", "margin", "isolated", "margin_v2", "isolated_v2")


def accounts(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/accounts (https://www.kucoin.com/docs-new/api-3470125)."""
    acc_type = ctx.params.get("type") or None
    if acc_type is not None and acc_type not in ACCOUNT_TYPES:
        raise ApiError("400100", f"Parameter [type] must be one of {', '.join(ACCOUNT_TYPES)}", 400)
    return ctx.sim.accounts.listing(ctx.params.get("currency") or None, acc_type)


def account_detail(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/accounts/{accountId} (https://www.kucoin.com/docs-new/api-3470126)."""
    acc = ctx.sim.accounts.by_id(ctx.path_params["accountId"])
    if acc is None:
        raise ApiError("400100", "account not exists", 400)
    with ctx.sim.accounts.lock:
        return acc.detail_json()


def hf_opened(ctx: Context) -> bool:
    """GET /api/v1/hf/accounts/opened: the simulated account trades through HF (trade_hf)."""
    return True


def user_info(ctx: Context) -> dict[str, Any]:
    """GET /api/v2/user-info (https://www.kucoin.com/docs-new/api-3470119)."""
    return {"level": ctx.sim.vip, "subQuantity": 0, "spotSubQuantity": 0, "marginSubQuantity": 0,
            "futuresSubQuantity": 0, "optionSubQuantity": 0, "maxSubQuantity": 5,
            "maxDefaultSubQuantity": 5, "maxSpotSubQuantity": 0, "maxMarginSubQuantity": 0,
            "maxFuturesSubQuantity": 0, "maxOptionSubQuantity": 0}


def register(router: Router) -> None:
    """Account routes; pools/weights from openapi-account-account.json."""
    router.add("GET", "/api/v1/accounts", accounts, pool="Management", weight=5, private=True)
    router.add("GET", "/api/v1/accounts/{accountId}", account_detail, pool="Management", weight=5,
               private=True)
    router.add("GET", "/api/v1/hf/accounts/opened", hf_opened, pool="Spot", weight=30, private=True)
    router.add("GET", "/api/v2/user-info", user_info, pool="Management", weight=20, private=True)
