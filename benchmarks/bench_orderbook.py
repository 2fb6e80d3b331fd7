"""Order-book benchmark: level-2 updates applied per second, this project's book against ccxt.pro's.

Run: ``python benchmarks/bench_orderbook.py [--messages 200000] [--repeat 3] [--seed 1]``
(``pip install -e '.[parity]'`` brings ccxt). One run, side by side, rounds alternating ours/theirs, over
the same seeded stream of KuCoin ``/market/level2`` messages
(https://www.kucoin.com/docs-new/websocket-api/spot-trading/public-channels/orderbook-increment:
``sequenceStart``/``sequenceEnd``, ``changes`` ``{asks, bids: [[price, size, sequence]]}``) on top of a
100-level snapshot, contiguous sequences, 1 to 3 changes per message, about a fifth of them deletions:

* ours: the raw JSON *text* of each message through the functions the stream path runs on it:
  :func:`kucoin_connector.streaming.session.decode_message` (what ``KucoinSession.receive`` decodes
  every server message with), then :meth:`kucoin_connector.spot.l2.L2Book.on_delta` (what
  ``StreamState`` feeds a ``/market/level2`` push to): decoding, continuity check and exact ``Decimal``
  application are all timed;
* ccxt.pro: its own ``OrderBook`` (``ccxt.async_support.base.ws.order_book``) inside a real
  ``ccxt.pro.kucoin`` object, each already *decoded* message handed to the exchange's own level-2
  handler (``handle_order_book``: its nonce check, then float parsing into the book sides), with a
  stand-in client whose ``resolve`` does nothing. JSON decoding is not timed for ccxt (generous to
  ccxt); a second row adds it for a like-for-like pipeline.

After each run both books are compared level by level (as floats): the table is printed only when
they agree. Target (issue 4): at least 5x ccxt.pro's updates per second. Numbers are medians.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from typing import Any, Callable

SYMBOL_ID, SYMBOL = "BTC-USDT", "BTC/USDT"
START_SEQ = 14610500000


def stream(n: int, seed: int = 1) -> tuple[dict[str, Any], list[str]]:
    """A 100-level snapshot and ``n`` contiguous level-2 message texts over it (seeded)."""
    rng = random.Random(seed)
    tick = Decimal("0.1")
    mid = Decimal("67269.5")
    bids = {mid - tick * (i + 1): Decimal(rng.randint(1, 500000)) / 10000 for i in range(100)}
    asks = {mid + tick * i: Decimal(rng.randint(1, 500000)) / 10000 for i in range(100)}
    snapshot = {"sequence": str(START_SEQ), "time": 1729761416000,
                "bids": [[format(p, "f"), format(s, "f")] for p, s in sorted(bids.items(), reverse=True)],
                "asks": [[format(p, "f"), format(s, "f")] for p, s in sorted(asks.items())]}
    seq = START_SEQ
    texts = []
    for i in range(n):
        start = seq + 1
        changes: dict[str, list[list[str]]] = {"asks": [], "bids": []}
        for _ in range(rng.choice((1, 1, 2, 3))):
            seq += 1
            side = rng.choice(("asks", "bids"))
            offset = tick * rng.randint(0, 60)
            price = mid + offset if side == "asks" else mid - tick - offset
            size = "0" if rng.random() < 0.2 else format(Decimal(rng.randint(1, 500000)) / 10000, "f")
            changes[side].append([format(price, "f"), size, str(seq)])
        texts.append(json.dumps({"topic": f"/market/level2:{SYMBOL_ID}", "type": "message",
                                 "subject": "trade.l2update",
                                 "data": {"changes": changes, "sequenceEnd": seq, "sequenceStart": start,
                                          "symbol": SYMBOL_ID, "time": 1729761416366 + i}},
                                separators=(",", ":")))
    return snapshot, texts


def run_ours(snapshot: dict, texts: list[str]) -> tuple[float, Any]:
    from kucoin_connector.spot.l2 import L2Book

    return time_book(L2Book(SYMBOL_ID), snapshot, texts)


def time_book(book: Any, snapshot: dict, texts: list[str]) -> tuple[float, Any]:
    """Our pipeline, timed: each message's JSON text decoded and applied to ``book`` (synced on ``snapshot``
    first, untimed); every message must apply. Any family's book (spot ``L2Book``, futures ``FuturesBook``)."""
    from kucoin_connector.streaming.book import APPLIED
    from kucoin_connector.streaming.session import decode_message

    book.on_snapshot(snapshot)
    loads, on_delta = decode_message, book.on_delta
    start = time.perf_counter()
    for text in texts:
        if on_delta(loads(text)["data"]) != APPLIED:
            raise AssertionError("a contiguous message was not applied")
    return time.perf_counter() - start, book


class _Client:
    """What ccxt.pro's handler touches on its WebSocket client when the book is synchronised."""

    subscriptions: dict = {}

    def resolve(self, result: Any, message_hash: str) -> None:
        pass


