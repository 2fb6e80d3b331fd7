"""The simulated spot market: lazily created symbol states, deterministic steps, candle and stats queries.

Layer: simulator (exchange side). Rule: one re-entrant lock guards all live state; a step is a pure
function of the seed and the number of steps taken so far (symbol choice from one seeded stream, each
symbol's move from its own stream), so two simulators with the same seed and clock agree exactly, no
matter which HTTP requests created which symbol state first. Wall time only stamps trades.

Candle semantics (https://www.kucoin.com/docs-new/api-3470163): rows ``[time, open, close, high, low,
volume, turnover]`` newest first, at most 1500, candles whose start lies in ``[startAt, endAt)``; weeks
start on Thursday 00:00 UTC (epoch-aligned, as KuCoin does: github.com/Kucoin/kucoin-api-docs/issues/350
and /issues/373), months on the 1st 00:00 UTC (an assumption: no source found).
"""
from __future__ import annotations

import calendar
import random
import threading
from datetime import datetime, timezone
from decimal import Decimal
from typing import Callable

from .book import NS, Emit, SymbolState
from .history import MINUTE, Candle, History
from .universe import SymbolSpec, Universe
from .wire import stable_hash, units_to_str

__all__ = ["Market", "CANDLE_TYPES", "MAX_CANDLES"]

CANDLE_TYPES: dict[str, int] = {
    "1min": 60, "3min": 180, "5min": 300, "15min": 900, "30min": 1800, "1hour": 3600,
    "2hour": 7200, "4hour": 14400, "6hour": 21600, "8hour": 28800, "12hour": 43200,
    "1day": 86400, "1week": 604800, "1month": 0,
}
MAX_CANDLES = 1500


def _month_start(year: int, month: int) -> int:
    return calendar.timegm((year, month, 1, 0, 0, 0))


