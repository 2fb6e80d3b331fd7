"""KuCoin Futures' point series: index, premium index and interest rate.

Layer: simulator (exchange side). Routes (https://www.kucoin.com/docs-new/api-3470231, api-3470227,
api-3470226; Public pool, weights 2, 3, 5): ``GET /api/v1/index/query``, ``/api/v1/premium/query`` and
``/api/v1/interest/query``, each ``{"dataList": [{symbol, granularity, timePoint, value}, ...], "hasMore"}``
(the index rows add ``decomposionList``), the official examples' keys. ``symbol`` is a series symbol a contract
names (``indexSymbol`` ``.KXBTUSDT``; ``premiumsSymbol1M``/``8H`` ``.XBTUSDTMPI``/``.XBTUSDTMPI8H``;
``fundingBaseSymbol``/``fundingQuoteSymbol`` and their ``1M`` forms ``.XBTINT8H``/``.USDTINT``...); anything
else is 300000.

Simple documented model: points every minute (``...8H`` series: every 8 hours) from the simulator's history
start to now. The index point is the perpetual's 1-minute candle close x 0.9999 (the simulator's index price,
``futures_market.FuturesMarket.index_price``), from one source exchange ("kucoin", weight 1); the premium
index is a seeded value, a multiple of 0.0001 within +-0.001 (JSON numbers stay without exponent); the
interest rate is 0.0001 (base currency) or 0.0003 (quote currency) per 8 hours.
Paging: ``startAt``/``endAt`` bound the points, ``reverse`` (default true) lists newest first, ``offset`` is a
``timePoint`` to continue after (older when reverse, newer otherwise), ``maxCount`` 1-100 (default 10);
``forward`` is accepted and the direction follows ``reverse``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from ..routing import ApiError, Context, Router
from ..wire import stable_hash

if TYPE_CHECKING:  # pragma: no cover
    from ..futures_market import FuturesMarket

__all__ = ["register"]

MINUTE_MS = 60_000
EIGHT_HOURS_MS = 8 * 3600 * 1000
MAX_COUNT = 100
DEFAULT_COUNT = 10
_INTEREST = {"base": Decimal("0.0001"), "quote": Decimal("0.0003")}


def _series(futures: "FuturesMarket", kind: str, name: str) -> tuple[str, int, Any]:
    """(contract, granularity, what) of the series ``name`` of ``kind``; 300000 when no contract names it."""
    for c in futures.contracts:
        if c.expiry_ms is not None:
            continue  # the perpetuals name every series (a dated contract shares its perpetual's index)
        if kind == "index" and name == f".K{c.base}{c.quote}":
            return c.symbol, MINUTE_MS, None
        if kind == "premium" and name in (f".{c.symbol}PI", f".{c.symbol}PI8H"):
            return c.symbol, EIGHT_HOURS_MS if name.endswith("8H") else MINUTE_MS, None
        if kind == "interest":
            for side, currency in (("base", c.base), ("quote", c.quote)):
                if name in (f".{currency}INT8H", f".{currency}INT"):
                    return c.symbol, EIGHT_HOURS_MS if name.endswith("8H") else MINUTE_MS, side
    raise ApiError("300000", "Contract does not exist", 200)


def _int(ctx: Context, name: str) -> int | None:
    """An optional integer query parameter (None when absent or empty; else 400100 for a non-integer)."""
    return ctx.int_param(name) if ctx.params.get(name) else None


def _points(first: int, last: int, step: int, newest_first: bool) -> Iterator[int]:
    start, end = -(-first // step) * step, last // step * step
    if newest_first:
        yield from range(end, start - 1, -step)
    else:
        yield from range(start, end + 1, step)


def _page(ctx: Context, kind: str) -> dict[str, Any]:
    name = ctx.params.get("symbol", "")
    if not name:
        raise ApiError("400100", "Parameter [symbol] is required", 400)
    futures = ctx.sim.futures
    contract, step, side = _series(futures, kind, name)
    count = _int(ctx, "maxCount")
    count = DEFAULT_COUNT if count is None else count
    if not 1 <= count <= MAX_COUNT:
        raise ApiError("400100", f"Parameter [maxCount] must be 1-{MAX_COUNT}", 400)
    newest_first = ctx.params.get("reverse", "true").lower() != "false"
    first = max(_int(ctx, "startAt") or 0, futures.first_ms)
    last = min(_int(ctx, "endAt") or ctx.now_ms, ctx.now_ms)
    offset = _int(ctx, "offset")
    if offset is not None:
        last, first = (min(last, offset - 1), first) if newest_first else (last, max(first, offset + 1))
    points = []
    for point in _points(first, last, step, newest_first):
        if len(points) > count:
            break
        points.append(point)
    more = len(points) > count
    rows = [_row(futures, kind, name, contract, step, side, point, ctx.now_ms) for point in points[:count]]
    return {"dataList": rows, "hasMore": more}


def _row(futures: "FuturesMarket", kind: str, name: str, contract: str, step: int, side: Any, point: int,
         now_ms: int) -> dict[str, Any]:
    row: dict[str, Any] = {"symbol": name, "granularity": step, "timePoint": point}
    if kind == "index":
        candles = futures.market.candles(contract, "1min", point // 1000, point // 1000 + 60, now_ms // 1000)
        close = Decimal(candles[0][2]) if candles else futures.last(contract)
        value = (close * Decimal("0.9999")).quantize(Decimal("0.01"))
        row["value"] = float(value)
        row["decomposionList"] = [{"exchange": "kucoin", "price": float(value), "weight": 1.0}]
    elif kind == "premium":
        row["value"] = float(Decimal(stable_hash(futures.seed, contract, "premium", point) % 21 - 10).scaleb(-4))
    else:
        row["value"] = float(_INTEREST[side])
    return row


def index_query(ctx: Context) -> dict[str, Any]:
    return _page(ctx, "index")


def premium_query(ctx: Context) -> dict[str, Any]:
    return _page(ctx, "premium")


def interest_query(ctx: Context) -> dict[str, Any]:
    return _page(ctx, "interest")


def register(router: Router) -> None:
    router.add("GET", "/api/v1/index/query", index_query, pool="Public", weight=2)
    router.add("GET", "/api/v1/premium/query", premium_query, pool="Public", weight=3)
    router.add("GET", "/api/v1/interest/query", interest_query, pool="Public", weight=5)
