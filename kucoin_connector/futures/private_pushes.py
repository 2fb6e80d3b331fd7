"""KuCoin Futures private pushes -> ccxt structures (pure core).

Layer: pure core. Rule: pure functions of (push ``data``, market, ``num``); exact decimals. Shapes (official
examples in ``reference/kucoin-openapi/ws/openapi-futures-private.json``), read as ccxt.pro 4.5's classic
(non-UTA) handlers read them:

* ``/contractMarket/tradeOrders`` (``symbolOrderChange``): ``symbol side canceledSize orderId liquidity
  marginMode type orderTime(ns) size filledSize price remainSize status ts(ns)``, plus ``orderType clientOid``
  and, on a fill, ``tradeId matchPrice matchSize`` (and ``fee feeRate`` when KuCoin sends them).
  ``status`` of the order comes from ``type`` (``open``/``match``/``update`` -> open, ``filled`` -> closed,
  ``canceled`` -> canceled: ccxt's ``parse_ws_order_status``); ``timestamp`` is ``orderTime`` in ms. A push
  with a ``tradeId`` is also one of the account's trades (amount in contracts, cost with the contract size,
  fee currency the market's quote, as ccxt);
* ``/contractAccount/wallet`` (``walletBalance.change``): ``currency availableBalance holdBalance
  isolatedPosMargin ... timestamp``; ccxt's balance entry: ``free = availableBalance``, ``used =
  holdBalance + isolatedPosMargin``, ``total = free + used`` (the push has no total).

Not derived from one push (ccxt accumulates them in its cache): an order's ``cost`` and ``average``.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from ..core.currency_codes import currency_code
from ..core.fields import dec, exact, mapping, out, text, to_int
from ..core.numbers import Num
from ..core.timeutil import iso8601
from .parsers.trades import parse_contract_trade

__all__ = ["order_from_change", "my_trade_from_change", "wallet_entry_from_push"]

Market = Optional[Mapping[str, Any]]
_NS_PER_MS = 1_000_000
_STATUS = {"open": "open", "match": "open", "update": "open", "filled": "closed", "canceled": "canceled",
           "cancel": "canceled"}


def _ms(value: Any) -> Optional[int]:
    ns = to_int(value)
    return None if ns is None else ns // _NS_PER_MS


def _lower(value: Any, what: str) -> Optional[str]:
    found = text(value, what)
    return found.lower() if found is not None else None


def order_from_change(data: Mapping[str, Any], market: Market, num: Num) -> dict[str, Any]:
    """A ``symbolOrderChange`` push -> ccxt order (``info`` is the push ``data``)."""
    data = mapping(data, "order change")
    event = text(data.get("type"), "type")
    created, updated = _ms(data.get("orderTime")), _ms(data.get("ts"))
    amount, filled = dec(data.get("size")), dec(data.get("filledSize"))
    remaining = exact("-", amount, filled) if amount is not None and filled is not None \
        else dec(data.get("remainSize"))
    return {
        "info": data,
        "id": text(data.get("orderId"), "orderId"),
        "clientOrderId": text(data.get("clientOid"), "clientOid"),
        "symbol": market.get("symbol") if market else None,
        "type": _lower(data.get("orderType"), "orderType"),
        "timeInForce": None,
        "postOnly": None,
        "reduceOnly": None,
        "side": _lower(data.get("side"), "side"),
        "amount": out(num, amount),
        "price": out(num, dec(data.get("price"))),
        "stopPrice": None,
        "triggerPrice": None,
        "cost": None,
        "filled": out(num, filled),
        "remaining": out(num, remaining),
        "timestamp": created,
        "datetime": iso8601(created),
        "fee": None,
        "status": _STATUS.get(event, event) if event is not None else None,
        "lastTradeTimestamp": updated if data.get("tradeId") is not None else None,
        "lastUpdateTimestamp": updated,
        "average": None,
        "trades": [],
        "fees": [],
        "takeProfitPrice": None,
        "stopLossPrice": None,
    }


def my_trade_from_change(data: Mapping[str, Any], market: Market, num: Num) -> Optional[dict[str, Any]]:
    """A ``symbolOrderChange`` push that carries a ``tradeId`` -> ccxt trade (None otherwise)."""
    data = mapping(data, "order change")
    if data.get("tradeId") is None:
        return None
    matched = data.get("matchPrice") is not None
    item = {"tradeId": data.get("tradeId"), "side": data.get("side"), "ts": data.get("ts"),
            "price": data.get("matchPrice") if matched else data.get("price"),
            "size": data.get("matchSize") if matched else data.get("size")}
    trade = parse_contract_trade(item, market, num)
    fee_cost, fee_rate = dec(data.get("fee")), dec(data.get("feeRate"))
    quote = market.get("quote") if market else None
    trade.update(info=data, order=text(data.get("orderId"), "orderId"),
                 type=_lower(data.get("orderType"), "orderType"),
                 takerOrMaker=text(data.get("liquidity"), "liquidity"),
                 fee={"cost": out(num, fee_cost), "currency": quote, "rate": out(num, fee_rate)})
    trade["fees"] = [dict(trade["fee"])] if fee_cost is not None else []
    return trade


def wallet_entry_from_push(data: Mapping[str, Any], num: Num) -> tuple[Optional[str], dict[str, Any], Optional[int]]:
    """A ``walletBalance.change`` push -> (currency code, ``{free, used, total}``, timestamp ms)."""
    data = mapping(data, "wallet")
    free = dec(data.get("availableBalance"))
    used = dec(data.get("holdBalance"))
    isolated = dec(data.get("isolatedPosMargin"))
    if isolated:  # ccxt: isolated position margin counts as used (omitted when zero)
        used = isolated if used is None else exact("+", used, isolated)
    total = exact("+", free, used) if free is not None and used is not None else None
    entry = {"free": out(num, free), "used": out(num, used), "total": out(num, total)}
    return currency_code(data.get("currency")), entry, to_int(data.get("timestamp"))
