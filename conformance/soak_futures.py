"""Soak test, futures mode: a bot places and cancels futures orders and opens, reduces and closes positions
against a live simulator with seeded random faults (5xx, 429, lost answers, dropped connections); at the end
its view of orders and positions must equal the exchange's.

Layer: conformance (a command line on the public API of kucoin_connector and the simulator's admin
surface). Rule: the bot knows only what the unified interface tells it; the simulator's futures desk
(``sim.futures_orders()``, ``sim.futures_positions()``, ``sim.balances()``) is the ground truth checked at
the end.

Run: ``python -m kucoin_conformance.soak --futures --iterations 400 --seed 1`` (exit 0 when everything
reconciles, 1 otherwise; one JSON summary line). Checks at the end (market paused, faults cleared): (1)
every order the bot believes open is active on the simulator and vice versa; (2) for every contract, the
bot's own accounting (the signed fills of every order it ever placed) equals the simulator's position; (3)
``fetch_positions`` equals the simulator's positions (side, contracts, entry price); (4) ``fetch_balance``
of each settle currency equals the simulator's futures account (wallet plus unrealised PnL); (5) the stream
view of a second client that ran ``watch_orders`` and ``watch_positions`` through the whole run
(:mod:`.soak_watch`) shows every order's final status and filled size and every position's size as the
simulator holds them (after at most ``soak_watch.CONVERGE_S`` to catch up). The run injects no stream
faults (the spot soak has none either): a private push lost to a dropped connection is not sent again, so
the stream view could not converge.
"""
from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any, Sequence

from .soak import D, OrderBookkeeping
from .soak_watch import StreamWatcher, stream_problems

__all__ = ["FuturesSoakBot", "run", "PREFERRED_CONTRACTS"]

PREFERRED_CONTRACTS = ("BTC/USDT:USDT", "ETH/USDT:USDT", "BTC/USD:BTC")
ACCOUNT = "contract"
LEVERAGE = 2  # low, so the market's drift during a run does not liquidate a position behind the bot's back
_FAULTS = (({"kind": "status", "status": 503}, 3), ({"kind": "status", "status": 429}, 2),
           ({"kind": "lost_response"}, 3), ({"kind": "drop"}, 2), ({"kind": "delay", "seconds": 0.3}, 1))


