"""Futures orders: the request checks, the order record, its shapes, and the margin funds policy.

Layer: simulator (exchange side). Rule: a futures order is a ``matching.Order`` over the contract's
``SymbolSpec`` (sizes in whole lots, prices in ticks), matched by the shared engine; what differs is money
(``MarginFunds``): an opening order holds its initial margin ``value / leverage`` plus the taker fee on its
value, in the settle currency (``value`` as in :mod:`.futures_positions`: linear ``price * size *
multiplier``, inverse ``size * |multiplier| / price``; a market order is valued at the book it would
take); reduce-only and close orders hold nothing. A fill pays the maker (0.0002) or taker (0.0006) fee of
the contract and goes to the position (``futures_trading``). Shapes: POST /api/v1/orders (api-3470235),
GET /api/v1/orders/{order-id} (api-3470245), GET /api/v1/fills (api-3470248) and the lists beside them.

Rejections (HTTP 200, KuCoin Futures' codes): unknown contract 300000; duplicate clientOid 300018
("clientOid parameter repeated"); insufficient balance 300003; a reduce-only or close order without a
position to reduce 300009 ("No open positions to close."); a delivered (settled) contract 300000; a buy
above the contract's ``buyLimit`` 300011, a sell below its ``sellLimit`` 300012; an isolated opening order
beyond the position's risk-limit level (value or leverage, ``futures_risk.check_risk_limit``) 400760;
malformed parameters 400100. Simplifications: ``qty`` (base currency, linear contracts) becomes ``qty /
multiplier`` lots; ``valueQty`` (quote currency, linear contracts) becomes floor(valueQty / (price x
multiplier)) lots at the limit price, or at the mark price for a market order (KuCoin does not publish its
conversion); ``stp`` is echoed, not applied;
``forceHold`` is echoed.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from typing import TYPE_CHECKING, Any

from .accounts import text
from .futures_market import Contract
from .futures_positions import ZERO, money, value
from .orders import Fill, Order
from .routing import ApiError
from .validation import CLIENT_OID, dec, to_units
from .wire import units_to_str

if TYPE_CHECKING:  # pragma: no cover
    from .book import SymbolState
    from .futures_trading import FuturesDesk
    from .matching import Engine

__all__ = ["FuturesOrder", "MarginFunds", "parse_futures_order", "fill_json", "MAKER_FEE", "TAKER_FEE",
           "numeric_id", "ACCOUNT"]

MAKER_FEE = Decimal("0.0002")  # the contracts' makerFeeRate / takerFeeRate (futures_market.contract_item)
TAKER_FEE = Decimal("0.0006")
ACCOUNT = "contract"           # the futures account type in ``Accounts`` (ledger accountType CONTRACT)
_STOPS = ("up", "down")
_PRICE_TYPES = ("TP", "MP", "IP")
# a delivered contract trades no more (KuCoin's exact code is not documented: the simulator answers as for a
# contract that does not exist, with its own message; ccxt maps 300000 to InvalidOrder)
SETTLED = ApiError("300000", "Contract has been settled and can no longer be traded")


def numeric_id(seed: int, kind: str, seq: int) -> str:
    """KuCoin Futures' order ids are decimal strings (official examples: "234125150956625920")."""
    return str(230_000_000_000_000_000 + seq)


