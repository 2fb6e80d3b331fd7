"""Building spot order requests from ccxt arguments (pure core, no requests).

Layer: pure core. Rule: no I/O, no clock, no randomness (client order ids come from ``ctx.new_client_oid``).

Which endpoint (https://www.kucoin.com/docs-new/rest/spot-trading/orders/...), chosen from the caller's
params only, never by a probe:

* HF ``POST /api/v1/hf/orders`` (api-3470188) by default; ``test`` -> ``/api/v1/hf/orders/test``;
* ``{"hf": False}`` (or ``options["hf"] = False``) -> classic ``POST /api/v1/orders``;
* ``triggerPrice``/``stopPrice``/``stopLossPrice``/``takeProfitPrice`` -> ``POST /api/v1/stop-order``
  (``stop`` "loss" or "entry"; a plain trigger is "loss" for sells and "entry" for buys, as ccxt sends);
* ``marginMode`` cross/isolated -> ``POST /api/v3/hf/margin/order`` (``isIsolated``), test variant
  ``/api/v3/hf/margin/order/test``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ...errors import BadRequest, InvalidOrder
from ..order_rules import check_amount, check_order, check_price
from ...core.checks import apply_time_in_force
from ...core.numbers import plain
from ..routes import ORDER_ROUTES, OrderKind
from ...rest.plan import PlanContext
from ...options import option
from ...rest.order_lookup import CID_RE, client_oid

__all__ = ["OrderRequest", "build_order", "client_oid", "use_hf", "margin_mode", "order_kind", "ORDER_SELECTORS",
           "FIELDS", "STOP_DIRECTIONS"]

_CID_RE = CID_RE  # the name place.py reads
_TIME_IN_FORCE = ("GTC", "GTT", "IOC", "FOK")


STOP_DIRECTIONS = ("loss", "entry")

# Request-body fields the spec defines per endpoint kind (openapi-spot-order.json, openapi-margin-order.json).
_COMMON = frozenset("clientOid side symbol type stp price size timeInForce postOnly hidden iceberg visibleSize "
                    "cancelAfter funds".split())
FIELDS: dict[OrderKind, frozenset[str]] = {
    OrderKind.HF: _COMMON | {"remark", "tags", "allowMaxTimeWindow", "clientTimestamp"},
    OrderKind.CLASSIC: _COMMON | {"remark", "tradeType"},
    OrderKind.STOP: _COMMON | {"remark", "tradeType", "stopPrice", "stop"},
    OrderKind.MARGIN: _COMMON | {"isIsolated", "autoBorrow", "autoRepay"},
}

# ccxt parameters with a meaning of their own: never forwarded; named in the error when left unused.
_UNIFIED = frozenset("trigger stopLoss takeProfit trailingAmount trailingPercent trailingTriggerPrice leverage "
                     "network networkCode marginMode margin sync test hf cost reduceOnly triggerPriceType "
                     "triggerDirection paginate until method".split())


@dataclass(frozen=True)
class OrderRequest:
    kind: OrderKind
    path: str
    body: dict[str, Any]
    client_oid: str
    test: bool
    sync: bool = False


# Query params that select the kind of an existing order; read by order_kind, never sent.
ORDER_SELECTORS = frozenset({"trigger", "stop", "marginMode", "margin", "hf"})


def use_hf(ctx: PlanContext, params: Mapping[str, Any]) -> bool:
    """HF unless the caller says ``hf: False`` (in params or in options); no probe request. Reads only."""
    return params.get("hf", option(ctx.options, "hf")) is not False


def margin_mode(params: Mapping[str, Any]) -> str | None:
    """``marginMode`` ("cross"/"isolated"), or "cross" for ccxt's ``margin: True``; None for spot. Reads only."""
    mode = params.get("marginMode")
    if params.get("margin") and mode is None:
        mode = "cross"
    if mode not in (None, "cross", "isolated"):
        raise BadRequest(f"marginMode must be 'cross' or 'isolated', got {mode!r}")
    return mode


def order_kind(ctx: PlanContext, params: Mapping[str, Any]) -> tuple[OrderKind, dict[str, Any]]:
    """The kind of an existing order the query params select, and the params left for the request.

    ``trigger``/``stop`` -> STOP, ``marginMode``/``margin`` -> MARGIN, ``hf: False`` (or
    ``options["hf"] = False``) -> CLASSIC, else HF. The selectors (:data:`ORDER_SELECTORS`) are read from
    ``params`` and left out of the returned dict, a new one: the caller's mapping is never changed. A
    margin selection adds the ``tradeType`` KuCoin's margin lists and cancel-all require
    (``MARGIN_TRADE``, or ``MARGIN_ISOLATED_TRADE`` for isolated)."""
    stop = params.get("trigger") or params.get("stop")
    mode = margin_mode(params)
    hf = use_hf(ctx, params)
    rest = {k: v for k, v in params.items() if k not in ORDER_SELECTORS}
    if stop:
        return OrderKind.STOP, rest
    if mode:
        rest["tradeType"] = "MARGIN_ISOLATED_TRADE" if mode == "isolated" else "MARGIN_TRADE"
        return OrderKind.MARGIN, rest
    return (OrderKind.HF if hf else OrderKind.CLASSIC), rest


