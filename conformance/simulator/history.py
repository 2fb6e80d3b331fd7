"""Deterministic, lazily generated candle history for one simulated symbol.

Layer: simulator (exchange side). Rule: history is a pure function of ``(seed, symbol, absolute time)``
and is generated top-down so that coarse candles are *exactly* the aggregate of fine ones without ever
materialising a year of minutes: a day candle comes from a closed-form price curve, its 24 hours are a
Brownian bridge conditioned on the day's open/high/low/close, volume and turnover, and each hour's 60
minutes are conditioned on the hour the same way. Splits are cached (LRU), so paging 1hour candles over
KuCoin's 1500-row cap (https://www.kucoin.com/docs-new/api-3470163) costs a few splits per page.

Prices are integers in ticks, volumes in lots, turnover in tick*lot units (see ``wire``); floats are used
only to draw random shapes, never to hold an amount.
"""
from __future__ import annotations

import math
import random
import threading
from collections import OrderedDict
from typing import Iterable, Sequence

from .universe import USD_PRICE, SymbolSpec
from .wire import stable_hash, unit_float

__all__ = ["Candle", "History", "combine", "allocate", "split", "MINUTE", "HOUR", "DAY", "HISTORY_DAYS"]

MINUTE, HOUR, DAY = 60, 3600, 86400
HISTORY_DAYS = 1000  # ~2.7 years of back-history before the simulator's anchor minute

# (open, high, low, close, volume_lots, turnover_units)
Candle = tuple[int, int, int, int, int, int]


