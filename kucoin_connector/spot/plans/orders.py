"""Order plans (pure core): create, batch, edit, cancel, fetch, lists and fills; no duplicate orders.

Layer: pure core. Rule: plans yield :class:`Call` objects and return parsed structures; no I/O, no clock.

Never a duplicated order: every placement carries a ``clientOid``. When its outcome is unknown (the
executor raised with ``outcome_unknown``: timeout, dropped connection, 5xx, a lost or garbled answer) the
plan looks the order up by client order id (``GET /api/v1/hf/orders/client-order/{clientOid}``,
https://www.kucoin.com/docs-new/api-3470182), retrying that read a few times, and returns the order it
finds, or raises a NetworkError (``outcome_unknown=True``) carrying the client order id. It never re-sends
the placement. A cancel with an unknown outcome fetches the order and reports its real state; when the
order is still open the cancel (harmless to repeat) is sent once more.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from ...rest.calls import Call, path as id_path
from ...rest.effects import Sleep
from ...errors import ArgumentsRequired, BadRequest, BadResponse, BaseError, InvalidOrder, NetworkError, \
    OrderNotFound
from ..parsers._common import dec, out
from ..parsers.orders import parse_order, parse_orders
from ...rest.paging import last_id_pages
from ..parsers.trades import parse_trades
from .context import Plan, PlanContext
from .market_data import ensure_markets, market
from .order_requests import _CID_RE, _UNIFIED, ROUTES, build_order, order_kind
from .validate import check_limit, check_params, check_since
from ...options import option

__all__ = ["create_order", "create_orders", "edit_order", "cancel_order", "cancel_orders", "cancel_all_orders",
           "fetch_order", "fetch_orders", "fetch_open_orders", "fetch_closed_orders", "fetch_canceled_orders",
           "fetch_my_trades", "fetch_order_trades", "reconcile"]

HF_PAGE = 100  # the most items an HF list answers per page


def _reconcile_delay(ctx: PlanContext, attempt: int) -> float:
    # options.reconcileDelay: seconds before the 2nd lookup by client order id, doubling after
    return float(option(ctx.options, "reconcileDelay")) * (2 ** (attempt - 1))


def _unknown(exc: BaseError) -> bool:
    """The write may have happened: flagged by the executor/transport, or a 200 we could not read."""
    return bool(exc.outcome_unknown) or (isinstance(exc, BadResponse) and (exc.http_status or 200) < 400)


def _lookup_call(kind: str, cid: str, symbol_id: str | None) -> Call:
    route = ROUTES[kind]
    if route.cid_in_query:
        return Call("GET", route.by_cid, {"clientOid": cid, "symbol": symbol_id})
    return Call("GET", id_path(route.by_cid, cid, what="clientOrderId"),
                {"symbol": symbol_id} if kind in ("hf", "margin") else None)


def _first(data: Any) -> Any:
    return data[0] if isinstance(data, list) and data else (None if isinstance(data, list) else data)


def reconcile(ctx: PlanContext, kind: str, cid: str, symbol_id: str | None, cause: BaseError) -> Plan:
    """Find an order whose placement outcome is unknown; return its payload or raise ``cause`` (a
    NetworkError with ``outcome_unknown=True`` and the client order id)."""
    attempts = int(option(ctx.options, "reconcileAttempts"))
    last: BaseError = cause
    for attempt in range(max(1, attempts)):
        if attempt:
            # HF placement is asynchronous on KuCoin: give the order time to become visible.
            yield Sleep(_reconcile_delay(ctx, attempt))
        try:
            data = _first((yield _lookup_call(kind, cid, symbol_id)))
        except OrderNotFound as exc:
            last = exc  # not (yet) known to KuCoin: HF placement is asynchronous, look again
            continue
        except (NetworkError, BadResponse) as exc:
            last = exc
            continue
        if data:
            return data
    error = cause if isinstance(cause, NetworkError) else NetworkError(str(cause))
    error.outcome_unknown = True
    error.client_order_id = cid
    error.endpoint = error.endpoint or cause.endpoint
    if error.__cause__ is None and last is not cause:
        error.__cause__ = last
    raise error


def _place(ctx: PlanContext, call: Call, kind: str, cid: str, symbol_id: str | None) -> Plan:
    try:
        return (yield call), False
    except BaseError as exc:
        if not _unknown(exc):
            raise
        return (yield from reconcile(ctx, kind, cid, symbol_id, exc)), True


def create_order(ctx: PlanContext, symbol: str, type: Any, side: Any, amount: Any, price: Any = None,
                 params: dict | None = None) -> Plan:
    m = yield from market(ctx, symbol)
    request = build_order(ctx, m, type, side, amount, price, check_params(params))
    call = Call("POST", request.path, request.body, client_order_id=request.client_oid)
    if request.test:
        data = yield call  # nothing is placed by the test endpoint: no reconciliation needed
        reconciled = False
    else:
        data, reconciled = yield from _place(ctx, call, request.kind, request.client_oid, m["id"])
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    if not reconciled:
        # KuCoin acks with ids only (the sync answer adds sizes and status): fill in what we sent, like
        # ccxt leaves the rest None.
        order["clientOrderId"] = order["clientOrderId"] or request.client_oid
        order["type"], order["side"] = type, side
        if request.sync and order["price"] is None and request.body.get("price") is not None:
            order["price"] = out(ctx.num, dec(request.body["price"]))
    return order


def create_orders(ctx: PlanContext, orders: Any, params: dict | None = None) -> Plan:
    """Batch placement, ``POST /api/v1/hf/orders/multi`` (https://www.kucoin.com/docs-new/api-3470187),
    up to 20 orders. KuCoin answers per order: ``success`` or ``failMsg`` (-> rejected)."""
    params = check_params(params)
    if not isinstance(orders, (list, tuple)) or not orders:
        raise BadRequest("create_orders needs a non-empty list of order requests")
    if len(orders) > 20:
        raise BadRequest("KuCoin accepts at most 20 orders per batch")
    yield from ensure_markets(ctx)
    built, markets = [], []
    for entry in orders:
        if not isinstance(entry, Mapping):
            raise BadRequest("each order request must be a dict with symbol, type, side, amount, price, params")
        m = yield from market(ctx, entry.get("symbol"))
        request = build_order(ctx, m, entry.get("type"), entry.get("side"), entry.get("amount"),
                              entry.get("price"), {**params, **check_params(entry.get("params"))})
        if request.kind != "hf" or request.test:
            raise InvalidOrder("create_orders sends HF spot orders only (no trigger, margin, test or classic)")
        built.append(request)
        markets.append(m)
    syncs = {r.sync for r in built}
    if len(syncs) > 1:
        raise InvalidOrder("create_orders: sync must be the same for every order of a batch")
    path = "/api/v1/hf/orders/multi/sync" if True in syncs else "/api/v1/hf/orders/multi"
    call = Call("POST", path, {"orderList": [r.body for r in built]},
                client_order_id=",".join(r.client_oid for r in built)[:200])
    try:
        data = yield call
    except BaseError as exc:
        if not _unknown(exc):
            raise
        found = []
        for request, m in zip(built, markets):
            item = yield from reconcile(ctx, "hf", request.client_oid, m["id"], exc)
            found.append(parse_order(item, m, ctx.num))
        return found
    result = []
    for i, item in enumerate(data or ()):
        m = markets[i] if i < len(markets) else None
        order = parse_order(item, m, ctx.num)
        if i < len(built):
            order["clientOrderId"] = order["clientOrderId"] or built[i].client_oid
            order["type"], order["side"] = built[i].body["type"], built[i].body["side"]
        if item.get("success") is False:
            order["status"] = "rejected"
        result.append(order)
    return result


_ORDER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _order_id(value: Any, what: str = "id") -> str:
    """An order id as KuCoin writes them (hex-like text); anything else is refused before sending."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _ORDER_ID_RE.match(str(value)):
        raise BadRequest(f"{what} must be a KuCoin order id (1-64 of A-Z a-z 0-9 _ -), got {str(value)[:60]!r}")
    return str(value)


def edit_order(ctx: PlanContext, id: Any, symbol: str, type: Any, side: Any, amount: Any = None,
               price: Any = None, params: dict | None = None) -> Plan:
    """``POST /api/v1/hf/orders/alter`` (https://www.kucoin.com/docs-new/api-3470190): KuCoin cancels the
    HF spot order and places a new one (``newOrderId``) that keeps the original ``clientOid`` -- the spec
    has no field for another one, so the old order's client id is the new order's client id.

    As safe as a placement: the amend is sent by order id (a client id given instead is first resolved to
    the order id, one GET), so a repeat can only ever replace that one order. When the outcome is unknown
    the plan reads the old order: still open -> the amend did not happen and is sent once more; done ->
    the new order is looked up by the client id and returned (or, when KuCoin placed none because the
    order had filled, the old order's final state). It never ends unsure: otherwise it raises a
    NetworkError with ``outcome_unknown=True`` and the client order id."""
    params = dict(check_params(params))
    m = yield from market(ctx, symbol)
    from ..order_rules import check_amount, check_price
    from ...core.numbers import plain
    cid = params.pop("clientOrderId", None)
    cid = params.pop("clientOid", cid)
    if params.pop("trigger", None) or params.pop("stop", None) or params.pop("marginMode", None) \
            or params.pop("hf", True) is False:
        raise InvalidOrder("edit_order amends HF spot orders only (KuCoin has no amend for stop, margin or "
                           "classic orders): cancel and create instead")
    leftover = sorted(k for k, v in params.items() if v is not None)
    if leftover:
        raise BadRequest(f"edit_order params {str(leftover)[:80]} do not apply to POST /api/v1/hf/orders/alter")
    if id is None and cid is None:
        raise ArgumentsRequired("edit_order needs an order id or params clientOrderId")
    if amount is None and price is None:
        raise BadRequest("edit_order needs a new amount or a new price")
    body: dict[str, Any] = {"symbol": m["id"]}
    if price is not None:
        body["newPrice"] = plain(check_price(m, price))
    if amount is not None:
        body["newSize"] = plain(check_amount(m, amount))
    if id is None:
        if not isinstance(cid, str) or not _CID_RE.match(cid):
            raise BadRequest(f"clientOrderId must be 1-40 characters of A-Z a-z 0-9 _ -, got {str(cid)[:60]!r}")
        old = _first((yield _lookup_call("hf", cid, m["id"])))
        if not isinstance(old, Mapping) or old.get("id") is None:
            raise OrderNotFound(f"order with clientOrderId {cid} not found", client_order_id=cid)
        old_id = _order_id(old.get("id"))
    else:
        old_id = _order_id(id)
    call = Call("POST", "/api/v1/hf/orders/alter", {"symbol": m["id"], "orderId": old_id, **body},
                client_order_id=cid)
    try:
        data = yield call
    except BaseError as exc:
        if not _unknown(exc):
            raise
        return (yield from _reconcile_edit(ctx, call, old_id, cid, m, type, side, exc))
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    order["clientOrderId"] = order["clientOrderId"] or cid
    order["type"], order["side"] = type, side
    return order


def _reconcile_edit(ctx: PlanContext, call: Call, old_id: str, cid: Any, m: Mapping[str, Any], type: Any,
                    side: Any, cause: BaseError) -> Plan:
    """After an amend with an unknown outcome: the new order, or the old order's final state, or a
    NetworkError (``outcome_unknown``, client order id) -- never a second amend of a replaced order."""
    resent = False
    while True:
        try:
            old = yield from _fetch_after_unknown(ctx, old_id, m["symbol"], {}, cause)
        except BaseError as exc:
            if exc is cause:
                break  # the old order could not be read: nothing is known for sure
            raise
        cid = cid or old.get("clientOrderId")
        if old["status"] == "open":
            if resent:
                break  # sent twice, still the old order: report that nothing is known for sure
            resent = True  # the amend did not happen: alter is by order id, so a second one is safe
            try:
                data = yield call
            except OrderNotFound:
                continue  # replaced or done meanwhile: read again
            except BaseError as again:
                if not _unknown(again):
                    raise
                continue
            order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
            order["clientOrderId"] = order["clientOrderId"] or cid
            order["type"], order["side"] = type, side
            return order
        if cid is None:
            break  # no client id: the new order cannot be told apart
        try:
            new = yield from reconcile(ctx, "hf", cid, m["id"], cause)
        except NetworkError:
            break
        if isinstance(new, Mapping) and str(new.get("id")) != old_id:
            return parse_order(new, m, ctx.num)
        return old  # KuCoin placed no new order (the old one had filled or was cancelled first)
    error = cause if isinstance(cause, NetworkError) else NetworkError(str(cause))
    error.outcome_unknown = True
    error.client_order_id = cid
    error.endpoint = error.endpoint or cause.endpoint
    raise error


def _symbol_id(ctx: PlanContext, symbol: Any, kind: str, what: str) -> Plan:
    if symbol is None:
        if kind in ("hf", "margin"):
            raise ArgumentsRequired(f"{what} needs a symbol on KuCoin HF endpoints")
        return None, None
    m = yield from market(ctx, symbol)
    return m, m["id"]


def fetch_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    params = dict(check_params(params))
    kind = order_kind(ctx, params)
    cid = params.pop("clientOrderId", params.pop("clientOid", None))
    m, sid = yield from _symbol_id(ctx, symbol, kind, "fetch_order")
    if cid is not None:
        call = _lookup_call(kind, cid, sid)
    elif id is None:
        raise ArgumentsRequired("fetch_order needs an order id or params clientOrderId")
    else:
        query = {"symbol": sid} if kind in ("hf", "margin") else None
        call = Call("GET", id_path(ROUTES[kind].by_id, id), query)
    data = _first((yield call))
    if not data:
        raise OrderNotFound(f"order {id or cid} not found", client_order_id=cid)
    if m is None:
        m = ctx.registry.by_id(str(data.get("symbol")))
    return parse_order(data, m, ctx.num)


SYNC_CANCEL = ("/api/v1/hf/orders/sync/{}", "/api/v1/hf/orders/sync/client-order/{}")


def _cancel_call(kind: str, id: Any, cid: Any, sid: Any, sync: bool = False) -> Call:
    route = ROUTES[kind]
    query = {"symbol": sid} if sid is not None else None
    if sync:  # DELETE /api/v1/hf/orders/sync/... (api-3470185, api-3470186): the answer has the state
        if cid is not None:
            return Call("DELETE", id_path(SYNC_CANCEL[1], cid, what="clientOrderId"), query, client_order_id=cid)
        return Call("DELETE", id_path(SYNC_CANCEL[0], id), query)
    if cid is not None:
        if route.cid_in_query:
            return Call("DELETE", route.cancel_cid, {"clientOid": cid, "symbol": sid}, client_order_id=cid)
        return Call("DELETE", id_path(route.cancel_cid, cid, what="clientOrderId"), query, client_order_id=cid)
    return Call("DELETE", id_path(route.cancel_id, id), query)


def cancel_order(ctx: PlanContext, id: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """Cancel by id or by ``clientOrderId``; on an unknown outcome, report the order's real state."""
    params = dict(check_params(params))
    sync = bool(params.pop("sync", False))
    kind = order_kind(ctx, params)
    cid = params.pop("clientOrderId", params.pop("clientOid", None))
    if id is None and cid is None:
        raise ArgumentsRequired("cancel_order needs an order id or params clientOrderId")
    if sync and kind != "hf":
        raise InvalidOrder("cancel_order: sync applies to HF spot orders only")
    m, sid = yield from _symbol_id(ctx, symbol, kind, "cancel_order")
    call = _cancel_call(kind, id, cid, sid, sync)
    try:
        data = yield call
    except BaseError as exc:
        if not _unknown(exc):
            raise
        lookup = {"clientOrderId": cid} if cid is not None else {}
        lookup.update({"stop": True} if kind == "stop" else {})
        if kind == "margin":
            lookup["marginMode"] = "isolated" if params.get("tradeType") == "MARGIN_ISOLATED_TRADE" else "cross"
        if kind == "classic":
            lookup["hf"] = False
        order = yield from _fetch_after_unknown(ctx, id, symbol, lookup, exc)
        if order["status"] != "open":
            return order
        # Still open: the cancel did not happen (or is in flight). A second cancel can never duplicate
        # anything, so send it once more and report what KuCoin says.
        try:
            data = yield call
        except OrderNotFound:
            order = yield from _fetch_after_unknown(ctx, id, symbol, lookup, exc)
            if order["status"] != "open":
                return order
            raise exc
        except BaseError as again:
            if _unknown(again):
                raise exc
            raise
    order = parse_order(data if isinstance(data, Mapping) else {}, m, ctx.num)
    order["id"] = order["id"] or (None if id is None else str(id))
    if isinstance(data, Mapping) and data.get("cancelledOrderIds"):
        order["id"] = str(data["cancelledOrderIds"][0])
    order["clientOrderId"] = order["clientOrderId"] or cid
    return order


def _fetch_after_unknown(ctx: PlanContext, id: Any, symbol: Any, lookup: dict, cause: BaseError) -> Plan:
    attempts = int(option(ctx.options, "reconcileAttempts"))
    for attempt in range(max(1, attempts)):
        if attempt:
            yield Sleep(_reconcile_delay(ctx, attempt))
        try:
            return (yield from fetch_order(ctx, id, symbol, dict(lookup)))
        except (NetworkError, BadResponse):
            continue
    raise cause


def cancel_orders(ctx: PlanContext, ids: Any, symbol: Any = None, params: dict | None = None) -> Plan:
    """One cancel per id (KuCoin HF has no batch cancel by id list); stops at the first error."""
    if not isinstance(ids, (list, tuple)):
        raise BadRequest("cancel_orders needs a list of order ids")
    result = []
    for order_id in ids:
        result.append((yield from cancel_order(ctx, order_id, symbol, params)))
    return result


def cancel_all_orders(ctx: PlanContext, symbol: Any = None, params: dict | None = None) -> Plan:
    """``DELETE /api/v1/hf/orders?symbol=`` (one symbol) or ``/api/v1/hf/orders/cancelAll``; stop orders:
    ``DELETE /api/v1/stop-order/cancel``; margin: ``DELETE /api/v3/hf/margin/orders?symbol=&tradeType=``."""
    params = dict(check_params(params))
    kind = order_kind(ctx, params)
    params = _no_unified(params, "cancel_all_orders")
    sid = None
    if symbol is not None:
        m = yield from market(ctx, symbol)
        sid = m["id"]
    if kind == "stop":
        data = yield Call("DELETE", "/api/v1/stop-order/cancel", {"symbol": sid, **params})
    elif kind == "margin":
        if sid is None:
            raise ArgumentsRequired("cancel_all_orders with marginMode needs a symbol")
        data = yield Call("DELETE", "/api/v3/hf/margin/orders", {"symbol": sid, **params})
    elif kind == "classic":
        data = yield Call("DELETE", "/api/v1/orders", {"symbol": sid, **params})
    elif sid is not None:
        data = yield Call("DELETE", "/api/v1/hf/orders", {"symbol": sid, **params})
    else:
        data = yield Call("DELETE", "/api/v1/hf/orders/cancelAll", params or None)
    return [{"info": data}]


def _no_unified(params: dict, what: str) -> dict:
    """The query params left after the selectors were read: ccxt's ``until`` becomes KuCoin's ``endAt``;
    any other ccxt parameter is refused rather than sent under its ccxt name."""
    if params.get("until") is not None:
        params["endAt"] = params.pop("until")
    wrong = sorted(k for k, v in params.items() if k in _UNIFIED and v is not None)
    if wrong:
        raise BadRequest(f"{what}: params {wrong[:5]} do not apply here (ccxt parameters KuCoin does not know)")
    return {k: v for k, v in params.items() if k not in _UNIFIED}


def _list_params(kind: str, sid: Any, since: Any, limit: Any, params: dict) -> dict:
    query: dict[str, Any] = {"symbol": sid}
    if since is not None:
        query["startAt"] = since
    if limit is not None and kind in ("hf", "margin"):
        query["limit"] = min(limit, 100)
    query.update(params)
    return query


def _open(ctx: PlanContext, kind: str, sid: Any, params: dict) -> Plan:
    if kind == "stop":
        data = yield Call("GET", "/api/v1/stop-order", {"symbol": sid, **params})
        return (data or {}).get("items") or []
    if kind == "classic":
        data = yield Call("GET", "/api/v1/orders", {"symbol": sid, "status": "active", **params})
        return (data or {}).get("items") or []
    path = "/api/v1/hf/orders/active" if kind == "hf" else "/api/v3/hf/margin/orders/active"
    return (yield Call("GET", path, {"symbol": sid, **params})) or []


def _done(ctx: PlanContext, kind: str, sid: Any, since: Any, limit: Any, params: dict) -> Plan:
    if kind == "classic":
        query = {"symbol": sid, "status": "done", "startAt": since, **params}
        data = yield Call("GET", "/api/v1/orders", query)
        return (data or {}).get("items") or []
    path = "/api/v1/hf/orders/done" if kind == "hf" else "/api/v3/hf/margin/orders/done"
    query = _list_params(kind, sid, since, limit, params)
    if limit is not None and limit > HF_PAGE and "lastId" not in params:
        # HF cursor pages hold at most 100: follow lastId for more (data {items, lastId}).
        return (yield from last_id_pages(Call("GET", path, query), HF_PAGE, max_items=limit))
    data = yield Call("GET", path, query)
    return (data or {}).get("items") or []


def _orders(ctx: PlanContext, which: str, symbol: Any, since: Any, limit: Any, params: Any) -> Plan:
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    kind = order_kind(ctx, params)
    params = _no_unified(params, f"fetch_{which}_orders")
    m, sid = yield from _symbol_id(ctx, symbol, kind, f"fetch_{which}_orders")
    yield from ensure_markets(ctx)
    items: list = []
    if which in ("open", "all"):
        items += (yield from _open(ctx, kind, sid, params))
    if which in ("closed", "canceled", "all") and kind != "stop":
        items += (yield from _done(ctx, kind, sid, since, limit, params))
    orders = parse_orders(items, ctx.registry.markets_by_id, ctx.num, since, None)
    if which in ("closed", "canceled"):
        orders = [o for o in orders if o["status"] == which]
    if limit is not None:
        orders = orders[:limit] if since is not None else orders[-limit:]
    return orders


def fetch_open_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                      params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "open", symbol, since, limit, params))


