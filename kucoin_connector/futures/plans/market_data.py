"""Futures market-data plans (pure core): contracts, tickers, books, trades, klines, mark price, funding,
open interest, time and status. Every call goes to the futures host (``host="futures"``).

Endpoints (https://www.kucoin.com/docs-new/rest/futures-trading/market-data/...): ``/api/v1/contracts/active``,
``/api/v1/contracts/{symbol}``, ``/api/v1/ticker``, ``/api/v1/allTickers``, ``/api/v1/level2/depth{20,100}``,
``/api/v1/level2/snapshot`` (full depth; public on futures), ``/api/v1/trade/history``, ``/api/v1/kline/query``,
``/api/v1/mark-price/{symbol}/current``, ``/api/v1/funding-rate/{symbol}/current``,
``/api/v1/contract/funding-rates``, ``/api/v1/timestamp``, ``/api/v1/status``.
"""
from __future__ import annotations

from typing import Any

from ...core.markets import check_symbol_format
from ...errors import BadRequest
from ...rest.calls import Call, path
from ...rest.kline_paging import candle_rows, kline_forward, window_back
from ...core.candles import parse_ohlcvs
from ...core.server_status import parse_status, parse_time
from ...rest.plan import Plan, PlanContext
from ...core.checks import check_limit, check_params, check_since, check_symbols_list
from ..parsers.contracts import parse_contract, parse_open_interest
from ..parsers.funding_rates import parse_funding_rate, parse_funding_rate_history
from ..parsers.order_book import parse_contract_order_book
from ..parsers.tickers import parse_contract_ticker
from ..parsers.trades import parse_contract_trade
from ..timeframes import GRANULARITY

__all__ = ["load_markets", "fetch_markets", "fetch_time", "fetch_status", "fetch_ticker", "fetch_tickers",
           "fetch_bids_asks", "fetch_order_book", "fetch_trades", "fetch_ohlcv", "fetch_mark_price",
           "fetch_funding_rate", "fetch_funding_rate_history", "fetch_open_interest", "market",
           "OHLCV_MAX_ROWS", "OHLCV_MAX_PAGES", "BOOK_DEPTHS"]

OHLCV_MAX_ROWS = 500  # "at most 500 pieces of data" per /api/v1/kline/query call (the spec)
OHLCV_MAX_PAGES = 100  # requests per fetch_ohlcv call, whatever the exchange answers
BOOK_DEPTHS = (20, 100)  # /api/v1/level2/depth{20,100}; anything else is the full snapshot
FUNDING_HISTORY_MAX_PAGES = 20
HOST = "futures"


def _get(endpoint: str, params: dict | None = None) -> Call:
    return Call("GET", endpoint, params or None, host=HOST, private=False)