@dataclass
class FuturesOrder(Order):
    contract: Contract | None = None
    leverage: Decimal = Decimal(1)
    margin_mode: str = "ISOLATED"
    reduce_only: bool = False
    close_order: bool = False
    force_hold: bool = False
    origin_size: int = 0
    stop_price_type: str = ""
    stop_price: int | None = None
    stop_triggered: bool = False

    # ---- derived --------------------------------------------------------------------------------
    def value_at(self, price: int, lots: int) -> Decimal:
        assert self.contract is not None
        return value(self.contract, Decimal(price).scaleb(-self.spec.price_dec), lots)

    def avg_price(self) -> Decimal:
        c = self.contract
        assert c is not None
        if not self.deal_lots or not self.deal_funds:
            return ZERO
        mult = abs(Decimal(c.multiplier))
        raw = self.deal_lots * mult / self.deal_funds if c.inverse else self.deal_funds / (self.deal_lots * mult)
        return raw.quantize(Decimal(1).scaleb(-c.price_dec - 2)).normalize()

    # ---- shapes ---------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The order detail (same keys in lists, by id, by clientOid, recent done, stop lists)."""
        c = self.contract
        assert c is not None
        pd = self.spec.price_dec
        order_value = self.value_at(self.price, self.origin_size) if self.price else self.deal_funds
        return {
            "id": self.id, "symbol": c.symbol, "type": self.type, "side": self.side,
            "price": units_to_str(self.price, pd) if self.price else "0", "size": self.origin_size,
            "value": text(order_value), "dealValue": text(self.deal_funds), "dealSize": self.deal_lots,
            "stp": self.stp or "", "stop": self.stop, "stopPriceType": self.stop_price_type,
            "stopTriggered": self.stop_triggered,
            "stopPrice": units_to_str(self.stop_price, pd) if self.stop_price is not None else None,
            "timeInForce": self.tif, "postOnly": self.post_only, "hidden": self.hidden, "iceberg": self.iceberg,
            "leverage": format(self.leverage, "f"), "forceHold": self.force_hold, "closeOrder": self.close_order,
            "visibleSize": self.visible, "clientOid": self.client_oid, "remark": self.remark,
            "tags": self.tags or "", "isActive": self.active, "cancelExist": self.cancel_exist,
            "createdAt": self.created_at, "updatedAt": self.updated_at,
            "endAt": None if self.active else self.updated_at, "orderTime": self.created_at * 1_000_000,
            "settleCurrency": c.settle, "marginMode": self.margin_mode, "avgDealPrice": text(self.avg_price()),
            "filledSize": self.deal_lots, "filledValue": text(self.deal_funds),
            "status": "open" if self.active else "done", "reduceOnly": self.reduce_only}


def fill_json(f: Fill, recent: bool = False) -> dict[str, Any]:
    """One GET /api/v1/fills item (GET /api/v1/recentFills: without the two tax keys)."""
    o = f.order
    assert isinstance(o, FuturesOrder) and o.contract is not None
    out = {"symbol": o.contract.symbol, "tradeId": str(f.trade_id), "orderId": o.id, "side": o.side,
           "liquidity": f.liquidity, "forceTaker": False, "price": units_to_str(f.price, o.spec.price_dec),
           "size": f.lots, "value": text(f.funds), "openFeePay": text(f.extra.get("open_fee", ZERO)),
           "closeFeePay": text(f.extra.get("close_fee", ZERO)), "stop": o.stop, "feeRate": text(f.fee_rate),
           "fixFee": "0", "feeCurrency": o.contract.settle, "subTradeType": None, "marginMode": o.margin_mode,
           "openFeeTaxPay": "0", "closeFeeTaxPay": "0", "displayType": o.type, "fee": text(f.fee),
           "settleCurrency": o.contract.settle, "orderType": o.type, "tradeType": "trade",
           "tradeTime": f.created_at * 1_000_000, "createdAt": f.created_at}
    if recent:
        del out["openFeeTaxPay"], out["closeFeeTaxPay"]
    return out


class MarginFunds:
    """The futures funds policy of the shared matching engine (see the module docstring)."""

    def __init__(self, desk: "FuturesDesk") -> None:
        self.desk = desk

    def hold(self, engine: "Engine", order: Order, st: "SymbolState") -> tuple[str, Decimal]:
        assert isinstance(order, FuturesOrder) and order.contract is not None
        settle = order.contract.settle
        if order.reduce_only or order.close_order:
            return settle, ZERO
        if order.type == "limit":
            worth = order.value_at(order.price or 0, order.size or 0)
        else:
            opposite = "sell" if order.side == "buy" else "buy"
            worth = engine.book_cost(st, opposite, order.size or 0, order.value_at)
        return settle, margin_of(worth, order.leverage) + money(worth * TAKER_FEE)

    def held_currency(self, order: Order) -> str:
        assert isinstance(order, FuturesOrder) and order.contract is not None
        return order.contract.settle

    def insufficient(self) -> ApiError:
        return ApiError("300003", "Balance insufficient")

    def settle(self, engine: "Engine", order: Order, price: int, lots: int, liquidity: str, trade_id: str,
               now_ms: int) -> tuple[Decimal, Decimal, Decimal, dict[str, Any]]:
        assert isinstance(order, FuturesOrder) and order.contract is not None
        worth = order.value_at(price, lots)
        rate = MAKER_FEE if liquidity == "maker" else TAKER_FEE
        fee = money(worth * rate)
        acc = engine.accounts.account(order.account, order.contract.settle)
        with engine.accounts.lock:
            share = order.hold_left if lots >= order.remaining else money(order.hold_left * lots / order.remaining)
            order.hold_left -= share
            engine.accounts.release(acc, share)
            extra = self.desk.apply_fill(order, Decimal(price).scaleb(-order.spec.price_dec), lots, fee, trade_id,
                                         now_ms)
        return worth, fee, rate, extra


