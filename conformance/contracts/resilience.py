"""Contracts for resilience: retried reads, rate limits and a skewed server clock.

Layer: conformance. Rule: public interface only; faults come from the simulator's admin surface
(``kind`` status / clock_skew) or from a second simulator with tiny rate-limit quotas. KuCoin facts
(kucoin.md): 429000 means the gateway refused the request before executing it, so waiting for the
window reset and retrying is safe; private requests outside +-5 s of server time get 400002.
"""
from __future__ import annotations

from .check import expect, short
from .env import Env
from .order_book import check_shape
from .registry import contract

__all__: list[str] = []


@contract("resilience", "a read answered 503 once is retried and succeeds")
def check_retry_503(env: Env) -> None:
    ex = env.client()
    mark = env.mark()
    with env.faults({"path": "/api/v1/market/stats", "kind": "status", "status": 503, "count": 1}):
        ticker = ex.fetch_ticker("BTC/USDT")
    expect(ticker["symbol"] == "BTC/USDT", f"fetch_ticker after a 503 returned {short(ticker)}")
    hits = [p for _, p in env.requests_since(mark) if p.startswith("/api/v1/market/stats")]
    expect(len(hits) == 2, f"expected the 503 and one retry on /api/v1/market/stats, saw {len(hits)} requests")


@contract("resilience", "past a tiny rate-limit quota (429000) the client waits and every call succeeds")
def check_rate_limit(env: Env) -> None:
    quota, calls = 20, 12  # Public pool weight 20 per 1 s window; fetch_time weighs 3 (spec)
    with env.other_sim(quotas={"Public": quota}, window_ms=1000, symbols=20) as sim:
        ex = env.fresh(urls={"spot": sim.spot_url, "futures": sim.futures_url})
        ex.load_markets()
        stamps = [ex.fetch_time() for _ in range(calls)]
        expect(all(isinstance(t, int) for t in stamps), f"fetch_time results {short(stamps)}")
        sent = [p for _, p in sim.request_log if p.startswith("/api/v1/timestamp")]
        expect(len(sent) >= calls, f"only {len(sent)} time requests reached the simulator for {calls} calls")


@contract("resilience", "a private call still succeeds when the server clock is 60 s ahead of the client's")
def check_clock_skew(env: Env) -> None:
    ex = env.fresh(private=True)
    ex.load_markets()
    skew = [{"path": path, "kind": "clock_skew", "seconds": 60, "count": 10}
            for path in ("/api/v1/timestamp", "/api/v3/market/orderbook/level2")]
    with env.faults(*skew):
        book = ex.fetch_order_book("BTC/USDT")
    check_shape(book, "BTC/USDT")
    expect(book["bids"] and book["asks"], "the full book came back empty")
