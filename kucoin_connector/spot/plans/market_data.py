"""Market-data plans (pure core): markets, currencies, tickers, books, trades, candles (time and status:
:mod:`.server`, re-exported).

Endpoints (https://www.kucoin.com/docs-new/rest/spot-trading/market-data/...):
``/api/v2/symbols``, ``/api/v3/currencies``, ``/api/v1/timestamp``, ``/api/v1/status``,
``/api/v1/market/stats``, ``/api/v1/market/allTickers``, ``/api/v1/market/orderbook/level2_{20,100}``,
``/api/v3/market/orderbook/level2`` (private, full depth), ``/api/v1/market/histories``,
``/api/v1/market/candles``.
"""
from __future__ import annotations

from typing import Any

from ...rest.calls import Call
from ...rest.kline_paging import candle_rows, kline_forward, window_back
from ...errors import BadRequest
from ..parsers.currencies import parse_currency
from ..parsers.markets import parse_market
from ...core.candles import parse_ohlcvs
from ..parsers.order_book import parse_order_book
from ..parsers.tickers import parse_ticker
from ..parsers.trades import parse_trade
from ..timeframes import TIMEFRAMES, parse_timeframe
from ...rest.plan import Plan, PlanContext
from ...core.checks import check_limit, check_params, check_since, check_symbols_list
from .server import fetch_status, fetch_time  # noqa: F401  (the spot plans, in one namespace)

__all__ = ["load_markets", "fetch_markets", "fetch_currencies", "fetch_time", "fetch_status", "fetch_ticker",
           "fetch_tickers", "fetch_bids_asks", "fetch_order_book", "fetch_trades", "fetch_ohlcv",
           "ensure_markets", "market", "OHLCV_MAX_ROWS", "OHLCV_MAX_PAGES"]

OHLCV_MAX_ROWS = 1500  # KuCoin returns at most 1500 candles per call
OHLCV_MAX_PAGES = 100  # requests per fetch_ohlcv call, whatever the exchange answers
PUBLIC_BOOK_DEPTHS = (20, 100)


