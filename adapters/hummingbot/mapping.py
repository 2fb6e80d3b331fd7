"""ccxt structures from kucoin_connector -> the plain fields Hummingbot reads (pure; no Hummingbot import).

Hummingbot names pairs ``BASE-QUOTE``; ccxt ``BASE/QUOTE``. Order states are named as Hummingbot's
``OrderState`` members; :mod:`.connector` turns the names into the enum. Numbers are ``Decimal``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

__all__ = ["to_hb_pair", "to_ccxt_symbol", "order_state", "trading_rule_fields", "fill_fields",
           "balance_fields", "ORDER_STATES"]

# ccxt order status -> Hummingbot OrderState name; an open order with a fill is PARTIALLY_FILLED.
ORDER_STATES = {
    "open": "OPEN",
    "closed": "FILLED",
    "canceled": "CANCELED",
    "expired": "CANCELED",
    "rejected": "FAILED",
}


def _dec(value: Any) -> Optional[Decimal]:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_hb_pair(symbol: str) -> str:
    """``BTC/USDT`` -> ``BTC-USDT``."""
    return symbol.replace("/", "-")


def to_ccxt_symbol(trading_pair: str) -> str:
    """``BTC-USDT`` -> ``BTC/USDT`` (KuCoin codes have no ``-``)."""
    base, _, quote = trading_pair.partition("-")
    return f"{base}/{quote}"


def order_state(order: Mapping[str, Any]) -> str:
    """The OrderState name of a ccxt order. A canceled order that filled entirely is FILLED."""
    status = order.get("status")
    filled = _dec(order.get("filled")) or Decimal(0)
    amount = _dec(order.get("amount"))
    if status == "open" and filled > 0:
        return "PARTIALLY_FILLED"
    if status == "canceled" and amount is not None and amount > 0 and filled >= amount:
        return "FILLED"
    try:
        return ORDER_STATES[status]
    except KeyError:
        raise ValueError(f"unknown order status {status!r}") from None


def trading_rule_fields(market: Mapping[str, Any]) -> dict[str, Decimal]:
    """A ccxt market (TICK_SIZE precision) -> the keyword arguments of Hummingbot's ``TradingRule``."""
    limits, precision = market.get("limits") or {}, market.get("precision") or {}
    amount, cost = limits.get("amount") or {}, limits.get("cost") or {}
    fields = {
        "trading_pair": to_hb_pair(market["symbol"]),
        "min_order_size": _dec(amount.get("min")),
        "max_order_size": _dec(amount.get("max")),
        "min_price_increment": _dec(precision.get("price")),
        "min_base_amount_increment": _dec(precision.get("amount")),
        "min_quote_amount_increment": _dec(precision.get("cost")),
        "min_notional_size": _dec(cost.get("min")),
        "min_order_value": _dec(cost.get("min")),
    }
    return {k: v for k, v in fields.items() if v is not None}


def fill_fields(trade: Mapping[str, Any], fee_rate: Optional[Decimal] = None) -> dict[str, Any]:
    """A ccxt trade (REST fill or stream match) -> one fill: ids, price, base and quote amounts, fee.

    A stream match carries no fee: with ``fee_rate`` the fee is estimated in the quote currency (what
    KuCoin charges on a spot trade by default); a REST fill's own fee wins.
    """
    price, amount = _dec(trade["price"]), _dec(trade["amount"])
    if price is None or amount is None:
        raise ValueError(f"fill {trade.get('id')!r} has no price or amount")
    cost = _dec(trade.get("cost"))
    quote = cost if cost is not None else price * amount
    fee = trade.get("fee") or {}
    fee_cost, fee_currency = _dec(fee.get("cost")), fee.get("currency")
    if fee_cost is None and fee_rate is not None:
        fee_cost, fee_currency = quote * fee_rate, (trade.get("symbol") or "/").split("/")[1] or None
    timestamp = trade.get("timestamp")
    return {
        "trade_id": str(trade["id"]),
        "exchange_order_id": str(trade["order"]) if trade.get("order") is not None else None,
        "trading_pair": to_hb_pair(trade["symbol"]) if trade.get("symbol") else None,
        "side": trade.get("side"),
        "price": price,
        "amount": amount,
        "quote_amount": quote,
        "fee_currency": fee_currency,
        "fee_cost": fee_cost if fee_cost is not None else Decimal(0),
        "timestamp": (timestamp / 1000.0) if timestamp is not None else None,
        "is_taker": trade.get("takerOrMaker") != "maker",
    }


def balance_fields(balance: Mapping[str, Any]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """A ccxt balance -> (total by currency, available by currency)."""
    total: dict[str, Decimal] = {}
    free: dict[str, Decimal] = {}
    for code, entry in (balance.get("total") or {}).items():
        if entry is None:
            continue
        total[code] = _dec(entry) or Decimal(0)
        free[code] = _dec((balance.get("free") or {}).get(code)) or Decimal(0)
    return total, free