def fetch_closed_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                        params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "closed", symbol, since, limit, params))


def fetch_canceled_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                          params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "canceled", symbol, since, limit, params))


def fetch_orders(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    return (yield from _orders(ctx, "all", symbol, since, limit, params))


def fetch_my_trades(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                    params: dict | None = None) -> Plan:
    """``GET /api/v1/hf/fills`` (https://www.kucoin.com/docs-new/api-3470180): the answer is a cursor page,
    ``data {items, lastId}`` -- the trades are ``data.items``."""
    params = dict(check_params(params))
    since, limit = check_since(since), check_limit(limit)
    kind = order_kind(ctx, params)
    params = _no_unified(params, "fetch_my_trades")
    m, sid = yield from _symbol_id(ctx, symbol, kind, "fetch_my_trades")
    yield from ensure_markets(ctx)
    path = {"hf": "/api/v1/hf/fills", "margin": "/api/v3/hf/margin/fills", "classic": "/api/v1/fills"}.get(kind)
    if path is None:
        raise BadRequest("stop orders have no fills of their own; fetch the triggered order's trades")
    query = _list_params(kind, sid, since, limit, params)
    if kind == "classic" and limit is not None:
        query["pageSize"] = min(limit, 500)
    if kind != "classic" and limit is not None and limit > HF_PAGE and "lastId" not in params:
        items = yield from last_id_pages(Call("GET", path, query), HF_PAGE, max_items=limit)
    else:
        data = yield Call("GET", path, query)
        items = data.get("items") if isinstance(data, Mapping) else data
    by_id = ctx.registry.markets_by_id
    trades = [t for item in items or () for t in parse_trades([item], by_id.get(str(item.get("symbol"))), ctx.num)]
    trades.sort(key=lambda t: (t["timestamp"] is None, t["timestamp"] or 0, t["id"] or ""))
    if since is not None:
        trades = [t for t in trades if t["timestamp"] is not None and t["timestamp"] >= since]
    if limit is not None:
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades


def fetch_order_trades(ctx: PlanContext, id: Any, symbol: Any = None, since: Any = None, limit: Any = None,
                       params: dict | None = None) -> Plan:
    if id is None:
        raise ArgumentsRequired("fetch_order_trades needs an order id")
    return (yield from fetch_my_trades(ctx, symbol, since, limit, {**check_params(params), "orderId": id}))

