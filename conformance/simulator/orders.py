"""User orders and fills of the simulator: the records and their KuCoin JSON shapes.

Layer: simulator (exchange side). Rule: sizes are integer lots and prices integer ticks of the symbol
(``wire``), funds and fees are exact ``Decimal``; rendering happens only here. Shapes follow the official
examples of GET /api/v1/hf/orders/{orderId} (https://www.kucoin.com/docs-new/api-3470181), GET
/api/v1/hf/fills (https://www.kucoin.com/docs-new/api-3470183) and the sync place/cancel answers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .accounts import text
from .universe import SymbolSpec
from .wire import units_to_str

__all__ = ["Order", "Fill", "ZERO"]

ZERO = Decimal(0)


@dataclass
class Order:
    """One order; ``seq`` is its numeric cursor (HF ``lastId`` paging), ``account`` the spent account type."""

    id: str
    seq: int
    client_oid: str
    spec: SymbolSpec
    side: str
    type: str
    price: int | None            # ticks (limit orders)
    size: int | None             # lots (limit, market by size)
    funds: Decimal | None        # quote amount (market buy by funds)
    tif: str = "GTC"
    post_only: bool = False
    hidden: bool = False
    iceberg: bool = False
    visible: int = 0             # lots shown for icebergs
    cancel_after: int = 0
    stp: str | None = None
    remark: str | None = None
    tags: str | None = None
    trade_type: str = "TRADE"
    account: str = "trade_hf"
    hf: bool = True
    api_key: str = ""
    created_at: int = 0
    updated_at: int = 0
    deal_lots: int = 0
    deal_funds: Decimal = ZERO
    fee: Decimal = ZERO
    active: bool = True
    cancel_exist: bool = False
    in_book: bool = False
    hold_left: Decimal = ZERO
    shown: int = 0               # lots currently visible in the book
    auto_borrow: bool = False
    stop: str = ""

    # ---- derived --------------------------------------------------------------------------------
    def price_dec(self) -> Decimal:
        return Decimal(self.price or 0).scaleb(-self.spec.price_dec)

    def lots_dec(self, lots: int) -> Decimal:
        return Decimal(lots).scaleb(-self.spec.base_dec)

    @property
    def remaining(self) -> int:
        """Lots still to fill (0 for market-by-funds orders, whose remainder is in funds)."""
        return max(0, (self.size or 0) - self.deal_lots)

    @property
    def order_funds(self) -> Decimal:
        if self.funds is not None:
            return self.funds
        if self.type == "limit" and self.price is not None and self.size is not None:
            return self.price_dec() * self.lots_dec(self.size)
        return ZERO

    @property
    def filled(self) -> bool:
        if self.size is not None:
            return self.deal_lots >= self.size
        return self.funds is not None and self.deal_funds >= self.funds

    @property
    def status(self) -> str:
        return "open" if self.active else "done"

    def cancelled_lots(self) -> int:
        return 0 if self.active or self.size is None else self.size - self.deal_lots

    def _s(self, lots: int) -> str:
        return units_to_str(lots, self.spec.base_dec)

    # ---- shapes ---------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The HF order detail (identical keys in active/done lists and get by id/clientOid)."""
        funds = self.order_funds
        cancelled = self.cancelled_lots()
        if self.active:
            remain_funds, cancelled_funds = funds - self.deal_funds, ZERO
        else:
            remain_funds = ZERO
            cancelled_funds = (funds - self.deal_funds) if self.cancel_exist else ZERO
        return {
            "id": self.id, "clientOid": self.client_oid, "symbol": self.spec.symbol, "opType": "DEAL",
            "type": self.type, "side": self.side,
            "price": units_to_str(self.price, self.spec.price_dec) if self.price is not None else "0",
            "size": self._s(self.size or 0), "funds": text(funds), "dealSize": self._s(self.deal_lots),
            "dealFunds": text(self.deal_funds), "remainSize": self._s(self.remaining if self.active else 0),
            "remainFunds": text(max(remain_funds, ZERO)), "cancelledSize": self._s(cancelled),
            "cancelledFunds": text(max(cancelled_funds, ZERO)), "fee": text(self.fee),
            "feeCurrency": self.spec.quote, "stp": self.stp, "timeInForce": self.tif,
            "postOnly": self.post_only, "hidden": self.hidden, "iceberg": self.iceberg,
            "visibleSize": self._s(self.visible), "cancelAfter": self.cancel_after, "channel": "API",
            "remark": self.remark, "tags": self.tags, "cancelExist": self.cancel_exist,
            "tradeType": self.trade_type, "inOrderBook": self.in_book, "active": self.active, "tax": "0",
            "createdAt": self.created_at, "lastUpdatedAt": self.updated_at,
        }

    def sync_json(self) -> dict[str, Any]:
        """POST /api/v1/hf/orders/sync answer (https://www.kucoin.com/docs-new/api-3470170)."""
        return {"orderId": self.id, "clientOid": self.client_oid, "orderTime": self.created_at,
                "originSize": self._s(self.size or 0), "dealSize": self._s(self.deal_lots),
                "remainSize": self._s(self.remaining if self.active else 0),
                "canceledSize": self._s(self.cancelled_lots()), "status": self.status,
                "matchTime": self.updated_at}

    def cancel_sync_json(self, by_client: bool) -> dict[str, Any]:
        """DELETE /api/v1/hf/orders/sync/... answer (https://www.kucoin.com/docs-new/api-3470173)."""
        head = {"clientOid": self.client_oid} if by_client else {"orderId": self.id}
        return {**head, "originSize": self._s(self.size or 0), "dealSize": self._s(self.deal_lots),
                "remainSize": self._s(self.remaining if self.active else 0),
                "canceledSize": self._s(self.cancelled_lots()), "status": self.status}

    def admin_json(self) -> dict[str, Any]:
        """GET /_sim/orders row."""
        return {"id": self.id, "clientOid": self.client_oid, "symbol": self.spec.symbol, "side": self.side,
                "type": self.type,
                "price": units_to_str(self.price, self.spec.price_dec) if self.price is not None else None,
                "size": self._s(self.size) if self.size is not None else None,
                "dealSize": self._s(self.deal_lots), "dealFunds": text(self.deal_funds),
                "status": self.status, "cancelExist": self.cancel_exist, "apiKey": self.api_key}


@dataclass
class Fill:
    """One side of one trade, as the order's owner sees it."""

    seq: int
    trade_id: int
    order: Order
    counter_id: str
    liquidity: str
    price: int
    lots: int
    funds: Decimal
    fee: Decimal
    fee_rate: Decimal
    created_at: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        o = self.order
        return {"id": self.seq, "orderId": o.id, "counterOrderId": self.counter_id, "tradeId": self.trade_id,
                "symbol": o.spec.symbol, "side": o.side, "liquidity": self.liquidity, "type": o.type,
                "forceTaker": False, "price": units_to_str(self.price, o.spec.price_dec),
                "size": units_to_str(self.lots, o.spec.base_dec), "funds": text(self.funds),
                "fee": text(self.fee), "feeRate": text(self.fee_rate), "feeCurrency": o.spec.quote,
                "stop": o.stop, "tradeType": o.trade_type, "taxRate": "0", "tax": "0",
                "createdAt": self.created_at}
