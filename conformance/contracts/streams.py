"""Contracts for WebSocket streams (issue 4, section 4): streamed books equal the true book through faults.

Layer: conformance. Rule: the implementation is used only through ccxt.pro's asyncio interface
(``await ex.watch_order_book(symbol)``, ``await ex.watch_orders(symbol)``, ``await ex.close()``) and
its REST unified interface; ground truth is the simulator's public object (``book``, ``step``,
``add_fault`` with a ``stream``, ``expire_tokens``, ``request_log``). The asyncio client comes from the
factory's ``async_factory`` attribute (same signature as the factory), or from the built-in pairs below
(``kucoin_connector.AsyncKucoin``, ``ccxt.pro.kucoin``). A contract needs ``has["watchOrderBook"]``
(or ``watchOrders``): an implementation without streams is reported "not supported".

The book contracts run on a second, paused simulator with a short ``pingInterval``/``pingTimeout``
(so a stall is detected in about a second). The market moves only through ``step``; every step
changes BTC-USDT's book, so "the next update" always comes. A streamed book is judged at the moment its
``nonce`` reaches the true sequence: its top levels equal the true book's and every level it holds has
the true size (a skipped delta anywhere shows as a stale level). KuCoin facts: kucoin.md "Level-2 order
book synchronisation" and
https://www.kucoin.com/docs-new/websocket-api/spot-trading/public-channels/orderbook-increment;
tokens: https://www.kucoin.com/docs-new/websocket-api/base-info/get-public-token-spot-margin.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import urllib.request
from decimal import Decimal
from typing import Any, Awaitable, Callable

from .check import expect, num, short
from .env import Env
from .registry import ContractFailure, contract
from .tradekit import TRADING, exchange_cancel, fill, place_resting, quietly_cancel

__all__ = ["async_factory", "STREAM_SIM"]

SYMBOL, MARKET_ID = "BTC/USDT", "BTC-USDT"
DEPTH = 20  # within the public top-100 snapshot an implementation without keys starts from
WAIT_S = 10.0  # per awaited update; generous, the paused market makes it deterministic
RUN_S = 90.0  # whole contract
STREAM_SIM: dict[str, Any] = {"ws_ping_interval_ms": 1000, "ws_ping_timeout_ms": 2000, "symbols": 20}
BULLET = "/api/v1/bullet-"
L2 = "/market/level2"


# -- the asyncio face ---------------------------------------------------------------------------------
def _connector_async(urls: dict, credentials: dict) -> Any:
    from kucoin_connector import AsyncKucoin

    config: dict[str, Any] = {"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                              "options": {"numbers": "float"}}
    if credentials:
        config.update(apiKey=credentials["apiKey"], secret=credentials["secret"], password=credentials["password"])
        if credentials.get("keyVersion") is not None:
            config["options"]["keyVersion"] = int(credentials["keyVersion"])
    return AsyncKucoin(config)


def _ccxt_pro(urls: dict, credentials: dict) -> Any:
    from .. import impls

    return impls.ccxt_exchange("kucoin", urls, credentials, pro=True)


def async_factory(env: Env) -> Callable[[dict, dict], Any]:
    """The asyncio counterpart of ``env.factory`` (its ``async_factory`` attribute, else a built-in)."""
    explicit = getattr(env.factory, "async_factory", None)
    if callable(explicit):
        return explicit
    from .. import impls

    builtin = {impls.kucoin_connector_factory: _connector_async, impls.ccxt_factory: _ccxt_pro}
    if env.factory in builtin:
        return builtin[env.factory]
    raise RuntimeError("the factory has no `async_factory` attribute: no asyncio client to watch streams with")


def _run(env: Env, sim: Any, body: Callable[[Any], Awaitable[None]], private: bool = False,
         credentials: dict | None = None) -> None:
    """Run ``body(ex)`` with a fresh asyncio client on ``sim`` in a new event loop, closing it after."""
    creds = credentials if credentials is not None else (env.credentials() if private else {})
    run_client(async_factory(env), sim, body, creds)


def run_client(make: Callable[[dict, dict], Any], sim: Any, body: Callable[[Any], Awaitable[None]],
               credentials: dict) -> None:
    """``body(ex)`` on a client ``make`` builds for ``sim`` (any family's asyncio factory), in a new event
    loop, bounded by ``RUN_S``; the client is closed after."""
    async def main() -> None:
        ex = make({"spot": sim.spot_url, "futures": sim.futures_url}, dict(credentials))
        try:
            await asyncio.wait_for(body(ex), RUN_S)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ex.close(), 5)

    asyncio.run(main())


# -- judging a streamed book --------------------------------------------------------------------------
def _levels(rows: Any, what: str) -> list[tuple[Decimal, Decimal]]:
    expect(isinstance(rows, list), f"{what} is {type(rows).__name__}, not a list")
    return [(num(r[0]), num(r[1])) for r in rows]


def judge_book(book: dict, truth: dict, what: str, depth: int = DEPTH) -> None:
    """``book`` equals ``truth`` (a ``sim.book()``): nonce, the top ``depth`` levels, every held level."""
    expect(book.get("nonce") == int(truth["sequence"]),
           f"{what}: nonce {book.get('nonce')!r} != the true sequence {truth['sequence']}")
    for side in ("bids", "asks"):
        got = _levels(book[side], f"{what} {side}")
        want = [(num(p), num(s)) for p, s in truth[side]]
        expect(got[:depth] == want[:depth], f"{what} {side}: top {depth} {short(got[:3])}... differ from the true "
                                            f"{short(want[:3])}...")
        true_size = dict(want)
        stale = [(p, s) for p, s in got if true_size.get(p) != s]
        expect(not stale, f"{what} {side}: levels {short(stale[:3])} are not in the true book (true sizes "
                          f"{short([true_size.get(p) for p, _ in stale[:3]])}): an update was skipped or misapplied")


async def _watch(ex: Any, symbol: str, what: str) -> dict:
    try:
        return await asyncio.wait_for(ex.watch_order_book(symbol), WAIT_S)
    except asyncio.TimeoutError:
        raise ContractFailure(f"{what}: watch_order_book({symbol!r}) gave no update within {WAIT_S} s") from None


async def converge(ex: Any, sim: Any, symbol: str, what: str, seen: list[int] | None = None) -> dict:
    """Await updates until the book's nonce reaches the true sequence; judge it then. ``seen`` collects
    the nonces observed (they must never go back: an old update applied again)."""
    market_id = symbol.replace("/", "-")
    target = int(sim.book(market_id)["sequence"])
    while True:
        book = await _watch(ex, symbol, what)
        nonce = book.get("nonce")
        expect(isinstance(nonce, int) and not isinstance(nonce, bool), f"{what}: nonce {short(nonce)} is not an int")
        if seen is not None:
            if seen:
                expect(nonce >= seen[-1], f"{what}: nonce went back from {seen[-1]} to {nonce}")
            seen.append(nonce)
        expect(nonce <= target, f"{what}: nonce {nonce} is past the true sequence {target} (paused market)")
        if nonce == target:
            judge_book(book, sim.book(market_id), what)
            return book


async def step_and_converge(ex: Any, sim: Any, symbol: str, what: str, steps: int = 1,
                            seen: list[int] | None = None) -> dict:
    book: dict = {}
    for index in range(steps):
        sim.step(1)
        book = await converge(ex, sim, symbol, f"{what} (step {index + 1})", seen)
    return book


def _bullets(sim: Any, since: int) -> int:
    return sum(1 for method, path in sim.request_log[since:] if method == "POST" and path.startswith(BULLET))


@contextlib.contextmanager
def _stream_sim(env: Env):
    with env.other_sim(**STREAM_SIM) as sim:
        try:
            yield sim
        finally:
            sim.clear_faults()


WATCH = ("watchOrderBook",)


# -- contracts ----------------------------------------------------------------------------------------
@contract("streams", "watch_order_book returns the whole book: equal to the true book, and it stays equal "
          "as the market moves (every update applied once, in order)", requires=WATCH)
def check_book_truth(env: Env) -> None:
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            seen: list[int] = []
            await converge(ex, sim, SYMBOL, "first book", seen)
            await step_and_converge(ex, sim, SYMBOL, "moving book", 8, seen)
        _run(env, sim, body)


def _pending_faults(sim: Any) -> list[dict]:
    """The simulator's pending faults (``GET /_sim/faults``, its admin surface)."""
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sim.spot_url + "/_sim/faults",
                                                                         timeout=10) as resp:
        return list(json.loads(resp.read().decode("utf-8")).get("data") or [])


