"""A measuring worker: one client library per process, driven by JSON lines (benchmark tooling).

Rule: each library lives in its own process, so ccxt's import (tens of MiB of objects the garbage
collector must walk) never slows our client down and vice versa; ``time.process_time()`` then counts
only that client's CPU. The simulator is another process. Protocol: one JSON request per stdin line,
one JSON reply per line on the original stdout (anything the libraries print goes to stderr).

Run: ``python benchmarks/bench_worker.py ours|ccxt``.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback
from typing import Any, Callable
from urllib.parse import urlsplit

__all__ = ["make_client", "CCXT_SPOT_ONLY", "serve"]

# ccxt options that make its load_markets ask for what ours asks for (spot symbols + currencies):
# no futures contracts, no allTickers call for fee rates.
CCXT_SPOT_ONLY: dict[str, Any] = {"fetchMarkets": {"types": ["spot"], "fetchTickersFees": False}}

SYMBOL = "BTC/USDT"
DEPTH = 20
TRADE_SYMBOL = "KCS/USDT"  # cheap base (min size 1), so thousands of resting buys fit the funded USDT


def make_client(kind: str, urls: dict[str, str], variant: str = "default", creds: dict | None = None) -> Any:
    keys = {k: creds[k] for k in ("apiKey", "secret", "password")} if creds else {}
    if kind == "ours":
        import kucoin_connector
        return kucoin_connector.Kucoin({"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                                        "enableRateLimit": False, **keys})
    import ccxt
    config: dict[str, Any] = {"enableRateLimit": False, **keys}
    if keys:
        config["options"] = {"uta": False}  # a classic account, as on the simulator (see conformance/impls.py)
    if variant == "spot-only":
        config["options"] = CCXT_SPOT_ONLY
    ex = ccxt.kucoin(config)
    api = ex.urls["api"]
    for key, url in list(api.items()):  # every entry naming a KuCoin host -> the simulator
        if isinstance(url, str) and "kucoin.com" in url:
            api[key] = urls["futures"] if key.lower().startswith("futures") else urls["spot"]
    return ex


def _count_requests(kind: str, client: Any) -> list[str] | None:
    """Install a recorder of "METHOD /path" on the client; returns the list it fills (None if impossible)."""
    seen: list[str] = []
    if kind == "ccxt":
        inner: Callable[..., Any] = client.fetch

        def fetch(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
            seen.append(f"{method} {urlsplit(url).path}")
            return inner(url, method, headers, body)

        client.fetch = fetch
        return seen
    # private, but this is a test bench, not library code; the sync face builds its transport on first use
    transport = client._http() if hasattr(client, "_http") else getattr(client, "_transport", None)
    if transport is None or not hasattr(transport, "request"):
        return None

    class Recording:
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            seen.append(f"{method} {urlsplit(url).path}")
            return transport.request(method, url, *args, **kwargs)

        def close(self) -> None:
            transport.close()

    client._transport = Recording()
    return seen


def _check_book(book: Any) -> None:
    if not (isinstance(book, dict) and book.get("bids") and book.get("asks")):
        raise RuntimeError(f"fetch_order_book returned no levels: {book!r:.300}")


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """CPU and wall time of ``fn()``. A full collection first (untimed) gives every sample the same start;
    collections triggered during ``fn`` are the client's real cost and stay counted."""
    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    result = fn()
    return time.process_time() - c0, time.perf_counter() - w0, result