def margin_of(worth: Decimal, leverage: Decimal) -> Decimal:
    return (worth / leverage).quantize(Decimal("1e-8"), rounding=ROUND_UP)


def _bool(body: dict[str, Any], name: str) -> bool:
    v = body.get(name, False)
    return v is True or (isinstance(v, str) and v.lower() == "true")


def _value_lots(desk: "FuturesDesk", contract: Contract, worth: Decimal, price: Decimal | None) -> int:
    """``valueQty`` (quote currency, linear contracts) -> whole lots: floor(value / (price x multiplier)) at the
    limit price, or at the mark price for a market order; less than one lot is refused."""
    price = price if price is not None else desk.futures.mark_price(contract.symbol)
    if not worth.is_finite() or worth <= 0 or price <= 0:
        raise ApiError("400100", "Parameter [valueQty] must be positive")
    lots = int(worth / (price * Decimal(contract.multiplier)))
    if lots < 1:
        raise ApiError("400100", "Parameter [valueQty] is less than one lot")
    if lots > 1_000_000:
        raise ApiError("400100", "Parameter [size] is above maxOrderQty")
    return lots


def _lots(raw: Any, name: str) -> int:
    d = dec(raw, name)
    if d != d.to_integral_value():
        raise ApiError("400100", f"Parameter [{name}] must be a positive integer (lots)")
    return int(d)


def _check_band(desk: "FuturesDesk", contract: Contract, side: Any, price: Decimal) -> None:
    """The contract's buyLimit / sellLimit: last price x 1.05 / x 0.95 (futures_market.contract_item)."""
    last = desk.futures.last(contract.symbol)
    tick = Decimal(1).scaleb(-contract.price_dec)
    high, low = (last * Decimal("1.05")).quantize(tick), (last * Decimal("0.95")).quantize(tick)
    if side == "buy" and price > high:
        raise ApiError("300011", f"Order price cannot be higher than {high}")
    if side == "sell" and price < low:
        raise ApiError("300012", f"Order price cannot be lower than {low}")


