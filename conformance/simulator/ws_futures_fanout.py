"""The simulator's futures push fan-out: contract market events -> KuCoin Futures pushes.

Layer: simulator (exchange side, no I/O: frames go through :meth:`PushFanout.fanout`, which applies the
``skip_sequence`` fault and frames once). Rule: one ``/contractMarket/level2`` message per book change
(KuCoin Futures' format: the sequence steps by exactly 1), ``/contractMarket/execution`` per trade,
``tickerV2`` after each batch that touched a contract, ``ticker`` (v1), candles and ``mark.index.price``
after each batch with a trade, depth snapshots at most every ``DEPTH_INTERVAL`` for a changed book, and
on subscribe the current depth snapshot, mark/index price and funding rate. Private futures pushes come
from :meth:`push_private` (``Simulator.futures_private_push``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import ws_futures_topics as F
from .market import CANDLE_TYPES
from .ws_fanout import DepthSchedule
from .wire import hex_id

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator
    from .ws_fanout import PushFanout
    from .ws_session import Connection

__all__ = ["FuturesFanout"]

_ALL_SYMBOLS = {"/contract/position": "/contract/positionAll"}  # per-symbol topic -> its all-symbols topic


class FuturesFanout(DepthSchedule):
    depth_prefixes = F.DEPTH_PREFIXES

    def __init__(self, sim: "Simulator", index: dict[tuple[str, str], set["Connection"]], spot: "PushFanout") -> None:
        super().__init__()
        self.sim = sim
        self.market = sim.futures.market
        self.symbols = self.market.universe.by_symbol
        self.index = index
        self.fanout = spot.fanout

    def push_depth(self, prefix: str, sym: str, subs: set["Connection"], now: float) -> None:
        st = self.market.state(sym)
        assert st is not None
        with self.market.lock:
            st.ensure_book()
            bids, asks = st.snapshot(5 if prefix.endswith("Depth5") else 50)
            seq = st.sequence
        self.fanout(f"{prefix}:{sym}", subs, F.depth_message(prefix, self.symbols[sym], seq, bids, asks,
                                                             self.sim.now_ms()), now)

    def initial(self, conn: "Connection", keys: list[tuple[str, str]], now: float) -> None:
        """What a new subscriber gets at once: depth snapshots, the mark/index price and the funding rate."""
        for prefix, sym in keys:
            if prefix in F.DEPTH_PREFIXES:
                self.push_depth(prefix, sym, {conn}, now)
            elif prefix == F.INSTRUMENT:
                self._instrument(sym, {conn}, now, funding=True)

    def _instrument(self, sym: str, subs: set["Connection"], now: float, funding: bool = False) -> None:
        futures, now_ms = self.sim.futures, self.sim.now_ms()
        self.fanout(f"{F.INSTRUMENT}:{sym}", subs, F.mark_index_message(
            sym, float(futures.mark_price(sym)), float(futures.index_price(sym)), now_ms), now)
        if funding and futures.by_symbol[sym].expiry_ms is None:  # a dated contract has no funding
            rate = futures.funding_current(sym, now_ms)["value"]
            self.fanout(f"{F.INSTRUMENT}:{sym}", subs, F.funding_rate_message(sym, rate, now_ms), now)

    def push(self, events: list[dict[str, Any]], now: float) -> None:
        """One batch of contract market events (in market order)."""
        index, seed = self.index, self.sim.seed
        now_ms = self.sim.now_ms()
        touched: dict[str, bool] = {}
        for event in events:
            sym = event["symbol"]
            spec = self.symbols[sym]
            if event["type"] == "level2":
                touched.setdefault(sym, False)
                subs = index.get((F.LEVEL2, sym))
                if subs:
                    self.fanout(f"{F.LEVEL2}:{sym}", subs, F.level2_message(
                        spec, event["side"], event["price"], event["size"], event["sequence"], now_ms), now)
                self.mark_depth(sym, now)
            else:
                touched[sym] = True
                subs = index.get(("/contractMarket/execution", sym))
                if subs:
                    seq = event["sequence"]
                    self.fanout(f"/contractMarket/execution:{sym}", subs, F.execution_message(
                        spec, event["side"], event["price"], event["size"], seq,
                        str(int(hex_id(seed, sym, "taker", seq, length=15), 16)),
                        str(int(hex_id(seed, sym, "maker", seq, length=15), 16)), event["time_ns"]), now)
        for sym, traded in touched.items():
            self._tops(sym, traded, now, now_ms)

    def _tops(self, sym: str, traded: bool, now: float, now_ms: int) -> None:
        index = self.index
        v2, v1 = index.get(("/contractMarket/tickerV2", sym)), index.get(("/contractMarket/ticker", sym))
        instrument = index.get((F.INSTRUMENT, sym)) if traded else None
        candles = [(i, s) for (p, i), s in index.items() if p == F.CANDLE_PREFIX and i.rpartition("_")[0] == sym] \
            if traded else []
        if not (v2 or v1 or instrument or candles):
            return
        spec = self.symbols[sym]
        st = self.market.state(sym)
        assert st is not None
        with self.market.lock:
            top = st.best()
            seq = st.sequence
            trade = st.trades[-1] if st.trades else None
        now_ns = now_ms * 1_000_000
        if v2:
            self.fanout(f"/contractMarket/tickerV2:{sym}", v2, F.ticker_v2_message(spec, seq, top, now_ns), now)
        if v1 and traded and trade is not None:
            t_seq, price, size, side, t_ns = trade
            self.fanout(f"/contractMarket/ticker:{sym}", v1,
                        F.ticker_message(spec, t_seq, side, price, size, top, t_ns or now_ns), now)
        if instrument:
            self._instrument(sym, instrument, now)
        now_s = now_ms // 1000
        for item, subs in candles:
            ctype = item.rpartition("_")[2]
            rows = self.market.candles(sym, ctype, now_s - _period(ctype), 0, now_s)
            if rows:
                row = rows[0][:6] + [rows[0][5]]  # index 6 is the volume in contracts, as 5 (see candle_message)
                self.fanout(f"{F.CANDLE_PREFIX}:{item}", subs, F.candle_message(sym, ctype, row, now_ms), now)

    def push_private(self, topic: str, subject: str, data: dict[str, Any], uid: str | None,
                     msg_id: str | None = None, *, now: float) -> int:
        """A private futures push of ``topic`` (``/contractMarket/tradeOrders:XBTUSDTM``,
        ``/contract/position:XBTUSDTM``, ``/contractAccount/wallet``) to the connections of ``uid`` (every
        user when None) subscribed to it or to its all-symbols topic (``/contractMarket/tradeOrders``,
        ``/contract/positionAll``), which KuCoin sends under the symbol's topic (the official examples);
        returns how many."""
        prefix, _, item = topic.partition(":")
        keys = {(prefix, item), (prefix, ""), (_ALL_SYMBOLS.get(prefix, prefix), "")}
        found = {c for key in keys for c in self.index.get(key, ())}
        subs = sorted((c for c in found if uid is None or (c.token and c.token.uid == uid)), key=id)
        for conn in subs:
            msg = {"topic": topic, "type": "message", "subject": subject, **({"id": msg_id} if msg_id else {}),
                   "userId": conn.token.uid if conn.token else "", "channelType": "private", "data": data}
            self.fanout(topic, {conn}, F.dumps(msg), now)
        return len(subs)


def _period(ctype: str) -> int:
    return CANDLE_TYPES[ctype] or 86400 * 31
