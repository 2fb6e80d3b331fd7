"""What every family's order plans share (pure core): client order ids, unknown outcomes, and finding an
order by its client order id after a write whose outcome is unknown (never a duplicated order).

Layer: pure core. Rule: plans yield :class:`Call` and :class:`Sleep` effects; no I/O, no clock, no
randomness (fresh client order ids come from ``ctx.new_client_oid``).

Every placement carries a ``clientOid``. When its outcome is unknown (the executor raised with
``outcome_unknown``: timeout, dropped connection, 5xx, a lost or garbled answer) the family's plan looks the
order up by client order id with :func:`find_by_client_id`, which retries that read a few times
(``reconcileAttempts``, ``reconcileDelay``) and returns the raw order, or raises a NetworkError
(``outcome_unknown=True``) carrying the client order id. The placement itself is never re-sent.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from ..errors import BadRequest, BadResponse, BaseError, InvalidOrder, NetworkError, OrderNotFound
from ..options import option
from .calls import Call, path as id_path
from .effects import Sleep
from .order_routes import Listing, Paging
from .paging import last_id_pages
from .plan import Plan, PlanContext

__all__ = ["CID_RE", "client_oid", "unknown_outcome", "first_item", "order_id", "by_client_id_call",
           "find_by_client_id", "unsure", "attempts", "delay", "kucoin_params", "list_query", "list_items"]

CID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")  # KuCoin's clientOid rule (spot and futures)
_ORDER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def client_oid(ctx: PlanContext, params: dict[str, Any]) -> str:
    """Pop the caller's ``clientOrderId``/``clientOid`` from ``params`` (checked: 1-40 characters of
    [A-Za-z0-9_-], KuCoin's rule), else a fresh one from the injected source."""
    given = params.pop("clientOrderId", None)
    given = params.pop("clientOid", given)
    cid = given if given is not None else ctx.new_client_oid()
    if not isinstance(cid, str) or not CID_RE.match(cid):
        raise InvalidOrder(f"clientOrderId must be 1-40 characters of A-Z a-z 0-9 _ -, got {cid!r}")
    return cid


def unknown_outcome(exc: BaseError) -> bool:
    """The write may have happened: flagged by the executor/transport, or a 200 we could not read."""
    return bool(exc.outcome_unknown) or (isinstance(exc, BadResponse) and (exc.http_status or 200) < 400)


def first_item(data: Any) -> Any:
    """A single-order answer: the object itself, or the first of a list (None for an empty list)."""
    return data[0] if isinstance(data, list) and data else (None if isinstance(data, list) else data)


def order_id(value: Any, what: str = "id") -> str:
    """An order id as KuCoin writes them (hex-like text); anything else is refused before sending."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _ORDER_ID_RE.match(str(value)):
        raise BadRequest(f"{what} must be a KuCoin order id (1-64 of A-Z a-z 0-9 _ -), got {str(value)[:60]!r}")
    return str(value)


def by_client_id_call(method: str, template: str, cid: Any, query: dict | None, symbol_id: Any,
                      client_order_id: str | None = None, host: str | None = None) -> Call:
    """``method`` on a client-order-id endpoint: the id in the path where the template has ``{}`` (with
    ``query``), else as the ``clientOid`` query parameter next to the symbol (see
    :mod:`kucoin_connector.rest.order_routes`). ``client_order_id`` goes into error context only."""
    if "{}" not in template:
        return Call(method, template, {"clientOid": cid, "symbol": symbol_id}, host=host,
                    client_order_id=client_order_id)
    return Call(method, id_path(template, cid, what="clientOrderId"), query, host=host,
                client_order_id=client_order_id)


def attempts(ctx: PlanContext) -> int:
    return max(1, int(option(ctx.options, "reconcileAttempts")))


def delay(ctx: PlanContext, attempt: int) -> float:
    return float(option(ctx.options, "reconcileDelay")) * (2 ** (attempt - 1))


def unsure(cause: BaseError, cid: Any) -> NetworkError:
    """``cause`` as the NetworkError a caller gets when nothing is known for sure."""
    error = cause if isinstance(cause, NetworkError) else NetworkError(str(cause))
    error.outcome_unknown = True
    error.client_order_id = cid
    error.endpoint = error.endpoint or cause.endpoint
    return error


def find_by_client_id(ctx: PlanContext, lookup: Call, cid: str, cause: BaseError) -> Plan:
    """The raw order ``lookup`` (a GET by client order id) finds, read up to ``reconcileAttempts`` times;
    or ``cause`` as a NetworkError with ``outcome_unknown=True`` and the client order id."""
    last: BaseError = cause
    for attempt in range(attempts(ctx)):
        if attempt:
            # Placement can be asynchronous on KuCoin: give the order time to become visible.
            yield Sleep(delay(ctx, attempt))
        try:
            data = first_item((yield lookup))
        except OrderNotFound as exc:
            last = exc  # not (yet) known to KuCoin: look again
            continue
        except (NetworkError, BadResponse) as exc:
            last = exc
            continue
        if data:
            return data
    error = unsure(cause, cid)
    if error.__cause__ is None and last is not cause:
        error.__cause__ = last
    raise error


def kucoin_params(params: dict, what: str, unified: frozenset[str]) -> dict:
    """The query params left after the selectors were read: ccxt's ``until`` becomes KuCoin's ``endAt``;
    any other ccxt parameter (``unified``, the family's set) is refused rather than sent under its ccxt name."""
    if params.get("until") is not None:
        params["endAt"] = params.pop("until")
    wrong = sorted(k for k, v in params.items() if k in unified and v is not None)
    if wrong:
        raise BadRequest(f"{what}: params {wrong[:5]} do not apply here (ccxt parameters KuCoin does not know)")
    return {k: v for k, v in params.items() if k not in unified}


def list_query(listing: Listing, sid: Any, since: Any, limit: Any, params: Mapping[str, Any]) -> dict:
    """The query of a list request: symbol, the listing's fixed fields, ``startAt``, the page size the
    listing's paging takes from ``limit``, then the caller's own params (which win)."""
    query: dict[str, Any] = {"symbol": sid, **listing.query}
    if since is not None:
        query["startAt"] = since
    size_param = listing.paging.size_param
    if limit is not None and size_param is not None:
        query[size_param] = min(limit, listing.paging.max_size)
    query.update(params)
    return query


def list_items(listing: Listing, sid: Any, since: Any, limit: Any, params: Mapping[str, Any],
               host: str | None = None) -> Plan:
    """The raw items of a list endpoint; cursor pages are followed while ``limit`` asks for more than one."""
    call = Call("GET", listing.path, list_query(listing, sid, since, limit, params), host=host)
    page = listing.paging.max_size
    if listing.paging is Paging.CURSOR and limit is not None and limit > page and "lastId" not in params:
        return (yield from last_id_pages(call, page, max_items=limit))  # answers are data {items, lastId}
    data = yield call
    if listing.items_key is None:
        return data or []
    return (data or {}).get(listing.items_key) or [] if isinstance(data, Mapping) else []
