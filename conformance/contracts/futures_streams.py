"""Contracts for futures WebSocket books: a streamed contract book equals the exchange's through faults.

Layer: conformance. Rule: the implementation is its asyncio futures client (the futures factory's
``async_factory`` attribute, else the built-in pairs below: ``kucoin_connector.AsyncKucoinFutures``,
``ccxt.pro.kucoinfutures``) used only through ``await ex.watch_order_book(symbol[, limit])`` and
``await ex.close()``; a contract needs that client's ``has["watchOrderBook"]`` (requirement
``stream:futures:watchOrderBook``, see ``Env.stream_has``). Ground truth is the futures host's own full
snapshot (``GET /api/v1/level2/snapshot``, read with the standard library) of a paused simulator, taken
at a quiet moment (nothing moves between two ``step`` calls), and the simulator's public object (``step``,
``add_fault`` with a ``stream``, ``expire_tokens``, ``request_log``).

As for spot (``streams.py``), the book contracts run on a second paused simulator with a short ping
timeout; a streamed book is judged when its ``nonce`` reaches the true sequence: its top levels equal the
true book's and every level it holds has the true size (a skipped change anywhere shows as a stale level).
The simulator refuses a bullet token of the spot host on the futures endpoint (KuCoin's "token is
invalid"), so a reconnect that converges after every token expired took a fresh futures token.

KuCoin facts: ``/contractMarket/level2:{symbol}`` (https://www.kucoin.com/docs-new/3470082w0) carries one
change per push and its sequence steps by 1 from the REST snapshot's; ``/contractMarket/level2Depth5|50``
(https://www.kucoin.com/docs-new/3470083w0, 3470097w0) push the top 5/50 levels whole; futures tokens come
from the futures host's ``POST /api/v1/bullet-public`` (kucoin.md, "WebSocket (classic)").
"""
from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from typing import Any, Awaitable, Callable

from .check import expect, short
from .env import ASYNC_FACES, Env
from .futureskit import INVERSE, LINEAR
from .registry import ContractFailure, contract
from .streams import WAIT_S, _applied, _bullets, _pending_faults, _stream_sim, judge_book, run_client

__all__ = ["futures_async_factory", "true_book", "MARKET_IDS"]

