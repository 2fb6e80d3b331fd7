"""Order validation and rounding against a market's increments and limits (pure core).

Layer: pure core. Rule: no I/O, no clock; Decimal arithmetic on KuCoin's own strings; the result is the
exact wire text (no exponent). An order that cannot be valid raises :class:`InvalidOrder` with the reason,
so nothing is sent (a disabled symbol raises :class:`BadSymbol`, like KuCoin's 400600).

KuCoin's symbol fields (https://www.kucoin.com/docs-new/api-3470154, "Get All Symbols"):
``baseIncrement`` (size step), ``priceIncrement`` (tick), ``quoteIncrement`` (funds step),
``baseMinSize``/``baseMaxSize``, ``quoteMinSize``/``quoteMaxSize`` and ``minFunds`` (minimum order value).
KuCoin rejects a size or price that is not a multiple of its step ("The amount increment is invalid.",
"Price increment invalid."), so we round before sending, the way ccxt does: amounts and funds (market
orders by cost) truncated toward zero (never spend more than asked), prices rounded half away from zero
to the tick.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, Optional

from ..errors import BadSymbol, InvalidOrder
from ..core.numbers import parse_decimal, plain
from ..core.precision import positive_decimal, round_to_step, truncate_to_step

__all__ = ["OrderSizing", "check_order", "check_amount", "check_price", "check_funds", "market_rule"]


@dataclass(frozen=True)
class OrderSizing:
    """What goes on the wire: ``size`` (base), ``price``, ``funds`` (quote, market buys by cost)."""

    size: Optional[str] = None
    price: Optional[str] = None
    funds: Optional[str] = None


def market_rule(market: Mapping[str, Any], info_key: str) -> Optional[Decimal]:
    """A KuCoin symbol field as an exact Decimal, read from the market's raw ``info`` (the string KuCoin
    sent), falling back to the unified ``precision``/``limits`` values (floats are read via ``repr``)."""
    info = market.get("info") if isinstance(market.get("info"), Mapping) else {}
    value = parse_decimal(info.get(info_key)) if info else None
    if value is not None:
        return value
    precision = market.get("precision") or {}
    limits = market.get("limits") or {}
    fallback = {
        "baseIncrement": precision.get("amount"),
        "priceIncrement": precision.get("price"),
        "quoteIncrement": precision.get("cost"),
        "baseMinSize": (limits.get("amount") or {}).get("min"),
        "baseMaxSize": (limits.get("amount") or {}).get("max"),
        "quoteMinSize": (limits.get("cost") or {}).get("min"),
        "quoteMaxSize": (limits.get("cost") or {}).get("max"),
    }.get(info_key)
    return parse_decimal(fallback)


def _txt(value: Optional[Decimal]) -> str:
    return "-" if value is None else plain(value)


def _positive(value: Any, what: str, symbol: str) -> Decimal:
    return positive_decimal(value, what, error=InvalidOrder, where=symbol)


def _sized(market: Mapping[str, Any], raw: Any, what: str, step_key: str, minimum: Optional[Decimal],
           max_key: str, below: str) -> Decimal:
    """``raw`` truncated to the market's ``step_key``, at least ``minimum`` and at most ``max_key``."""
    symbol = str(market.get("symbol"))
    value = _positive(raw, what, symbol)
    step = market_rule(market, step_key)
    sized = truncate_to_step(value, step) if step else value
    if sized <= 0 or (minimum is not None and sized < minimum):
        raise InvalidOrder(f"{what} {plain(value)} of {symbol} is below the minimum {below}{_txt(minimum or step)} "
                           f"after truncation to the step {_txt(step)}")
    maximum = market_rule(market, max_key)
    if maximum is not None and maximum > 0 and sized > maximum:
        raise InvalidOrder(f"{what} {plain(sized)} of {symbol} is above the maximum {plain(maximum)}")
    return sized


def check_amount(market: Mapping[str, Any], amount: Any) -> Decimal:
    """Size truncated to ``baseIncrement``, within ``baseMinSize``..``baseMaxSize``."""
    return _sized(market, amount, "amount", "baseIncrement", market_rule(market, "baseMinSize"), "baseMaxSize", "")


def check_price(market: Mapping[str, Any], price: Any) -> Decimal:
    """Price rounded half away from zero to ``priceIncrement``; a price that rounds to zero is refused."""
    symbol = str(market.get("symbol"))
    raw = _positive(price, "price", symbol)
    step = market_rule(market, "priceIncrement")
    rounded = round_to_step(raw, step) if step else raw
    if rounded <= 0:
        raise InvalidOrder(f"price {plain(raw)} of {symbol} rounds to zero at the tick {_txt(step)}")
    return rounded


def _min_funds(market: Mapping[str, Any]) -> Optional[Decimal]:
    # minFunds is the order-value minimum KuCoin enforces ("Order funds below the minimum requirement.");
    # quoteMinSize is the older name of the same limit.
    return market_rule(market, "minFunds") or market_rule(market, "quoteMinSize")


def check_funds(market: Mapping[str, Any], cost: Any) -> Decimal:
    """Market-buy funds truncated to ``quoteIncrement``, within the funds minimum and ``quoteMaxSize``."""
    return _sized(market, cost, "cost", "quoteIncrement", _min_funds(market), "quoteMaxSize", "order value ")


def check_order(market: Mapping[str, Any], type: str, side: str, amount: Any, price: Any = None,
                cost: Any = None) -> OrderSizing:
    """Validate and round one order; returns the wire strings.

    ``cost`` (market orders) sizes the order in quote currency (KuCoin ``funds``). A limit order
    must also reach the funds minimum (size * price).
    """
    symbol = str(market.get("symbol"))
    if side not in ("buy", "sell"):
        raise InvalidOrder(f"side must be 'buy' or 'sell', got {side!r}")
    if type not in ("limit", "market"):
        raise InvalidOrder(f"type must be 'limit' or 'market', got {type!r}")
    if market.get("active") is False:  # KuCoin answers 400600 (BadSymbol in the error table)
        raise BadSymbol(f"trading of {symbol} is suspended (market inactive)")
    if type == "market":
        if cost is not None:  # KuCoin market orders take ``funds`` on either side (api-3470188)
            return OrderSizing(funds=plain(check_funds(market, cost)))
        return OrderSizing(size=plain(check_amount(market, amount)))
    size = check_amount(market, amount)
    limit_price = check_price(market, price)
    minimum = _min_funds(market)
    value = size * limit_price
    if minimum is not None and value < minimum:
        raise InvalidOrder(f"order value {plain(value)} of {symbol} is below the minimum {plain(minimum)}")
    return OrderSizing(size=plain(size), price=plain(limit_price))
