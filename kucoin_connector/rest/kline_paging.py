"""Candle paging shared by every family (pure core): walk forward from ``since`` in bounded steps.

A kline endpoint answers at most ``max_rows`` candles for a time window. :func:`kline_forward` collects
candles from ``since`` on, window by window. An empty window does not mean "walk on": one wide request
``[lo, now]`` tells whether anything lies ahead, and when more than a page does, bisection finds the first
candle in a few requests (``since=0`` on a minute chart: about 17 requests, not 20,000). Every loop advances
or stops, within ``max_pages``. Units are the caller's (spot: seconds, futures: milliseconds): ``window``
builds the call for ``[start, end]`` and ``rows`` turns an answer into ``{time: row}``.

Windows start on the timeframe's grid (:func:`grid_up`, :func:`window_back`): whether the exchange reads
``end`` as inclusive or exclusive, a window ``[start, start + chunk - 1]`` then holds exactly ``max_rows``
candle opens and the next window starts at the following open, so no candle falls between two windows (an
unaligned start lost the candle opening at ``start + chunk - 1`` when ``end`` was exclusive).
"""
from __future__ import annotations

from typing import Any, Callable, Generator

from .calls import Call

__all__ = ["kline_forward", "candle_rows", "grid_up", "window_back"]


def grid_up(t: int, step: int) -> int:
    """The first candle open at or after ``t``."""
    return -(-t // step) * step


def window_back(end: int, step: int, rows: int) -> tuple[int, int]:
    """``(start, stop)``: the window of ``rows`` candle opens whose newest is the open at or before ``end``,
    from its first open to the last instant of its newest candle (so it holds that candle whether the
    exchange reads ``stop`` as inclusive or exclusive, even when ``end`` is exactly an open)."""
    top = end // step
    return (top - rows + 1) * step, (top + 1) * step - 1


def candle_rows(data: Any) -> dict[int, list]:
    """``{int(row[0]): row}`` of a kline answer; malformed rows are left to the parser to refuse."""
    rows: dict[int, list] = {}
    for row in data if isinstance(data, list) else ():
        try:
            rows[int(row[0])] = row
        except (TypeError, ValueError, IndexError, KeyError):
            continue
    return rows


def kline_forward(window: Callable[[int, int], Call], step: int, since: int, want: int, now: int,
                  max_rows: int, max_pages: int) -> Generator[Call, Any, dict[int, list]]:
    """Candles (``{time: row}``) from ``since`` on until ``want`` are collected or ``now`` is passed."""
    chunk = max_rows * step
    rows: dict[int, list] = {}
    lo = since
    pages = 0
    while len(rows) < want and lo <= now and pages < max_pages:
        lo = grid_up(lo, step)
        got = candle_rows((yield window(lo, lo + chunk - 1)))
        pages += 1
        if got:
            rows.update(got)
            lo += chunk
            continue
        # Nothing in this window: is there anything at or after it?
        got = candle_rows((yield window(lo, now + step)))
        pages += 1
        if not got:
            break  # no candle from lo to now
        if len(got) < max_rows:
            rows.update(got)  # every candle from lo to now
            break
        hi = min(got)  # the first candle lies in [lo, hi]
        while hi - lo > chunk // 2 and pages < max_pages:
            mid = lo + (hi - lo) // 2
            got = candle_rows((yield window(lo, mid)))
            pages += 1
            if not got:
                lo = mid
            elif len(got) < max_rows:
                rows.update(got)  # all of [lo, mid), the first candle among them
                lo = mid
                break
            elif min(got) < hi:
                hi = min(got)
            else:
                return rows  # the answer does not narrow the search: stop rather than loop
        else:
            continue  # narrowed to within a window: walk forward from lo
    return rows