def may_be_stop_order(kind: OrderKind, params: Mapping[str, Any]) -> bool:
    """Whether an order the HF or classic endpoints do not know may be a stop order: the caller named no
    kind (no ``trigger``/``stop``/margin selector). Used to look a missed id up among the stop orders."""
    return kind in (OrderKind.HF, OrderKind.CLASSIC) and not any(k in params for k in ("trigger", "stop"))




def _trigger(params: dict[str, Any], side: Any) -> tuple[Any, str | None]:
    """(trigger price, KuCoin ``stop`` or None) from ccxt's trigger parameters (see the module docstring)."""
    stop_loss = params.pop("stopLossPrice", None)
    take_profit = params.pop("takeProfitPrice", None)
    trigger = params.pop("triggerPrice", None)
    trigger = params.pop("stopPrice", trigger)
    stop = params.pop("stop", None)
    if sum(x is not None for x in (stop_loss, take_profit, trigger)) > 1:
        raise InvalidOrder("give only one of triggerPrice/stopPrice, stopLossPrice, takeProfitPrice")
    if stop is not None and stop not in STOP_DIRECTIONS:
        raise InvalidOrder(f"stop must be 'loss' or 'entry', got {str(stop)[:40]!r}")
    if stop_loss is not None:
        price, derived = stop_loss, ("entry" if side == "buy" else "loss")
    elif take_profit is not None:
        price, derived = take_profit, ("loss" if side == "buy" else "entry")
    elif trigger is not None:
        return trigger, stop  # None: KuCoin picks the direction from the last price, as ccxt leaves it
    else:
        if stop is not None:
            raise InvalidOrder("stop needs a triggerPrice (or stopLossPrice/takeProfitPrice)")
        return None, None
    if stop is not None and stop != derived:
        which = "stopLossPrice" if stop_loss is not None else "takeProfitPrice"
        raise InvalidOrder(f"stop {stop!r} contradicts {which} on a {side} order (that is {derived!r})")
    return price, derived



def build_order(ctx: PlanContext, market: Mapping[str, Any], type: Any, side: Any, amount: Any, price: Any,
                params: Mapping[str, Any] | None) -> OrderRequest:
    """Validate, round and shape one order; raises InvalidOrder/BadRequest before anything is sent."""
    p = dict(params or {})
    test = bool(p.pop("test", False))
    sync = bool(p.pop("sync", False))
    hf = use_hf(ctx, p)
    mode = margin_mode(p)
    for consumed in ("hf", "marginMode", "margin"):
        p.pop(consumed, None)
    cid = client_oid(ctx, p)
    cost = p.pop("cost", None)
    if type == "market" and cost is None and p.get("funds") is not None:
        cost = p.pop("funds")
    trigger, stop = _trigger(p, side)
    sizing = check_order(market, type, side, amount, price if type == "limit" else None, cost)
    body: dict[str, Any] = {"clientOid": cid, "side": side, "symbol": market["id"], "type": type}
    if sizing.price is not None:
        body["price"] = sizing.price
    if sizing.size is not None:
        body["size"] = sizing.size
    if sizing.funds is not None:
        body["funds"] = sizing.funds
    apply_time_in_force(p, type, body, _TIME_IN_FORCE)
    if p.pop("hidden", None):
        body["hidden"] = True
    visible = p.pop("visibleSize", None)
    if p.pop("iceberg", None) or visible is not None:
        if type != "limit":
            raise InvalidOrder("iceberg orders are limit orders")
        body["iceberg"] = True
        if visible is not None:
            body["visibleSize"] = plain(check_amount(market, visible))
    if trigger is not None and mode is not None:
        raise InvalidOrder("trigger orders with marginMode are not supported (KuCoin's stop-order endpoint is spot)")
    if trigger is not None:
        if stop is not None:
            body["stop"] = stop
        body["stopPrice"] = plain(check_price(market, trigger))
        kind = OrderKind.STOP
    elif mode is not None:
        body["isIsolated"] = mode == "isolated"
        kind = OrderKind.MARGIN
    else:
        kind = OrderKind.HF if hf else OrderKind.CLASSIC
    route = ORDER_ROUTES[kind]
    if sync and (route.sync is None or test):
        raise InvalidOrder("sync applies to HF spot orders only (not stop, margin, classic or test orders)")
    if test and route.test is None:
        raise InvalidOrder(f"KuCoin has no test endpoint for {route.name} orders")
    path = route.sync.place if sync and route.sync else (route.test if test else route.place)
    _extra_fields(p, kind, path, body)
    return OrderRequest(kind, path, body, cid, test, sync)


def _extra_fields(params: dict[str, Any], kind: OrderKind, path: str, body: dict[str, Any]) -> None:
    """Add the caller's remaining params to ``body``: only fields the spec defines for the endpoint, never
    one the arguments set, never a ccxt parameter under its ccxt name (BadRequest otherwise)."""
    reduce_only = params.pop("reduceOnly", None)
    if reduce_only:
        raise InvalidOrder("reduceOnly does not exist for KuCoin spot and margin orders")
    allowed = FIELDS[kind]
    for name, value in params.items():
        if value is None:
            continue
        if not isinstance(name, str):
            raise BadRequest(f"params keys must be strings, got {type(name).__name__}")
        if name in body:
            raise BadRequest(f"params {name[:40]!r} is set from the order's arguments; pass it there")
        if name in _UNIFIED or name not in allowed:
            raise BadRequest(f"params {name[:40]!r} does not apply to POST {path} (KuCoin defines "
                             f"{', '.join(sorted(allowed - set(body)))[:150]})")
        body[name] = value
