"""Candle paging shared by every family (pure core): walk forward from ``since`` in bounded steps.

A kline endpoint answers at most ``max_rows`` candles for a time window. :func:`kline_forward` collects
candles from ``since`` on, window by window. An empty window does not mean "walk on": one wide request
``[lo, now]`` tells whether anything lies ahead, and when more than a page does, bisection finds the first
candle in a few requests (``since=0`` on a minute chart: about 17 requests, not 20,000). Every loop advances
or stops, within ``max_pages``. Units are the caller's (spot: seconds, futures: milliseconds): ``window``
builds the call for ``[start, end]`` and ``rows`` turns an answer into ``{time: row}``.
"""
from __future__ import annotations

from typing import Any, Callable, Generator

from .calls import Call

__all__ = ["kline_forward", "candle_rows"]


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
