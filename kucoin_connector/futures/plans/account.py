"""The futures account's ledger, transfers and fee rates (pure core). Every call goes to the futures host.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.

* ``fetch_ledger``: ``GET /api/v1/transaction-history`` (api-3470124; weight 2, Futures pool), the path ccxt
  4.5's kucoinfutures takes for the contract account. KuCoin answers newest first, ``maxCount`` per page
  (default 50) and ``offset`` = the last entry's ``offset`` for the next (older) page, ``hasMore`` while
  there is one. ``limit`` None reads one page (as ccxt); a ``limit`` walks older pages until it is met;
  with ``since`` (``startAt``) the pages are walked back to ``since`` and the earliest ``limit`` entries are
  kept (ccxt's since/limit rule). Never more than ``LEDGER_MAX_PAGES`` requests. ``params["type"]`` is
  KuCoin's entry type (``RealisedPNL``, ``Deposit``, ``Withdrawal``, ``TransferIn``, ``TransferOut``); a
  market type (``swap``, ``future``) names this account and is dropped; ``until`` becomes ``endAt``.
* ``fetch_transfers``: the same ledger, its ``TransferIn`` and ``TransferOut`` entries (one listing each,
  merged by time), as ccxt transfer structures: both directions, which the deprecated
  ``/api/v1/transfer-list`` (transfers *out* only) does not give.
* ``fetch_trading_fee``: ``GET /api/v1/trade-fees?symbol=`` on the futures host (api-3470151).
* ``fetch_positions_adl_rank`` / ``fetch_position_adl_rank``: the auto-deleveraging share of each open
  position, from ``GET /api/v1/positions`` / ``GET /api/v1/position`` (as ccxt 4.5's kucoinfutures).
"""
from __future__ import annotations

from typing import Any, Mapping

from ...core.checks import check_limit, check_params, check_since, check_symbols_list
from ...core.fields import to_int
from ...errors import BadRequest
from ...rest.calls import Call
from ...rest.order_lookup import kucoin_params
from ...rest.plan import Plan, PlanContext
from ..parsers.account import LEDGER_TYPES, parse_adl_rank, parse_ledger_entry, parse_trading_fee
from .market_data import load_markets, market
from .order_requests import UNIFIED

__all__ = ["fetch_ledger", "fetch_transfers", "fetch_trading_fee", "fetch_positions_adl_rank",
           "fetch_position_adl_rank", "LEDGER_PAGE", "LEDGER_MAX_PAGES"]

HOST = "futures"
LEDGER_PAGE = 50  # KuCoin's default maxCount, ccxt's page of the contract ledger
LEDGER_MAX_PAGES = 20  # requests per listing, whatever the exchange answers
_MARKET_TYPES = frozenset({"swap", "future", "futures", "contract"})


def _query(code: Any, since: Any, params: Any, what: str) -> tuple[dict, int | None]:
    """KuCoin's query for the ledger (``currency``, ``startAt``, ``type``, the caller's own params)."""
    params = dict(check_params(params))
    kind = params.pop("type", None)
    params = kucoin_params(params, what, UNIFIED)
    since = check_since(since)
    query: dict[str, Any] = {}
    if code is not None:
        if not isinstance(code, str) or not code:
            raise BadRequest(f"{what}: code must be a currency code")
        query["currency"] = "XBT" if code.upper() == "BTC" else code.upper()  # KuCoin Futures names bitcoin XBT
    if since is not None:
        query["startAt"] = since
    if kind is not None and kind not in _MARKET_TYPES:
        if kind not in LEDGER_TYPES:
            raise BadRequest(f"{what}: type must be one of {', '.join(LEDGER_TYPES)}, got {str(kind)[:40]!r}")
        query["type"] = kind
    if "endAt" in params:
        params["endAt"] = check_since(params["endAt"])
    return {**query, **params}, since


