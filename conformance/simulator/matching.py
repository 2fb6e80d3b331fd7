"""The matching engine: user orders rest in, and take from, the same book as simulated liquidity.

Layer: simulator (exchange side). Rule: price-time priority per symbol; at one price, simulated liquidity
(already there) goes first, then user orders first-in first-out. Every change runs under the market lock
(balances under the accounts lock inside it), so a market step and a request never interleave. Funds are
held exactly (limit buy: price*size; market buy: funds, or the book cost of size; sell: size) and released
exactly on fill and cancel. Fees: rate 0.001 * the symbol's coefficient (feeCategory 1), charged in the
quote currency (official fills example: ``feeCurrency`` USDT on BTC-USDT,
https://www.kucoin.com/docs-new/api-3470183). Ledger ``bizType`` of fills: TRADE_EXCHANGE (spot),
MARGIN_EXCHANGE (cross margin), ISOLATED_EXCHANGE (isolated margin).

Hidden orders and the hidden part of icebergs are in the book for matching (takers, post-only and FOK
checks see them) but not in the public book; an iceberg shows ``min(visibleSize, remaining)`` at once
after each fill (KuCoin refreshes the visible slice when it is used up: a simplification). Self-trade
prevention flags (``stp``) are accepted and echoed, not applied.

Simulated participants: after each market step of a symbol, resting user buys at or above the simulated
best ask, or at or above the price of a sell-side trade of that step, are filled at their limit price
(sells symmetrically); so a limit order fills when the market reaches it. GTT orders expire after
``cancelAfter`` seconds (checked on each step and each order request).
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from .book import Emit, SymbolState
from .funds import FEE_RATE, Funds, SpotFunds
from .orders import ZERO, Fill, Order
from .routing import ApiError
from .validation import OrderRequest
from .wire import hex_id

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

__all__ = ["Engine", "FEE_RATE"]

Borrow = Callable[[str, str, Decimal, int], bool]


class Engine:
    """All user orders and fills of one market of one simulator.

    ``market`` defaults to the spot market and ``funds`` (the funds policy: what an order holds, what a
    fill moves, see :mod:`.funds`) to spot's; futures run a second engine over the contracts' market with
    their margin policy. ``ids`` makes order ids (spot: 24 hex digits)."""

    def __init__(self, sim: "Simulator", market: Any = None, funds: Funds | None = None,
                 ids: Callable[[int, str, int], str] = hex_id) -> None:
        self.sim = sim
        self.market = market if market is not None else sim.market
        self.accounts = sim.accounts
        self.lock = self.market.lock
        self.funds: Funds = funds if funds is not None else SpotFunds()
        self._ids = ids
        self.orders: dict[str, Order] = {}
        self.by_client: dict[str, str] = {}
        self.resting: dict[str, dict[str, dict[int, list[Order]]]] = {}
        self.fills: list[Fill] = []
        self._seq = 19_000_000_000_000
        self._trade = 11_000_000_000_000_000
        self._seen: dict[str, int] = {}
        self._gtt: set[str] = set()
        self.borrow: Borrow | None = None          # margin auto-borrow (set by margin_engine)
        self.on_step: list[Callable[[SymbolState, int], None]] = []   # stop-order triggers
        # an order's life (private pushes of both families): ("match", order, {price, lots, liquidity,
        # trade_id}) after each fill is booked, ("open", order, {}) once it rests, ("done", order,
        # {"cancelled"}) once it ended and its holds were released
        self.on_order: list[Callable[[str, Order, dict[str, Any]], None]] = []
        self.market.after_move = self._after_move

    # ---- helpers --------------------------------------------------------------------------------
    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def new_id(self, kind: str = "order") -> str:
        return self._ids(self.sim.seed, kind, self.next_seq())

    def get(self, order_id: str) -> Order | None:
        return self.orders.get(order_id)

    def by_client_oid(self, cid: str) -> Order | None:
        oid = self.by_client.get(cid)
        return self.orders.get(oid) if oid else None

    def state(self, symbol: str) -> SymbolState:
        """The live state of ``symbol`` with its book built (callers hold ``lock``)."""
        return self._state(symbol)

    def _state(self, symbol: str) -> SymbolState:
        st = self.market.state(symbol)
        assert st is not None
        st.ensure_book()
        return st

    def _levels(self, symbol: str, side: str) -> dict[int, list[Order]]:
        return self.resting.setdefault(symbol, {"buy": {}, "sell": {}})[side]

    # ---- placement --------------------------------------------------------------------------------
    def place(self, req: OrderRequest, now_ms: int, *, account: str = "trade_hf", trade_type: str = "TRADE",
              hf: bool = True, api_key: str = "", test: bool = False, stop: str = "") -> Order:
        """Check, hold, match and maybe rest one order; raises ApiError for KuCoin's rejections."""
        with self.lock:
            self.expire(now_ms)
            if req.client_oid and req.client_oid in self.by_client:
                raise ApiError("400100", "The clientOid already exists")
            order = Order(id=self.new_id(), seq=self._seq, client_oid=req.client_oid, spec=req.spec,
                          side=req.side, type=req.type, price=req.price, size=req.size, funds=req.funds,
                          tif=req.tif, post_only=req.post_only, hidden=req.hidden, iceberg=req.iceberg,
                          visible=req.visible, cancel_after=req.cancel_after, stp=req.stp, remark=req.remark,
                          tags=req.tags, trade_type=trade_type, account=account, hf=hf, api_key=api_key,
                          created_at=now_ms, updated_at=now_ms, auto_borrow=req.auto_borrow, stop=stop)
            return self.submit(order, now_ms, test=test)

    def submit(self, order: Order, now_ms: int, test: bool = False) -> Order:
        """Hold the funds the policy asks for, then match and maybe rest a built order (its client id
        already checked by the caller); ``test``: check only, nothing is kept."""
        with self.lock:
            st = self._state(order.spec.symbol)
            currency, hold = self.funds.hold(self, order, st)
            acc = self.accounts.account(order.account, currency)
            if acc.available < hold and not test:
                short = hold - acc.available
                if not (order.auto_borrow and self.borrow is not None
                        and self.borrow(order.account, currency, short, now_ms)):
                    raise self.funds.insufficient()
            if test:
                order.active = False
                return order
            self.accounts.hold(acc, hold)
            order.hold_left = hold
            self.orders[order.id] = order
            if order.client_oid:
                self.by_client[order.client_oid] = order.id
            emit = self.market.emitter()
            if order.post_only and self._crosses(order, st):
                self._finish(order, now_ms, cancelled=True, emit=emit)  # KuCoin cancels a crossing post-only
                return order
            if order.tif == "FOK" and self._liquidity(order, st) < (order.size or 0):
                self._finish(order, now_ms, cancelled=True, emit=emit)
                return order
            self._take(order, st, now_ms, emit)
            if order.filled:
                self._finish(order, now_ms, cancelled=False, emit=emit)
            elif order.type == "market" or order.tif in ("IOC", "FOK"):
                self._finish(order, now_ms, cancelled=True, emit=emit)
            else:
                self._rest(order, st, now_ms, emit)
            return order

    def book_cost(self, st: SymbolState, side: str, lots: int, value: Callable[[int, int], Decimal]) -> Decimal:
        """What taking ``lots`` from the ``side`` of the book costs, ``value(price, lots)`` per level."""
        cost, want = ZERO, lots
        for p, s in sorted(self._depth(st, side).items(), reverse=side == "buy"):
            n = min(want, s)
            cost += value(p, n)
            want -= n
            if not want:
                break
        return cost

    def _depth(self, st: SymbolState, side: str) -> dict[int, int]:
        """What a taker can really take on ``side``: simulated lots plus the *whole* remaining size of
        resting user orders, hidden orders and the hidden part of icebergs included (they match like any
        order; only the public book leaves them out, https://www.kucoin.com/docs-new/doc-338146)."""
        out = dict(st.bids if side == "buy" else st.asks)
        for p, queue in self._levels(st.symbol, side).items():
            lots = sum(o.remaining for o in queue)
            if lots:
                out[p] = out.get(p, 0) + lots
        return out

    def _crosses(self, order: Order, st: SymbolState) -> bool:
        opp = self._depth(st, "sell" if order.side == "buy" else "buy")
        if order.side == "buy":
            return bool(opp) and (order.price or 0) >= min(opp)
        return bool(opp) and (order.price or 0) <= max(opp)

    def _liquidity(self, order: Order, st: SymbolState) -> int:
        opp = self._depth(st, "sell" if order.side == "buy" else "buy")
        p0 = order.price or 0
        return sum(s for p, s in opp.items() if (p <= p0 if order.side == "buy" else p >= p0))

    def _take(self, order: Order, st: SymbolState, now_ms: int, emit: Emit) -> None:
        """Take liquidity level by level while the order's price (or funds) allows."""
        buy = order.side == "buy"
        opp = "sell" if buy else "buy"
        sim_book = st.asks if buy else st.bids
        users = self._levels(st.symbol, opp)
        t_ns = now_ms * 1_000_000
        unit = Decimal(1).scaleb(-order.spec.base_dec)
        while True:
            prices = sim_book.keys() | {q for q, queue in users.items() if queue}  # hidden orders too
            if not prices:
                return
            p = min(prices) if buy else max(prices)
            if order.type == "limit" and (p > (order.price or 0) if buy else p < (order.price or 0)):
                return
            if order.size is not None:
                want = order.remaining
            else:
                lot_cost = Decimal(p).scaleb(-order.spec.price_dec) * unit
                want = int(((order.funds or ZERO) - order.deal_funds) // lot_cost)
            if want <= 0:
                return
            n = min(want, sim_book.get(p, 0))
            if n:
                seq = st.set_level(opp, p, sim_book[p] - n, t_ns, emit)
                self._settle(order, p, n, "taker", self.new_id("sim"), now_ms)
                st.record_trade(p, n, order.side, seq, t_ns, emit)
                want -= n
            for maker in list(users.get(p, [])):
                if want <= 0:
                    break
                n = min(want, maker.remaining)
                trade = self._settle(order, p, n, "taker", maker.id, now_ms)
                self._settle(maker, p, n, "maker", order.id, now_ms, trade)
                want -= n
                if maker.filled:
                    self._finish(maker, now_ms, cancelled=False, emit=emit, t_ns=t_ns)
                seq = self._refresh(st, opp, p, t_ns, emit)
                st.record_trade(p, n, order.side, seq, t_ns, emit)

    def _settle(self, order: Order, price: int, lots: int, liquidity: str, counter: str, now_ms: int,
                trade_id: int | None = None) -> int:
        """Book one fill of ``order``: move balances, release holds, record the fill; returns the trade id."""
        if trade_id is None:
            self._trade += 1
            trade_id = self._trade
        funds, fee, rate, extra = self.funds.settle(self, order, price, lots, liquidity, str(trade_id), now_ms)
        order.deal_lots += lots
        order.deal_funds += funds
        order.fee += fee
        order.updated_at = now_ms
        self.fills.append(Fill(self.next_seq(), trade_id, order, counter, liquidity, price, lots, funds, fee,
                               rate, now_ms, extra))
        self._tell("match", order, {"price": price, "lots": lots, "liquidity": liquidity, "trade_id": trade_id})
        return trade_id

    def _tell(self, kind: str, order: Order, detail: dict[str, Any]) -> None:
        for listener in self.on_order:
            listener(kind, order, detail)

    def _shown(self, order: Order) -> int:
        if order.hidden:
            return 0
        if order.iceberg and order.visible:
            return min(order.visible, order.remaining)
        return order.remaining

    def _refresh(self, st: SymbolState, side: str, price: int, t_ns: int, emit: Emit) -> int:
        queue = self._levels(st.symbol, side).get(price, [])
        for o in queue:
            o.shown = self._shown(o)
        return st.set_user_level(side, price, sum(o.shown for o in queue), t_ns, emit)

    def _rest(self, order: Order, st: SymbolState, now_ms: int, emit: Emit) -> None:
        assert order.price is not None
        self._seen.setdefault(st.symbol, st.trades[-1][0] if st.trades else 0)
        self._levels(st.symbol, order.side).setdefault(order.price, []).append(order)
        order.in_book = True
        if order.cancel_after:
            self._gtt.add(order.id)
        self._refresh(st, order.side, order.price, now_ms * 1_000_000, emit)
        self._tell("open", order, {})

    def _finish(self, order: Order, now_ms: int, cancelled: bool, emit: Emit, t_ns: int | None = None) -> None:
        """End an order: out of the book, holds released exactly, ``cancelExist`` when not fully filled."""
        order.active = False
        order.cancel_exist = cancelled and not order.filled
        order.updated_at = now_ms
        self._gtt.discard(order.id)
        if order.in_book and order.price is not None:
            levels = self._levels(order.spec.symbol, order.side)
            queue = levels.get(order.price, [])
            if order in queue:
                queue.remove(order)
            if not queue:
                levels.pop(order.price, None)
            order.in_book = False
            st = self._state(order.spec.symbol)
            self._refresh(st, order.side, order.price, t_ns if t_ns is not None else now_ms * 1_000_000, emit)
        if order.hold_left:
            self.accounts.release(self.accounts.account(order.account, self.funds.held_currency(order)),
                                  order.hold_left)
            order.hold_left = ZERO
        self._tell("done", order, {"cancelled": cancelled})

    # ---- cancel and fill on demand --------------------------------------------------------------
    def cancel(self, order: Order | None, now_ms: int) -> Order | None:
        """Cancel an active order; None when unknown or already done (KuCoin's order_not_exist...)."""
        with self.lock:
            if order is None or not order.active:
                return None
            self._finish(order, now_ms, cancelled=True, emit=self.market.emitter())
            return order

    def fill(self, order: Order, lots: int | None, now_ms: int) -> Order:
        """Fill ``lots`` (default: all remaining) of a resting limit order at its price as maker."""
        with self.lock:
            if not order.active or not order.in_book or order.price is None:
                raise ApiError("400100", "order is not resting in the book", 400)
            n = order.remaining if lots is None else lots
            if n <= 0 or n > order.remaining:
                raise ApiError("400100", "'size' must be positive and at most the remaining size", 400)
            self._participant_fill(order, n, now_ms * 1_000_000, self.market.emitter())
            return order

    def _participant_fill(self, order: Order, lots: int, t_ns: int, emit: Emit) -> None:
        st = self._state(order.spec.symbol)
        now_ms = t_ns // 1_000_000
        assert order.price is not None
        self._settle(order, order.price, lots, "maker", self.new_id("participant"), now_ms)
        if order.filled:
            self._finish(order, now_ms, cancelled=False, emit=emit, t_ns=t_ns)
            seq = st.sequence
        else:
            seq = self._refresh(st, order.side, order.price, t_ns, emit)
        st.record_trade(order.price, lots, "sell" if order.side == "buy" else "buy", seq, t_ns, emit)

    def expire(self, now_ms: int) -> None:
        """Cancel GTT orders whose ``cancelAfter`` seconds are over."""
        for oid in list(self._gtt):
            o = self.orders[oid]
            if o.created_at + o.cancel_after * 1000 <= now_ms:
                self._finish(o, now_ms, cancelled=True, emit=self.market.emitter())

    def _after_move(self, st: SymbolState, now_ns: int, emit: Emit) -> None:
        seen = self._seen.get(st.symbol, 0)
        new_trades = [(p, side) for seq, p, _, side, _ in st.trades if seq > seen]
        if st.trades:
            self._seen[st.symbol] = st.trades[-1][0]
        book = self.resting.get(st.symbol)
        if book:
            ask = min(st.asks) if st.asks else None
            bid = max(st.bids) if st.bids else None
            low_sell = min((p for p, side in new_trades if side == "sell"), default=None)
            high_buy = max((p for p, side in new_trades if side == "buy"), default=None)
            for price in sorted(book["buy"], reverse=True):
                if (ask is not None and ask <= price) or (low_sell is not None and low_sell <= price):
                    for o in list(book["buy"].get(price, [])):
                        self._participant_fill(o, o.remaining, now_ns, emit)
            for price in sorted(book["sell"]):
                if (bid is not None and bid >= price) or (high_buy is not None and high_buy >= price):
                    for o in list(book["sell"].get(price, [])):
                        self._participant_fill(o, o.remaining, now_ns, emit)
            if st.trades:
                self._seen[st.symbol] = st.trades[-1][0]
        self.expire(now_ns // 1_000_000)
        for hook in self.on_step:
            hook(st, now_ns // 1_000_000)
