"""Private futures pushes from the futures desk: symbolOrderChange, position.change / position.settlement and
walletBalance.change.

Layer: simulator (exchange side). Rule: as ``ws_private`` for spot, the payloads are built at the moment of
the change (under the desk's lock, from the objects themselves) and handed to ``push`` (``WSServer.
post_futures_private``), which only queues them for the WebSocket thread. The order life cycle comes from
the futures engine's ``on_order`` listeners (``match`` a fill, ``open`` the order enters the book,
``done`` it ends); positions, funding, balances and the desk's own order changes (a reduce-only
order trimmed to the position, a triggered stop refused) come from the desk's listeners
(``sim.futures_events``). Each event kind is one row of ``_ON_EVENT``.

Shapes (``reference/kucoin-openapi/ws/openapi-futures-private.json``; the classic docs for the keys the
examples leave out, https://www.kucoin.com/docs/websocket/futures-trading/private-channels/trade-orders ):

* ``/contractMarket/tradeOrders:{symbol}``, subject ``symbolOrderChange``: the example's keys plus
  ``orderType`` and ``clientOid``; a fill (``type`` ``match``, ``status`` ``match``) adds ``tradeId``,
  ``matchPrice``, ``matchSize``; a trimmed order (``update``) adds ``oldSize``. ``type`` ``open`` (enters
  the book), ``match``, ``update``, ``filled``, ``canceled`` (``status`` ``open``/``match``/``done``); sizes
  in contracts and prices as decimal strings, ``orderTime`` and ``ts`` in nanoseconds. An order that fills
  at once sends its ``match`` messages and ``filled`` (no ``open``), as KuCoin.
* ``/contract/position:{symbol}``, subject ``position.change``: the example's keys (JSON numbers, the
  REST position's values) with ``changeReason`` ``positionChange``, sent when the position itself moved
  (size, cost, margin, realised PnL, funding, mode or leverage); the simulator sends no mark-price-only
  updates. A funding settlement sends ``position.settlement`` (``fundingTime qty markPrice fundingRate
  fundingFee ts settleCurrency``, the classic docs' keys) and then the moved position.
* ``/contractAccount/wallet``, subject ``walletBalance.change`` with a message ``id``: the example's keys,
  all strings: ``walletBalance`` the margin balance, ``equity`` the account equity, ``availableBalance``
  as GET /api/v1/account-overview; position and order margins, unrealised PnL split by margin mode;
  ``holdBalance`` the frozen funds (0 here); ``totalCrossMargin`` = available + cross position and order
  margin; ``version`` counts the pushes.

Routing: order messages go to the user of the key that placed the order; positions and the wallet (the
simulator keeps one funded futures account) to the account's owner, ``sim.keys.uid``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from .accounts import text
from .futures_orders import FuturesOrder
from .futures_positions import ZERO
from .wire import units_to_str

if TYPE_CHECKING:  # pragma: no cover
    from .futures_trading import FuturesDesk
    from .simulator import Simulator

__all__ = ["install", "order_data", "wallet_data", "POSITION_KEYS", "ORDERS", "POSITION", "WALLET"]

ORDERS, POSITION, WALLET = "/contractMarket/tradeOrders", "/contract/position", "/contractAccount/wallet"
Push = Callable[..., None]  # (topic, subject, data, uid, msg_id=None)

# position.change keys: the official example's (the REST position has more: id, userId, isInverse...)
POSITION_KEYS = (
    "symbol", "maintMarginReq", "riskLimit", "realLeverage", "crossMode", "delevPercentage", "openingTimestamp",
    "autoDeposit", "currentTimestamp", "currentQty", "currentCost", "currentComm", "unrealisedCost",
    "realisedCost", "isOpen", "markPrice", "markValue", "posCost", "posCross", "posInit", "posComm", "posLoss",
    "posMargin", "posFunding", "posMaint", "maintMargin", "avgEntryPrice", "liquidationPrice", "bankruptPrice",
    "settleCurrency", "changeReason", "riskLimitLevel", "realisedGrossCost", "realisedGrossPnl", "realisedPnl",
    "unrealisedPnl", "unrealisedPnlPcnt", "unrealisedRoePcnt", "leverage", "marginMode", "positionSide")
# what makes a position "moved" (not only its mark price)
_MOVED = ("currentQty", "currentCost", "posMargin", "realisedPnl", "posFunding", "marginMode", "leverage")
_STATUS = {"open": "open", "update": "open", "match": "match", "filled": "done", "canceled": "done"}


def order_data(order: FuturesOrder, kind: str, ts_ns: int, liquidity: str, **extra: Any) -> dict[str, Any]:
    """The ``data`` of one symbolOrderChange push of ``kind`` (open/match/update/filled/canceled)."""
    c = order.contract
    assert c is not None
    remain = order.remaining if order.active else 0
    out = {"symbol": c.symbol, "side": order.side, "canceledSize": str(order.origin_size - order.deal_lots - remain),
           "orderId": order.id, "liquidity": liquidity, "marginMode": order.margin_mode, "type": kind,
           "orderTime": order.created_at * 1_000_000, "size": str(order.origin_size),
           "filledSize": str(order.deal_lots),
           "price": units_to_str(order.price, order.spec.price_dec) if order.price else "0",
           "remainSize": str(remain), "status": _STATUS[kind], "ts": ts_ns, "orderType": order.type,
           "clientOid": order.client_oid}
    out.update(extra)
    return out


def wallet_data(desk: "FuturesDesk", overview: dict[str, Any], version: int, now_ms: int) -> dict[str, Any]:
    """The ``data`` of one walletBalance.change push of ``overview``'s currency (under the desk's lock)."""
    currency = overview["currency"]
    split: dict[str, dict[str, Decimal]] = {m: {"pos": ZERO, "order": ZERO, "upnl": ZERO}
                                            for m in ("ISOLATED", "CROSS")}
    for p in desk.positions.values():
        if p.qty and p.contract.settle == currency:
            s = split[p.margin_mode]
            s["pos"] += p.margin
            s["upnl"] += p.pnl(desk.mark(p.contract.symbol))
    for o in desk.orders():
        if o.active and o.contract is not None and o.contract.settle == currency:
            split[o.margin_mode]["order"] += o.hold_left
    iso, cross = split["ISOLATED"], split["CROSS"]
    available = Decimal(str(overview["availableBalance"]))
    return {"crossPosMargin": text(cross["pos"]), "isolatedOrderMargin": text(iso["order"]), "holdBalance": "0",
            "equity": text(Decimal(str(overview["accountEquity"]))), "version": str(version),
            "availableBalance": text(available), "isolatedPosMargin": text(iso["pos"]),
            "walletBalance": text(Decimal(str(overview["marginBalance"]))), "isolatedFundingFeeMargin": "0",
            "crossUnPnl": text(cross["upnl"]), "totalCrossMargin": text(available + cross["pos"] + cross["order"]),
            "currency": currency, "isolatedUnPnl": text(iso["upnl"]), "crossOrderMargin": text(cross["order"]),
            "timestamp": str(now_ms)}


def install(sim: "Simulator", push: Push) -> None:
    """Wrap the futures engine of ``sim`` and listen on its desk so every private futures change is pushed."""
    desk, engine = sim.futures_desk, sim.futures_desk.engine
    sizes: dict[str, int] = {}          # active order id -> the size its last push showed
    liquidity: dict[str, str] = {}      # order id -> the liquidity of its last fill
    moved: dict[str, tuple] = {}        # symbol -> the position's moved keys at its last push
    ended: set[str] = set()             # triggered stop orders whose final push went out
    cut: set[str] = set()               # filled orders placed smaller than asked (the desk may cancel the rest)
    counter = [0]

    def now_ns() -> int:
        return sim.now_ms() * 1_000_000

    def send_order(order: Any, kind: str, liq: str, **extra: Any) -> None:
        if not isinstance(order, FuturesOrder) or order.contract is None:
            return
        if kind in ("filled", "canceled"):
            sizes.pop(order.id, None)
            liquidity.pop(order.id, None)
            if order.stop_triggered:
                ended.add(order.id)
        else:
            sizes[order.id] = order.size or 0
        push(f"{ORDERS}:{order.contract.symbol}", "symbolOrderChange",
             order_data(order, kind, now_ns(), liq, **extra), sim.keys.uid_of(order.api_key))

    def on_engine(kind: str, order: Any, detail: dict[str, Any]) -> None:
        if kind == "match":
            liquidity[order.id] = detail["liquidity"]
            send_order(order, "match", detail["liquidity"], tradeId=str(detail["trade_id"]),
                       matchPrice=units_to_str(detail["price"], order.spec.price_dec), matchSize=str(detail["lots"]))
        elif kind == "open":
            send_order(order, "open", "maker")
        else:
            liq = liquidity.get(order.id, "maker" if order.id in sizes else "taker")
            final = "canceled" if order.cancel_exist else "filled"
            if final == "filled" and (order.size or 0) < getattr(order, "origin_size", 0):
                cut.add(order.id)
            send_order(order, final, liq)

    engine.on_order.append(on_engine)

    def on_order(detail: dict[str, Any]) -> None:
        """The desk's own order changes: a trimmed reduce-only order, the extra size of a reduce-only order
        placed beyond the position (cancelled once it filled), a triggered stop that was refused."""
        order = desk.get(detail["id"])
        if order is None or order.id in desk.stops:
            return  # an untriggered stop order is not on this topic (KuCoin: /contractMarket/advancedOrders)
        old = sizes.get(order.id)
        if order.id in cut:
            if order.cancel_exist:  # a reduce-only order cut to the position: KuCoin cancels the extra size
                send_order(order, "canceled", "taker")
        elif order.active and old is not None and old != order.size:
            send_order(order, "update", "maker", oldSize=str(old))
        elif not order.active and order.stop_triggered and order.id not in ended:
            send_order(order, "canceled", "taker")  # refused when triggered: it never reached the engine
        cut.clear()  # the desk tells right after the placement; an order filled later keeps its state
        ended.discard(order.id)

    def on_position(data: dict[str, Any]) -> None:
        key = tuple(data.get(k) for k in _MOVED)
        last = moved.get(data["symbol"])
        moved[data["symbol"]] = key
        if last == key or (last is None and not data["currentQty"] and not data["realisedPnl"]):
            return  # not moved, or an empty position the desk made for an order's checks
        body = {k: data[k] for k in POSITION_KEYS if k in data and k != "changeReason"}
        body["changeReason"] = "positionChange"
        push(f"{POSITION}:{data['symbol']}", "position.change", body, sim.keys.uid)

    def on_funding(row: dict[str, Any]) -> None:
        symbol = row["symbol"]
        push(f"{POSITION}:{symbol}", "position.settlement",
             {"fundingTime": row["timePoint"], "qty": row["positionQty"], "markPrice": row["markPrice"],
              "fundingRate": row["fundingRate"], "fundingFee": row["funding"], "ts": now_ns(),
              "settleCurrency": row["settleCurrency"]}, sim.keys.uid)
        pos = desk.positions.get(symbol)
        if pos is not None:
            on_position(desk.position_json(pos))

    def on_balance(overview: dict[str, Any]) -> None:
        counter[0] += 1
        data = wallet_data(desk, overview, counter[0], sim.now_ms())
        push(WALLET, "walletBalance.change", data, sim.keys.uid, msg_id=f"{counter[0]:024x}")

    handlers: dict[str, Callable[[dict[str, Any]], None]] = {
        "order": on_order, "position": on_position, "funding": on_funding, "balance": on_balance}
    def on_event(kind: str, data: dict[str, Any]) -> None:
        handler = handlers.get(kind)
        if handler is not None:  # a kind the desk may add later pushes nothing until it has a row here
            handler(data)

    desk.events.append(on_event)