def _walk(query: dict, since: int | None, limit: int | None) -> Plan:
    """The ledger items of ``query``, newest first, paged by ``offset`` (see the module doc)."""
    items: list[Mapping[str, Any]] = []
    offset = None
    for _ in range(LEDGER_MAX_PAGES):
        size = LEDGER_PAGE if limit is None or since is not None else min(LEDGER_PAGE, limit - len(items))
        page = {**query, "maxCount": size}
        if offset is not None:
            page["offset"] = offset
        data = yield Call("GET", "/api/v1/transaction-history", page, host=HOST)
        data = data if isinstance(data, Mapping) else {}
        rows = [r for r in (data.get("dataList") or []) if isinstance(r, Mapping)]
        older = [o for o in (to_int(r.get("offset")) for r in rows) if o is not None and (offset is None or o < offset)]
        items.extend(r for r in rows if offset is None or (to_int(r.get("offset")) or 0) < offset)
        if limit is None or not older or data.get("hasMore") is not True:
            break
        if since is None and len(items) >= limit:
            break
        offset = min(older)
    return items


def _since_limit(entries: list[dict], since: int | None, limit: int | None) -> list[dict]:
    entries.sort(key=lambda e: (e["timestamp"] is None, e["timestamp"] or 0, to_int(e["info"].get("offset")) or 0))
    if since is not None:
        entries = [e for e in entries if e["timestamp"] is not None and e["timestamp"] >= since]
    if limit is not None:
        entries = entries[:limit] if since is not None else entries[-limit:]
    return entries


def fetch_ledger(ctx: PlanContext, code: Any = None, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    """The futures account's ledger entries, ascending by time."""
    query, since = _query(code, since, params, "fetch_ledger")
    limit = check_limit(limit)
    items = yield from _walk(query, since, limit)
    return _since_limit([parse_ledger_entry(item, ctx.num) for item in items], since, limit)


def _transfer(entry: dict) -> dict:
    """A TransferIn/TransferOut ledger entry -> ccxt transfer (the other side's account is not stated)."""
    into = entry["direction"] == "in"
    return {"info": entry["info"], "id": entry["id"], "timestamp": entry["timestamp"], "datetime": entry["datetime"],
            "currency": entry["currency"], "amount": entry["amount"],
            "fromAccount": None if into else "swap", "toAccount": "swap" if into else None, "status": entry["status"]}


def fetch_transfers(ctx: PlanContext, code: Any = None, since: Any = None, limit: Any = None,
                    params: dict | None = None) -> Plan:
    """Transfers into and out of the futures account, ascending by time."""
    params = dict(check_params(params))
    if params.get("type") not in (None, *_MARKET_TYPES):
        raise BadRequest("fetch_transfers: type is not a filter here (it lists TransferIn and TransferOut)")
    params.pop("type", None)
    query, since = _query(code, since, params, "fetch_transfers")
    limit = check_limit(limit)
    entries = []
    for kind in ("TransferIn", "TransferOut"):
        items = yield from _walk({**query, "type": kind}, since, limit)
        entries.extend(parse_ledger_entry(item, ctx.num) for item in items)
    return [_transfer(e) for e in _since_limit(entries, since, limit)]


def fetch_trading_fee(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = kucoin_params(dict(check_params(params)), "fetch_trading_fee", UNIFIED)
    m = yield from market(ctx, symbol)
    data = yield Call("GET", "/api/v1/trade-fees", {"symbol": m["id"], **params}, host=HOST)
    return parse_trading_fee(data if isinstance(data, Mapping) else {}, m, ctx.num)


def fetch_positions_adl_rank(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """One ADL structure per open position (``symbols`` filters; checked before the request)."""
    params = kucoin_params(dict(check_params(params)), "fetch_positions_adl_rank", UNIFIED)
    wanted = check_symbols_list(symbols) or None
    for s in wanted or ():
        yield from market(ctx, s)
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    data = yield Call("GET", "/api/v1/positions", params or None, host=HOST)
    ranks = []
    for item in data if isinstance(data, list) else ():
        m = ctx.registry.by_id(item.get("symbol")) if isinstance(item, Mapping) else None
        if m is not None and (wanted is None or m["symbol"] in wanted):
            ranks.append(parse_adl_rank(item, m, ctx.num))
    return ranks


def fetch_position_adl_rank(ctx: PlanContext, symbol: Any, params: dict | None = None) -> Plan:
    params = kucoin_params(dict(check_params(params)), "fetch_position_adl_rank", UNIFIED)
    m = yield from market(ctx, symbol)
    data = yield Call("GET", "/api/v1/position", {"symbol": m["id"], **params}, host=HOST)
    return parse_adl_rank(data if isinstance(data, Mapping) else {}, m, ctx.num)
