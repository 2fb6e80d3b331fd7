"""Checks of an order request, in KuCoin's order and with KuCoin's codes and messages.

Layer: simulator (exchange side). Rule: pure functions from a request body to an ``OrderRequest`` or an
``ApiError``; nothing here touches balances or the book. Fields follow POST /api/v1/hf/orders
(https://www.kucoin.com/docs-new/api-3470188); codes and messages are the ones agreed in the shared brief
(HTTP 200, like KuCoin's order gateway).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .routing import ApiError
from .universe import SymbolSpec, Universe

__all__ = ["OrderRequest", "parse_order", "dec", "to_units", "CLIENT_OID", "QUOTE_DEC"]

CLIENT_OID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
TIFS = ("GTC", "GTT", "IOC", "FOK")
STPS = ("DC", "CO", "CN", "CB")


@dataclass
class OrderRequest:
    spec: SymbolSpec
    side: str
    type: str
    client_oid: str
    price: int | None
    size: int | None
    funds: Decimal | None
    tif: str
    post_only: bool
    hidden: bool
    iceberg: bool
    visible: int
    cancel_after: int
    stp: str | None
    remark: str | None
    tags: str | None
    auto_borrow: bool


def dec(value: Any, name: str) -> Decimal:
    """A positive Decimal from a JSON string/number; 400100 otherwise."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApiError("400100", f"Parameter [{name}] is invalid") from None
    if not d.is_finite() or d <= 0:
        raise ApiError("400100", f"Parameter [{name}] must be positive")
    return d


def to_units(d: Decimal, decimals: int) -> int | None:
    """``d`` counted in ``10**-decimals`` units, or None when it is not a whole number of them."""
    scaled = d.scaleb(decimals)
    return int(scaled) if scaled == scaled.to_integral_value() else None


def QUOTE_DEC(spec: SymbolSpec) -> int:  # noqa: N802 - a table-like helper
    """Decimals of quoteIncrement (see ``SymbolSpec.to_json``)."""
    return max(spec.price_dec, 6 if spec.quote in ("USDT", "USDC") else 8)


def _bool(body: dict[str, Any], name: str) -> bool:
    v = body.get(name, False)
    return v is True or (isinstance(v, str) and v.lower() == "true")


def parse_order(universe: Universe, body: Any, last_price: Decimal | None) -> OrderRequest:
    """Validate one order request (symbol, client id format, increments, minimums, price band)."""
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    spec = universe.by_symbol.get(str(body.get("symbol") or ""))
    if spec is None:
        raise ApiError("400100", "Unsupported trading pair.")
    if not spec.enabled:
        raise ApiError("400600", "Trading of this symbol is suspended")
    side, otype = body.get("side"), body.get("type", "limit")
    if side not in ("buy", "sell"):
        raise ApiError("400100", "Parameter [side] must be buy or sell")
    if otype not in ("limit", "market"):
        raise ApiError("400100", "Parameter [type] must be limit or market")
    cid = body.get("clientOid")
    cid = "" if cid in (None, "") else str(cid)
    if cid and not CLIENT_OID.match(cid):
        raise ApiError("400100", "Parameter [clientOid] is invalid")
    tif = str(body.get("timeInForce") or "GTC")
    if tif not in TIFS:
        raise ApiError("400100", "Parameter [timeInForce] is invalid")
    stp = body.get("stp") or None
    if stp is not None and stp not in STPS:
        raise ApiError("400100", "Parameter [stp] is invalid")
    sym = spec.to_json()
    price = size = None
    funds = None
    if body.get("size") not in (None, ""):
        size = to_units(dec(body["size"], "size"), spec.base_dec)
        if size is None:
            raise ApiError("400100", "The amount increment is invalid.")
        if Decimal(size).scaleb(-spec.base_dec) < Decimal(sym["baseMinSize"]):
            raise ApiError("400100", "Order size below the minimum requirement.")
    if otype == "limit":
        if body.get("price") in (None, "") or size is None:
            raise ApiError("400100", "Parameter [price] and [size] are required for limit orders")
        price = to_units(dec(body["price"], "price"), spec.price_dec)
        if price is None:
            raise ApiError("400100", "Price increment invalid.")
        value = Decimal(price).scaleb(-spec.price_dec) * Decimal(size).scaleb(-spec.base_dec)
        if value < Decimal(sym["minFunds"]):
            raise ApiError("400100", "Order funds below the minimum requirement.")
        if last_price is not None:
            # Only the aggressive side is banded: a buy above / a sell below last * (1 +- priceLimitRate).
            band = last_price * Decimal(sym["priceLimitRate"])
            p = Decimal(price).scaleb(-spec.price_dec)
            if (side == "buy" and p > last_price + band) or (side == "sell" and p < last_price - band):
                raise ApiError("400700", "Price out of range")
    else:
        if body.get("funds") not in (None, ""):
            if size is not None or side == "sell":
                raise ApiError("400100", "Market orders take either [size] or [funds] (sell: size)")
            funds = dec(body["funds"], "funds")
            if to_units(funds, QUOTE_DEC(spec)) is None:
                raise ApiError("400100", "The amount increment is invalid.")
            if funds < Decimal(sym["minFunds"]):
                raise ApiError("400100", "Order funds below the minimum requirement.")
        elif size is None:
            raise ApiError("400100", "Parameter [size] or [funds] is required for market orders")
        tif = "GTC" if tif in ("GTC", "GTT") else tif
    visible = 0
    iceberg = _bool(body, "iceberg")
    if iceberg and body.get("visibleSize") not in (None, ""):
        visible = to_units(dec(body["visibleSize"], "visibleSize"), spec.base_dec) or 0
    cancel_after = 0
    if tif == "GTT":
        try:
            cancel_after = int(body.get("cancelAfter") or 0)
        except (TypeError, ValueError):
            raise ApiError("400100", "Parameter [cancelAfter] is invalid") from None
        if cancel_after <= 0:
            raise ApiError("400100", "Parameter [cancelAfter] is required for GTT orders")
    post_only = _bool(body, "postOnly") and otype == "limit"
    if post_only and tif in ("IOC", "FOK"):
        raise ApiError("400100", "postOnly is not allowed with IOC or FOK")
    return OrderRequest(spec, side, otype, cid, price, size, funds, tif, post_only, _bool(body, "hidden"),
                        iceberg, visible, cancel_after, stp, body.get("remark"), body.get("tags"),
                        _bool(body, "autoBorrow"))
