"""Futures order-book benchmark: level-2 updates applied per second, this project's book against ccxt.pro's.

Run: ``python benchmarks/bench_orderbook_futures.py [--messages 200000] [--repeat 3] [--seed 1]``
(``pip install -e '.[parity]'`` brings ccxt). The same raw-message method as the spot benchmark
(``bench_orderbook.py``), over a seeded stream of KuCoin Futures ``/contractMarket/level2`` messages
(https://www.kucoin.com/docs-new/3470082w0: one ``change`` ``"price,side,size"`` per message, sizes in
whole contracts, the ``sequence`` stepping by exactly 1) on top of a 100-level snapshot, about a fifth of the
changes deletions:

* ours: the raw JSON *text* of each message through
  :func:`kucoin_connector.streaming.session.decode_message`, then
  :meth:`kucoin_connector.futures.l2.FuturesBook.on_delta` (the continuity check and exact ``Decimal``
  application); all timed;
* ccxt.pro: its own ``OrderBook`` inside a real ``ccxt.pro.kucoinfutures`` object, each already *decoded*
  message handed to the exchange's level-2 handler (``handle_order_book``) with a stand-in client; a
  second row adds JSON decoding for a like-for-like pipeline.

Both books are compared level by level after each run; the table is printed only when they agree. Target
(issue 9): at least 5x ccxt.pro's updates per second, as for spot. Numbers are medians.
"""
from __future__ import annotations

import json
import pathlib
import random
import sys
from decimal import Decimal
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_orderbook import measure, time_book, time_ccxt  # noqa: E402  (the spot benchmark's helpers and measuring loop)

SYMBOL_ID = "XBTUSDTM"
START_SEQ = 1709400450000


def stream(n: int, seed: int = 1) -> tuple[dict[str, Any], list[str]]:
    """A 100-level snapshot (decimal strings, as the REST snapshot reads) and ``n`` contiguous messages."""
    rng = random.Random(seed)
    tick = Decimal("0.1")
    mid = Decimal("90631.2")
    bids = {mid - tick * (i + 1): rng.randint(1, 5000) for i in range(100)}
    asks = {mid + tick * i: rng.randint(1, 5000) for i in range(100)}
    snapshot = {"sequence": START_SEQ, "ts": 1731897467182000000,
                "bids": [[format(p, "f"), str(s)] for p, s in sorted(bids.items(), reverse=True)],
                "asks": [[format(p, "f"), str(s)] for p, s in sorted(asks.items())]}
    texts = []
    for i in range(n):
        seq = START_SEQ + 1 + i
        side = rng.choice(("buy", "sell"))
        offset = tick * rng.randint(0, 60)
        price = mid + offset if side == "sell" else mid - tick - offset
        size = 0 if rng.random() < 0.2 else rng.randint(1, 5000)
        texts.append(json.dumps({"topic": f"/contractMarket/level2:{SYMBOL_ID}", "type": "message",
                                 "subject": "level2", "sn": seq,
                                 "data": {"sequence": seq, "change": f"{format(price, 'f')},{side},{size}",
                                          "timestamp": 1731897467200 + i}}, separators=(",", ":")))
    return snapshot, texts


def run_ours(snapshot: dict, texts: list[str]) -> tuple[float, Any]:
    from kucoin_connector.futures.l2 import FuturesBook

    return time_book(FuturesBook(SYMBOL_ID), snapshot, texts)


def _ccxt_exchange(snapshot: dict) -> tuple[Any, str]:
    import ccxt.pro

    ex = ccxt.pro.kucoinfutures()
    symbol = ex.safe_symbol(SYMBOL_ID, None, "-")  # the key its handler files the book under (no markets)
    ex.orderbooks[symbol] = ex.order_book({"bids": [[float(p), float(s)] for p, s in snapshot["bids"]],
                                           "asks": [[float(p), float(s)] for p, s in snapshot["asks"]],
                                           "nonce": snapshot["sequence"], "timestamp": snapshot["ts"] // 10 ** 6,
                                           "symbol": symbol})
    return ex, symbol


def run_ccxt(snapshot: dict, texts: list[str], decode: bool) -> tuple[float, Any]:
    return time_ccxt(*_ccxt_exchange(snapshot), texts, decode)


def main(argv: list[str] | None = None) -> int:
    return measure(argv, __doc__.splitlines()[0], stream, run_ours, run_ccxt, "bench_orderbook_futures.py",
                   "futures level-2 messages (~{size:.0f} bytes, one change each)", "futures updates applied/s")


if __name__ == "__main__":
    sys.exit(main())