class FuturesSoakBot(OrderBookkeeping):
    """The futures bot: places, reduces, closes and cancels futures orders through the unified interface."""

    FAULTS = _FAULTS
    FAULT_HOST = "futures"
    ORDER_PATH = "/api/v1/orders/{}"
    COUNTS = ("place", "market", "reduce", "close")

    # -- actions -------------------------------------------------------------------------------
    def _cid(self) -> str:
        self._seq += 1
        return f"fsoak{self.rng.getrandbits(40):010x}{self._seq:06d}"

    def _price(self, symbol: str, side: str) -> float:
        book = self.ex.fetch_order_book(symbol, 20)
        bid, ask = D(book["bids"][0][0]), D(book["asks"][0][0])
        off = Decimal(str(round(self.rng.uniform(-0.001, 0.01), 5)))  # mostly passive, sometimes taking
        price = bid * (1 - off) if side == "buy" else ask * (1 + off)
        return float(self.ex.price_to_precision(symbol, price))

    def _send(self, counter: str, symbol: str, cid: str, call: Any) -> None:
        """One placement under a possible fault; the order it returns is remembered by id."""
        self.counts[counter] += 1
        self._maybe_fault("POST", "/api/v1/orders")
        try:
            order = call()
        except Exception as exc:  # noqa: BLE001 - a bot survives every error and remembers what is unknown
            self._write_failed(exc, cid, symbol)
            return
        self.known[order["id"]] = symbol
        if self.ex.fetch_order(order["id"], symbol)["status"] == "open":
            self.open[order["id"]] = symbol

    def place(self) -> None:
        symbol, side, cid = self.rng.choice(self.symbols), self.rng.choice(("buy", "sell")), self._cid()
        amount, price = self.rng.randint(1, 5), self._price(symbol, side)
        self._send("place", symbol, cid, lambda: self.ex.create_order(
            symbol, "limit", side, amount, price, {"clientOrderId": cid, "leverage": LEVERAGE,
                                                   "marginMode": "isolated"}))

    def market(self) -> None:
        symbol, side, cid = self.rng.choice(self.symbols), self.rng.choice(("buy", "sell")), self._cid()
        amount = self.rng.randint(1, 4)
        self._send("market", symbol, cid, lambda: self.ex.create_order(
            symbol, "market", side, amount, None, {"clientOrderId": cid, "leverage": LEVERAGE,
                                                   "marginMode": "isolated"}))

    def reduce(self) -> None:
        """Take part of a position off with a reduce-only market order (what the bot believes it holds)."""
        held = self._positions()
        if not held:
            return
        symbol = self.rng.choice(sorted(held))
        qty, cid = held[symbol], self._cid()
        side, amount = ("sell" if qty > 0 else "buy"), self.rng.randint(1, max(1, int(abs(qty))))
        self._send("reduce", symbol, cid, lambda: self.ex.create_order(
            symbol, "market", side, amount, None, {"clientOrderId": cid, "reduceOnly": True,
                                                   "marginMode": "isolated"}))

    def close(self) -> None:
        held = self._positions()
        if not held:
            return
        symbol, cid = self.rng.choice(sorted(held)), self._cid()
        self._send("close", symbol, cid, lambda: self.ex.close_position(symbol, None, {"clientOrderId": cid}))

    def _positions(self) -> dict[str, Decimal]:
        """The signed contracts the exchange reports now (empty when the read fails)."""
        try:
            return {p["symbol"]: D(p["contracts"]) * (1 if p["side"] == "long" else -1)
                    for p in self.ex.fetch_positions() if p["symbol"] in self.symbols}
        except Exception as exc:  # noqa: BLE001 - act on something else this step
            self._error(exc)
            return {}

    def step(self) -> None:
        action = self.rng.choices((self.place, self.market, self.reduce, self.close, self.cancel, self.poll,
                                   self.resolve), (5, 2, 1, 1, 3, 1, 1))[0]
        action()

    def accounted_positions(self) -> dict[str, Decimal]:
        """The bot's accounting: the signed fills of every order it ever placed, per contract."""
        net: dict[str, Decimal] = {}
        for oid, symbol in sorted(self.known.items()):
            order = self.ex.fetch_order(oid, symbol)
            sign = 1 if order["side"] == "buy" else -1
            net[symbol] = net.get(symbol, Decimal(0)) + sign * D(order["filled"])
        return {symbol: qty for symbol, qty in net.items() if qty}


def run(iterations: int | None, symbols: int, seed: int, fault_rate: float = 0.15,
        minutes: float | None = None) -> dict[str, Any]:
    """Run ``iterations`` bot steps (or for ``minutes``) and return the summary (``ok``: all reconciled)."""
    from kucoin_connector import KucoinFutures

    from .simulator import Simulator

    rng = random.Random(seed)
    with Simulator(seed=seed, symbols=max(40, symbols)) as sim:
        sim.pause()
        creds = sim.credentials
        config = {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
                  "apiKey": creds["apiKey"], "secret": creds["secret"], "password": creds["password"],
                  "timeout": 2000, "options": {"numbers": "decimal", "keyVersion": int(creds.get("keyVersion", 3))}}
        ex = KucoinFutures(config)
        watcher = StreamWatcher(KucoinFutures(config))  # the bot's stream view: a client of its own
        try:
            ex.load_markets()
            chosen = [s for s in PREFERRED_CONTRACTS if s in ex.markets and ex.markets[s]["active"]][:symbols]
            bot = FuturesSoakBot(ex, sim, chosen, rng, fault_rate)
            watcher.start()
            sim.resume()
            deadline = time.monotonic() + minutes * 60 if minutes is not None else None
            done = 0
            while (iterations is None or done < iterations) and (deadline is None or time.monotonic() < deadline):
                bot.step()
                done += 1
                sim.clear_faults() if rng.random() < 0.05 else None  # a stale unused fault now and then
            sim.pause()
            sim.clear_faults()
            for _ in range(3):
                bot.resolve()
            bot.poll()
            return {**_reconcile(ex, sim, bot, chosen, watcher), "iterations": done}
        finally:
            sim.clear_faults()
            watcher.stop()
            watcher.client.close()
            ex.close()


