"""Private pushes from the matching engine and the accounts: orderChange and account.balance.

Layer: simulator (exchange side). Rule: the payloads are built at the moment of the change (under the
engine's locks, from the objects themselves) and handed to ``post``, which only queues them for the
WebSocket thread. The order life comes from the engine's ``on_order`` listeners (a fill, the order
resting, its end; shared with the futures pushes); the hooks wrap ``place`` and the accounts' ``hold``,
``release``, ``credit`` on the *instances*, so the trading modules stay unaware of streams.

Key sets (``reference/kucoin-openapi/ws/openapi-spot-private.json``): ``received`` equals the
``/spotMarket/tradeOrdersV2`` example, ``open``/``filled``/``canceled`` the ``/spotMarket/tradeOrders``
example (the same keys; statuses ``open`` and ``done``), ``match`` adds ``matchPrice``, ``matchSize``,
``tradeId``, ``liquidity`` and ``feeType`` (https://www.kucoin.com/docs-new/3470081w0 , status ``match``).
``account.balance`` equals its example, with a top-level ``id`` like the example's.
"""
from __future__ import annotations

import functools
import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from .accounts import Account, text
from .orders import Order
from .wire import units_to_str

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["install", "order_data", "balance_data", "ORDER_TOPICS", "BALANCE_TOPIC"]

ORDER_TOPICS = ("/spotMarket/tradeOrdersV2", "/spotMarket/tradeOrders")
BALANCE_TOPIC = "/account/balance"
Post = Callable[[tuple], None]


def order_data(order: Order, kind: str, ts_ns: int, **match: Any) -> dict[str, Any]:
    """The ``data`` of one orderChange push of ``kind`` (received/open/match/filled/canceled)."""
    spec = order.spec
    s = functools.partial(units_to_str, decimals=spec.base_dec)
    head = {"clientOid": order.client_oid, "orderId": order.id, "orderTime": order.created_at,
            "orderType": order.type, "originSize": s(order.size or 0), "side": order.side}
    if kind == "received":
        return {**head, "status": "new", "symbol": spec.symbol, "ts": ts_ns, "type": "received"}
    status = {"open": "open", "match": "match"}.get(kind, "done")
    remain = order.remaining if order.active else 0
    out = {"canceledSize": s(order.cancelled_lots()), **head, "filledSize": s(order.deal_lots),
           "price": units_to_str(order.price, spec.price_dec) if order.price is not None else "0",
           "remainSize": s(remain), "size": s(order.size or 0), "status": status, "symbol": spec.symbol,
           "ts": ts_ns, "type": kind}
    out.update(match)
    return out


def balance_data(acc: Account, avail_change: Decimal, hold_change: Decimal, event: str,
                 context: dict[str, Any], event_id: str, now_ms: int) -> dict[str, Any]:
    return {"accountId": acc.id, "currency": acc.currency, "total": text(acc.balance),
            "available": text(acc.available), "hold": text(acc.holds), "availableChange": text(avail_change),
            "holdChange": text(hold_change), "relationContext": context, "relationEvent": event,
            "relationEventId": event_id, "time": str(now_ms)}


_BIZ_EVENT = {"TRADE_EXCHANGE": "setted", "MARGIN_EXCHANGE": "setted", "ISOLATED_EXCHANGE": "setted",
              "TRANSFER": "transfer", "DEPOSIT": "deposit", "WITHDRAW": "withdraw"}


def _prefix(acc: Account) -> str:
    """``trade.hold``, ``main.deposit``, ``margin.setted``...: the account family before the dot."""
    family = acc.type.split(":")[0]
    return "trade" if family == "trade_hf" else family


def install(sim: "Simulator", post: Post) -> None:
    """Wrap the engine and accounts of ``sim`` so every order and balance change is posted."""
    engine, accounts = sim.engine, sim.accounts
    seen: set[str] = set()
    counter = [354_689_988_084_000]
    current: dict[str, Any] = {}
    buffered: list[tuple] = []
    outer_post = post

    def post(event: tuple) -> None:  # noqa: F811 - during place() pushes wait for the order id
        if current.get("thread") == threading.get_ident():
            buffered.append(event)
        else:
            outer_post(event)

    def now_ns() -> int:
        return sim.now_ms() * 1_000_000

    def emit_order(order: Order, kind: str, **match: Any) -> None:
        if order.id not in seen:
            seen.add(order.id)
            if kind != "received":
                post(("order", order_data(order, "received", now_ns())))
        post(("order", order_data(order, kind, now_ns(), **match)))

    orig_place = engine.place

    def place(req: Any, now_ms: int, **kw: Any) -> Order:
        current.update(symbol=req.spec.symbol, thread=threading.get_ident())
        order = None
        try:
            order = orig_place(req, now_ms, **kw)
        finally:
            current.clear()
            events, buffered[:] = list(buffered), []
            for kind, data in events:
                ctx = data.get("relationContext")
                if order is not None and ctx is not None and "orderId" not in ctx:
                    ctx["orderId"] = order.id  # the hold of this order, taken before its id was known
                outer_post((kind, data))
        if order.id in engine.orders and order.id not in seen:
            emit_order(order, "received")
        return order

    def on_order(kind: str, order: Order, detail: dict[str, Any]) -> None:
        if kind == "match":
            emit_order(order, "match", matchPrice=units_to_str(detail["price"], order.spec.price_dec),
                       matchSize=units_to_str(detail["lots"], order.spec.base_dec), tradeId=str(detail["trade_id"]),
                       liquidity=detail["liquidity"],
                       feeType="takerFee" if detail["liquidity"] == "taker" else "makerFee")
        elif kind == "open":
            emit_order(order, "open")
        else:
            emit_order(order, "canceled" if order.cancel_exist or (detail["cancelled"] and not order.filled)
                       else "filled")

    engine.place = place  # type: ignore[method-assign]
    engine.on_order.append(on_order)

    def balance(acc: Account, before: tuple[Decimal, Decimal], event: str, context: dict[str, Any]) -> None:
        avail, hold = acc.available - before[0], acc.holds - before[1]
        if not avail and not hold:
            return
        counter[0] += 1
        post(("balance", balance_data(acc, avail, hold, f"{_prefix(acc)}.{event}", context, str(counter[0]),
                                      sim.now_ms())))

    orig_hold, orig_release, orig_credit = accounts.hold, accounts.release, accounts.credit

    def ctx_of(extra: dict[str, Any] | None = None) -> dict[str, Any]:
        out = {k: v for k, v in (extra or {}).items() if k in ("symbol", "orderId", "tradeId")}
        if not out and current.get("symbol"):
            out["symbol"] = current["symbol"]
        return out

    def hold(acc: Account, amount: Decimal) -> bool:
        with accounts.lock:
            before = (acc.available, acc.holds)
            ok = orig_hold(acc, amount)
            if ok:
                balance(acc, before, "hold", ctx_of())
            return ok

    def release(acc: Account, amount: Decimal) -> None:
        with accounts.lock:
            before = (acc.available, acc.holds)
            orig_release(acc, amount)
            balance(acc, before, "release", ctx_of())

    def credit(acc: Account, amount: Decimal, biz: str | None = None, now_ms: int = 0,
               context: dict[str, Any] | None = None, fee: Decimal = Decimal(0)) -> None:
        with accounts.lock:
            before = (acc.available, acc.holds)
            orig_credit(acc, amount, biz, now_ms, context, fee)
            balance(acc, before, _BIZ_EVENT.get(biz or "", "other"), ctx_of(context))

    accounts.hold, accounts.release, accounts.credit = hold, release, credit  # type: ignore[method-assign]