async def _applied(sim: Any, fault_id: str, what: str) -> None:
    """Wait until the simulator consumed the fault (a push skipped, a connection dropped or stalled)."""
    gone = await _eventually(lambda: all(f.get("id") != fault_id for f in _pending_faults(sim)))
    expect(gone, f"{what}: the simulator never applied the fault {fault_id} (is the client subscribed?)")


def _after_fault(env: Env, spec: dict, what: str, steps_after: int = 3, reconnects: bool = True,
                 before: Callable[[Any], None] | None = None) -> None:
    """Sync, inject ``spec``, move the market; the book must converge, with a new token when it reconnects.
    A skipped push needs a step to happen; a connection fault is applied by the server's timer, and the
    contract waits for it before moving the market, so every update is either before or after it."""
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            seen: list[int] = []
            first = await step_and_converge(ex, sim, SYMBOL, "before the fault", 2, seen)
            mark = len(sim.request_log)
            if before is not None:
                before(sim)
            fault_id = sim.add_fault(spec)
            if spec["kind"] == "skip_sequence":
                sim.step(1)  # this step's push is the one skipped
            await _applied(sim, fault_id, what)
            book = await step_and_converge(ex, sim, SYMBOL, what, steps_after)
            if reconnects:
                expect(_bullets(sim, mark) >= 1, f"{what}: the client never asked for a fresh bullet token")
            if "resyncs" in first:  # the connector's extension: the consumer is told it resynchronised
                expect(book["resyncs"] > first["resyncs"], f"{what}: resyncs stayed {book['resyncs']}")
        _run(env, sim, body)


