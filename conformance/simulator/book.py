"""Live state of one simulated symbol: order book, trades, live candles.

Layer: simulator (exchange side). Rule: every mutation goes through ``set_level`` / ``record_trade`` so
the book sequence only increases, the book never crosses (best bid < best ask), and the ticker, trade
list and candles stay consistent (``last`` is the latest trade price and the latest candle's close).
Callers hold the market lock. Book sequence semantics follow KuCoin's level-2 model: each level change
carries its own sequence (https://www.kucoin.com/docs-new/3470068w0).

User orders rest in the same book: ``user_bids`` / ``user_asks`` hold the visible lots of resting user
orders per price (maintained by ``matching.Engine`` through ``set_user_level``); ``best``, ``snapshot`` and
the level-2 events show simulated liquidity plus user orders, as one book.

Live candles are bounded, so a long run with thousands of symbols stays flat in memory: minute candles
are kept for the current and the previous hour (``LIVE_MINUTE_HOURS``), hour candles for the current and
the previous six days (``LIVE_HOUR_DAYS``), day candles for the whole run (one per symbol-day): with 2000
symbols that is at most ~240k minute and ~336k hour entries, whatever the run's length. Older minutes
(hours) are computed on demand the way ``history`` computes its own: the live hour (day) candle is cut
by the same seeded Brownian bridge (``history.split``), so every coarse candle is still *exactly* the
aggregate of its fine ones and a repeated query gives the same rows. A deliberate deviation from KuCoin:
the minute (hour) detail older than the window is synthetic, only its aggregate is the traded one, and
such an hour (day) shows a candle for every minute (hour), also those without trades.
"""
from __future__ import annotations

import random
from collections import deque
from typing import Callable, Optional, Sequence

from .history import _LRU, DAY, HOUR, MINUTE, Candle, History, combine, split
from .universe import SymbolSpec
from .wire import stable_hash

__all__ = ["SymbolState", "Trade", "DEPTH", "Emit", "LIVE_MINUTE_HOURS", "LIVE_HOUR_DAYS"]

DEPTH = 110  # levels kept per side (level2_100 needs 100)
NS = 1_000_000_000
LIVE_MINUTE_HOURS = 2  # live minute candles kept: the current and the previous hour
LIVE_HOUR_DAYS = 7     # live hour candles kept: the current and the previous six days
_SYNTH = _LRU(4096)    # synthesized minutes/hours of closed live hours/days (shared, like history's)

# (sequence, price_ticks, size_lots, side, time_ns)
Trade = tuple[int, int, int, str, int]
Emit = Optional[Callable[[dict], None]]