class Worker:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.book_client: Any = None
        self.reload_clients: dict[str, Any] = {}
        self.trade_client: Any = None
        self.trade_price: float = 0.0
        self.resting_id: str = ""

    def op_cold(self, urls: dict[str, str], variant: str = "default") -> dict[str, Any]:
        """First load_markets of a fresh client in a fresh process (includes lazy imports, TCP connect)."""
        client = make_client(self.kind, urls, variant)
        cpu, wall, _ = _timed(client.load_markets)
        n = len(client.markets or {})
        self.reload_clients[variant] = client
        return {"cpu": cpu, "wall": wall, "markets": n,
                "spot": sum(1 for m in client.markets.values() if m.get("spot"))}

    def op_reload_setup(self, urls: dict[str, str], variant: str = "default") -> dict[str, Any]:
        if variant not in self.reload_clients:
            self.reload_clients[variant] = make_client(self.kind, urls, variant)
        self.reload_clients[variant].load_markets(True)  # warm: connection open, code paths hot
        return {"markets": len(self.reload_clients[variant].markets)}

    def op_reload(self, k: int, variant: str = "default") -> dict[str, Any]:
        client = self.reload_clients[variant]
        samples = [_timed(lambda: client.load_markets(True))[:2] for _ in range(k)]
        return {"cpu": [s[0] for s in samples], "wall": [s[1] for s in samples]}

    def op_book_setup(self, urls: dict[str, str], warmup: int) -> dict[str, Any]:
        self.book_client = make_client(self.kind, urls)
        self.book_client.load_markets()
        for _ in range(warmup):
            _check_book(self.book_client.fetch_order_book(SYMBOL, DEPTH))
        return {"ok": True}

    def op_book(self, n: int) -> dict[str, Any]:
        fetch = self.book_client.fetch_order_book
        book: Any = None

        def loop() -> None:
            nonlocal book
            for _ in range(n):
                book = fetch(SYMBOL, DEPTH)

        cpu, wall, _ = _timed(loop)
        _check_book(book)
        return {"cpu": cpu, "wall": wall, "n": n, "levels": [len(book["bids"]), len(book["asks"])]}

    # -- signed trading calls: create_order (limit, resting) and fetch_order ----------------------
    def _cancel_all(self) -> None:
        """Untimed bulk clean-up of the resting orders (cancel_all_orders, else KuCoin's endpoint)."""
        client = self.trade_client
        if client.has.get("cancelAllOrders"):
            client.cancel_all_orders(TRADE_SYMBOL)
        else:
            client.call_api("DELETE", "/api/v1/hf/orders", {"symbol": client.market_id(TRADE_SYMBOL)})

    def op_trade_setup(self, urls: dict[str, str], creds: dict, warmup: int) -> dict[str, Any]:
        client = self.trade_client = make_client(self.kind, urls, creds=creds)
        client.load_markets()
        bid = client.fetch_order_book(TRADE_SYMBOL)["bids"][0][0]
        self.trade_price = float(client.price_to_precision(TRADE_SYMBOL, float(bid) * 0.93))  # inside the 10% band
        for _ in range(max(1, warmup)):
            order = client.create_order(TRADE_SYMBOL, "limit", "buy", 1, self.trade_price)
            client.fetch_order(order["id"], TRADE_SYMBOL)
        self._cancel_all()
        self.resting_id = client.create_order(TRADE_SYMBOL, "limit", "buy", 1, self.trade_price)["id"]
        return {"ok": True}

    def op_create(self, n: int) -> dict[str, Any]:
        create, price = self.trade_client.create_order, self.trade_price
        ids: list[str] = []

        def loop() -> None:
            for _ in range(n):
                ids.append(create(TRADE_SYMBOL, "limit", "buy", 1, price)["id"])

        cpu, wall, _ = _timed(loop)
        if len(set(ids)) != n:
            raise RuntimeError(f"create_order returned {len(set(ids))} distinct ids for {n} orders")
        self._cancel_all()  # untimed; keeps the held USDT bounded between rounds
        self.resting_id = self.trade_client.create_order(TRADE_SYMBOL, "limit", "buy", 1, price)["id"]
        return {"cpu": cpu, "wall": wall, "n": n}

    def op_fetch_order(self, n: int) -> dict[str, Any]:
        fetch, oid = self.trade_client.fetch_order, self.resting_id
        order: Any = None

        def loop() -> None:
            nonlocal order
            for _ in range(n):
                order = fetch(oid, TRADE_SYMBOL)

        cpu, wall, _ = _timed(loop)
        if not (isinstance(order, dict) and order.get("id") == oid and order.get("status") == "open"):
            raise RuntimeError(f"fetch_order returned {order!r:.300}")
        return {"cpu": cpu, "wall": wall, "n": n}

    def op_count(self, book_urls: dict[str, str], market_urls: dict[str, str],
                 variant: str = "default") -> dict[str, Any]:
        """Untimed: which requests one load_markets and one fetch_order_book make."""
        client = make_client(self.kind, market_urls, variant)
        seen = _count_requests(self.kind, client)
        if seen is None:
            return {"load_markets": None, "fetch_order_book": None}
        client.load_markets()
        markets = list(seen)
        client = make_client(self.kind, book_urls, variant)
        seen = _count_requests(self.kind, client)
        assert seen is not None
        client.load_markets()
        del seen[:]
        client.fetch_order_book(SYMBOL, DEPTH)
        return {"load_markets": markets, "fetch_order_book": list(seen)}


def serve(kind: str) -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)           # stray prints from libraries must not corrupt the protocol
    sys.stdout = sys.stderr
    worker = Worker(kind)
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            break
        try:
            reply = {"ok": getattr(worker, "op_" + op)(**request)}
        except Exception as exc:  # reported to the parent, which decides whether the run can go on
            reply = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()[-3000:]}
        out.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    serve(sys.argv[1])
