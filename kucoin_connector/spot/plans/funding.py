"""Funding and margin-loan plans (pure core): deposits, withdrawals, addresses, withdraw, borrow, repay.

Layer: pure core. Rule: plans yield :class:`Call` objects; no I/O, no clock.

Endpoints: ``GET /api/v1/deposits`` and ``GET /api/v1/withdrawals`` (page paging, https://www.kucoin.com/
docs-new/api-3470141, api-3470145), ``GET /api/v3/deposit-addresses`` (api-3470140), ``POST
/api/v3/deposit-address/create`` (api-3470142), ``POST /api/v3/withdrawals`` (api-3470146), ``POST
/api/v3/margin/borrow`` / ``repay`` (api-3470206, api-3470210), ``GET /api/v3/margin/interest`` (api-3470209).

Networks: ccxt's ``network`` (or ``networkCode``) is a unified network code (``ERC20``, ``TRC20``, ``BEP20``,
``OP``...). It is translated to KuCoin's ``chain`` id (``eth``, ``trx``, ``bsc``, ``optimism``) with the
currency's networks from ``/api/v3/currencies`` (loaded with the markets); a KuCoin chain id given directly
is accepted too. Anything else -- an unknown network for that currency, or a network for a currency the
exchange does not list -- is a BadRequest before anything is sent; the unified name never goes out raw and
``networkCode`` never goes out at all. Answers name the network by its unified code again.

Parameters: each write takes only the request fields the spec defines for it (``WITHDRAW_FIELDS``...);
anything else is a BadRequest naming the parameter.
"""
from __future__ import annotations

from typing import Any

from ...rest.calls import Call
from ...errors import BadRequest, BadResponse, InvalidAddress
from ...core.numbers import plain
from ..parsers.funding import parse_borrow_interest, parse_deposit_address, parse_loan, parse_transactions
from ...core.precision import positive_decimal
from ...rest.plan import Plan, PlanContext
from ...core.currency_codes import COMMON_CURRENCIES
from ..parsers.networks import NETWORK_ALIASES
from .market_data import ensure_markets, market
from ...core.checks import check_limit, check_params, check_since

__all__ = ["fetch_deposits", "fetch_withdrawals", "fetch_deposit_address", "create_deposit_address", "withdraw",
           "borrow_margin", "repay_margin", "fetch_borrow_interest"]


def _code(code: Any) -> str:
    if not isinstance(code, str) or not code:
        raise BadRequest(f"a currency code is required, got {code!r}")
    return code.upper()


def _amount(amount: Any) -> str:
    return plain(positive_decimal(amount, "amount"))


HISTORY_FIELDS = frozenset({"status", "endAt", "currentPage", "pageSize"})
BORROW_FIELDS = frozenset({"isHf"})
INTEREST_FIELDS = frozenset({"endTime", "currentPage", "pageSize"})


def _history(ctx: PlanContext, path: str, kind: str, code: Any, since: Any, limit: Any, params: Any) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    if params.get("until") is not None:
        params["endAt"] = params.pop("until")  # ccxt's name for the end of the window
    params = _only(params, HISTORY_FIELDS, f"GET {path}")
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


# Request fields per endpoint (openapi-account-deposit.json, openapi-account-withdrawal.json), beyond the
# ones the plan sets from its arguments.
WITHDRAW_FIELDS = frozenset({"isInner", "remark", "feeDeductType", "withdrawType"})
ADDRESS_CREATE_FIELDS = frozenset({"to", "amount"})
ADDRESS_FETCH_FIELDS = frozenset({"amount"})
_CURRENCY_IDS = {code: cid for cid, code in COMMON_CURRENCIES.items()}


def _only(params: dict, allowed: frozenset, endpoint: str) -> dict:
    """The caller's remaining params, if each is a field ``endpoint`` defines (None values dropped)."""
    extra = {k: v for k, v in params.items() if v is not None}
    wrong = sorted(str(k)[:30] for k in extra if k not in allowed)
    if wrong:
        raise BadRequest(f"params {wrong[:5]} do not apply to {endpoint} (KuCoin defines {sorted(allowed)})")
    return extra


