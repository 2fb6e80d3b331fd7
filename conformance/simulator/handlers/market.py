"""Spot market-data endpoints (public, plus the private full-depth book).

Layer: simulator (exchange side). Rule: answers carry exactly the keys of the official examples in
``reference/kucoin-openapi/rest/openapi-spot-market.json``; static lists are serialized once and cached.

Errors (documented choices): an unknown symbol on a market-data endpoint is HTTP 200
``{"code":"400100","msg":"This pair is not provided at present"}``: that is KuCoin's answer for candles
(public client libraries and their tests match this exact code and message, with HTTP 200; no source was
found for the other market endpoints, so they answer alike). An unknown symbol on
GET /api/v2/symbols/{symbol} is ``900001 symbol not exists`` (KuCoin's code for it, see
``reference/kucoin.md``), an unknown currency on GET /api/v3/currencies/{currency} is 400100 (assumed);
missing or malformed parameters are HTTP 400 with 400100.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..market import CANDLE_TYPES
from ..routing import ApiError, Context, Encoded, Router
from ..wire import dumps, units_to_str

__all__ = ["register"]

UNKNOWN_PAIR = ApiError("400100", "This pair is not provided at present", 200)
FEE_RATE = "0.001"
FIAT = {"USD": Decimal(1), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"), "JPY": Decimal("150"),
        "CNY": Decimal("7.2"), "KRW": Decimal("1370"), "TRY": Decimal("34"), "RUB": Decimal("90")}


def _param_error(msg: str) -> ApiError:
    return ApiError("400100", msg, 400)


def _symbol(ctx: Context) -> str:
    symbol = ctx.params.get("symbol", "")
    if not symbol:
        raise _param_error("Parameter [symbol] is required")
    if symbol not in ctx.sim.universe.by_symbol:
        raise UNKNOWN_PAIR
    return symbol


def _int_param(ctx: Context, name: str) -> int:
    raw = ctx.params.get(name, "")
    if raw == "":
        return 0
    try:
        return int(raw)
    except ValueError:
        raise _param_error(f"Parameter [{name}] must be an integer (seconds)") from None


def _cached(ctx: Context, key: str, build: Any) -> bytes:
    cache = ctx.sim.cache
    value = cache.get(key)
    if value is None:
        value = dumps(build())
        cache[key] = value
    return value


def timestamp(ctx: Context) -> int:
    return ctx.now_ms


def status(ctx: Context) -> dict[str, str]:
    return {"status": "open", "msg": ""}


def symbols(ctx: Context) -> Encoded:
    market = ctx.params.get("market") or None
    specs = ctx.sim.universe.symbols
    return Encoded(_cached(ctx, f"symbols:{market}", lambda: [
        s.to_json() for s in specs if market is None or s.market == market]))


def symbol_detail(ctx: Context) -> dict[str, Any]:
    spec = ctx.sim.universe.by_symbol.get(ctx.path_params["symbol"])
    if spec is None:
        raise ApiError("900001", "symbol not exists", 200)
    return spec.to_json()


def markets(ctx: Context) -> list[str]:
    return ctx.sim.universe.markets


def currencies(ctx: Context) -> Encoded:
    return Encoded(_cached(ctx, "currencies", lambda: [c.to_json() for c in ctx.sim.universe.currencies]))


def currency_detail(ctx: Context) -> dict[str, Any]:
    cur = ctx.sim.universe.by_currency.get(ctx.path_params["currency"].upper())
    if cur is None:
        raise ApiError("400100", "Currency not exists", 200)
    return cur.to_json(ctx.params.get("chain") or None)


def _usd_prices(ctx: Context) -> dict[str, Decimal]:
    market = ctx.sim.market
    key = ("usd", market.version)
    cached = ctx.sim.cache.get("usd")
    if cached is not None and cached[0] == key:
        return cached[1]
    prices: dict[str, Decimal] = {"USDT": Decimal(1)}
    specs = ctx.sim.universe.symbols
    for _ in range(2):
        for s in specs:
            if s.base not in prices and s.quote in prices:
                last = market.last_price(s.symbol)
                if last is not None:
                    prices[s.base] = last * prices[s.quote]
    ctx.sim.cache["usd"] = (key, prices)
    return prices


def fiat_prices(ctx: Context) -> dict[str, str]:
    base = (ctx.params.get("base") or "USD").upper()
    rate = FIAT.get(base)
    if rate is None:
        raise _param_error(f"Unsupported fiat [{base}]")
    wanted = [c.strip().upper() for c in ctx.params.get("currencies", "").split(",") if c.strip()]
    prices = _usd_prices(ctx)
    q = Decimal("1E-16")
    names = wanted or list(prices)
    return {c: format((prices[c] * rate).quantize(q), "f") for c in names if c in prices}


def level1(ctx: Context) -> dict[str, Any]:
    symbol = _symbol(ctx)
    market = ctx.sim.market
    st = market.state(symbol)
    assert st is not None
    pd, bd = st.spec.price_dec, st.spec.base_dec
    with market.lock:
        bid, bid_size, ask, ask_size = st.best()
        seq, last, size = st.sequence, st.last_price, st.last_size
    return {"time": ctx.now_ms, "sequence": str(seq), "price": units_to_str(last, pd),
            "size": units_to_str(size, bd),
            "bestBid": units_to_str(bid, pd) if bid is not None else None,
            "bestBidSize": units_to_str(bid_size, bd) if bid is not None else None,
            "bestAsk": units_to_str(ask, pd) if ask is not None else None,
            "bestAskSize": units_to_str(ask_size, bd) if ask is not None else None}


def _ticker_fields(t: dict[str, Any]) -> dict[str, Any]:
    return {"changeRate": t["changeRate"], "changePrice": t["changePrice"], "high": t["high"],
            "low": t["low"], "vol": t["vol"], "volValue": t["volValue"], "last": t["last"],
            "averagePrice": t["averagePrice"], "takerFeeRate": FEE_RATE, "makerFeeRate": FEE_RATE,
            "takerCoefficient": "1", "makerCoefficient": "1"}


def all_tickers(ctx: Context) -> Encoded:
    market = ctx.sim.market
    now_s = ctx.now_ms // 1000
    key = (market.version, now_s // 3600)
    cached = ctx.sim.cache.get("allTickers")
    if cached is None or cached[0] != key:
        # Per-symbol fragments, rebuilt only for symbols that changed since (a step moves ~1/8 of them).
        fragments: dict[str, tuple[tuple[int, int], bytes]] = ctx.sim.cache.setdefault("tickerItems", {})
        items = []
        for s in ctx.sim.universe.symbols:
            st = market.state(s.symbol)
            assert st is not None
            item_key = (st.version, now_s // 3600)
            frag = fragments.get(s.symbol)
            if frag is None or frag[0] != item_key:
                t = market.ticker(s.symbol, now_s)
                frag = (item_key, dumps({"symbol": s.symbol, "symbolName": s.symbol, "buy": t["buy"],
                                         "bestBidSize": t["bestBidSize"], "sell": t["sell"],
                                         "bestAskSize": t["bestAskSize"], **_ticker_fields(t)}))
                fragments[s.symbol] = frag
            items.append(frag[1])
        cached = (key, b"[" + b",".join(items) + b"]")
        ctx.sim.cache["allTickers"] = cached
    return Encoded(b'{"time":%d,"ticker":%s}' % (ctx.now_ms, cached[1]))


def stats(ctx: Context) -> dict[str, Any]:
    symbol = _symbol(ctx)
    t = ctx.sim.market.ticker(symbol, ctx.now_ms // 1000)
    return {"time": ctx.now_ms, "symbol": symbol, "buy": t["buy"], "sell": t["sell"], **_ticker_fields(t)}


def _book(ctx: Context, depth: int | None) -> dict[str, Any]:
    seq, bids, asks = ctx.sim.market.book_strings(_symbol(ctx), depth)
    return {"time": ctx.now_ms, "sequence": str(seq), "bids": bids, "asks": asks}


def level2_20(ctx: Context) -> dict[str, Any]:
    return _book(ctx, 20)


def level2_100(ctx: Context) -> dict[str, Any]:
    return _book(ctx, 100)


def level2_full(ctx: Context) -> dict[str, Any]:
    return _book(ctx, None)


def histories(ctx: Context) -> list[dict[str, Any]]:
    return ctx.sim.market.trades(_symbol(ctx), 100)


def candles(ctx: Context) -> list[list[str]]:
    symbol = ctx.params.get("symbol", "")
    ctype = ctx.params.get("type", "")
    if not symbol:
        raise _param_error("Parameter [symbol] is required")
    if not ctype:
        raise _param_error("Parameter [type] is required")
    if ctype not in CANDLE_TYPES:
        raise _param_error(f"Unsupported type [{ctype}]")
    start, end = _int_param(ctx, "startAt"), _int_param(ctx, "endAt")
    if symbol not in ctx.sim.universe.by_symbol:
        raise UNKNOWN_PAIR
    return ctx.sim.market.candles(symbol, ctype, max(0, start), max(0, end), ctx.now_ms // 1000)


def register(router: Router) -> None:
    """Spot market routes; pools/weights from openapi-spot-market.json."""
    add = router.add
    add("GET", "/api/v1/timestamp", timestamp, pool="Public", weight=3)
    add("GET", "/api/v1/status", status, pool="Public", weight=3)
    add("GET", "/api/v2/symbols", symbols, pool="Public", weight=4)
    add("GET", "/api/v2/symbols/{symbol}", symbol_detail, pool="Public", weight=4)
    add("GET", "/api/v1/markets", markets, pool="Public", weight=3)
    add("GET", "/api/v3/currencies", currencies, pool="Public", weight=3)
    add("GET", "/api/v3/currencies/{currency}", currency_detail, pool="Public", weight=3)
    add("GET", "/api/v1/prices", fiat_prices, pool="Public", weight=3)
    add("GET", "/api/v1/market/orderbook/level1", level1, pool="Public", weight=2)
    add("GET", "/api/v1/market/allTickers", all_tickers, pool="Public", weight=15)
    add("GET", "/api/v1/market/stats", stats, pool="Public", weight=15)
    add("GET", "/api/v1/market/orderbook/level2_20", level2_20, pool="Public", weight=2)
    add("GET", "/api/v1/market/orderbook/level2_100", level2_100, pool="Public", weight=2)
    add("GET", "/api/v3/market/orderbook/level2", level2_full, pool="Spot", weight=3, private=True)
    add("GET", "/api/v1/market/histories", histories, pool="Public", weight=3)
    add("GET", "/api/v1/market/candles", candles, pool="Public", weight=3)