@contract("streams", "after a gap in /market/level2 (a skipped push) the book resyncs and equals the true book",
          requires=WATCH)
def check_book_after_gap(env: Env) -> None:
    _after_fault(env, {"stream": f"{L2}:{MARKET_ID}", "kind": "skip_sequence", "count": 1}, "after a gap",
                 reconnects=False)


@contract("streams", "after the connection drops the client reconnects with a fresh token, resubscribes and "
          "the book equals the true book", requires=WATCH)
def check_book_after_drop(env: Env) -> None:
    _after_fault(env, {"stream": L2, "kind": "drop_connection", "count": 1}, "after a dropped connection")


@contract("streams", "after the server stalls (no pong, no data) the client reconnects after pingTimeout and the "
          "book equals the true book", requires=WATCH)
def check_book_after_stall(env: Env) -> None:
    _after_fault(env, {"stream": L2, "kind": "stall", "count": 1}, "after a stall")


@contract("streams", "after every token expires and the connection drops, the reconnect fetches a new token, "
          "succeeds, and the book equals the true book", requires=WATCH)
def check_book_after_token_expiry(env: Env) -> None:
    _after_fault(env, {"stream": L2, "kind": "drop_connection", "count": 1}, "after token expiry",
                 before=lambda sim: sim.expire_tokens())


@contract("streams", "every subscription (several books on one connection) is restored after a reconnect",
          requires=WATCH)
def check_subscriptions_restored(env: Env) -> None:
    symbols = ("BTC/USDT", "ETH/USDT", "KCS/USDT")
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            for symbol in symbols:
                await converge(ex, sim, symbol, f"{symbol} first book")
            mark = len(sim.request_log)
            fault_id = sim.add_fault({"stream": L2, "kind": "drop_connection", "count": 1})
            await _applied(sim, fault_id, "dropped connection")
            expect(await _eventually(lambda: _bullets(sim, mark) >= 1), "no fresh bullet token after the drop")
            for _ in range(3):
                _step_until_all_move(sim, [s.replace("/", "-") for s in symbols])
                for symbol in symbols:
                    await converge(ex, sim, symbol, f"{symbol} after the reconnect")
        _run(env, sim, body)


@contract("streams", "while the client cannot reconnect, watch_order_book does not return an unsynchronised "
          "(emptied) book; once it reconnects the book converges", requires=WATCH)
def check_no_book_while_reconnecting(env: Env) -> None:
    with _stream_sim(env) as sim:
        async def body(ex: Any) -> None:
            await converge(ex, sim, SYMBOL, "first book")
            sim.step(1)
            await _eventually(lambda: False, 0.3)  # the update arrives and is not consumed yet
            refuse = sim.add_fault({"stream": "*", "kind": "refuse", "count": 2})
            await _applied(sim, sim.add_fault({"stream": L2, "kind": "drop_connection", "count": 1}), "drop")
            await _applied(sim, refuse, "refused reconnects")
            await converge(ex, sim, SYMBOL, "while reconnecting")
            await step_and_converge(ex, sim, SYMBOL, "after the reconnect", 2)
        _run(env, sim, body)


