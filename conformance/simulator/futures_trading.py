"""The futures desk: orders through the shared matching engine, positions, margin settings, stop
triggers, funding settlement and liquidation for the one simulated account.

Layer: simulator (exchange side). Rule: a second ``matching.Engine`` runs over the contracts' market
(``sim.futures.market``) with the margin funds policy (``futures_orders.MarginFunds``); every fill lands in
``apply_fill`` (under the market lock), which moves the position, its margin and the realised PnL in the
``contract`` account of the settle currency. After each move of a contract (``Engine.on_step``) the desk
triggers stop orders on their price type (``TP`` last trade, ``MP`` mark, ``IP`` index; ``up`` when the
price >= stopPrice, ``down`` when <=), liquidates positions whose margin ran out (isolated: the position;
cross: every cross position of the currency; see ``futures_positions`` and ``futures_risk``), trims
resting reduce-only orders to the position (the extra size is cancelled, so they never flip it) and
settles funding once per funding period on open perpetual positions: ``funding = -side * rate *
value(mark)`` (longs pay a positive rate), and delivers a dated contract once the clock reaches its expiry
(``futures_delivery``; ``deliver`` delivers it at once, the admin step). ``settle_next_funding`` settles the next period at once (the
admin surface's "step to the funding time": the clock itself is the caller's).

Untriggered stop orders hold no margin (as the spot simulator's stop orders) and are fitted to the
position (reduce-only, close) only when triggered; then they enter the engine with the same id (a
rejection at that moment ends them cancelled). Listeners: ``events`` (``sim.futures_events``) get
``(kind, data)`` with kind ``order`` (the order detail), ``position`` (the position, after fills and market
moves), ``funding`` (a funding-history row) and ``balance`` (the account overview, after orders, fills,
funding, transfers and margin moves); ``data`` is built only when someone listens.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from . import futures_delivery, futures_risk
from .book import SymbolState
from .futures_market import FUNDING_MS
from .futures_orders import ACCOUNT, FuturesOrder, MarginFunds, numeric_id, parse_futures_order
from .futures_positions import ZERO, Position, json_number, money, value
from .matching import Engine
from .routing import ApiError

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["FuturesDesk", "FUTURES_FUNDING", "NO_POSITION"]

# (currency, amount) funded in the futures (CONTRACT) account of the simulated user
FUTURES_FUNDING: tuple[tuple[str, str], ...] = (("USDT", "100000"), ("USDC", "10000"), ("XBT", "10"))
NO_POSITION = ApiError("300009", "No open positions to close.")
DEFAULT_CROSS_LEVERAGE = Decimal(5)


class FuturesDesk:
    """The futures side of one simulator (``sim.futures_desk``); every method is safe across threads."""

    def __init__(self, sim: "Simulator") -> None:
        self.sim = sim
        self.futures = sim.futures
        self.accounts = sim.accounts
        self.engine = Engine(sim, sim.futures.market, MarginFunds(self), ids=numeric_id)
        self.lock = self.engine.lock
        self.positions: dict[str, Position] = {}
        self.stops: dict[str, FuturesOrder] = {}
        self.history: list[dict[str, Any]] = []
        self.funding_rows: list[dict[str, Any]] = []
        self.transfers_out: list[dict[str, Any]] = []  # GET /api/v1/transfer-list rows
        self.margin_modes: dict[str, str] = {}
        self.cross_leverage: dict[str, Decimal] = {}
        self.events: list[Callable[[str, dict[str, Any]], None]] = []
        self.funded_period = sim.now_ms() // FUNDING_MS
        self._ids = 500_000_000_000_000_000
        self._funding_ids = 1_472_000_000_000_000  # funding-history ids (official example: 1472387374042586)
        self.oco: dict[str, str] = {}  # a TP/SL stop order -> its sibling (one triggers, the other is cancelled)
        self.engine.on_step.append(self._on_step)
        for currency, amount in FUTURES_FUNDING:
            self.accounts.account(ACCOUNT, currency).balance += Decimal(amount)

    # ---- helpers ------------------------------------------------------------------------------------
    def _emit(self, kind: str, build: Callable[[], dict[str, Any]]) -> None:
        """Tell the listeners; ``build`` makes the data, only when someone listens."""
        if self.events:
            data = build()
            for listener in list(self.events):
                listener(kind, data)

    def next_id(self) -> str:
        self._ids += 1
        return str(self._ids)

    def position(self, symbol: str) -> Position:
        pos = self.positions.get(symbol)
        if pos is None:
            pos = Position(self.next_id(), self.futures.by_symbol[symbol], self.margin_mode(symbol))
            self.positions[symbol] = pos
        return pos

    def margin_mode(self, symbol: str) -> str:
        return self.margin_modes.get(symbol, "ISOLATED")

    def leverage(self, symbol: str) -> Decimal:
        return self.cross_leverage.get(symbol, DEFAULT_CROSS_LEVERAGE)

    def mark(self, symbol: str) -> Decimal:
        return self.futures.mark_price(symbol)

    def get(self, order_id: str) -> FuturesOrder | None:
        o = self.stops.get(order_id) or self.engine.get(order_id)
        return o if isinstance(o, FuturesOrder) else None

    def by_client_oid(self, cid: str) -> FuturesOrder | None:
        for o in self.stops.values():
            if o.client_oid == cid:
                return o
        o = self.engine.by_client_oid(cid)
        return o if isinstance(o, FuturesOrder) else None

    def overview(self, currency: str) -> dict[str, Any]:
        """GET /api/v1/account-overview data of the ``currency`` futures account (JSON numbers)."""
        with self.lock:
            acc = self.accounts.account(ACCOUNT, currency)
            positions = [p for p in self.positions.values() if p.qty and p.contract.settle == currency]
            upnl = sum((p.pnl(self.mark(p.contract.symbol)) for p in positions), ZERO)
            maint = sum((p.maintenance(self.mark(p.contract.symbol)) for p in positions), ZERO)
            order_margin = sum((o.hold_left for o in self.orders() if o.active and o.contract is not None
                                and o.contract.settle == currency), ZERO)
            equity = acc.balance + upnl
            return {"accountEquity": json_number(equity), "unrealisedPNL": json_number(upnl),
                    "marginBalance": json_number(acc.balance),
                    "positionMargin": json_number(sum((p.margin for p in positions), ZERO)),
                    "orderMargin": json_number(order_margin), "frozenFunds": 0,
                    "availableBalance": json_number(self.available(currency)), "currency": currency,
                    "riskRatio": json_number((maint / equity).quantize(Decimal("1e-10"))) if equity > 0 else 0,
                    "maxWithdrawAmount": json_number(max(self.available(currency), ZERO))}

    def position_json(self, pos: Position, listing: bool = False, now_ms: int | None = None) -> dict[str, Any]:
        """The position as GET /api/v1/position shows it (cross: liquidation price from the cross equity)."""
        cover = futures_risk.cross_cover(self, pos) if pos.margin_mode == "CROSS" and pos.qty else None
        return pos.to_json(self.mark(pos.contract.symbol), self.sim.now_ms() if now_ms is None else now_ms,
                           listing, cover)

    def available(self, currency: str) -> Decimal:
        """The available balance: free funds, less the unrealised losses of cross positions."""
        cross = futures_risk.cross_positions(self, currency)
        upnl = sum((p.pnl(self.mark(p.contract.symbol)) for p in cross), ZERO)
        return self.accounts.account(ACCOUNT, currency).available + min(upnl, ZERO)

    def balance_changed(self, currency: str) -> None:
        self._emit("balance", lambda: self.overview(currency))

    def orders(self) -> list[FuturesOrder]:
        return [o for o in self.engine.orders.values() if isinstance(o, FuturesOrder)]

    def has_exposure(self, symbol: str) -> bool:
        pos = self.positions.get(symbol)
        return bool(pos and pos.qty) or any(o.active and o.spec.symbol == symbol for o in self.orders()) or \
            any(o.active and o.spec.symbol == symbol for o in self.stops.values())

    # ---- placement ----------------------------------------------------------------------------------
    def place(self, body: Any, now_ms: int, api_key: str = "", test: bool = False) -> FuturesOrder:
        """Check and place one order (POST /api/v1/orders body); ApiError for KuCoin's rejections."""
        fields = parse_futures_order(self, body)
        with self.lock:
            if self.by_client_oid(fields["client_oid"]) is not None:
                raise ApiError("300018", "clientOid parameter repeated")
            symbol = fields["contract"].symbol
            mode = self.margin_mode(symbol)
            if body.get("marginMode") not in (None, "") and fields["margin_mode"] != mode:
                raise ApiError("400100", f"The margin mode of {symbol} is {mode}; switch it first")
            fields["margin_mode"] = mode
            if mode == "CROSS":
                fields["leverage"] = self.leverage(symbol)
            if not fields["stop"]:
                self._fit_to_position(fields)
            order = FuturesOrder(id=self.engine.new_id(), seq=self.engine._seq, funds=None, account=ACCOUNT,
                                 api_key=api_key, created_at=now_ms, updated_at=now_ms, **fields)
            if fields["stop"]:
                if not test:
                    self.stops[order.id] = order
                    self._emit("order", order.to_json)
                return order
            if mode == "ISOLATED" and not order.reduce_only:
                price = order.price_dec() if order.price is not None else self.mark(symbol)
                futures_risk.check_risk_limit(self, order.contract, order.side, order.size or 0, price,
                                              order.leverage, self.position(symbol).risk_level)
            if mode == "CROSS" and not test:  # unrealised losses of cross positions are not available
                _, need = self.engine.funds.hold(self.engine, order, self.engine.state(symbol))
                if self.available(order.contract.settle) < need:
                    raise self.engine.funds.insufficient()
            self.engine.submit(order, now_ms, test=test)
            if not order.active and (order.size or 0) < order.origin_size:
                order.cancel_exist = True  # the size beyond the position, cancelled at once
            if not test:
                self._after_change(symbol, now_ms)
                self._emit("order", order.to_json)
                self.balance_changed(order.contract.settle)
            return order

    def _fit_to_position(self, fields: dict[str, Any]) -> None:
        """Close orders take the opposite side and the whole size; reduce-only orders are cut to the size
        that reduces (KuCoin cancels the extra); both are refused without a position to reduce."""
        pos = self.positions.get(fields["contract"].symbol)
        qty = pos.qty if pos else 0
        if fields["close_order"]:
            if not qty:
                raise NO_POSITION
            fields["side"] = "sell" if qty > 0 else "buy"
            fields["size"] = fields["origin_size"] = abs(qty)
        elif fields["reduce_only"]:
            if not qty or (qty > 0) == (fields["side"] == "buy"):
                raise NO_POSITION
            fields["size"] = min(fields["size"], abs(qty))

    def cancel(self, order: FuturesOrder | None, now_ms: int) -> FuturesOrder | None:
        with self.lock:
            if order is None or not order.active:
                return None
            if order.id in self.stops:
                order.active, order.cancel_exist, order.updated_at = False, True, now_ms
                del self.stops[order.id]
                self._keep_done(order)
            elif self.engine.cancel(order, now_ms) is None:
                return None
            self._emit("order", order.to_json)
            self.balance_changed(order.spec.quote if order.contract is None else order.contract.settle)
            return order

    def _keep_done(self, order: FuturesOrder) -> None:
        """A stop order that ends untriggered stays readable by id and clientOid and in the done lists."""
        self.engine.orders[order.id] = order
        self.engine.by_client[order.client_oid] = order.id

    def fill(self, order: FuturesOrder, lots: int | None, now_ms: int) -> FuturesOrder:
        """Fill a resting order (all remaining or ``lots``) at its price as maker (admin)."""
        with self.lock:
            self.engine.fill(order, lots, now_ms)
            self._after_change(order.spec.symbol, now_ms)
            self._emit("order", order.to_json)
            self.balance_changed(order.contract.settle if order.contract else order.spec.quote)
            return order

    # ---- fills and positions ------------------------------------------------------------------------
    def apply_fill(self, order: FuturesOrder, price: Decimal, lots: int, fee: Decimal, trade_id: str,
                   now_ms: int) -> dict[str, Decimal]:
        """Move the position by one fill (called by ``MarginFunds.settle`` under the locks)."""
        symbol = order.spec.symbol
        pos = self.position(symbol)
        acc = self.accounts.account(ACCOUNT, pos.contract.settle)
        side = 1 if order.side == "buy" else -1
        closing = min(lots, abs(pos.qty)) if pos.side == -side else 0
        opening = lots - closing
        open_fee = money(fee * opening / lots) if closing else fee
        close_fee = fee - open_fee
        pnl = ZERO
        if closing:
            pos.fees += close_fee
            entry, opened, was = pos.entry_price(), pos.opened_at, pos.side
            pnl, released = pos.close(price, closing)
            self.accounts.release(acc, released)
            if not pos.qty:
                self.record_close(pos, "CLOSE_LONG" if was > 0 else "CLOSE_SHORT", entry, price, opened, now_ms,
                                   was, closing)
        if opening:
            pos.margin_mode, pos.leverage = order.margin_mode, order.leverage
            margin = money(value(pos.contract, price, opening) / order.leverage)
            pos.open(price, opening, side, margin, now_ms)
            pos.fees += open_fee
            acc.holds += margin
        ctx = {"symbol": symbol, "orderId": order.id, "tradeId": trade_id}
        self.accounts.credit(acc, pnl - fee, "RealisedPNL", now_ms, ctx, fee)
        return {"open_fee": open_fee, "close_fee": close_fee}

    def record_close(self, pos: Position, kind: str, entry: Decimal, price: Decimal, opened: int, now_ms: int,
                     side: int, lots: int) -> None:
        """Append the GET /api/v1/history-positions row of a position that just closed."""
        pnl = pos.realised_gross - pos.fees + pos.funding
        row = pos.history_json(self.next_id(), self.sim.keys.uid, kind, pnl, pos.fees, pos.funding, entry, price,
                               opened, now_ms, side, lots)
        self.history.append(row)

    def _after_change(self, symbol: str, now_ms: int) -> None:
        """Trim resting reduce-only orders to the position, tell the listeners about the position."""
        pos = self.positions.get(symbol)
        qty = pos.qty if pos else 0
        book = self.engine.resting.get(symbol, {})
        resting = [o for levels in book.values() for queue in levels.values() for o in queue]
        for o in [o for o in resting if isinstance(o, FuturesOrder) and o.reduce_only]:
            reducible = abs(qty) if qty and (qty > 0) != (o.side == "buy") else 0
            if o.remaining > reducible:
                if not reducible:
                    self.engine.cancel(o, now_ms)
                else:
                    o.size = o.deal_lots + reducible
                    if o.in_book and o.price is not None:
                        st = self.engine.state(symbol)
                        self.engine._refresh(st, o.side, o.price, now_ms * 1_000_000, self.engine.market.emitter())
                self._emit("order", o.to_json)
        if pos is not None:
            self._emit("position", lambda: self.position_json(pos))

    # ---- after each market move ---------------------------------------------------------------------
    def _on_step(self, st: SymbolState, now_ms: int) -> None:
        symbol = st.symbol
        self._trigger_stops(symbol, now_ms)
        self.liquidate_if_due(symbol, self.mark(symbol), now_ms)
        self._after_change(symbol, now_ms)
        if now_ms // FUNDING_MS > self.funded_period:
            self.funded_period = now_ms // FUNDING_MS
            self._settle_funding(self.funded_period, now_ms)
        futures_delivery.deliver_due(self, now_ms)

    def trigger_price(self, symbol: str, kind: str) -> Decimal:
        if kind == "MP":
            return self.mark(symbol)
        if kind == "IP":
            return self.futures.index_price(symbol)
        return self.futures.last(symbol)

    def _trigger_stops(self, symbol: str, now_ms: int) -> None:
        for o in [o for o in self.stops.values() if o.spec.symbol == symbol]:
            price = self.trigger_price(symbol, o.stop_price_type)
            level = Decimal(o.stop_price or 0).scaleb(-o.spec.price_dec)
            if (price >= level) if o.stop == "up" else (price <= level):
                del self.stops[o.id]
                self._submit_triggered(o, now_ms)

    def _submit_triggered(self, o: FuturesOrder, now_ms: int) -> None:
        o.stop_triggered, o.updated_at = True, now_ms
        sibling = self.oco.pop(o.id, None)
        if sibling is not None:
            self.oco.pop(sibling, None)
            self.cancel(self.stops.get(sibling), now_ms)
        try:
            if o.close_order or o.reduce_only:
                fields = {"contract": o.contract, "close_order": o.close_order, "reduce_only": True,
                          "side": o.side, "size": o.origin_size, "origin_size": o.origin_size}
                self._fit_to_position(fields)
                o.side, o.size, o.origin_size = fields["side"], fields["size"], fields["origin_size"]
            self.engine.submit(o, now_ms)
        except ApiError:
            o.active, o.cancel_exist = False, True
            self._keep_done(o)
        self._emit("order", o.to_json)

    def liquidate_if_due(self, symbol: str, mark: Decimal, now_ms: int) -> bool:
        """Liquidate when the margin behind the position of ``symbol`` ran out at ``mark`` (isolated: that
        position; cross: every cross position of its settle currency; see futures_positions). Checked
        after every move of the contract; callable with any mark price."""
        with self.lock:
            closed = futures_risk.liquidate_if_due(self, symbol, mark, now_ms)
            for pos in closed:
                self._emit("position", lambda: self.position_json(pos))
            if closed:
                self.balance_changed(closed[0].contract.settle)
            return bool(closed)

    # ---- funding ------------------------------------------------------------------------------------
    def settle_next_funding(self, now_ms: int) -> list[dict[str, Any]]:
        """Settle the next funding period now (admin); returns the rows written."""
        with self.lock:
            self.funded_period = max(self.funded_period, now_ms // FUNDING_MS) + 1
            return self._settle_funding(self.funded_period, now_ms)

    def _settle_funding(self, period: int, now_ms: int) -> list[dict[str, Any]]:
        rows = futures_risk.settle_funding(self, period, now_ms)
        for row in rows:
            self._emit("funding", lambda: row)
        for currency in sorted({r["settleCurrency"] for r in rows}):
            self.balance_changed(currency)
        return rows

    # ---- delivery -----------------------------------------------------------------------------------
    def deliver(self, symbol: str, now_ms: int) -> dict[str, Any]:
        """Deliver the dated contract ``symbol`` now (admin; see futures_delivery)."""
        return futures_delivery.deliver(self, symbol, now_ms)

    def next_funding_id(self) -> int:
        self._funding_ids += 1
        return self._funding_ids
