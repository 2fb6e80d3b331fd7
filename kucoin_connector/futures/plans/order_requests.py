"""Building futures order requests from ccxt arguments (pure core, no requests).

Layer: pure core. Rule: no I/O, no clock, no randomness (client order ids come from ``ctx.new_client_oid``).

``POST /api/v1/orders`` (https://www.kucoin.com/docs-new/api-3470235), as ccxt's ``kucoinfutures`` fills it:

* ``amount`` counts contracts (lots, truncated to ``lotSize``); ``price`` rounded to ``tickSize``; a market
  order may be sized by ``cost`` instead (KuCoin ``valueQty``, quote currency);
* ``leverage``: the caller's, else the ``leverage`` option (1), checked against the contract's
  ``maxLeverage``; a ``marginMode: "cross"`` order without one sends none (KuCoin applies the account's
  cross leverage, ``/api/v2/changeCrossUserLeverage``); ``closeOrder`` orders need none;
* ``triggerPrice``/``stopPrice`` -> ``stop`` "up" for a buy, "down" for a sell (as ccxt), with ``stopPrice``
  and ``stopPriceType`` (``triggerPriceType`` mark/last/index -> MP/TP/IP, default MP);
* ``stopLossPrice`` alone -> a reduce-only stop that protects the position: "up" for a buy (closing a
  short), "down" for a sell; ``takeProfitPrice`` alone the other way round (as ccxt);
* both of them, or ccxt's attached ``stopLoss``/``takeProfit`` objects -> ``POST /api/v1/st-orders``
  (api-3470237) with ``triggerStopDownPrice`` (stop loss) and ``triggerStopUpPrice`` (take profit), KuCoin's
  names and ccxt's mapping;
* ``hedged: True`` (hedge mode) -> ``positionSide`` LONG for a buy (SHORT for a sell); a reduce-only order
  names the position it closes (a sell closes the LONG), as ccxt;
* ``test: True`` -> ``POST /api/v1/orders/test`` (api-3470238): validated, nothing placed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ...core.checks import apply_time_in_force
from ...core.numbers import plain
from ...core.precision import positive_decimal
from ...errors import ArgumentsRequired, BadRequest, InvalidOrder
from ...options import option
from ...rest.order_lookup import client_oid
from ...rest.plan import PlanContext
from ..order_rules import check_contracts, check_leverage, check_price, wire_size
from ..routes import ORDER_ROUTES, FuturesOrderKind

__all__ = ["OrderRequest", "build_order", "margin_mode", "PRICE_TYPES", "FIELDS", "UNIFIED"]

PRICE_TYPES = {"mark": "MP", "last": "TP", "index": "IP"}  # ccxt triggerPriceType -> KuCoin stopPriceType
_TIME_IN_FORCE = ("GTC", "IOC")  # the spec's enum for futures orders

# Request-body fields the spec defines (openapi-futures-order.json); the caller may add the ones the
# arguments do not set.
_COMMON = frozenset("clientOid side symbol leverage type remark stopPriceType reduceOnly closeOrder forceHold stp "
                    "marginMode price size timeInForce postOnly hidden iceberg visibleSize qty valueQty "
                    "positionSide".split())
FIELDS: Mapping[FuturesOrderKind, frozenset[str]] = {
    FuturesOrderKind.REGULAR: _COMMON | {"stop", "stopPrice"},
    FuturesOrderKind.STOP: _COMMON | {"stop", "stopPrice"},
    FuturesOrderKind.TPSL: _COMMON | {"triggerStopUpPrice", "triggerStopDownPrice"},
}

# ccxt parameters with a meaning of their own: never forwarded under their ccxt name.
UNIFIED = frozenset("trigger stop stopLoss takeProfit trailingAmount trailingPercent trailingTriggerPrice cost "
                    "marginMode test triggerPriceType triggerDirection hedged paginate until method "
                    "clientOrderId".split())


@dataclass(frozen=True)
class OrderRequest:
    kind: FuturesOrderKind
    path: str
    body: dict[str, Any]
    client_oid: str
    test: bool


def margin_mode(params: dict[str, Any]) -> str | None:
    """Pop ccxt's ``marginMode`` ("cross"/"isolated", any case) as KuCoin's CROSS/ISOLATED (None: not given)."""
    mode = params.pop("marginMode", None)
    if mode is None:
        return None
    if not isinstance(mode, str) or mode.upper() not in ("CROSS", "ISOLATED"):
        raise BadRequest(f"marginMode must be 'cross' or 'isolated', got {str(mode)[:40]!r}")
    return mode.upper()


def _price_type(params: dict[str, Any], given: Any = None) -> str:
    kind = params.pop("triggerPriceType", None)
    kind = kind if given is None else given
    exchange_kind = params.pop("stopPriceType", None)
    value = exchange_kind if exchange_kind is not None else PRICE_TYPES.get(kind, kind) if kind else "MP"
    if value not in PRICE_TYPES.values():
        raise InvalidOrder(f"triggerPriceType must be mark, last or index (stopPriceType MP, TP or IP), got {value!r}")
    return value


def _attached(params: dict[str, Any], key: str, *price_keys: str) -> tuple[Any, Any]:
    """ccxt's attached ``stopLoss``/``takeProfit`` object -> (its trigger price, its ``triggerPriceType``);
    (None, None) when absent."""
    value = params.pop(key, None)
    if value is None:
        return None, None
    if not isinstance(value, Mapping):
        raise BadRequest(f"{key} must be a dict with a triggerPrice")
    price = next((value[k] for k in price_keys if value.get(k) is not None), None)
    if price is None:
        raise ArgumentsRequired(f"{key} needs a triggerPrice")
    return price, value.get("triggerPriceType")


def _triggers(m: Mapping[str, Any], side: str, p: dict[str, Any], body: dict[str, Any]) -> FuturesOrderKind:
    """Trigger fields into ``body``; the kind of order they make (see the module docstring)."""
    trigger = p.pop("triggerPrice", None)
    trigger = p.pop("stopPrice", trigger)
    stop_loss = p.pop("stopLossPrice", None)
    take_profit = p.pop("takeProfitPrice", None)
    attached_sl, sl_type = _attached(p, "stopLoss", "triggerPrice", "stopPrice")
    attached_tp, tp_type = _attached(p, "takeProfit", "triggerPrice", "takeProfitPrice")
    stop = p.pop("stop", None)
    if stop is not None and stop not in ("up", "down"):
        raise InvalidOrder(f"stop must be 'up' or 'down', got {str(stop)[:40]!r}")
    given = [x is not None for x in (trigger, stop_loss, take_profit, attached_sl, attached_tp)]
    if not any(given):
        if stop is not None:
            raise InvalidOrder("stop needs a triggerPrice")
        return FuturesOrderKind.REGULAR
    if trigger is not None and any(given[1:]):
        raise InvalidOrder("give triggerPrice alone, or stopLossPrice/takeProfitPrice (or stopLoss/takeProfit)")
    # an attached object's own triggerPriceType wins (the take-profit's over the stop-loss's, as ccxt)
    price_type = _price_type(p, tp_type if tp_type is not None else sl_type)
    if (stop_loss is not None and take_profit is not None) or attached_sl is not None or attached_tp is not None:
        if stop is not None or ((stop_loss is not None or take_profit is not None)
                                and (attached_sl is not None or attached_tp is not None)):
            raise InvalidOrder("stopLoss/takeProfit go to /api/v1/st-orders: no stop and no second form of them")
        down = stop_loss if stop_loss is not None else attached_sl
        up = take_profit if take_profit is not None else attached_tp
        if down is not None:
            body["triggerStopDownPrice"] = check_price(m, down, "stopLossPrice")
        if up is not None:
            body["triggerStopUpPrice"] = check_price(m, up, "takeProfitPrice")
        body["stopPriceType"] = price_type
        if stop_loss is not None:
            body["reduceOnly"] = True  # both prices given as ccxt's *Price params: a closing order
        return FuturesOrderKind.TPSL
    if trigger is not None:
        derived, price = ("up" if side == "buy" else "down"), trigger
    elif stop_loss is not None:
        derived, price = ("up" if side == "buy" else "down"), stop_loss
    else:
        derived, price = ("down" if side == "buy" else "up"), take_profit
    if stop is not None and stop != derived and trigger is None:
        raise InvalidOrder(f"stop {stop!r} would not protect the position of a {side} order (that is {derived!r})")
    body["stop"] = stop or derived
    body["stopPrice"] = check_price(m, price, "triggerPrice")
    body["stopPriceType"] = price_type
    if trigger is None:
        body["reduceOnly"] = True  # a stop-loss or take-profit order only closes (as ccxt sends it)
    return FuturesOrderKind.STOP



def _display(m: Mapping[str, Any], type: str, p: dict[str, Any], body: dict[str, Any]) -> None:
    if p.pop("hidden", None):
        body["hidden"] = True
    visible = p.pop("visibleSize", None)
    iceberg = p.pop("iceberg", None)
    if iceberg or visible is not None:
        if type != "limit":
            raise InvalidOrder("iceberg orders are limit orders")
        if visible is None:
            raise ArgumentsRequired("an iceberg order needs a visibleSize (as ccxt)")
        body["iceberg"] = True
        body["visibleSize"] = wire_size(check_contracts(m, visible, "visibleSize"))


def build_order(ctx: PlanContext, m: Mapping[str, Any], type: Any, side: Any, amount: Any, price: Any,
                params: Mapping[str, Any] | None) -> OrderRequest:
    """Validate, round and shape one futures order; raises before anything is sent."""
    p = dict(params or {})
    test = bool(p.pop("test", False))
    close = p.pop("closeOrder", None) is True
    if type is None or (side is None and not close):
        raise ArgumentsRequired("create_order needs a type and a side")
    if type not in ("limit", "market"):
        raise InvalidOrder(f"type must be 'limit' or 'market', got {type!r}")
    if side not in ("buy", "sell", None):
        raise InvalidOrder(f"side must be 'buy' or 'sell', got {side!r}")
    cid = client_oid(ctx, p)
    mode = margin_mode(p)
    body: dict[str, Any] = {"clientOid": cid, "side": side, "symbol": m["id"], "type": type}
    leverage = p.pop("leverage", None)
    if leverage is None and not close:  # KuCoin requires it on every opening order (as ccxt sends it)
        leverage = option(ctx.options, "leverage")
    if leverage is not None:
        body["leverage"] = check_leverage(m, leverage)
    if mode is not None:
        body["marginMode"] = mode
    cost = p.pop("cost", None)
    if close:
        body["closeOrder"] = True  # KuCoin works out side and size from the position (api-3470235)
        if amount is not None:
            body["size"] = wire_size(check_contracts(m, amount))
    elif cost is not None:
        if type != "market":
            raise InvalidOrder("cost sizes market orders only")
        if m.get("inverse"):  # the spec: valueQty is not supported by coin-margined contracts
            raise InvalidOrder("cost cannot size an inverse contract's order; give the amount in contracts")
        body["valueQty"] = plain(positive_decimal(cost, "cost", error=InvalidOrder, where=str(m.get("symbol"))))
    elif amount is None and p.get("qty") is None and p.get("valueQty") is None:
        raise ArgumentsRequired("create_order needs an amount (contracts)")
    elif amount is not None:
        body["size"] = wire_size(check_contracts(m, amount))
    if type == "limit":
        if price is None:
            raise ArgumentsRequired("a limit order needs a price")
        body["price"] = check_price(m, price)
    kind = _triggers(m, side, p, body)
    apply_time_in_force(p, type, body, _TIME_IN_FORCE)
    if body.get("postOnly") and p.get("hidden") is not None:
        raise BadRequest("postOnly cannot be combined with hidden (as ccxt)")
    _display(m, type, p, body)
    reduce_only = p.pop("reduceOnly", None)
    if reduce_only:
        body["reduceOnly"] = True
    if p.pop("hedged", None) is True and side is not None:
        # hedge mode (as ccxt): the position an order opens, or the one a reduce-only order closes
        closes_long = side == "sell" if body.get("reduceOnly") else side == "buy"
        body["positionSide"] = "LONG" if closes_long else "SHORT"
    route = ORDER_ROUTES[kind]
    if test and route.test is None:
        raise InvalidOrder(f"KuCoin has no test endpoint for {route.name} orders")
    path = route.test if test else route.place
    _extra_fields(p, kind, path, body)
    return OrderRequest(kind, path, {k: v for k, v in body.items() if v is not None}, cid, test)


def _extra_fields(params: dict[str, Any], kind: FuturesOrderKind, path: str, body: dict[str, Any]) -> None:
    """The caller's remaining params into ``body``: only fields the spec defines for the endpoint, never one
    the arguments set, never a ccxt parameter under its ccxt name (BadRequest otherwise)."""
    allowed = FIELDS[kind]
    for name, value in params.items():
        if value is None:
            continue
        if not isinstance(name, str):
            raise BadRequest(f"params keys must be strings, got {type(name).__name__}")
        if name in body:
            raise BadRequest(f"params {name[:40]!r} is set from the order's arguments; pass it there")
        if name in UNIFIED or name not in allowed:
            raise BadRequest(f"params {name[:40]!r} does not apply to POST {path} (KuCoin defines "
                             f"{', '.join(sorted(allowed - set(body)))[:150]})")
        body[name] = value