def parse_futures_order(desk: "FuturesDesk", body: Any, *, stop_allowed: bool = True) -> dict[str, Any]:
    """Check one order request; returns the ``FuturesOrder`` fields (without id, times and account)."""
    if not isinstance(body, dict):
        raise ApiError("400100", "Invalid request body")
    contract = desk.futures.by_symbol.get(str(body.get("symbol") or ""))
    if contract is None:
        raise ApiError("300000", "Contract does not exist")
    if not desk.futures.is_open(contract.symbol):
        raise SETTLED
    spec = desk.futures.market.universe.by_symbol[contract.symbol]
    cid = str(body.get("clientOid") or "")
    if not CLIENT_OID.match(cid):
        raise ApiError("400100", "Parameter [clientOid] is required (1-40 of A-Z a-z 0-9 _ -)")
    close_order, reduce_only = _bool(body, "closeOrder"), _bool(body, "reduceOnly")
    otype = body.get("type") or "limit"
    if otype not in ("limit", "market"):
        raise ApiError("400100", "Parameter [type] must be limit or market")
    side = body.get("side")
    if side not in ("buy", "sell") and not close_order:
        raise ApiError("400100", "Parameter [side] must be buy or sell")
    given = [name for name in ("size", "qty", "valueQty") if body.get(name) not in (None, "")]
    if len(given) > 1:
        raise ApiError("400100", "Choose one of [size], [qty], [valueQty]")
    size = None
    if given == ["size"]:
        size = _lots(body["size"], "size")
    elif given == ["qty"]:  # base currency, a whole multiple of the (linear) multiplier
        if contract.inverse:
            raise ApiError("400100", "Parameter [qty] is not supported by inverse contracts; give [size]")
        lots = dec(body["qty"], "qty") / Decimal(contract.multiplier)
        if lots != lots.to_integral_value():
            raise ApiError("400100", "Parameter [qty] must be a multiple of the multiplier")
        size = int(lots)
    elif given == ["valueQty"] and contract.inverse:
        raise ApiError("400100", "Parameter [valueQty] is not supported by inverse contracts; give [size]")
    elif not close_order and given != ["valueQty"]:
        raise ApiError("400100", "Parameter [size] is required")
    if size is not None and size > 1_000_000:
        raise ApiError("400100", "Parameter [size] is above maxOrderQty")
    leverage = Decimal(1)
    if body.get("leverage") not in (None, ""):
        leverage = dec(body["leverage"], "leverage")
        if leverage > contract.max_leverage:
            raise ApiError("400100", f"Parameter [leverage] is above the maximum {contract.max_leverage}")
    elif not (close_order or reduce_only):
        raise ApiError("400100", "Parameter [leverage] is required")
    price = None
    if otype == "limit":
        if body.get("price") in (None, ""):
            raise ApiError("400100", "Parameter [price] is required for limit orders")
        price = to_units(dec(body["price"], "price"), spec.price_dec)
        if price is None:
            raise ApiError("400100", "Price increment invalid.")
        _check_band(desk, contract, side, Decimal(price).scaleb(-spec.price_dec))
    if given == ["valueQty"]:
        size = _value_lots(desk, contract, dec(body["valueQty"], "valueQty"),
                           Decimal(price).scaleb(-spec.price_dec) if price is not None else None)
    tif = str(body.get("timeInForce") or "GTC")
    if tif not in ("GTC", "IOC"):
        raise ApiError("400100", "Parameter [timeInForce] must be GTC or IOC")
    margin_mode = str(body.get("marginMode") or "ISOLATED").upper()
    if margin_mode not in ("ISOLATED", "CROSS"):
        raise ApiError("400100", "Parameter [marginMode] must be ISOLATED or CROSS")
    post_only, hidden, iceberg = _bool(body, "postOnly"), _bool(body, "hidden"), _bool(body, "iceberg")
    if post_only and (hidden or iceberg or tif == "IOC"):
        raise ApiError("400100", "postOnly is not allowed with hidden, iceberg or IOC")
    visible = 0
    if iceberg:
        if body.get("visibleSize") in (None, ""):
            raise ApiError("400100", "Parameter [visibleSize] is required for iceberg orders")
        visible = _lots(body["visibleSize"], "visibleSize")
    stop, stop_type, stop_price = str(body.get("stop") or ""), str(body.get("stopPriceType") or ""), None
    if stop:
        if not stop_allowed or stop not in _STOPS:
            raise ApiError("400100", "Parameter [stop] must be up or down")
        if stop_type not in _PRICE_TYPES:
            raise ApiError("400100", "Parameter [stopPriceType] must be TP, MP or IP")
        if body.get("stopPrice") in (None, ""):
            raise ApiError("400100", "Parameter [stopPrice] is required for stop orders")
        stop_price = to_units(dec(body["stopPrice"], "stopPrice"), spec.price_dec)
        if stop_price is None:
            raise ApiError("400100", "Parameter [stopPrice] is not a multiple of the tick size")
    elif stop_type:
        stop_type = ""
    return {"spec": spec, "contract": contract, "client_oid": cid, "side": side or "", "type": otype,
            "price": price, "size": size, "origin_size": size or 0, "tif": "GTC" if otype == "market" else tif,
            "post_only": post_only and otype == "limit", "hidden": hidden, "iceberg": iceberg, "visible": visible,
            "stp": body.get("stp") or None, "remark": body.get("remark"), "tags": body.get("tags"),
            "leverage": leverage, "margin_mode": margin_mode, "reduce_only": reduce_only or close_order,
            "close_order": close_order, "force_hold": _bool(body, "forceHold"), "stop": stop,
            "stop_price_type": stop_type, "stop_price": stop_price}