class SymbolState:
    """Book, trades and live candles of one symbol; history before ``anchor_s`` comes from ``History``."""

    def __init__(self, seed: int, spec: SymbolSpec, history: History) -> None:
        self.spec = spec
        self.symbol = spec.symbol
        self.history = history
        self.seed = seed
        self.anchor_s = history.end_s
        self.rng = random.Random(stable_hash(seed, spec.symbol, "live"))
        self._book_rng = random.Random(stable_hash(seed, spec.symbol, "book"))
        self.bids: dict[int, int] = {}
        self.asks: dict[int, int] = {}
        self.user_bids: dict[int, int] = {}
        self.user_asks: dict[int, int] = {}
        self.book_ready = False
        self.sequence = 1_000_000_000 + stable_hash(seed, spec.symbol, "seq") % 9_000_000_000
        self.trades: deque[Trade] = deque(maxlen=200)
        self.live: tuple[dict[int, list[int]], dict[int, list[int]], dict[int, list[int]]] = ({}, {}, {})
        # minute (hour) keys below these floors were dropped from ``live`` and are synthesized on demand
        self.minute_floor = self.anchor_s // MINUTE
        self.hour_floor = self.anchor_s // HOUR
        self.version = 0
        self.last_price = 0
        self.last_size = 0
        self.last_ns = 0
        self._stats_key: tuple[int, int] | None = None
        self._stats: Candle | None = None
        self._seed_trades(seed)
        self.center = self.last_price
        self.gap = max(1, round(self.center * 2e-5))
        day = history.day(self.anchor_s // DAY - 1)
        self.level_lots = max(1, (day[4] if day else 1000) // (MINUTE * 24 * 4))

    # ---- construction -------------------------------------------------------------------------
    def _seed_trades(self, seed: int) -> None:
        """Trades of the last three historic minutes, inside their candles, ending at the last close."""
        rng = random.Random(stable_hash(seed, self.symbol, "pretrades"))
        m0 = self.anchor_s // MINUTE
        candles = [(m, self.history.minute(m)) for m in range(m0 - 3, m0)]
        candles = [(m, c) for m, c in candles if c is not None]
        prev = None
        for idx, (m, c) in enumerate(candles):
            count = 33 if idx < len(candles) - 1 else 34
            lots = max(1, c[4] // (count * 2))
            offsets = sorted(rng.randrange(MINUTE * NS - 1000) for _ in range(count))
            for j, off in enumerate(offsets):
                last_one = idx == len(candles) - 1 and j == count - 1
                price = c[3] if last_one else rng.randint(c[2], c[1])
                side = "buy" if prev is None or price >= prev else "sell"
                self.sequence += 1
                self.trades.append((self.sequence, price, max(1, int(lots * rng.random())), side,
                                    m * MINUTE * NS + off + j))
                prev = price
        if self.trades:
            _, self.last_price, self.last_size, _, self.last_ns = self.trades[-1]
        else:  # pragma: no cover - only when history is empty
            self.last_price, self.last_size = max(1, self.spec.price_ticks), 1
        self.last_ns = max(self.last_ns, self.anchor_s * NS - 1)

    def ensure_book(self) -> None:
        """Build the initial book around the last price on first use (disabled symbols stay empty)."""
        if self.book_ready:
            return
        self.book_ready = True
        if not self.spec.enabled:
            return
        rng, g = self._book_rng, self.gap
        bid0 = max(g, (self.last_price // g) * g)
        ask0 = bid0 + g * rng.choice((1, 1, 2))
        for i in range(DEPTH):
            self.bids[bid0 - i * g] = self._size(rng) if bid0 - i * g > 0 else 0
            self.asks[ask0 + i * g] = self._size(rng)
        self.bids = {p: s for p, s in self.bids.items() if p > 0 and s > 0}

    def _size(self, rng: random.Random) -> int:
        return max(1, int(self.level_lots * (0.3 + 2.0 * rng.random())))

    # ---- mutations (hold the market lock) -------------------------------------------------------
    def set_level(self, side: str, price: int, size: int, t_ns: int, emit: Emit = None) -> int:
        """Set (size > 0) or delete (size == 0) one level; returns the change's sequence."""
        book = self.bids if side == "buy" else self.asks
        if size > 0:
            book[price] = size
        else:
            book.pop(price, None)
        return self._changed(side, price, t_ns, emit)

    def set_user_level(self, side: str, price: int, size: int, t_ns: int, emit: Emit = None) -> int:
        """Set the visible lots of user orders at one level (0 deletes); returns the change's sequence."""
        book = self.user_bids if side == "buy" else self.user_asks
        if size > 0:
            book[price] = size
        else:
            book.pop(price, None)
        return self._changed(side, price, t_ns, emit)

    def _changed(self, side: str, price: int, t_ns: int, emit: Emit) -> int:
        self.sequence += 1
        self.version += 1
        if emit is not None:
            sim_book, user_book = (self.bids, self.user_bids) if side == "buy" else (self.asks, self.user_asks)
            emit({"type": "level2", "symbol": self.symbol, "side": side, "price": price,
                  "size": sim_book.get(price, 0) + user_book.get(price, 0),
                  "sequence": self.sequence, "time_ns": t_ns})
        return self.sequence

    def record_trade(self, price: int, size: int, side: str, sequence: int, t_ns: int,
                     emit: Emit = None) -> None:
        """Append a trade and fold it into the live minute/hour/day candles."""
        t_ns = max(t_ns, self.last_ns + 1)
        self.last_ns = t_ns
        self.trades.append((sequence, price, size, side, t_ns))
        self.last_price, self.last_size = price, size
        sec = t_ns // NS
        turnover = price * size
        for table, key in ((self.live[0], sec // MINUTE), (self.live[1], sec // HOUR), (self.live[2], sec // DAY)):
            c = table.get(key)
            if c is None:
                table[key] = [price, price, price, price, size, turnover]
                if table is self.live[1]:
                    self._prune(key)
            else:
                if price > c[1]:
                    c[1] = price
                if price < c[2]:
                    c[2] = price
                c[3] = price
                c[4] += size
                c[5] += turnover
        self.version += 1
        if emit is not None:
            emit({"type": "trade", "symbol": self.symbol, "side": side, "price": price, "size": size,
                  "sequence": sequence, "time_ns": t_ns})

    def move(self, now_ns: int, emit: Emit = None) -> None:
        """One market step: maybe shift the top, trade 1-3 times, jiggle sizes, refill depth."""
        self.ensure_book()
        if not self.spec.enabled:
            return
        rng, t = self.rng, max(now_ns, self.last_ns + 1)
        up, down = 0.22, 0.22
        if self.last_price * 100 > self.center * 106:
            up, down = 0.1, 0.4
        elif self.last_price * 100 < self.center * 94:
            up, down = 0.4, 0.1
        r = rng.random()
        if r < up:
            self._shift(True, t, emit)
        elif r < up + down:
            self._shift(False, t, emit)
        for _ in range(rng.randint(1, 3)):
            self._trade(t, emit)
        for _ in range(rng.randint(0, 2)):
            self._resize(t, emit)
        self._refill(t, emit)

    def _shift(self, up: bool, t: int, emit: Emit) -> None:
        rng, g = self.rng, self.gap
        if up:
            if self.asks:
                self.set_level("sell", min(self.asks), 0, t, emit)
            if self.bids:
                p = max(self.bids) + g
                if not self.asks or p < min(self.asks):
                    self.set_level("buy", p, self._size(rng), t, emit)
        else:
            if self.bids:
                self.set_level("buy", max(self.bids), 0, t, emit)
            if self.asks:
                p = min(self.asks) - g
                if p > 0 and (not self.bids or p > max(self.bids)):
                    self.set_level("sell", p, self._size(rng), t, emit)

    def _trade(self, t: int, emit: Emit) -> None:
        rng = self.rng
        taker = "buy" if rng.random() < 0.5 else "sell"
        book = self.asks if taker == "buy" else self.bids
        if not book:
            return
        price = min(book) if taker == "buy" else max(book)
        level = book[price]
        size = min(level, max(1, int(level * rng.random() * 0.5)))
        seq = self.set_level("sell" if taker == "buy" else "buy", price, level - size, t, emit)
        self.record_trade(price, size, taker, seq, t, emit)

    def _resize(self, t: int, emit: Emit) -> None:
        rng, g = self.rng, self.gap
        side = "buy" if rng.random() < 0.5 else "sell"
        book = self.bids if side == "buy" else self.asks
        if not book:
            return
        k = rng.randrange(10)
        price = max(book) - k * g if side == "buy" else min(book) + k * g
        old = book.get(price)
        if old:
            new = max(1, int(old * (0.5 + rng.random())))
            if new != old:
                self.set_level(side, price, new, t, emit)

    def _refill(self, t: int, emit: Emit) -> None:
        rng, g = self.rng, self.gap
        while len(self.bids) < DEPTH:
            p = min(self.bids) - g if self.bids else (min(self.asks) - g if self.asks else self.center)
            if p <= 0:
                break
            self.set_level("buy", p, self._size(rng), t, emit)
        while len(self.asks) < DEPTH:
            p = max(self.asks) + g if self.asks else (max(self.bids) + g if self.bids else self.center + g)
            self.set_level("sell", p, self._size(rng), t, emit)
        while len(self.bids) > DEPTH + 30:
            self.set_level("buy", min(self.bids), 0, t, emit)
        while len(self.asks) > DEPTH + 30:
            self.set_level("sell", max(self.asks), 0, t, emit)

    # ---- queries (hold the market lock) ---------------------------------------------------------
    def merged(self, side: str) -> dict[int, int]:
        """Simulated liquidity plus visible user orders on one side (price ticks -> lots)."""
        sim_book, user_book = (self.bids, self.user_bids) if side == "buy" else (self.asks, self.user_asks)
        if not user_book:
            return sim_book
        out = dict(sim_book)
        for p, s in user_book.items():
            out[p] = out.get(p, 0) + s
        return out

    def best(self) -> tuple[int | None, int, int | None, int]:
        self.ensure_book()
        bids, asks = self.merged("buy"), self.merged("sell")
        bid = max(bids) if bids else None
        ask = min(asks) if asks else None
        return (bid, bids[bid] if bid is not None else 0, ask, asks[ask] if ask is not None else 0)

    def snapshot(self, depth: int | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        self.ensure_book()
        bids = sorted(self.merged("buy").items(), reverse=True)
        asks = sorted(self.merged("sell").items())
        if depth is not None:
            bids, asks = bids[:depth], asks[:depth]
        return bids, asks

    # ---- bounded live candles (see the module docstring) --------------------------------------------
    def _prune(self, hour: int) -> None:
        """A new live hour began: drop minutes and hours that left their window (see the module docstring)."""
        minutes, hours, _ = self.live
        floor = (hour - LIVE_MINUTE_HOURS + 1) * (HOUR // MINUTE)
        if floor > self.minute_floor:
            self.minute_floor = floor
            while minutes and next(iter(minutes)) < floor:  # keys are inserted in time order
                del minutes[next(iter(minutes))]
        floor = (hour // 24 - LIVE_HOUR_DAYS + 1) * 24
        if floor > self.hour_floor:
            self.hour_floor = floor
            while hours and next(iter(hours)) < floor:
                del hours[next(iter(hours))]

    def _synth(self, kind: str, unit: int, per: int, parent: Sequence[int] | None, first: int,
               min_volume: int) -> dict[int, Candle]:
        """Children ``first .. (unit+1)*per - 1`` of a closed live candle, cut like ``history`` cuts its own."""
        if parent is None:
            return {}
        key = (self.seed, self.symbol, kind, unit, tuple(parent))
        kids = _SYNTH.get(key)
        if kids is None:
            n = (unit + 1) * per - first
            rng = random.Random(stable_hash(self.seed, self.symbol, "live-" + kind, unit))
            kids = split(tuple(parent), n, rng, min_volume)  # type: ignore[arg-type]
            _SYNTH.put(key, kids)
        return {first + i: k for i, k in enumerate(kids)}

    def live_hour(self, h: int) -> Sequence[int] | None:
        """The live candle of hour ``h`` (kept, or synthesized from its day when older than the window)."""
        if h >= self.hour_floor:
            return self.live[1].get(h)
        d = h // 24
        return self._synth("H", d, 24, self.live[2].get(d), max(d * 24, self.anchor_s // HOUR), 60).get(h)

    def live_minute(self, m: int) -> Sequence[int] | None:
        """The live candle of minute ``m`` (kept, or synthesized from its hour when older than the window)."""
        if m >= self.minute_floor:
            return self.live[0].get(m)
        h = m // 60
        return self._synth("M", h, 60, self.live_hour(h), max(h * 60, self.anchor_s // MINUTE), 1).get(m)

    def _live_range(self, s: int, e: int) -> Candle | None:
        days = self.live[2]
        if not days:
            return None
        parts: list[Sequence[int] | None] = []
        while s < e:
            if s % DAY == 0 and s + DAY <= e:
                parts.append(days.get(s // DAY))
                s += DAY
            elif s % HOUR == 0 and s + HOUR <= e:
                parts.append(self.live_hour(s // HOUR))
                s += HOUR
            else:
                parts.append(self.live_minute(s // MINUTE))
                s += MINUTE
        return combine(parts)

    def aggregate(self, start: int, end: int) -> Candle | None:
        """The candle for ``[start, end)``: history before the anchor, live trades after it."""
        hist = self.history.range(start, min(end, self.anchor_s)) if start < self.anchor_s else None
        live = self._live_range(max(start, self.anchor_s), end) if end > self.anchor_s else None
        return combine((hist, live))

    def window_24h(self, now_s: int) -> Candle | None:
        """Aggregate of the 24 hourly candles ending with the current one (cached per version/hour)."""
        key = (self.version, now_s // HOUR)
        if key != self._stats_key:
            start = (now_s // HOUR - 23) * HOUR
            self._stats = self.aggregate(start, (now_s // MINUTE + 1) * MINUTE)
            self._stats_key = key
        return self._stats
