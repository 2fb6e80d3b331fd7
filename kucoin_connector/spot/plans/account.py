"""Account plans (pure core): balance, accounts, ledger, transfer, trading fee.

Layer: pure core. Rule: plans yield :class:`Call` objects; no I/O, no clock, no randomness (transfer
client ids come from ``ctx.new_client_oid``).

Balance ``type`` (ccxt param) -> KuCoin account (kucoin.md; trading_shared agreement): "trade"/"spot"
(default) -> ``trade_hf`` when ``options["hf"]`` (default True, no probe) else ``trade``;
"main"/"funding" -> ``main``; "margin"/"cross" -> ``GET /api/v3/margin/accounts``; "isolated" ->
``GET /api/v3/isolated/accounts``. ``GET /api/v1/accounts?type=`` (https://www.kucoin.com/docs-new/api-3470125).
"""
from __future__ import annotations

from typing import Any

from ...rest.calls import Call
from ...errors import BadRequest
from ...core.numbers import plain
from ..parsers.balances import (parse_account, parse_balance, parse_cross_margin_balance, parse_isolated_balance,
                                parse_ledger)
from ...core.fields import dec, out
from ...core.precision import positive_decimal
from ...rest.plan import Plan, PlanContext
from .market_data import ensure_markets, market
from ...core.checks import check_limit, check_params, check_since
from ...options import option

__all__ = ["fetch_balance", "fetch_accounts", "fetch_ledger", "transfer", "fetch_trading_fee", "account_type",
           "TRANSFER_ACCOUNTS"]

# ccxt account names -> universal-transfer account types (https://www.kucoin.com/docs-new/api-3470294)
TRANSFER_ACCOUNTS = {"main": "MAIN", "funding": "MAIN", "trade": "TRADE", "spot": "TRADE", "margin": "MARGIN",
                     "cross": "MARGIN", "isolated": "ISOLATED", "future": "CONTRACT", "futures": "CONTRACT",
                     "swap": "CONTRACT", "contract": "CONTRACT", "option": "OPTION"}


def account_type(ctx: PlanContext, params: dict) -> str:
    """KuCoin account for a ccxt balance ``type`` (pops ``type``/``hf``)."""
    wanted = params.pop("type", None) or option(ctx.options, "defaultType")
    hf = params.pop("hf", option(ctx.options, "hf")) is not False
    wanted = str(wanted).lower()
    if wanted in ("trade", "spot"):
        return "trade_hf" if hf else "trade"
    if wanted in ("main", "funding"):
        return "main"
    if wanted in ("margin", "cross"):
        return "margin"
    if wanted in ("isolated", "trade_hf"):
        return wanted
    raise BadRequest(f"fetch_balance type must be trade/spot, main/funding, margin or isolated, got {wanted!r}")


# Query fields the spec defines per balance endpoint (openapi-account-account.json), beyond ``type``.
_BALANCE_FIELDS = {"/api/v1/accounts": frozenset({"currency"}),
                   "/api/v3/margin/accounts": frozenset({"quoteCurrency", "queryType"}),
                   "/api/v3/isolated/accounts": frozenset({"symbol", "quoteCurrency", "queryType"})}


def _balance_query(path: str, params: dict) -> dict:
    extra = {k: v for k, v in params.items() if v is not None}
    wrong = sorted(str(k)[:30] for k in extra if k not in _BALANCE_FIELDS[path])
    if wrong:
        raise BadRequest(f"fetch_balance params {wrong[:5]} do not apply to GET {path}")
    return extra


def fetch_balance(ctx: PlanContext, params: dict | None = None) -> Plan:
    """Spot/main balances from ``GET /api/v1/accounts``; ccxt's ``marginMode`` ("cross"/"isolated", or
    ``type`` margin/isolated) reads the margin account instead: ``GET /api/v3/margin/accounts`` (cross,
    api-3470127) or ``GET /api/v3/isolated/accounts`` (api-3470128), as ccxt does. ``marginMode`` is never
    sent to KuCoin; other params must be query fields the chosen endpoint defines."""
    params = dict(check_params(params))
    mode = params.pop("marginMode", None)
    if mode is not None:
        if mode not in ("cross", "isolated"):
            raise BadRequest(f"fetch_balance marginMode must be 'cross' or 'isolated', got {str(mode)[:40]!r}")
        wanted = params.get("type")
        if wanted is not None and str(wanted).lower() not in (mode, "margin" if mode == "cross" else mode):
            raise BadRequest(f"fetch_balance: type {str(wanted)[:20]!r} contradicts marginMode {mode!r}")
        params["type"] = "margin" if mode == "cross" else "isolated"
    code = params.pop("code", None)
    kind = account_type(ctx, params)
    if code is not None:
        if kind in ("margin", "isolated") or not isinstance(code, str) or not code.isalnum():
            raise BadRequest(f"fetch_balance code {str(code)[:20]!r}: a currency code for spot/main balances")
        params["currency"] = code.upper()
    if kind == "margin":
        path = "/api/v3/margin/accounts"
        data = yield Call("GET", path, _balance_query(path, params) or None)
        return parse_cross_margin_balance(data, ctx.num)
    if kind == "isolated":
        path = "/api/v3/isolated/accounts"
        if params.get("symbol") is not None:
            m = yield from market(ctx, params["symbol"])
            params["symbol"] = m["id"]
        yield from ensure_markets(ctx)
        data = yield Call("GET", path, _balance_query(path, params) or None)
        return parse_isolated_balance(data, ctx.registry.markets_by_id, ctx.num)
    data = yield Call("GET", "/api/v1/accounts", {"type": kind, **_balance_query("/api/v1/accounts", params)})
    return parse_balance(data or [], kind, ctx.num)


