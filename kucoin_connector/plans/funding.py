"""Funding and margin-loan plans (pure core): deposits, withdrawals, addresses, withdraw, borrow, repay.

Layer: pure core. Rule: plans yield :class:`Call` objects; no I/O, no clock.

Endpoints: ``GET /api/v1/deposits`` and ``GET /api/v1/withdrawals`` (page paging, https://www.kucoin.com/
docs-new/api-3470141, api-3470145), ``GET /api/v3/deposit-addresses`` (api-3470140), ``POST
/api/v3/deposit-address/create`` (api-3470142), ``POST /api/v3/withdrawals`` (api-3470146), ``POST
/api/v3/margin/borrow`` / ``repay`` (api-3470206, api-3470210), ``GET /api/v3/margin/interest`` (api-3470209).
"""
from __future__ import annotations

from typing import Any

from ..calls import Call
from ..errors import BadRequest, InvalidAddress
from ..numbers import plain
from ..parsers.funding import parse_borrow_interest, parse_deposit_address, parse_loan, parse_transactions
from ..precision import to_decimal
from .context import Plan, PlanContext
from .market_data import market
from .validate import check_limit, check_params, check_since

__all__ = ["fetch_deposits", "fetch_withdrawals", "fetch_deposit_address", "create_deposit_address", "withdraw",
           "borrow_margin", "repay_margin", "fetch_borrow_interest"]


def _code(code: Any) -> str:
    if not isinstance(code, str) or not code:
        raise BadRequest(f"a currency code is required, got {code!r}")
    return code.upper()


def _amount(amount: Any) -> str:
    try:
        d = to_decimal(amount)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"invalid amount {amount!r}: {exc}") from None
    if d <= 0:
        raise BadRequest(f"amount must be positive, got {amount!r}")
    return plain(d)


def _history(ctx: PlanContext, path: str, kind: str, code: Any, since: Any, limit: Any, params: Any) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    query: dict[str, Any] = {}
    if code is not None:
        query["currency"] = _code(code)
    if since is not None:
        query["startAt"] = since
    if limit is not None:
        query["pageSize"] = min(max(limit, 10), 500)
    data = yield Call("GET", path, {**query, **params} or None)
    return parse_transactions((data or {}).get("items") or [], kind, ctx.num, since, limit)


def fetch_deposits(ctx: PlanContext, code: Any = None, since: Any = None, limit: Any = None,
                   params: dict | None = None) -> Plan:
    return (yield from _history(ctx, "/api/v1/deposits", "deposit", code, since, limit, params))


def fetch_withdrawals(ctx: PlanContext, code: Any = None, since: Any = None, limit: Any = None,
                      params: dict | None = None) -> Plan:
    return (yield from _history(ctx, "/api/v1/withdrawals", "withdrawal", code, since, limit, params))


def _network(params: dict) -> Any:
    return params.pop("network", None) or params.pop("chain", None)


def fetch_deposit_address(ctx: PlanContext, code: Any, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    currency = _code(code)
    chain = _network(params)
    data = yield Call("GET", "/api/v3/deposit-addresses", {"currency": currency, "chain": chain, **params})
    items = data or []
    if not items:
        raise InvalidAddress(f"no {currency} deposit address yet; call create_deposit_address first")
    return parse_deposit_address(items[0], currency)


def create_deposit_address(ctx: PlanContext, code: Any, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    currency = _code(code)
    body = {"currency": currency, "chain": _network(params), **params}
    data = yield Call("POST", "/api/v3/deposit-address/create", {k: v for k, v in body.items() if v is not None})
    return parse_deposit_address(data or {}, currency)


def withdraw(ctx: PlanContext, code: Any, amount: Any, address: Any, tag: Any = None,
             params: dict | None = None) -> Plan:
    """ccxt 4.5: ``withdraw(code, amount, address, tag=None, params={})``; a dict in the tag position is
    params (the older call style), and ``params["tag"]`` is the memo too."""
    if isinstance(tag, dict):
        tag, params = None, {**tag, **(params or {})}
    params = dict(check_params(params))
    tag = params.pop("tag", tag)
    if not isinstance(address, str) or not address:
        raise InvalidAddress(f"a withdrawal address is required, got {address!r}")
    body: dict[str, Any] = {"currency": _code(code), "toAddress": address, "amount": _amount(amount),
                            "withdrawType": params.pop("withdrawType", "ADDRESS")}
    chain = _network(params)
    if chain is not None:
        body["chain"] = chain
    if tag:
        body["memo"] = tag
    body.update(params)
    data = yield Call("POST", "/api/v3/withdrawals", body)
    result = parse_transactions([{"id": (data or {}).get("withdrawalId"), "currency": body["currency"],
                                  "amount": body["amount"], "address": address, "memo": tag or None,
                                  "chain": chain}], "withdrawal", ctx.num)[0]
    result["info"] = data
    return result


def borrow_margin(ctx: PlanContext, code: Any, amount: Any, symbol: Any = None, params: dict | None = None,
                  repay: bool = False) -> Plan:
    """Cross (symbol None) or isolated borrow/repay; ``timeInForce`` IOC by default for borrows."""
    params = dict(check_params(params))
    body: dict[str, Any] = {"currency": _code(code), "size": _amount(amount)}
    if not repay:
        body["timeInForce"] = params.pop("timeInForce", "IOC")
    if symbol is not None:
        m = yield from market(ctx, symbol)
        body.update(symbol=m["id"], isIsolated=True)
    body.update(params)
    data = yield Call("POST", "/api/v3/margin/repay" if repay else "/api/v3/margin/borrow", body)
    return parse_loan(data or {}, body["currency"], symbol, ctx.num, ctx.now_ms())


def repay_margin(ctx: PlanContext, code: Any, amount: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    return (yield from borrow_margin(ctx, code, amount, symbol, params, repay=True))


def fetch_borrow_interest(ctx: PlanContext, code: Any = None, symbol: Any = None, since: Any = None,
                          limit: Any = None, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    query: dict[str, Any] = {}
    if code is not None:
        query["currency"] = _code(code)
    if symbol is not None:
        m = yield from market(ctx, symbol)
        query.update(symbol=m["id"], isIsolated=True)
    if since is not None:
        query["startTime"] = since
    if limit is not None:
        query["pageSize"] = min(max(limit, 10), 50)
    data = yield Call("GET", "/api/v3/margin/interest", {**query, **params} or None)
    mode = "isolated" if symbol is not None else "cross"
    return parse_borrow_interest((data or {}).get("items") or [], symbol, mode, ctx.num, since, limit)