MARKET_IDS = {LINEAR: "XBTUSDTM", INVERSE: "XBTUSDM"}
L2 = "/contractMarket/level2"
WATCH = ("stream:futures:watchOrderBook",)
NUDGE_S = 1.0  # a watch pending this long gets a market change
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# -- the asyncio futures face -------------------------------------------------------------------------
def _connector_async(urls: dict, credentials: dict) -> Any:
    from kucoin_connector import AsyncKucoinFutures

    return AsyncKucoinFutures({"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                               "options": {"numbers": "float"}})


def _ccxt_pro(urls: dict, credentials: dict) -> Any:
    from .. import impls

    return impls.ccxt_exchange("kucoinfutures", urls, {}, pro=True)


def futures_async_factory(env: Env) -> Callable[[dict, dict], Any]:
    """The asyncio counterpart of the futures factory (its ``async_factory`` attribute, else a built-in)."""
    futures = env.family_factory("futures")
    explicit = getattr(futures, "async_factory", None)
    if callable(explicit):
        return explicit
    from .. import impls

    builtin = {impls.kucoin_connector_futures_factory: _connector_async, impls.ccxt_futures_factory: _ccxt_pro}
    if futures in builtin:
        return builtin[futures]
    raise RuntimeError("the futures factory has no `async_factory` attribute: no asyncio client to watch with")


ASYNC_FACES["futures"] = futures_async_factory


def _run(env: Env, sim: Any, body: Callable[[Any], Awaitable[None]]) -> None:
    run_client(futures_async_factory(env), sim, body, {})


# -- the exchange's book ------------------------------------------------------------------------------
def true_book(sim: Any, market_id: str) -> dict:
    """The futures host's full snapshot: ``{"sequence", "bids", "asks"}`` (the paused market's truth)."""
    url = sim.futures_url + "/api/v1/level2/snapshot?" + urllib.parse.urlencode({"symbol": market_id})
    with _OPENER.open(urllib.request.Request(url, method="GET"), timeout=10) as resp:
        envelope = json.loads(resp.read().decode("utf-8"))
    if envelope.get("code") != "200000":
        raise RuntimeError(f"the simulator answered the snapshot of {market_id} with {envelope!r}")
    data = envelope["data"]
    return {"sequence": int(data["sequence"]), "bids": data["bids"], "asks": data["asks"]}


def step_changed(sim: Any, market_id: str, limit: int = 200) -> None:
    """Step the paused market until the contract's book changed (not every step moves every contract)."""
    before = true_book(sim, market_id)["sequence"]
    for _ in range(limit):
        sim.step(1)
        if true_book(sim, market_id)["sequence"] != before:
            return
    raise RuntimeError(f"{market_id} did not move in {limit} steps")


# -- judging a streamed contract book -----------------------------------------------------------------
async def converge(ex: Any, sim: Any, symbol: str, what: str, limit: int | None = None) -> dict:
    """Await updates until the book's nonce reaches the true sequence; judge it then (with ``limit``: the
    book holds at most ``limit`` levels a side, the true top ``limit``). A watch that stays pending for
    :data:`NUDGE_S` gets a change of the market (ccxt.pro returns a new book only on an update, ours
    returns the synchronised book at once); at most :data:`WAIT_S` without an update, twice that in all."""
    market_id = MARKET_IDS[symbol]
    truth = true_book(sim, market_id)
    last: int | None = None
    pending: asyncio.Future | None = None
    idle = 0.0
    deadline = asyncio.get_running_loop().time() + 2 * WAIT_S
    while True:
        if asyncio.get_running_loop().time() > deadline:
            if pending is not None:
                pending.cancel()
            raise ContractFailure(f"{what}: the book never reached the true sequence {truth['sequence']} in "
                                  f"{2 * WAIT_S} s (last nonce {last})")
        pending = pending or asyncio.ensure_future(ex.watch_order_book(symbol, limit))
        done, _ = await asyncio.wait({pending}, timeout=NUDGE_S)
        if not done:
            idle += NUDGE_S
            if idle >= WAIT_S:
                pending.cancel()
                raise ContractFailure(f"{what}: watch_order_book({symbol!r}, {limit}) gave no update within "
                                      f"{WAIT_S} s (last nonce {last}, true sequence {truth['sequence']})")
            step_changed(sim, market_id)
            truth = true_book(sim, market_id)
            continue
        book, pending, idle = pending.result(), None, 0.0
        nonce, target = book.get("nonce"), truth["sequence"]
        expect(isinstance(nonce, int) and not isinstance(nonce, bool), f"{what}: nonce {short(nonce)} is not an int")
        expect(last is None or nonce >= last, f"{what}: nonce went back from {last} to {nonce}")
        expect(nonce <= target, f"{what}: nonce {nonce} is past the true sequence {target} (paused market)")
        last = nonce
        if nonce == target:
            expect(book.get("symbol") == symbol, f"{what}: the book is for {book.get('symbol')!r}, not {symbol!r}")
            if limit is not None:
                for side in ("bids", "asks"):
                    expect(len(book[side]) <= limit, f"{what}: {len(book[side])} {side} for a limit of {limit}")
            judge_book(book, truth, what, limit or 20)
            return book


async def step_and_converge(ex: Any, sim: Any, symbol: str, what: str, steps: int = 1,
                            limit: int | None = None) -> dict:
    book: dict = {}
    for index in range(steps):
        step_changed(sim, MARKET_IDS[symbol])
        book = await converge(ex, sim, symbol, f"{what} (step {index + 1})", limit)
    return book


def _after_fault(env: Env, symbol: str, spec: dict, what: str, reconnects: bool = True,
                 before: Callable[[Any], None] | None = None) -> None:
    """Sync, inject ``spec``, move the market; the book must converge, with a new token when it reconnects
    (a skipped push needs a step to happen; a connection fault is applied by the server's timer)."""
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            first = await step_and_converge(ex, sim, symbol, f"{symbol} before the fault", 2)
            mark = len(sim.request_log)
            if before is not None:
                before(sim)
            fault_id = sim.add_fault(spec)
            if spec["kind"] == "skip_sequence":  # the next pushes of the contract's changes are skipped
                for _ in range(20):
                    step_changed(sim, MARKET_IDS[symbol])
                    if all(f.get("id") != fault_id for f in _pending_faults(sim)):
                        break
            await _applied(sim, fault_id, f"{symbol} {what}")
            book = await step_and_converge(ex, sim, symbol, f"{symbol} {what}", 3)
            if reconnects:
                expect(_bullets(sim, mark) >= 1, f"{symbol} {what}: the client never asked for a fresh bullet token")
            if "resyncs" in first:  # the connector's extension: the consumer is told it resynchronised
                expect(book["resyncs"] > first["resyncs"], f"{symbol} {what}: resyncs stayed {book['resyncs']}")
        _run(env, sim, body)


# -- contracts ----------------------------------------------------------------------------------------
@contract("futures streams", "watch_order_book on the linear and the inverse perpetual equals the exchange's "
          "full snapshot, and stays equal as the market moves (every change applied once, in order)",
          requires=WATCH)
def check_book_truth(env: Env) -> None:
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            for symbol in (LINEAR, INVERSE):
                await converge(ex, sim, symbol, f"{symbol} first book")
                await step_and_converge(ex, sim, symbol, f"{symbol} moving book", 5)
        _run(env, sim, body)


@contract("futures streams", "after a gap in /contractMarket/level2 (three skipped pushes) the contract book "
          "resyncs and equals the exchange's (linear and inverse)", requires=WATCH)
def check_book_after_gap(env: Env) -> None:
    for symbol in (LINEAR, INVERSE):
        _after_fault(env, symbol, {"stream": f"{L2}:{MARKET_IDS[symbol]}", "kind": "skip_sequence", "count": 3},
                     "after a gap", reconnects=False)


@contract("futures streams", "after the connection drops the client reconnects with a fresh futures token, "
          "resubscribes and the contract book equals the exchange's", requires=WATCH)
def check_book_after_drop(env: Env) -> None:
    _after_fault(env, LINEAR, {"stream": L2, "kind": "drop_connection", "count": 1}, "after a dropped connection")


@contract("futures streams", "after every token expires and the connection drops, the reconnect fetches a new "
          "futures token, succeeds, and the contract book equals the exchange's", requires=WATCH)
def check_book_after_token_expiry(env: Env) -> None:
    _after_fault(env, INVERSE, {"stream": L2, "kind": "drop_connection", "count": 1}, "after token expiry",
                 before=lambda sim: sim.expire_tokens())


@contract("futures streams", "a depth-limited watch_order_book (limit 5 and 50) holds at most that many levels "
          "a side and equals the top of the exchange's book as the market moves", requires=WATCH)
def check_depth_limited(env: Env) -> None:
    with _stream_sim(env) as sim:
        for limit in (5, 50):  # a client per limit: the contract is the depth, not switching it on one symbol
            async def body(ex: Any, limit: int = limit) -> None:
                await converge(ex, sim, LINEAR, f"limit {limit} first book", limit)
                await step_and_converge(ex, sim, LINEAR, f"limit {limit} moving book", 3, limit)
            _run(env, sim, body)