def combine(parts: Iterable[Sequence[int] | None]) -> Candle | None:
    """Aggregate chronologically ordered candles: first open, max high, min low, last close, sums."""
    o = h = low = c = v = t = 0
    first = True
    for p in parts:
        if p is None:
            continue
        if first:
            o, h, low, c, v, t = p[0], p[1], p[2], p[3], p[4], p[5]
            first = False
            continue
        if p[1] > h:
            h = p[1]
        if p[2] < low:
            low = p[2]
        c = p[3]
        v += p[4]
        t += p[5]
    return None if first else (o, h, low, c, v, t)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split the integer ``total`` proportionally to ``weights`` exactly (largest remainder)."""
    n = len(weights)
    wsum = sum(weights)
    if wsum <= 0:
        weights, wsum = [1] * n, n
    shares = [total * w // wsum for w in weights]
    rest = total - sum(shares)
    if rest:
        remainders = [-(total * w % wsum) for w in weights]
        for i in sorted(range(n), key=remainders.__getitem__)[:rest]:  # stable: ties by index
            shares[i] += 1
    return shares


class _LRU:
    """A small thread-safe LRU map (history splits are shared by request threads)."""

    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[tuple[object, ...], list[Candle]] = OrderedDict()
        self._max = maxsize
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> list[Candle] | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: list[Candle]) -> None:
        with self._lock:
            self._data[key] = value
            if len(self._data) > self._max:
                self._data.popitem(last=False)


_DAY_SPLITS = _LRU(8192)
_HOUR_SPLITS = _LRU(4096)


def split(parent: Candle, n: int, rng: random.Random, min_volume: int) -> list[Candle]:
    """Cut ``parent`` into ``n`` children whose aggregate equals ``parent`` exactly."""
    o, h, low, c, v, t = parent
    if n == 1:
        return [parent]
    if v < min_volume * n:
        min_volume = v // n
    vols = [min_volume + a for a in allocate(v - min_volume * n,
                                             [500 + int(1000 * rng.random()) for _ in range(n)])]
    if h == low:
        turns = allocate(t, vols)
        return [(o, h, low, c, vols[i], turns[i]) for i in range(n)]
    z = [0.0]
    for _ in range(n):
        z.append(z[-1] + rng.gauss(0.0, 1.0))
    zn = z[n]
    lins = [o + (c - o) * j / n for j in range(n + 1)]
    devs = [z[j] - j / n * zn for j in range(n + 1)]
    scale = math.inf
    for j in range(1, n):
        d = devs[j]
        if d > 1e-12:
            scale = min(scale, (h - lins[j]) / d)
        elif d < -1e-12:
            scale = min(scale, (low - lins[j]) / d)
    scale = 0.0 if scale == math.inf else scale * (0.55 + 0.45 * rng.random())
    path = [o] + [min(h, max(low, round(lins[j] + scale * devs[j]))) for j in range(1, n)] + [c]
    span = h - low
    kids: list[list[int]] = []
    for i in range(n):
        co, cc = path[i], path[i + 1]
        top, bot = (co, cc) if co >= cc else (cc, co)
        kids.append([co, min(h, top + int(span * 0.08 * rng.random() ** 3)),
                     max(low, bot - int(span * 0.08 * rng.random() ** 3)), cc])
    if max(k[1] for k in kids) != h:
        kids[max(range(n), key=lambda i: (max(kids[i][0], kids[i][3]), -i))][1] = h
    if min(k[2] for k in kids) != low:
        kids[min(range(n), key=lambda i: (min(kids[i][0], kids[i][3]), i))][2] = low
    natural = [vols[i] * ((k[0] + k[1] + k[2] + k[3]) // 4) for i, k in enumerate(kids)]
    turns = allocate(t, natural)
    return [(k[0], k[1], k[2], k[3], vols[i], turns[i]) for i, k in enumerate(kids)]


class History:
    """Candle history of one symbol, valid for times in ``[first_s, end_s)``."""

    def __init__(self, seed: int, spec: SymbolSpec, anchor_minute: int) -> None:
        self.seed = seed
        self.symbol = spec.symbol
        self.end_s = anchor_minute * MINUTE
        self.first_day = self.end_s // DAY - HISTORY_DAYS
        self.first_s = self.first_day * DAY
        self._center = spec.price_ticks
        rng = random.Random(stable_hash(seed, spec.symbol, "waves"))
        amp = min(spec.volatility, 3.0)
        self._waves = [
            (0.25 * amp * rng.random(), rng.uniform(300.0, 900.0), rng.uniform(0.0, 6.283)),
            (0.10 * amp * rng.random(), rng.uniform(40.0, 120.0), rng.uniform(0.0, 6.283)),
            (0.04 * amp * rng.random(), rng.uniform(7.0, 20.0), rng.uniform(0.0, 6.283)),
        ]
        self._noise = 0.015 * amp
        self._wick = 0.03 * amp
        base_usd = float(spec.price) * USD_PRICE.get(spec.quote, 1.0)
        self._daily_lots = max(2 * DAY // MINUTE,
                               int(spec.daily_usd / max(base_usd, 1e-12) * 10**spec.base_dec))

    def _close(self, d: int) -> int:
        x = sum(a * math.sin(2 * math.pi * d / p + ph) for a, p, ph in self._waves)
        x += self._noise * (2 * unit_float(self.seed, self.symbol, "dn", d) - 1)
        return max(1, round(self._center * math.exp(x)))

    def day(self, d: int) -> Candle | None:
        """The full day candle ``d`` (days since the epoch), or None before the listing."""
        if d < self.first_day:
            return None
        o, c = self._close(d - 1), self._close(d)
        hi, lo = max(o, c), min(o, c)
        h = hi + round(hi * self._wick * unit_float(self.seed, self.symbol, "dh", d))
        low = max(1, lo - round(lo * self._wick * unit_float(self.seed, self.symbol, "dl", d)))
        v = max(2 * DAY // MINUTE,
                round(self._daily_lots * (0.5 + unit_float(self.seed, self.symbol, "dv", d))))
        return (o, h, low, c, v, v * ((o + h + low + c) // 4))

    def hours_of_day(self, d: int) -> list[Candle]:
        key = (self.seed, self.symbol, d)
        hours = _DAY_SPLITS.get(key)
        if hours is None:
            parent = self.day(d)
            assert parent is not None
            rng = random.Random(stable_hash(self.seed, self.symbol, "H", d))
            hours = split(parent, 24, rng, 60)
            _DAY_SPLITS.put(key, hours)
        return hours

    def minutes_of_hour(self, h: int) -> list[Candle]:
        key = (self.seed, self.symbol, h)
        minutes = _HOUR_SPLITS.get(key)
        if minutes is None:
            parent = self.hours_of_day(h // 24)[h % 24]
            rng = random.Random(stable_hash(self.seed, self.symbol, "M", h))
            minutes = split(parent, 60, rng, 1)
            _HOUR_SPLITS.put(key, minutes)
        return minutes

    def minute(self, m: int) -> Candle | None:
        if not self.first_s <= m * MINUTE < self.end_s:
            return None
        return self.minutes_of_hour(m // 60)[m % 60]

    def range(self, start: int, end: int) -> Candle | None:
        """Aggregate of the history inside ``[start, end)`` (minute-aligned seconds)."""
        s, e = max(start, self.first_s), min(end, self.end_s)
        parts: list[Candle | None] = []
        while s < e:
            if s % DAY == 0 and s + DAY <= e:
                parts.append(self.day(s // DAY))
                s += DAY
            elif s % HOUR == 0 and s + HOUR <= e:
                hours = self.hours_of_day(s // DAY)
                i0 = (s % DAY) // HOUR
                i1 = min(24, i0 + (e - s) // HOUR)
                parts.extend(hours[i0:i1])
                s += (i1 - i0) * HOUR
            else:
                minutes = self.minutes_of_hour(s // HOUR)
                i0 = (s % HOUR) // MINUTE
                i1 = min(60, i0 + (e - s) // MINUTE)
                if i1 == i0:  # not minute-aligned: nothing whole is left
                    break
                parts.extend(minutes[i0:i1])
                s += (i1 - i0) * MINUTE
        return combine(parts)