def _step_until_all_move(sim: Any, market_ids: list[str], limit: int = 50) -> None:
    """Step until every book in ``market_ids`` changed (a quiet market does not move every step)."""
    before = {m: sim.book(m)["sequence"] for m in market_ids}
    for _ in range(limit):
        sim.step(1)
        if all(sim.book(m)["sequence"] != seq for m, seq in before.items()):
            return
    raise RuntimeError(f"{market_ids} did not all move in {limit} steps")


async def _eventually(predicate: Callable[[], bool], seconds: float = WAIT_S) -> bool:
    for _ in range(int(seconds / 0.02)):
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


# -- private order events -----------------------------------------------------------------------------
PRIVATE_SYMBOL = "KCS/USDT"


async def _until_agrees(ex: Any, oid: str, truth: dict, what: str,
                        first: "asyncio.Future | None" = None) -> dict:
    """Await watch_orders until the latest event of order ``oid`` agrees with ``truth`` (REST, fetched
    after the action: the simulator is paused, so it no longer changes). Intermediate events (KuCoin's
    ``received`` carries no price) are allowed; the stream must end up where REST is."""
    last = "no event for the order"
    for _ in range(50):
        pending = first if first is not None else asyncio.ensure_future(ex.watch_orders(PRIVATE_SYMBOL))
        first = None
        try:
            orders = await asyncio.wait_for(pending, WAIT_S)
        except asyncio.TimeoutError:
            raise ContractFailure(f"{what}: no order event within {WAIT_S} s ({last})") from None
        mine = [o for o in orders if o.get("id") == oid]
        if mine:
            try:
                _agree(mine[-1], truth, what)
                return mine[-1]
            except ContractFailure as exc:
                last = str(exc)
    raise ContractFailure(f"{what}: the stream never agreed with REST ({last})")


def _agree(event: dict, rest: dict, what: str) -> None:
    for key in ("id", "symbol", "side", "type", "status"):
        expect(event.get(key) == rest.get(key), f"{what}: stream {key} {event.get(key)!r} != REST {rest.get(key)!r}")
    for key in ("price", "amount", "filled", "remaining"):
        a, b = event.get(key), rest.get(key)
        expect(a is not None and num(a) == num(b), f"{what}: stream {key} {a!r} != REST {b!r}")


@contract("streams", "private order events agree with REST: open, partially filled, canceled",
          requires=TRADING + ("watchOrders",))
def check_private_orders(env: Env) -> None:
    rest = env.client(private=True)

    async def body(ex: Any) -> None:
        live = False
        ids: list[str] = []
        try:
            # Subscribe, then prove the subscription is live with a probe order (no race with the ack).
            for attempt in range(5):
                task = asyncio.ensure_future(ex.watch_orders(PRIVATE_SYMBOL))
                await asyncio.sleep(0.05)
                probe, _, _ = place_resting(env, rest, PRIVATE_SYMBOL, "sell", 1, f"wsprobe{attempt}")
                ids.append(probe["id"])
                done, _ = await asyncio.wait({task}, timeout=2.0)
                quietly_cancel(rest, [probe["id"]], PRIVATE_SYMBOL)
                if done:
                    task.result()
                    live = True
                    break
                task.cancel()
            expect(live, "watch_orders never delivered an event for five probe orders")
            order, _, _ = place_resting(env, rest, PRIVATE_SYMBOL, "sell", 4, "wsorder")
            oid = order["id"]
            ids.append(oid)
            await _until_agrees(ex, oid, rest.fetch_order(oid, PRIVATE_SYMBOL), "placed")
            fill(env, oid, 1)
            truth = rest.fetch_order(oid, PRIVATE_SYMBOL)
            expect(num(truth["filled"]) == 1, f"REST shows {short(truth)} after a fill of 1")
            await _until_agrees(ex, oid, truth, "partially filled")
            exchange_cancel(env, oid)
            await _until_agrees(ex, oid, rest.fetch_order(oid, PRIVATE_SYMBOL), "canceled")
        finally:
            quietly_cancel(rest, ids, PRIVATE_SYMBOL)

    _run(env, env.sim, body, private=True)