def _reconcile(ex: Any, sim: Any, bot: FuturesSoakBot, chosen: list[str],
               watcher: StreamWatcher | None = None) -> dict[str, Any]:
    by_id = {m["id"]: s for s, m in ex.markets.items() if s in chosen}
    active = {o["id"]: o.get("clientOid") for o in sim.futures_orders()
              if o["isActive"] and o["symbol"] in by_id}
    believed = set(bot.open)
    problems: list[str] = []
    if set(active) != believed:
        only_sim = [(i, active[i]) for i in sorted(set(active) - believed)]
        only_bot = sorted(believed - set(active))
        problems.append(f"orders: active on the simulator only {only_sim}, believed only {only_bot}")
    if bot.unresolved:
        problems.append(f"unresolved client order ids: {sorted(bot.unresolved)}")
    truth = {by_id[p["symbol"]]: p for p in sim.futures_positions() if p["symbol"] in by_id}
    held = {s: D(p["currentQty"]) for s, p in truth.items()}
    accounted = bot.accounted_positions()
    if accounted != held:
        problems.append(f"positions: the bot's fills say {accounted}, the simulator holds {held}")
    seen = {p["symbol"]: p for p in ex.fetch_positions() if p["symbol"] in chosen}
    for symbol in sorted(set(seen) | set(truth)):
        got, want = seen.get(symbol), truth.get(symbol)
        mine = None if got is None else (got["side"], D(got["contracts"]), D(got["entryPrice"]))
        real = None if want is None else ("long" if D(want["currentQty"]) > 0 else "short",
                                          abs(D(want["currentQty"])), D(want["avgEntryPrice"]))
        if mine != real:
            problems.append(f"fetch_positions {symbol} {mine} != simulator {real}")
    wallets = sim.balances()
    for code, settle_id in sorted({(ex.markets[s]["settle"], ex.markets[s]["settleId"]) for s in chosen}):
        # accountEquity: the wallet plus the unrealised PnL of every position settled in the currency
        upnl = sum((D(p["unrealisedPnl"]) for p in sim.futures_positions() if p["settleCurrency"] == settle_id),
                   Decimal(0))
        equity = D((wallets.get(f"{ACCOUNT}:{settle_id}") or {}).get("balance")) + upnl
        got = ex.fetch_balance({"code": code}).get(code) or {}
        if D(got.get("total")) != equity or D(got.get("free")) + D(got.get("used")) != equity:
            problems.append(f"fetch_balance {code} {got} != simulator equity {equity}")
    stream: dict[str, Any] = {}
    if watcher is not None:
        problems += _stream_checks(sim, watcher, by_id)
        stream = {"stream": {"orders_seen": len(watcher.orders), "positions_seen": len(watcher.positions),
                             "watch_errors": dict(watcher.errors)}}
    return {"ok": not problems, "symbols": chosen, "orders": len(bot.known), "open": len(believed),
            "positions": {s: str(q) for s, q in held.items()}, **bot.counts, "error_kinds": bot.error_kinds,
            **stream, "problems": problems}


def _stream_checks(sim: Any, watcher: StreamWatcher, by_id: dict[str, str]) -> list[str]:
    """(5) the stream's view (watch_orders, watch_positions) of every order's final status and filled size
    and of every position's size equals the simulator's (a closed or never opened position: 0)."""
    orders = {o["id"]: ("open" if o["isActive"] else "canceled" if o["cancelExist"] else "closed",
                        D(o["filledSize"])) for o in sim.futures_orders() if o["symbol"] in by_id}
    positions = dict.fromkeys(by_id.values(), Decimal(0))
    positions.update({by_id[p["symbol"]]: D(p["currentQty"]) for p in sim.futures_positions() if p["symbol"] in by_id})
    return stream_problems(watcher, orders, positions)