def fetch_markets(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield Call("GET", "/api/v2/symbols", check_params(params) or None)
    return [parse_market(item, ctx.num) for item in data or ()]


def _parse_currencies(data: Any, num: Any) -> dict:
    currencies = {}
    for item in data or ():
        currency = parse_currency(item, num)
        currencies[currency["code"]] = currency
    return currencies


def fetch_currencies(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield Call("GET", "/api/v3/currencies", check_params(params) or None)
    return _parse_currencies(data, ctx.num)


def load_markets(ctx: PlanContext, reload: bool = False, params: dict | None = None) -> Plan:
    """Markets by symbol; loaded once, like ccxt, together with the currencies."""
    if ctx.registry.loaded and not reload:
        return ctx.registry.markets
    markets = yield from fetch_markets(ctx, params)
    raw_currencies = yield Call("GET", "/api/v3/currencies")
    num = ctx.num
    return ctx.registry.set_markets(markets, lambda: _parse_currencies(raw_currencies, num))


def ensure_markets(ctx: PlanContext) -> Plan:
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    return ctx.registry.markets


def market(ctx: PlanContext, symbol: Any) -> Plan:
    """The market for ``symbol``: format checked first (no request), markets loaded lazily."""
    from ...core.markets import check_symbol_format
    check_symbol_format(symbol)
    yield from ensure_markets(ctx)
    return ctx.registry.market(symbol)


def fetch_ticker(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield Call("GET", "/api/v1/market/stats", {"symbol": m["id"], **params})
    return parse_ticker(data, m, ctx.num)


def _all_tickers(ctx: PlanContext, symbols: Any, params: dict | None) -> Plan:
    params = check_params(params)
    wanted = check_symbols_list(symbols)
    if wanted is not None:
        for s in wanted:
            yield from market(ctx, s)  # every symbol validated before the request
    else:
        yield from ensure_markets(ctx)
    data = yield Call("GET", "/api/v1/market/allTickers", params or None)
    timestamp = data.get("time") if data else None
    result = {}
    wanted_set = set(wanted) if wanted is not None else None
    for item in (data or {}).get("ticker") or ():
        m = ctx.registry.by_id(item.get("symbol"))
        if m is None:
            continue  # a symbol listed after our markets were loaded
        if wanted_set is not None and m["symbol"] not in wanted_set:
            continue
        result[m["symbol"]] = parse_ticker(item, m, ctx.num, timestamp)
    return result


def fetch_tickers(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    return (yield from _all_tickers(ctx, symbols, params))


def fetch_bids_asks(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Best bid/ask per symbol; KuCoin's all-tickers call carries them (``buy``/``sell`` and sizes)."""
    return (yield from _all_tickers(ctx, symbols, params))


def _truncate_book(book: dict, limit: int | None) -> dict:
    if limit is not None:
        book["bids"] = book["bids"][:limit]
        book["asks"] = book["asks"][:limit]
    return book


def fetch_order_book(ctx: PlanContext, symbol: str, limit: Any = None, params: dict | None = None) -> Plan:
    """Level-2 book. ``limit`` up to 20 or 100 uses the public snapshots (cut to ``limit``); no limit or a
    larger one needs the full-depth endpoint, which is private (kucoin.md, "Level-2 order book"):
    without credentials ``limit=None`` falls back to the public 100 levels."""
    params = check_params(params)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    depth = next((d for d in PUBLIC_BOOK_DEPTHS if limit is not None and limit <= d), None)
    if depth is None and limit is None and not ctx.has_credentials:
        depth = 100
    if depth is None and not ctx.has_credentials:
        raise BadRequest(f"order book limit {limit} needs the private full-depth endpoint: set API credentials "
                         f"or use a limit of at most 100")
    if depth is not None:
        call = Call("GET", f"/api/v1/market/orderbook/level2_{depth}", {"symbol": m["id"], **params})
    else:
        call = Call("GET", "/api/v3/market/orderbook/level2", {"symbol": m["id"], **params})
    data = yield call
    return _truncate_book(parse_order_book(data, m["symbol"], ctx.num), limit)


def fetch_trades(ctx: PlanContext, symbol: str, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    """Recent public trades (KuCoin serves the last 100), ascending; ``since`` and ``limit`` filter them."""
    params = check_params(params)
    since = check_since(since)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    data = yield Call("GET", "/api/v1/market/histories", {"symbol": m["id"], **params})
    # KuCoin lists newest first; reversing before a stable sort keeps same-millisecond trades in
    # exchange (sequence) order.
    trades = [parse_trade(item, m, ctx.num) for item in reversed(data or [])]
    trades.sort(key=lambda t: (t["timestamp"] or 0))
    if since is not None:
        trades = [t for t in trades if (t["timestamp"] or 0) >= since]
    if limit is not None:
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades


def _candles_call(market_id: str, kucoin_type: str, start_s: int | None, end_s: int | None,
                  params: dict) -> Call:
    query: dict[str, Any] = {"symbol": market_id, "type": kucoin_type}
    if start_s is not None:
        query["startAt"] = start_s
    if end_s is not None:
        query["endAt"] = end_s
    query.update(params)
    return Call("GET", "/api/v1/market/candles", query)


def _ohlcv_forward(ctx: PlanContext, market_id: str, ktype: str, step_s: int, since_s: int, want: int,
                   params: dict) -> Plan:
    """Candles from ``since_s`` on (:func:`~kucoin_connector.rest.kline_paging.kline_forward`: bounded, with
    empty history skipped by bisection)."""
    def window(start: int, end: int) -> Call:
        return _candles_call(market_id, ktype, start, end, params)

    return (yield from kline_forward(window, step_s, since_s, want, ctx.now_ms() // 1000, OHLCV_MAX_ROWS,
                                     OHLCV_MAX_PAGES))


def fetch_ohlcv(ctx: PlanContext, symbol: str, timeframe: str = "1m", since: Any = None, limit: Any = None,
                params: dict | None = None) -> Plan:
    """Candles ascending. KuCoin caps a call at 1500 rows (newest first), so longer ranges are paged:
    forward from ``since`` when given (skipping empty history quickly, see :func:`_ohlcv_forward`), else
    backward from now until ``limit`` rows are collected or the history ends; never more than
    ``OHLCV_MAX_PAGES`` requests per call."""
    params = check_params(params)
    if not isinstance(timeframe, str) or timeframe not in TIMEFRAMES:
        raise BadRequest(f"unsupported timeframe {timeframe!r}; kucoin supports {', '.join(TIMEFRAMES)}")
    since = check_since(since)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    ktype = TIMEFRAMES[timeframe]
    step_s = parse_timeframe(timeframe)
    if since is None and limit is None:
        data = yield _candles_call(m["id"], ktype, None, None, params)
        return parse_ohlcvs(data or [], ctx.num)
    if since is not None:
        want = limit or OHLCV_MAX_ROWS
        rows = yield from _ohlcv_forward(ctx, m["id"], ktype, step_s, since // 1000, want, params)
        parsed = parse_ohlcvs(list(rows.values()), ctx.num, since=since)
        return parsed[:want]
    assert limit is not None
    rows = {}
    end_s = ctx.now_ms() // 1000
    for _ in range(OHLCV_MAX_PAGES):
        if len(rows) >= limit:
            break
        start_s, stop_s = window_back(end_s, step_s, OHLCV_MAX_ROWS)
        data = yield _candles_call(m["id"], ktype, start_s, stop_s, params)
        fresh = {t: row for t, row in candle_rows(data).items() if t not in rows}
        if not fresh:
            break  # history exhausted (or the page did not advance)
        rows.update(fresh)
        end_s = start_s - 1
    parsed = parse_ohlcvs(list(rows.values()), ctx.num)
    return parsed[-limit:]
