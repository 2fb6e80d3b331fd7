"""Futures positions, leverage, margin mode, margin, risk-limit tiers, funding payments, balance and
transfers (pure core). Every call goes to the futures host.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.

Endpoints (https://www.kucoin.com/docs-new/rest/futures-trading/positions/...) as ccxt 4.5's kucoinfutures
uses them (classic accounts): ``GET /api/v1/position``, ``/api/v1/positions``, ``/api/v1/history-positions``;
cross leverage ``POST /api/v2/changeCrossUserLeverage`` and ``GET /api/v2/getCrossUserLeverage``; margin mode
``POST /api/v2/position/changeMarginMode`` and ``GET /api/v2/position/getMarginMode``; isolated margin
``POST /api/v1/position/margin/deposit-margin`` and ``/api/v1/margin/withdrawMargin``; tiers
``GET /api/v1/contracts/risk-limit/{symbol}``; ``GET /api/v1/funding-history``; ``GET /api/v1/account-overview``;
transfers ``POST /api/v3/transfer-out`` (futures -> spot/funding) and ``POST /api/v1/transfer-in``.
"""
from __future__ import annotations

from typing import Any, Mapping

from ...core.checks import check_limit, check_params, check_since, check_symbols_list
from ...core.numbers import plain
from ...core.precision import positive_decimal
from ...core.timeutil import iso8601
from ...errors import ArgumentsRequired, BadRequest, NotSupported
from ...rest.calls import Call, path
from ...rest.order_lookup import kucoin_params
from ...rest.plan import Plan, PlanContext
from ..order_rules import check_leverage
from ..parsers.positions import (parse_balance, parse_funding_payment, parse_leverage, parse_leverage_tiers,
                                 parse_margin_change, parse_margin_mode, parse_position)
from ..routes import HOST
from .market_data import load_markets, market
from .order_requests import UNIFIED

__all__ = ["fetch_position", "fetch_positions", "fetch_positions_history", "set_leverage", "fetch_leverage",
           "set_margin_mode", "fetch_margin_mode", "add_margin", "reduce_margin", "fetch_market_leverage_tiers",
           "fetch_funding_history", "fetch_balance", "transfer"]

HISTORY_DEFAULT_LIMIT = 200  # ccxt's default page of /api/v1/history-positions


def _params(params: Any, what: str) -> dict:
    """The caller's params, checked; ccxt parameters that do not apply here are refused, KuCoin's forwarded
    (``until`` becomes ``endAt``)."""
    return kucoin_params(dict(check_params(params)), what, UNIFIED)


def _symbols(symbols: Any) -> Any:
    wanted = check_symbols_list(symbols)
    return wanted or None  # an empty list asks for every symbol, as ccxt


def _call(method: str, endpoint: str, params: Mapping[str, Any] | None = None) -> Call:
    return Call(method, endpoint, dict(params) if params else None, host=HOST)


def _markets(ctx: PlanContext) -> Plan:
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    return ctx.registry.markets_by_id


