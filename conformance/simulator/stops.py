"""Stop (trigger) orders: stored untriggered, placed as HF orders when the last price crosses.

Layer: simulator (exchange side). Rule: ``stop`` "loss" triggers when the last trade price <= stopPrice,
"entry" when >= stopPrice (https://www.kucoin.com/docs-new/api-3470334); when ``stop`` is omitted it is
derived from stopPrice against the last price; any other ``stop`` is refused (400100) and nothing is
stored. The trigger is checked after each market move of the symbol (not on the user's own trades). No
funds are held before the trigger (a simplification: KuCoin holds them); at the trigger the order goes
through the matching engine as a new HF order (own order id, the stop order's clientOid, fills carry
``stop``), the stop order becomes TRIGGERED (``stopTriggerTime`` set; it leaves the NEW-only lists) and
stays readable by id; a rejection by the engine (balance, ...) marks it FAILED (a simulator status;
KuCoin documents NEW and TRIGGERED). Stop orders are spot only (``tradeType`` TRADE).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .book import SymbolState
from .routing import ApiError
from .validation import OrderRequest, dec, parse_order, to_units
from .wire import hex_id, units_to_str

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["StopOrders", "StopOrder"]


@dataclass
class StopOrder:
    id: str
    req: OrderRequest
    stop: str
    stop_price: int
    created_at: int
    status: str = "NEW"
    triggered_at: int | None = None
    order_id: str | None = None

    def to_json(self, listing: bool) -> dict[str, Any]:
        r, spec = self.req, self.req.spec
        out = {"id": self.id, "symbol": spec.symbol, "userId": "sim-user", "status": self.status,
               "type": r.type, "side": r.side,
               "price": units_to_str(r.price, spec.price_dec) if r.price is not None else None,
               "size": units_to_str(r.size, spec.base_dec) if r.size is not None else None,
               "funds": format(r.funds, "f") if r.funds is not None else None, "stp": r.stp,
               "timeInForce": r.tif, "cancelAfter": r.cancel_after or -1, "postOnly": r.post_only,
               "hidden": r.hidden, "iceberg": r.iceberg,
               "visibleSize": units_to_str(r.visible, spec.base_dec) if r.visible else None, "channel": "API",
               "clientOid": r.client_oid, "remark": r.remark, "tags": r.tags,
               "orderTime": self.created_at * 1_000_000, "domainId": "kucoin", "tradeSource": "USER",
               "tradeType": "TRADE", "feeCurrency": spec.quote, "takerFeeRate": "0.001",
               "makerFeeRate": "0.001", "createdAt": self.created_at, "stop": self.stop,
               "stopTriggerTime": self.triggered_at, "stopPrice": units_to_str(self.stop_price, spec.price_dec)}
        if listing:  # the list items carry four more keys than the detail (official examples)
            out.update({"relatedNo": self.order_id, "limitPrice": None, "pop": None, "activateCondition": None})
        return out


class StopOrders:
    def __init__(self, sim: "Simulator") -> None:
        self.sim = sim
        self.orders: dict[str, StopOrder] = {}
        sim.engine.on_step.append(self._check)

    def add(self, body: Any, now_ms: int) -> StopOrder:
        if not isinstance(body, dict):
            raise ApiError("400100", "Invalid request body")
        req = parse_order(self.sim.universe, body, None)
        engine = self.sim.engine
        with engine.lock:
            if req.client_oid and (req.client_oid in engine.by_client or any(
                    s.req.client_oid == req.client_oid for s in self.orders.values())):
                raise ApiError("400100", "The clientOid already exists")
            ticks = to_units(dec(body.get("stopPrice"), "stopPrice"), req.spec.price_dec)
            if ticks is None:
                raise ApiError("400100", "Price increment invalid.")
            stop = body.get("stop")
            if stop is not None and stop not in ("loss", "entry"):
                raise ApiError("400100", "Parameter [stop] must be loss or entry")
            if stop is None:
                last = self.sim.market.state(req.spec.symbol)
                stop = "entry" if last is not None and ticks > last.last_price else "loss"
            so = StopOrder(hex_id(self.sim.seed, "stop", engine.next_seq()), req, stop, ticks, now_ms)
            self.orders[so.id] = so
            return so

    def active(self) -> list[StopOrder]:
        return [s for s in self.orders.values() if s.status == "NEW"]

    def by_client(self, cid: str) -> list[StopOrder]:
        return [s for s in self.orders.values() if s.req.client_oid == cid and s.status == "NEW"]

    def cancel(self, so: StopOrder | None) -> StopOrder:
        with self.sim.engine.lock:
            if so is None or so.status != "NEW":
                raise ApiError("400100", "order_not_exist_or_not_allow_to_cancel")
            so.status = "CANCELED"  # the spec's stop-order statuses: NEW, DONE, TRIGGERED, CANCELED
            return so

    def _check(self, st: SymbolState, now_ms: int) -> None:
        for so in list(self.orders.values()):
            if so.status != "NEW" or so.req.spec.symbol != st.symbol:
                continue
            last = st.last_price
            if (so.stop == "loss" and last <= so.stop_price) or (so.stop == "entry" and last >= so.stop_price):
                so.status, so.triggered_at = "TRIGGERED", now_ms
                try:
                    order = self.sim.engine.place(so.req, now_ms, stop=so.stop)
                    so.order_id = order.id
                except ApiError:
                    so.status = "FAILED"