def _chain(ctx: PlanContext, code: Any, params: dict) -> Plan:
    """(KuCoin currency id, KuCoin chain id or None) for ``code`` and the caller's ``network`` /
    ``networkCode`` / ``chain`` (popped); raises BadRequest for a network the currency does not have."""
    raw = code
    code = _code(code)
    given = [params.pop(k) for k in ("network", "networkCode", "chain") if params.get(k) is not None]
    for k in ("network", "networkCode", "chain"):
        params.pop(k, None)
    if len({str(g).upper() for g in given}) > 1:
        raise BadRequest(f"network, networkCode and chain name different networks: {[str(g)[:20] for g in given]}")
    yield from ensure_markets(ctx)
    currencies = ctx.registry.currencies
    currency = currencies.get(raw) or currencies.get(code)
    currency_id = str(currency["id"]) if currency and currency.get("id") else _CURRENCY_IDS.get(code, code)
    if not given:
        return currency_id, None
    wanted = given[0]
    if not isinstance(wanted, str) or not wanted or len(wanted) > 40:
        raise BadRequest(f"network must be a network code such as 'ERC20' or 'TRC20', got {str(wanted)[:40]!r}")
    if currency is None:
        raise BadRequest(f"network {wanted!r}: kucoin lists no currency {code!r} (its networks are unknown)")
    networks = currency.get("networks") or {}
    upper = wanted.upper()
    for key in (wanted, upper, NETWORK_ALIASES.get(upper)):
        if key is not None and key in networks and networks[key].get("id"):
            return currency_id, str(networks[key]["id"])
    for net in networks.values():  # a KuCoin chain id given directly ("trx"), as ccxt accepts ids
        if isinstance(net.get("id"), str) and net["id"].lower() == wanted.lower():
            return currency_id, net["id"]
    raise BadRequest(f"{code} has no network {wanted!r} on kucoin; its networks: {sorted(networks)[:20]}")


def fetch_deposit_address(ctx: PlanContext, code: Any, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    currency, chain = yield from _chain(ctx, code, params)
    extra = _only(params, ADDRESS_FETCH_FIELDS, "GET /api/v3/deposit-addresses")
    data = yield Call("GET", "/api/v3/deposit-addresses", {"currency": currency, "chain": chain, **extra})
    items = data or []
    if not isinstance(items, list):
        raise BadResponse("GET /api/v3/deposit-addresses: data is not a list", endpoint="GET /api/v3/deposit-addresses")
    if not items:
        raise InvalidAddress(f"no {currency} deposit address yet; call create_deposit_address first")
    return parse_deposit_address(items[0], _code(code))


def create_deposit_address(ctx: PlanContext, code: Any, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    currency, chain = yield from _chain(ctx, code, params)
    extra = _only(params, ADDRESS_CREATE_FIELDS, "POST /api/v3/deposit-address/create")
    body = {"currency": currency, "chain": chain, **extra}
    data = yield Call("POST", "/api/v3/deposit-address/create", {k: v for k, v in body.items() if v is not None})
    return parse_deposit_address(data or {}, _code(code))


def withdraw(ctx: PlanContext, code: Any, amount: Any, address: Any, tag: Any = None,
             params: dict | None = None) -> Plan:
    """ccxt 4.5: ``withdraw(code, amount, address, tag=None, params={})``; a dict in the tag position is
    params (the older call style), and ``params["tag"]``/``params["memo"]`` is the memo too."""
    if isinstance(tag, dict):
        tag, params = None, {**tag, **(params or {})}
    params = dict(check_params(params))
    tag = params.pop("tag", tag)
    tag = params.pop("memo", tag)
    if not isinstance(address, str) or not address:
        raise InvalidAddress(f"a withdrawal address is required, got {str(address)[:60]!r}")
    if tag is not None and not isinstance(tag, (str, int)):
        raise BadRequest(f"tag (memo) must be a string, got {type(tag).__name__}")
    size = _amount(amount)
    currency, chain = yield from _chain(ctx, code, params)
    body: dict[str, Any] = {"currency": currency, "toAddress": address, "amount": size,
                            "withdrawType": params.pop("withdrawType", "ADDRESS")}
    if chain is not None:
        body["chain"] = chain
    if tag:
        body["memo"] = str(tag)
    body.update(_only(params, WITHDRAW_FIELDS, "POST /api/v3/withdrawals"))
    data = yield Call("POST", "/api/v3/withdrawals", body)
    if not isinstance(data, dict):
        raise BadResponse("POST /api/v3/withdrawals: data is not an object", endpoint="POST /api/v3/withdrawals")
    result = parse_transactions([{"id": data.get("withdrawalId"), "currency": currency,
                                  "amount": body["amount"], "address": address, "memo": body.get("memo"),
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
    body.update(_only(params, BORROW_FIELDS, "POST /api/v3/margin/repay" if repay else "POST /api/v3/margin/borrow"))
    data = yield Call("POST", "/api/v3/margin/repay" if repay else "/api/v3/margin/borrow", body)
    return parse_loan(data or {}, body["currency"], symbol, ctx.num, ctx.now_ms())


def repay_margin(ctx: PlanContext, code: Any, amount: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    return (yield from borrow_margin(ctx, code, amount, symbol, params, repay=True))


def fetch_borrow_interest(ctx: PlanContext, code: Any = None, symbol: Any = None, since: Any = None,
                          limit: Any = None, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    if params.get("until") is not None:
        params["endTime"] = params.pop("until")
    params = _only(params, INTEREST_FIELDS, "GET /api/v3/margin/interest")
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