class Market:
    """All spot symbols; create with the anchor time (history ends, live trading starts there)."""

    def __init__(self, seed: int, universe: Universe, anchor_s: float, clock: Callable[[], float]) -> None:
        self.seed = seed
        self.universe = universe
        self.anchor_minute = int(anchor_s) // MINUTE
        self.lock = threading.RLock()
        self.steps = 0
        self.version = 0
        self._clock = clock
        self._states: dict[str, SymbolState] = {}
        self._rng = random.Random(stable_hash(seed, "steps"))
        self._enabled = [s.symbol for s in universe.symbols if s.enabled]
        self._halted: set[str] = set()
        self._listeners: list[Callable[[dict], None]] = []
        # Called under the lock after each symbol's move (the matching engine fills crossed user orders).
        self.after_move: Callable[[SymbolState, int, Emit], None] | None = None

    # ---- state ----------------------------------------------------------------------------------
    def state(self, symbol: str) -> SymbolState | None:
        """The live state of ``symbol`` (created on first use), or None for an unknown symbol."""
        st = self._states.get(symbol)
        if st is None:
            spec = self.universe.by_symbol.get(symbol)
            if spec is None:
                return None
            with self.lock:
                st = self._states.get(symbol)
                if st is None:
                    st = SymbolState(self.seed, spec, History(self.seed, spec, self.anchor_minute))
                    self._states[symbol] = st
        return st

    def add_listener(self, listener: Callable[[dict], None]) -> None:
        """Receive every level-2 change and trade as a dict (for a WebSocket feed); called under the lock."""
        with self.lock:
            self._listeners.append(listener)

    def emitter(self) -> Emit:
        """The level-2/trade event sink for changes made outside ``step`` (user orders), or None."""
        return self._emit if self._listeners else None

    def _emit(self, event: dict) -> None:
        for listener in list(self._listeners):
            listener(event)

    def step(self, count: int = 1) -> int:
        """Advance the market ``count`` steps; returns the total number of steps taken."""
        with self.lock:
            emit: Emit = self._emit if self._listeners else None
            enabled = self._enabled
            for _ in range(count):
                now_ns = int(self._clock() * 1000) * 1_000_000  # whole ms, as Simulator.now_ms() counts
                chosen: set[int] = set()
                if enabled:
                    k = min(len(enabled), max(8, len(enabled) // 8))
                    chosen = set(self._rng.sample(range(len(enabled)), k)) | set(range(min(2, len(enabled))))
                for i in sorted(chosen):
                    if enabled[i] in self._halted:  # halted during this step (a delivery)
                        continue
                    st = self.state(enabled[i])
                    assert st is not None
                    st.move(now_ns, emit)
                    if self.after_move is not None:
                        self.after_move(st, now_ns, emit)
                self.steps += 1
                self.version += 1
            return self.steps

    def list_symbol(self, spec: SymbolSpec) -> None:
        """Add a symbol that trades from now on (its state is created on first use, like the others')."""
        with self.lock:
            self.universe.symbols.append(spec)
            self.universe.by_symbol[spec.symbol] = spec
            if spec.enabled:
                self._enabled = [*self._enabled, spec.symbol]

    def halt(self, symbol: str, t_ns: int) -> None:
        """Stop ``symbol`` for good: it no longer moves and its simulated liquidity leaves the book (each
        level deleted as a level-2 change); user orders must be cancelled by their engine first."""
        st = self.state(symbol)
        if st is None:
            raise KeyError(symbol)
        with self.lock:
            self._halted.add(symbol)
            self._enabled = [s for s in self._enabled if s != symbol]
            emit: Emit = self._emit if self._listeners else None
            st.ensure_book()
            for side, book in (("buy", st.bids), ("sell", st.asks)):
                for price in sorted(book):
                    st.set_level(side, price, 0, t_ns, emit)

    # ---- queries --------------------------------------------------------------------------------
    def book_strings(self, symbol: str, depth: int | None = None) -> tuple[int, list[list[str]], list[list[str]]]:
        """``(sequence, bids, asks)`` with price/size strings; bids descending, asks ascending."""
        st = self.state(symbol)
        if st is None:
            raise KeyError(symbol)
        pd, bd = st.spec.price_dec, st.spec.base_dec
        with self.lock:
            bids, asks = st.snapshot(depth)
            seq = st.sequence
        return (seq, [[units_to_str(p, pd), units_to_str(s, bd)] for p, s in bids],
                [[units_to_str(p, pd), units_to_str(s, bd)] for p, s in asks])

    def candles(self, symbol: str, ctype: str, start: int, end: int, now_s: int) -> list[list[str]]:
        """KuCoin candle rows for ``[start, end)`` (0 = unbounded), newest first, at most 1500."""
        st = self.state(symbol)
        if st is None:
            raise KeyError(symbol)
        upper = now_s + 1 if end <= 0 else min(end, now_s + 1)
        lower = max(start, st.history.first_s)
        pd, bd = st.spec.price_dec, st.spec.base_dec
        rows: list[list[str]] = []
        period = CANDLE_TYPES[ctype]
        with self.lock:
            if period:
                p = ((upper - 1) // period) * period
                while p >= lower and len(rows) < MAX_CANDLES:
                    c = st.aggregate(p, p + period)
                    if c is not None:
                        rows.append(self._row(p, c, pd, bd))
                    p -= period
            else:
                d = datetime.fromtimestamp(upper - 1, timezone.utc)
                year, month = d.year, d.month
                while len(rows) < MAX_CANDLES:
                    s = _month_start(year, month)
                    nyear, nmonth = (year + 1, 1) if month == 12 else (year, month + 1)
                    if s < lower:
                        break
                    c = st.aggregate(s, _month_start(nyear, nmonth))
                    if c is not None:
                        rows.append(self._row(s, c, pd, bd))
                    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return rows

    @staticmethod
    def _row(t: int, c: Candle, pd: int, bd: int) -> list[str]:
        return [str(t), units_to_str(c[0], pd), units_to_str(c[3], pd), units_to_str(c[1], pd),
                units_to_str(c[2], pd), units_to_str(c[4], bd), units_to_str(c[5], pd + bd)]

    def ticker(self, symbol: str, now_s: int) -> dict[str, str | None]:
        """24h statistics and top of book in KuCoin's string form (allTickers / stats fields)."""
        st = self.state(symbol)
        if st is None:
            raise KeyError(symbol)
        spec = st.spec
        pd, bd = spec.price_dec, spec.base_dec
        with self.lock:
            bid, bid_size, ask, ask_size = st.best()
            c = st.window_24h(now_s)
            last, last_size = st.last_price, st.last_size
        if c is None:
            c = (last, last, last, last, 0, 0)
        change = last - c[0]
        rate = (Decimal(change) / Decimal(c[0])).quantize(Decimal("0.0001")) if c[0] else Decimal(0)
        avg = None
        if c[4]:
            places = Decimal(1).scaleb(-max(8, pd))
            avg = format((Decimal(c[5]) / Decimal(c[4])).scaleb(-pd).quantize(places), "f")
        return {
            "buy": units_to_str(bid, pd) if bid is not None else None,
            "bestBidSize": units_to_str(bid_size, bd) if bid is not None else None,
            "sell": units_to_str(ask, pd) if ask is not None else None,
            "bestAskSize": units_to_str(ask_size, bd) if ask is not None else None,
            "changeRate": format(rate, "f"), "changePrice": units_to_str(change, pd),
            "high": units_to_str(c[1], pd), "low": units_to_str(c[2], pd),
            "vol": units_to_str(c[4], bd), "volValue": units_to_str(c[5], pd + bd),
            "last": units_to_str(last, pd), "lastSize": units_to_str(last_size, bd),
            "averagePrice": avg,
        }

    def trades(self, symbol: str, limit: int = 100) -> list[dict[str, object]]:
        """The latest trades, newest first, as GET /api/v1/market/histories items (time in ns)."""
        st = self.state(symbol)
        if st is None:
            raise KeyError(symbol)
        pd, bd = st.spec.price_dec, st.spec.base_dec
        with self.lock:
            recent = list(st.trades)[-limit:]
        return [{"sequence": str(seq), "price": units_to_str(p, pd), "size": units_to_str(s, bd),
                 "side": side, "time": t} for seq, p, s, side, t in reversed(recent)]

    def last_price(self, symbol: str) -> Decimal | None:
        st = self.state(symbol)
        if st is None:
            return None
        return Decimal(st.last_price).scaleb(-st.spec.price_dec)

    def touched(self) -> int:
        return len(self._states)

