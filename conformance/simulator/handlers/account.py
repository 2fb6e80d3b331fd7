"""Private account endpoints of the spot host.

Layer: simulator (exchange side). Rule: shapes follow ``openapi-account-account.json``; every route here
is signed (the server verifies before the handler runs, so ``ctx.key`` is set).
"""
from __future__ import annotations

from decimal import Decimal
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


def account_mode(ctx: Context) -> dict[str, Any]:
    """GET /api/ua/v1/account/mode (and v2): the unified-account probe ccxt makes with credentials. The
    simulated account is a classic (not unified) master account without sub-accounts."""
    return {"selfAccountMode": "CLASSIC", "unifiedSubAccount": [], "classicSubAccount": []}


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
    # The UTA weights are not in the vendored spec (reference/kucoin-endpoints.tsv): 30 is an assumption.
    for version in ("v1", "v2"):
        router.add("GET", f"/api/ua/{version}/account/mode", account_mode, pool="Management", weight=30,
                   private=True)


# ---- ledgers, transfers, fees (issue 3) --------------------------------------------------------------
_TYPES = {"MAIN": "main", "TRADE": "trade", "TRADE_HF": "trade_hf", "MARGIN": "margin", "ISOLATED": "isolated",
          "CONTRACT": "contract"}  # CONTRACT: the futures account of the currency (futures_trading)


def page(ctx: Context, items: list[Any], max_size: int = 500) -> dict[str, Any]:
    """KuCoin's page paging: ``currentPage``/``pageSize`` in, the five keys out."""
    try:
        cur = max(1, ctx.int_param("currentPage", 1))
        size = max(1, min(ctx.int_param("pageSize", 50), max_size))
    except ValueError:
        raise ApiError("400100", "Parameter [currentPage]/[pageSize] is invalid") from None
    total = len(items)
    return {"currentPage": cur, "pageSize": size, "totalNum": total, "totalPage": -(-total // size),
            "items": items[(cur - 1) * size: cur * size]}


def _ledger_rows(ctx: Context, types: tuple[str, ...]) -> list[Any]:
    p = ctx.params
    start, end = ctx.int_param("startAt"), ctx.int_param("endAt")
    currencies = set((p.get("currency") or "").split(",")) - {""}
    with ctx.sim.accounts.lock:
        rows = [e for e in ctx.sim.accounts.ledger if e.acc_type in types
                and (not currencies or e.currency in currencies)
                and (not p.get("direction") or e.direction == p["direction"])
                and (not p.get("bizType") or e.biz == p["bizType"])
                and (not start or e.created_at >= start) and (not end or e.created_at <= end)]
    return list(reversed(rows))


def ledgers(ctx: Context) -> dict[str, Any]:
    """GET /api/v1/accounts/ledgers (https://www.kucoin.com/docs-new/api-3470121): the classic account
    types, MAIN, TRADE and (cross) MARGIN ("Spot/Margin"); TRADE_HF has its own ledger, isolated margin
    accounts are left out."""
    return page(ctx, [e.to_json() for e in _ledger_rows(ctx, ("main", "trade", "margin"))])


def hf_ledgers(ctx: Context) -> list[dict[str, Any]]:
    """GET /api/v1/hf/accounts/ledgers (https://www.kucoin.com/docs-new/api-3470122): cursor ``lastId``."""
    last = ctx.int_param("lastId")
    try:
        limit = max(1, min(ctx.int_param("limit", 100), 200))
    except ValueError:
        raise ApiError("400100", "Parameter [limit] is invalid") from None
    rows = [e for e in _ledger_rows(ctx, ("trade_hf",)) if not last or e.seq < last]
    return [e.to_json(hf=True) for e in rows[:limit]]


def _acc_type(name: Any, tag: Any) -> str:
    t = _TYPES.get(str(name or "").upper())
    if t is None:
        raise ApiError("400100", "Parameter [accountType] is invalid")
    if t == "isolated":
        if not tag:
            raise ApiError("400100", "Parameter [accountTag] is required for ISOLATED")
        return "isolated:" + str(tag)
    return t


def universal_transfer(ctx: Context) -> dict[str, str]:
    """POST /api/v3/accounts/universal-transfer (https://www.kucoin.com/docs-new/api-3470302), INTERNAL."""
    body = ctx.json_body()
    if not isinstance(body, dict) or str(body.get("type", "INTERNAL")).upper() != "INTERNAL":
        raise ApiError("400100", "Only INTERNAL transfers are simulated")
    currency = str(body.get("currency") or "")
    if currency not in ctx.sim.universe.by_currency:
        raise ApiError("400100", "Currency not supported")
    try:
        amount = Decimal(str(body.get("amount")))
    except ArithmeticError:
        raise ApiError("400100", "Parameter [amount] is invalid") from None
    src = _acc_type(body.get("fromAccountType"), body.get("fromAccountTag"))
    dst = _acc_type(body.get("toAccountType"), body.get("toAccountTag"))
    if not ctx.sim.accounts.transfer(currency, amount, src, dst, ctx.now_ms):
        raise ApiError("200004", "Balance insufficient!")
    return {"orderId": ctx.sim.engine.new_id("transfer")}


def transferable(ctx: Context) -> dict[str, str]:
    """GET /api/v1/accounts/transferable (https://www.kucoin.com/docs-new/api-3470124)."""
    currency = ctx.params.get("currency") or ""
    acc = ctx.sim.accounts.account(_acc_type(ctx.params.get("type"), ctx.params.get("tag")), currency)
    with ctx.sim.accounts.lock:
        d = acc.detail_json()
    return {**d, "transferable": d["available"]}


def trade_fees(ctx: Context) -> list[dict[str, str]]:
    """GET /api/v1/trade-fees?symbols= (https://www.kucoin.com/docs-new/api-3470150), at most 10."""
    symbols = [s for s in (ctx.params.get("symbols") or "").split(",") if s]
    if not 1 <= len(symbols) <= 10:
        raise ApiError("400100", "Parameter [symbols] must name 1 to 10 symbols")
    for s in symbols:
        if s not in ctx.sim.universe.by_symbol:
            raise ApiError("400100", "Unsupported trading pair.")
    return [{"symbol": s, "takerFeeRate": "0.001", "makerFeeRate": "0.001"} for s in symbols]


def base_fee(ctx: Context) -> dict[str, str]:
    """GET /api/v1/base-fee (https://www.kucoin.com/docs-new/api-3470149)."""
    return {"takerFeeRate": "0.001", "makerFeeRate": "0.001"}


def register_trading(router: Router) -> None:
    """Pools/weights from openapi-account-account.json, -transfer.json and -fee.json."""
    router.add("GET", "/api/v1/accounts/ledgers", ledgers, pool="Management", weight=2, private=True)
    router.add("GET", "/api/v1/hf/accounts/ledgers", hf_ledgers, pool="Spot", weight=2, private=True)
    router.add("POST", "/api/v3/accounts/universal-transfer", universal_transfer, pool="Management", weight=4,
               private=True)
    router.add("GET", "/api/v1/accounts/transferable", transferable, pool="Management", weight=20, private=True)
    router.add("GET", "/api/v1/trade-fees", trade_fees, pool="Spot", weight=3, private=True)
    router.add("GET", "/api/v1/base-fee", base_fee, pool="Spot", weight=3, private=True)
