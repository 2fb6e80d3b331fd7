"""Spot order payloads -> ccxt order structures (pure core).

Layer: pure core. Rule: no I/O, no clock; Decimal math, numbers leave through ``num``.

Shapes read (https://www.kucoin.com/docs-new/rest/spot-trading/orders/...):

* HF order detail (``GET /api/v1/hf/orders/{orderId}``, api-3470181, and the active/done lists):
  ``id clientOid symbol type side price size funds dealSize dealFunds fee feeCurrency timeInForce postOnly
  cancelExist active createdAt lastUpdatedAt``; classic detail uses ``isActive`` and ``stopPrice``;
* placement acks (``POST /api/v1/hf/orders``: ``{orderId, clientOid}``; the ``/sync`` variant adds
  ``originSize dealSize remainSize canceledSize status orderTime``);
* stop orders (``GET /api/v1/stop-order/{orderId}``): ``status`` NEW/TRIGGERED, ``stopPrice``.

Status (kucoin.md, ccxt.md): ``active``/``isActive`` true -> open; inactive with ``cancelExist`` and not
fully filled -> canceled; otherwise closed. Observed ccxt 4.5 on the spec examples: ``cost`` is
``dealFunds``, ``average`` is ``dealFunds / dealSize``, ``fee`` is ``{currency, cost}`` with ``fees`` =
``[fee]``; an ack has every field None but ``id``/``clientOrderId``. Differences: ccxt reports the ack's
``fees`` as ``[{cost: None, currency: None}]``, we give ``[]``; our fee has ``rate: None`` too; a canceled
HF order is ``canceled`` for us, where ccxt reads the status the same way.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, div_trunc, exact, first, listing, mapping, out, text, to_int
from ...core.currency_codes import currency_code

__all__ = ["parse_order", "parse_orders", "order_status"]

_STOP_STATUS = {"NEW": "open", "TRIGGERED": "closed", "CANCELLED": "canceled", "CANCELED": "canceled"}
_SYNC_STATUS = {"open": "open", "done": "closed"}


def _flag(item: Mapping[str, Any], *keys: str) -> Optional[bool]:
    for key in keys:
        value = item.get(key)
        if isinstance(value, bool):
            return value
    return None


def order_status(item: Mapping[str, Any]) -> Optional[str]:
    """ccxt status of an HF/classic/stop/sync payload, None for a bare ack."""
    active = _flag(item, "active", "isActive")
    size = dec(first(item, "size", "originSize"))
    filled = dec(item.get("dealSize"))
    if active is True:
        return "open"
    if active is False:
        fully = size is not None and filled is not None and size > 0 and filled >= size
        # A market order that traded is done: KuCoin cancels the unfillable dust of its size/funds
        # (cancelExist true) but the order itself executed.
        traded_market = item.get("type") == "market" and filled is not None and filled > 0
        if item.get("cancelExist") is True and not fully and not traded_market:
            return "canceled"
        return "closed"
    raw = item.get("status")
    if isinstance(raw, str):
        if raw in _STOP_STATUS:
            return _STOP_STATUS[raw]
        if raw in _SYNC_STATUS:
            canceled = dec(first(item, "canceledSize", "cancelledSize"))
            if raw == "done" and canceled is not None and canceled > 0:
                return "canceled"
            return _SYNC_STATUS[raw]
    return None


def _protects(stop: Any, side: Any) -> Optional[str]:
    """Which ccxt price a KuCoin stop order's trigger is: a sell "loss" / buy "entry" is a stop-loss, a
    sell "entry" / buy "loss" a take-profit (the mirror of how plans/order_requests.py sends them)."""
    if stop not in ("loss", "entry") or side not in ("buy", "sell"):
        return None
    return "stopLoss" if (stop == "loss") == (side == "sell") else "takeProfit"


def _positive(value: Optional[Decimal]) -> Optional[Decimal]:
    return value if value is not None and value > 0 else None


def parse_order(item: Mapping[str, Any], market: Optional[Mapping[str, Any]], num: Num) -> Dict[str, Any]:
    """One KuCoin order payload -> ccxt order."""
    item = mapping(item, "order")
    created = to_int(first(item, "createdAt", "orderTime"))
    if created is not None and created > 10**15:
        created //= 1_000_000  # stop orders' orderTime is in nanoseconds
    updated = to_int(item.get("lastUpdatedAt"))
    order_type = text(item.get("type"), "order type")
    price = _positive(dec(item.get("price")))
    amount = _positive(dec(first(item, "size", "originSize")))
    filled = dec(item.get("dealSize"))
    cost = dec(item.get("dealFunds"))
    status = order_status(item)
    remaining = dec(item.get("remainSize"))
    if amount is not None and filled is not None:
        remaining = exact("-", amount, filled)
    elif amount is None:
        remaining = None
    average = div_trunc(cost, filled) if filled else None
    if price is None and order_type == "market":
        price = average  # a market order has no limit price ("0" on the wire): report what it paid, like ccxt
    trigger = _positive(dec(item.get("stopPrice")))
    fee_cost = dec(item.get("fee"))
    fee_code = currency_code(item.get("feeCurrency"))
    has_fee = fee_cost is not None or fee_code is not None
    fee = {"cost": out(num, fee_cost), "currency": fee_code, "rate": None} if has_fee else None
    stop = text(item.get("stop"), "stop")
    symbol = market.get("symbol") if market else None
    order_id = text(first(item, "id", "orderId", "newOrderId"), "order id")
    return {
        "info": item,
        "id": order_id,
        "clientOrderId": text(item.get("clientOid"), "clientOid"),
        "symbol": symbol,
        "type": order_type,
        "timeInForce": text(item.get("timeInForce"), "timeInForce"),
        "postOnly": _flag(item, "postOnly"),
        "reduceOnly": None,
        "side": text(item.get("side"), "side"),
        "amount": out(num, amount),
        "price": out(num, price),
        "stopPrice": out(num, trigger),
        "triggerPrice": out(num, trigger),
        "cost": out(num, cost),
        "filled": out(num, filled),
        "remaining": out(num, remaining),
        "timestamp": created,
        "datetime": iso8601(created),
        "fee": fee,
        "status": status,
        "lastTradeTimestamp": None,
        "lastUpdateTimestamp": updated,
        "average": out(num, average),
        "trades": [],
        "fees": [dict(fee)] if fee else [],
        "takeProfitPrice": out(num, trigger) if _protects(stop, item.get("side")) == "takeProfit" else None,
        "stopLossPrice": out(num, trigger) if _protects(stop, item.get("side")) == "stopLoss" else None,
    }


def parse_orders(items: List[Mapping[str, Any]], markets_by_id: Mapping[str, Mapping[str, Any]], num: Num,
                 since: Optional[int] = None, limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """Parse, sort ascending by timestamp, keep ``timestamp >= since``, then ``limit`` (ccxt's rule:
    the first ``limit`` with ``since``, else the last ``limit``)."""
    orders = [parse_order(item, markets_by_id.get(text(mapping(item, "order").get("symbol"), "symbol")), num)
              for item in listing(items, "orders")]
    orders.sort(key=lambda o: (o["timestamp"] is None, o["timestamp"] or 0))
    if since is not None:
        orders = [o for o in orders if o["timestamp"] is not None and o["timestamp"] >= since]
    if limit is not None:
        orders = orders[:limit] if since is not None else orders[-limit:]
    return orders