def fetch_position(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = _params(params, "fetch_position")
    m = yield from market(ctx, symbol)
    data = yield _call("GET", "/api/v1/position", {"symbol": m["id"], **params})
    return parse_position(data if isinstance(data, Mapping) else {}, m, ctx.num)


def fetch_positions(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Every open position (``currency`` in params narrows to one settle currency); ``symbols`` filters."""
    params = _params(params, "fetch_positions")
    wanted = _symbols(symbols)
    for s in wanted or ():
        yield from market(ctx, s)
    by_id = yield from _markets(ctx)
    data = yield _call("GET", "/api/v1/positions", params)
    positions = [parse_position(item, by_id.get(str(item.get("symbol"))), ctx.num)
                 for item in (data or []) if isinstance(item, Mapping)]
    return [p for p in positions if wanted is None or p["symbol"] in wanted]


def fetch_positions_history(ctx: PlanContext, symbols: Any = None, since: Any = None, limit: Any = None,
                            params: dict | None = None) -> Plan:
    """Closed positions: ``limit`` (default 200), ``since`` -> ``from``, ``until`` -> ``to`` (as ccxt)."""
    params = dict(check_params(params))
    until = params.pop("until", None)
    params = _params(params, "fetch_positions_history")
    since, limit = check_since(since), check_limit(limit)
    wanted = _symbols(symbols)
    query: dict[str, Any] = {}
    if wanted is not None and len(wanted) == 1:
        query["symbol"] = (yield from market(ctx, wanted[0]))["id"]
    by_id = yield from _markets(ctx)
    query["limit"] = HISTORY_DEFAULT_LIMIT if limit is None else limit
    if since is not None:
        query["from"] = since
    if until is not None:
        query["to"] = check_since(until)
    data = yield _call("GET", "/api/v1/history-positions", {**query, **params})
    items = data.get("items") if isinstance(data, Mapping) else None
    positions = [parse_position(item, by_id.get(str(item.get("symbol"))), ctx.num)
                 for item in (items or []) if isinstance(item, Mapping)]
    return [p for p in positions if wanted is None or p["symbol"] in wanted]


def _cross_only(params: Any, what: str) -> dict:
    params = dict(check_params(params))
    mode = params.pop("marginMode", None)
    if mode is not None and mode != "cross":
        raise NotSupported(f"{what} supports marginMode 'cross' only (KuCoin keeps isolated leverage per order)")
    return _params(params, what)


def set_leverage(ctx: PlanContext, leverage: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """The account's cross-margin leverage of one contract (``POST /api/v2/changeCrossUserLeverage``)."""
    params = _cross_only(params, "set_leverage")
    if symbol is None:
        raise ArgumentsRequired("set_leverage needs a symbol")
    m = yield from market(ctx, symbol)
    value = check_leverage(m, leverage, error=BadRequest)
    data = yield _call("POST", "/api/v2/changeCrossUserLeverage", {"symbol": m["id"], "leverage": str(value),
                                                                   **params})
    result = parse_leverage({"symbol": m["id"], "leverage": str(value)}, m, ctx.num, None)
    result["info"] = data
    return result


def fetch_leverage(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    """``GET /api/v2/getCrossUserLeverage``: the cross-margin leverage of one contract."""
    params = _cross_only(params, "fetch_leverage")
    m = yield from market(ctx, symbol)
    data = yield _call("GET", "/api/v2/getCrossUserLeverage", {"symbol": m["id"], **params})
    return parse_leverage(data if isinstance(data, Mapping) else {}, m, ctx.num, "cross")


def set_margin_mode(ctx: PlanContext, marginMode: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    params = _params(params, "set_margin_mode")
    if symbol is None:
        raise ArgumentsRequired("set_margin_mode needs a symbol")
    if marginMode not in ("cross", "isolated"):
        raise BadRequest(f"marginMode must be 'cross' or 'isolated', got {str(marginMode)[:40]!r}")
    m = yield from market(ctx, symbol)
    data = yield _call("POST", "/api/v2/position/changeMarginMode",
                       {"symbol": m["id"], "marginMode": marginMode.upper(), **params})
    return parse_margin_mode(data if isinstance(data, Mapping) else {}, m)


def fetch_margin_mode(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = _params(params, "fetch_margin_mode")
    m = yield from market(ctx, symbol)
    data = yield _call("GET", "/api/v2/position/getMarginMode", {"symbol": m["id"], **params})
    return parse_margin_mode(data if isinstance(data, Mapping) else {}, m)


def add_margin(ctx: PlanContext, symbol: str, amount: Any, params: dict | None = None) -> Plan:
    """Isolated margin into a position; ``bizNo`` (KuCoin's idempotency key) from the client-order-id source."""
    params = _params(params, "add_margin")
    m = yield from market(ctx, symbol)
    value = positive_decimal(amount, "amount", where=m["symbol"])
    data = yield _call("POST", "/api/v1/position/margin/deposit-margin",
                       {"symbol": m["id"], "margin": plain(value), "bizNo": ctx.new_client_oid(), **params})
    return parse_margin_change(data, m, ctx.num, "add", value, "ok")


def reduce_margin(ctx: PlanContext, symbol: str, amount: Any, params: dict | None = None) -> Plan:
    params = _params(params, "reduce_margin")
    m = yield from market(ctx, symbol)
    value = positive_decimal(amount, "amount", where=m["symbol"])
    data = yield _call("POST", "/api/v1/margin/withdrawMargin",
                       {"symbol": m["id"], "withdrawAmount": plain(value), **params})
    return parse_margin_change(data, m, ctx.num, "reduce", value, "ok")


def fetch_market_leverage_tiers(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = _params(params, "fetch_market_leverage_tiers")
    m = yield from market(ctx, symbol)
    data = yield _call("GET", path("/api/v1/contracts/risk-limit/{}", m["id"], what="symbol"), params)
    return parse_leverage_tiers(data, m, ctx.num)


def fetch_funding_history(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                          params: dict | None = None) -> Plan:
    """Funding paid and received on one contract (``startAt``, ``maxCount``; ``until`` -> ``endAt``)."""
    params = dict(check_params(params))
    until = params.pop("until", None)
    params = _params(params, "fetch_funding_history")
    since, limit = check_since(since), check_limit(limit)
    if symbol is None:
        raise ArgumentsRequired("fetch_funding_history needs a symbol")
    m = yield from market(ctx, symbol)
    query: dict[str, Any] = {"symbol": m["id"]}
    if since is not None:
        query["startAt"] = since
    if until is not None:
        query["endAt"] = check_since(until)
    if limit is not None:
        query["maxCount"] = limit
    data = yield _call("GET", "/api/v1/funding-history", {**query, **params})
    items = data.get("dataList") if isinstance(data, Mapping) else None
    return [parse_funding_payment(item, m, ctx.num) for item in (items or []) if isinstance(item, Mapping)]


def fetch_balance(ctx: PlanContext, params: dict | None = None) -> Plan:
    """``GET /api/v1/account-overview?currency=`` for ``params["code"]`` (default USDT, as ccxt); a list of
    codes in ``params["codes"]`` reads each settle currency's account."""
    params = dict(check_params(params))
    codes = params.pop("codes", None) or [params.pop("code", "USDT")]
    params = _params(params, "fetch_balance")
    if not isinstance(codes, (list, tuple)) or not all(isinstance(c, str) and c for c in codes):
        raise BadRequest("code must be a currency code (codes a list of them)")
    items = []
    for code in codes:
        currency = "XBT" if code == "BTC" else code  # KuCoin Futures names bitcoin XBT
        data = yield _call("GET", "/api/v1/account-overview", {"currency": currency, **params})
        if isinstance(data, Mapping):
            items.append(data)
    return parse_balance(items, ctx.num)


_ACCOUNTS = {"spot": "TRADE", "trade": "TRADE", "funding": "MAIN", "main": "MAIN"}
_FUTURES = ("future", "swap", "contract", "futures")


def transfer(ctx: PlanContext, code: Any, amount: Any, fromAccount: Any, toAccount: Any,
             params: dict | None = None) -> Plan:
    """Futures -> spot/funding: ``POST /api/v3/transfer-out`` (``recAccountType`` TRADE/MAIN); spot/funding ->
    futures: ``POST /api/v1/transfer-in`` (``payAccountType``), as ccxt's kucoinfutures."""
    params = _params(params, "transfer")
    if not isinstance(code, str) or not code:
        raise BadRequest("transfer needs a currency code")
    value = plain(positive_decimal(amount, "amount", where=code))
    currency = "XBT" if code == "BTC" else code
    if toAccount in _ACCOUNTS and fromAccount in _FUTURES:
        data = yield _call("POST", "/api/v3/transfer-out", {"currency": currency, "amount": value,
                                                            "recAccountType": _ACCOUNTS[toAccount], **params})
    elif toAccount in _FUTURES and fromAccount in _ACCOUNTS:
        data = yield _call("POST", "/api/v1/transfer-in", {"currency": currency, "amount": value,
                                                           "payAccountType": _ACCOUNTS[fromAccount], **params})
    else:
        raise BadRequest("transfer moves funds between the futures account and spot/funding only")
    data = data if isinstance(data, Mapping) else {}
    timestamp = data.get("createdAt") if isinstance(data.get("createdAt"), int) else None
    status = data.get("status")
    return {"info": data, "id": data.get("applyId"), "timestamp": timestamp, "datetime": iso8601(timestamp),
            "currency": code, "amount": ctx.num(value),
            "fromAccount": fromAccount, "toAccount": toAccount,
            "status": {"PROCESSING": "pending", "SUCCESS": "ok", "FAILURE": "failed"}.get(status, "ok")}