def fetch_accounts(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield Call("GET", "/api/v1/accounts", check_params(params) or None)
    return [parse_account(item) for item in data or ()]


def fetch_ledger(ctx: PlanContext, code: Any = None, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    """HF accounts: ``GET /api/v1/hf/accounts/ledgers`` (a plain list, cursor by ``lastId``); classic
    (``hf: False`` or type main): ``GET /api/v1/accounts/ledgers`` (page paging, data.items)."""
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    query: dict[str, Any] = {}
    if code is not None:
        if not isinstance(code, str) or not code.isascii() or not code.isalnum() or len(code) > 32:
            raise BadRequest(f"fetch_ledger(): code must be a currency code like 'USDT', got {str(code)[:40]!r}")
        query["currency"] = code.upper()
    if since is not None:
        query["startAt"] = since
    hf = params.pop("hf", option(ctx.options, "hf")) is not False
    if hf and str(params.get("type", "trade")).lower() in ("trade", "spot", "trade_hf"):
        params.pop("type", None)
        if limit is not None:
            query["limit"] = min(limit, 200)
        data = yield Call("GET", "/api/v1/hf/accounts/ledgers", {**query, **params})
        items = data if isinstance(data, list) else (data or {}).get("items") or []
    else:
        kind = params.pop("type", None)
        if kind is not None:
            query["accountType"] = account_type(ctx, {"type": kind, "hf": False}).upper()
        if limit is not None:
            query["pageSize"] = min(max(limit, 10), 500)
        data = yield Call("GET", "/api/v1/accounts/ledgers", {**query, **params})
        items = (data or {}).get("items") or []
    return parse_ledger(items, ctx.num, since, limit)


def transfer(ctx: PlanContext, code: Any, amount: Any, from_account: Any, to_account: Any,
             params: dict | None = None) -> Plan:
    """``POST /api/v3/accounts/universal-transfer`` type INTERNAL (https://www.kucoin.com/docs-new/api-3470294)."""
    params = dict(check_params(params))
    if not isinstance(code, str) or not code:
        raise BadRequest("transfer needs a currency code")
    size = positive_decimal(amount, "transfer amount")
    accounts = []
    for name in (from_account, to_account):
        kucoin = TRANSFER_ACCOUNTS.get(str(name).lower()) or (str(name).upper() if str(name).upper()
                                                              in TRANSFER_ACCOUNTS.values() else None)
        if kucoin is None:
            raise BadRequest(f"unknown account {name!r}; use one of {sorted(TRANSFER_ACCOUNTS)}")
        accounts.append(kucoin)
    cid = params.pop("clientOid", None) or ctx.new_client_oid()
    body: dict[str, Any] = {"clientOid": cid, "currency": code.upper(), "amount": plain(size),
                            "fromAccountType": accounts[0], "toAccountType": accounts[1], "type": "INTERNAL"}
    symbol = params.pop("symbol", None)
    if symbol is not None and "ISOLATED" in accounts:
        m = yield from market(ctx, symbol)
        if accounts[0] == "ISOLATED":
            body["fromAccountTag"] = m["id"]
        if accounts[1] == "ISOLATED":
            body["toAccountTag"] = m["id"]
    body.update(params)
    data = yield Call("POST", "/api/v3/accounts/universal-transfer", body, client_order_id=cid)
    now = ctx.now_ms()
    from ...core.timeutil import iso8601
    return {"id": (data or {}).get("orderId"), "currency": code.upper(), "timestamp": now, "datetime": iso8601(now),
            "amount": out(ctx.num, dec(plain(size))), "fromAccount": from_account, "toAccount": to_account,
            "status": "ok", "info": data}


def fetch_trading_fee(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    """``GET /api/v1/trade-fees?symbols=`` (https://www.kucoin.com/docs-new/api-3470149)."""
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield Call("GET", "/api/v1/trade-fees", {"symbols": m["id"], **params})
    item = next((i for i in data or () if i.get("symbol") == m["id"]), (data or [{}])[0] if data else {})
    return {"info": item, "symbol": m["symbol"], "maker": out(ctx.num, dec(item.get("makerFeeRate"))),
            "taker": out(ctx.num, dec(item.get("takerFeeRate"))), "percentage": True, "tierBased": True}