def _ccxt_exchange(snapshot: dict) -> Any:
    import ccxt.pro

    ex = ccxt.pro.kucoin()
    book = ex.order_book({"bids": [[float(p), float(s)] for p, s in snapshot["bids"]],
                          "asks": [[float(p), float(s)] for p, s in snapshot["asks"]],
                          "nonce": int(snapshot["sequence"]), "timestamp": snapshot["time"], "symbol": SYMBOL})
    ex.orderbooks[SYMBOL] = book
    return ex


def run_ccxt(snapshot: dict, texts: list[str], decode: bool) -> tuple[float, Any]:
    return time_ccxt(_ccxt_exchange(snapshot), SYMBOL, texts, decode)


def time_ccxt(ex: Any, symbol: str, texts: list[str], decode: bool) -> tuple[float, Any]:
    """ccxt.pro's pipeline, timed: each message (decoded beforehand, untimed, unless ``decode``) handed to
    ``ex``'s level-2 handler; returns the time and its book of ``symbol``."""
    client, handle = _Client(), ex.handle_order_book
    if decode:
        loads = json.loads
        start = time.perf_counter()
        for text in texts:
            handle(client, loads(text))
        return time.perf_counter() - start, ex.orderbooks[symbol]
    messages = [json.loads(t) for t in texts]
    start = time.perf_counter()
    for message in messages:
        handle(client, message)
    return time.perf_counter() - start, ex.orderbooks[symbol]


def books_agree(ours: Any, theirs: Any) -> bool:
    """Same levels (floats), same nonce."""
    bids, asks = ours.sides()
    mine = ([[float(p), float(s)] for p, s in bids], [[float(p), float(s)] for p, s in asks])
    return (mine[0] == [list(x[:2]) for x in theirs["bids"]] and mine[1] == [list(x[:2]) for x in theirs["asks"]]
            and ours.sequence == theirs["nonce"])


def measure(argv: list[str] | None, description: str, stream: Callable[[int, int], tuple[dict, list[str]]],
            run_ours: Callable[..., tuple[float, Any]], run_ccxt: Callable[..., tuple[float, Any]],
            script: str, messages: str, label: str) -> int:
    """The measuring loop both order-book benchmarks share: parse ``--messages/--repeat/--seed``, build the
    seeded ``stream``, time ``run_ours`` and (when ccxt is installed) ``run_ccxt`` in alternating rounds,
    check the two books agree after every round, and print the table. ``messages`` describes one message
    in the header (``{size}`` is its mean length), ``label`` names the metric in the rows. Returns the
    exit status (1 when the books disagree: the comparison is void)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--messages", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    try:
        import ccxt
        theirs_version: str | None = ccxt.__version__
    except ImportError:
        theirs_version = None
    snapshot, texts = stream(args.messages, args.seed)
    n = len(texts)
    ours: list[float] = []
    theirs: list[float] = []
    theirs_decoding: list[float] = []
    for _ in range(args.repeat):
        elapsed, book = run_ours(snapshot, texts)
        ours.append(elapsed)
        if theirs_version:
            elapsed, their_book = run_ccxt(snapshot, texts, decode=False)
            theirs.append(elapsed)
            if not books_agree(book, their_book):
                print("the two books disagree after the run: the comparison is void", file=sys.stderr)
                return 1
            theirs_decoding.append(run_ccxt(snapshot, texts, decode=True)[0])

    def rate(samples: list[float]) -> float:
        return statistics.median(n / s for s in samples)

    size = statistics.mean(len(t) for t in texts[:1000])
    print(f"Python {platform.python_version()} · ccxt {theirs_version or 'not installed'} · "
          f"{os.cpu_count()} cores · {n} {messages.format(size=size)} on a 100-level book · "
          f"median of {args.repeat}")
    print(f"Command: `python benchmarks/{script} --messages {n} --repeat {args.repeat}`\n")
    print("| metric | kucoin-connector | ccxt.pro | ratio | target | met? |")
    print("|---|---:|---:|---:|---|---|")
    if theirs:
        r = rate(ours) / rate(theirs)
        print(f"| {label} (ours from JSON text; ccxt.pro from decoded dicts) | {rate(ours):,.0f} | "
              f"{rate(theirs):,.0f} | {r:.2f}x | >= 5x | {'yes' if r >= 5 else 'no'} |")
        r2 = rate(ours) / rate(theirs_decoding)
        print(f"| {label}, both from JSON text | {rate(ours):,.0f} | {rate(theirs_decoding):,.0f} | "
              f"{r2:.2f}x | — | — |")
        us_ours, us_theirs = statistics.median(ours) / n * 1e6, statistics.median(theirs) / n * 1e6
        print(f"| µs per update | {us_ours:.2f} | {us_theirs:.2f} | — | — | — |")
    else:
        print(f"| {label} | {rate(ours):,.0f} | not installed | — | >= 5x | — |")
    print("\nBoth books agree level by level after every run." if theirs else "")
    return 0


def main(argv: list[str] | None = None) -> int:
    return measure(argv, __doc__.splitlines()[0], stream, run_ours, run_ccxt, "bench_orderbook.py",
                   "level-2 messages (~{size:.0f} bytes, 1-3 changes each)", "updates applied/s")


if __name__ == "__main__":
    sys.exit(main())