def fetch_markets(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield _get("/api/v1/contracts/active", check_params(params))
    return [parse_contract(item, ctx.num) for item in data or ()]


def load_markets(ctx: PlanContext, reload: bool = False, params: dict | None = None) -> Plan:
    """Contracts by symbol, loaded once (the futures host lists no currencies: ``currencies`` stays empty)."""
    if ctx.registry.loaded and not reload:
        return ctx.registry.markets
    markets = yield from fetch_markets(ctx, params)
    return ctx.registry.set_markets(markets, {})


def market(ctx: PlanContext, symbol: Any) -> Plan:
    """The contract for ``symbol``: format checked first (no request), contracts loaded lazily."""
    check_symbol_format(symbol)
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    return ctx.registry.market(symbol)


def fetch_time(ctx: PlanContext, params: dict | None = None) -> Plan:
    return parse_time((yield _get("/api/v1/timestamp", check_params(params))))


def fetch_status(ctx: PlanContext, params: dict | None = None) -> Plan:
    return parse_status((yield _get("/api/v1/status", check_params(params))))


def fetch_ticker(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield _get("/api/v1/ticker", {"symbol": m["id"], **params})
    return parse_contract_ticker(data, m, ctx.num)


def _tickers(ctx: PlanContext, endpoint: str, symbols: Any, params: dict | None) -> Plan:
    params = check_params(params)
    wanted = check_symbols_list(symbols)
    for s in wanted or ():
        yield from market(ctx, s)  # every symbol validated before the request
    if not ctx.registry.loaded:
        yield from load_markets(ctx)
    data = yield _get(endpoint, params)
    wanted_set = set(wanted) if wanted is not None else None
    result = {}
    for item in data or ():
        m = ctx.registry.by_id(item.get("symbol")) if isinstance(item, dict) else None
        if m is None or (wanted_set is not None and m["symbol"] not in wanted_set):
            continue  # a contract listed after ours were loaded, or one not asked for
        result[m["symbol"]] = parse_contract_ticker(item, m, ctx.num)
    return result


def fetch_tickers(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """24h statistics of every contract from ``/api/v1/contracts/active`` (as ccxt: last, high, low, change,
    volumes, mark and index price; no best bid/ask, which :func:`fetch_bids_asks` gives)."""
    return (yield from _tickers(ctx, "/api/v1/contracts/active", symbols, params))


def fetch_bids_asks(ctx: PlanContext, symbols: Any = None, params: dict | None = None) -> Plan:
    """Best bid/ask and last trade of every contract (``/api/v1/allTickers``)."""
    return (yield from _tickers(ctx, "/api/v1/allTickers", symbols, params))


def fetch_order_book(ctx: PlanContext, symbol: str, limit: Any = None, params: dict | None = None) -> Plan:
    """``limit`` up to 20 or 100 reads ``/api/v1/level2/depth20|100`` (cut to ``limit``); no limit or a larger
    one the full snapshot ``/api/v1/level2/snapshot``, which KuCoin Futures serves publicly (ccxt accepts only
    None, 20 and 100)."""
    params = check_params(params)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    depth = next((d for d in BOOK_DEPTHS if limit is not None and limit <= d), None)
    endpoint = f"/api/v1/level2/depth{depth}" if depth is not None else "/api/v1/level2/snapshot"
    book = parse_contract_order_book((yield _get(endpoint, {"symbol": m["id"], **params})), m["symbol"], ctx.num)
    if limit is not None:
        book["bids"], book["asks"] = book["bids"][:limit], book["asks"][:limit]
    return book


def fetch_trades(ctx: PlanContext, symbol: str, since: Any = None, limit: Any = None,
                 params: dict | None = None) -> Plan:
    """The last 100 public trades, ascending; ``since`` and ``limit`` filter them."""
    params = check_params(params)
    since = check_since(since)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    data = yield _get("/api/v1/trade/history", {"symbol": m["id"], **params})
    trades = [parse_contract_trade(item, m, ctx.num) for item in reversed(data or [])]
    trades.sort(key=lambda t: t["timestamp"] or 0)  # stable: same-ms trades keep exchange order
    if since is not None:
        trades = [t for t in trades if (t["timestamp"] or 0) >= since]
    if limit is not None:
        trades = trades[:limit] if since is not None else trades[-limit:]
    return trades


def _klines(m_id: str, granularity: int, start_ms: int, end_ms: int, params: dict) -> Call:
    return _get("/api/v1/kline/query", {"symbol": m_id, "granularity": granularity, "from": start_ms,
                                        "to": end_ms, **params})


def fetch_ohlcv(ctx: PlanContext, symbol: str, timeframe: str = "1m", since: Any = None, limit: Any = None,
                params: dict | None = None) -> Plan:
    """Candles ascending. KuCoin answers at most 500 rows per call, for ``[from, to]`` in ms: with ``since``
    the plan walks forward (:func:`~kucoin_connector.rest.kline_paging.kline_forward`, as spot's); without,
    backward from now until ``limit`` rows (default: one window). A window that brings nothing new ends the
    walk; never more than ``OHLCV_MAX_PAGES`` requests."""
    params = check_params(params)
    if not isinstance(timeframe, str) or timeframe not in GRANULARITY:
        raise BadRequest(f"unsupported timeframe {timeframe!r}; kucoin futures supports {', '.join(GRANULARITY)}")
    since = check_since(since)
    limit = check_limit(limit)
    m = yield from market(ctx, symbol)
    minutes = GRANULARITY[timeframe]
    step_ms = minutes * 60_000
    now = ctx.now_ms()
    want = limit or OHLCV_MAX_ROWS

    def window(start: int, end: int) -> Call:
        return _klines(m["id"], minutes, start, end, params)

    if since is not None:
        rows = yield from kline_forward(window, step_ms, since, want, now, OHLCV_MAX_ROWS, OHLCV_MAX_PAGES)
        return parse_ohlcvs(list(rows.values()), ctx.num, since=since)[:want]
    rows: dict[int, list] = {}
    end = now
    for _ in range(OHLCV_MAX_PAGES):
        start, stop = window_back(end, step_ms, OHLCV_MAX_ROWS)
        fresh = {t: r for t, r in candle_rows((yield window(start, stop))).items() if t not in rows}
        if not fresh:
            break  # history exhausted (or the page did not advance)
        rows.update(fresh)
        if len(rows) >= want:
            break
        end = min(start, min(rows)) - 1
    return parse_ohlcvs(list(rows.values()), ctx.num)[-want:]


def fetch_mark_price(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield _get(path("/api/v1/mark-price/{}/current", m["id"], what="symbol"), params)
    return parse_contract_ticker(data, m, ctx.num)


def fetch_funding_rate(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield _get(path("/api/v1/funding-rate/{}/current", m["id"], what="symbol"), params)
    return parse_funding_rate(data, m, ctx.num)


def fetch_funding_rate_history(ctx: PlanContext, symbol: Any = None, since: Any = None, limit: Any = None,
                               params: dict | None = None) -> Plan:
    """Settled funding rates in ``[since, until]`` (``params["until"]``, default now), ascending. KuCoin
    answers up to 100 per call, newest first; older pages are fetched by moving ``to`` before the oldest."""
    from ...errors import ArgumentsRequired
    if symbol is None:
        raise ArgumentsRequired("fetch_funding_rate_history() requires a symbol")
    params = dict(check_params(params))
    since = check_since(since)
    limit = check_limit(limit)
    until = check_since(params.pop("until", None))
    m = yield from market(ctx, symbol)
    start = since if since is not None else 0
    end = until if until is not None else ctx.now_ms()
    items: dict[int, Any] = {}
    for _ in range(FUNDING_HISTORY_MAX_PAGES):
        data = yield _get("/api/v1/contract/funding-rates", {"symbol": m["id"], "from": start, "to": end, **params})
        fresh = {}
        for item in data if isinstance(data, list) else ():
            t = item.get("timepoint") if isinstance(item, dict) else None
            if isinstance(t, int) and t not in items:
                fresh[t] = item
        if not fresh:
            break
        items.update(fresh)
        if limit is not None and since is None and len(items) >= limit:
            break
        end = min(fresh) - 1
        if end < start:
            break
    return parse_funding_rate_history(list(items.values()), m, ctx.num, since, limit)


def fetch_open_interest(ctx: PlanContext, symbol: str, params: dict | None = None) -> Plan:
    """Open interest in contracts, from the contract's own item (``/api/v1/contracts/{symbol}``)."""
    params = check_params(params)
    m = yield from market(ctx, symbol)
    data = yield _get(path("/api/v1/contracts/{}", m["id"], what="symbol"), params)
    return parse_open_interest(data, m, ctx.num, ctx.now_ms())
