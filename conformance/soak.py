"""Soak test: a bot places, amends and cancels orders on several symbols against a live simulator with
seeded random faults; at the end its beliefs, the simulator and the balances must agree exactly.

Layer: conformance (a command line on the public API of kucoin_connector and the simulator's admin
surface). Rule: the bot knows only what the unified interface tells it (as a real bot does); the
simulator's ``GET /_sim/orders`` and ``GET /_sim/balances`` are the ground truth checked at the end.

Run: ``python -m kucoin_conformance.soak --minutes 5 --symbols 4 --seed 1`` (exit 0 when everything
reconciles, 1 otherwise; one JSON summary line on stdout). ``--futures`` runs the futures mode instead
(:mod:`kucoin_conformance.soak_futures`: orders and positions on the futures desk; ``--iterations`` bounds
the bot's steps, ``--minutes`` its time, whichever ends first). Checks at the end (market paused, faults
cleared): (1) every order the bot believes open is open on the simulator and vice versa; (2)
``fetch_balance`` equals ``/_sim/balances`` (trade_hf) to the last increment; (3) the bot's own
accounting (start balances + every fill of every order it ever placed, fees included) equals the
simulator's totals.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from decimal import Decimal
from typing import Any, Sequence

__all__ = ["OrderBookkeeping", "SoakBot", "main", "PREFERRED_SYMBOLS"]

PREFERRED_SYMBOLS = ("KCS/USDT", "ETH/USDT", "ETH/BTC", "KCS/BTC", "KCS/ETH", "BTC/USDT")
ACCOUNT = "trade_hf"
_FAULTS = (({"kind": "status", "status": 503}, 3), ({"kind": "lost_response"}, 3), ({"kind": "drop"}, 2),
           ({"kind": "delay", "seconds": 0.3}, 1))


def D(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


class OrderBookkeeping:
    """What every soak bot keeps through the unified interface only: the orders it placed, those it believes
    open, the placements whose outcome is unknown, and the faults it asked the simulator for. A family's bot
    names its faults, the host they go to and its order path; its actions are its own."""

    FAULTS: tuple = ()
    FAULT_HOST: str | None = None  # None: the spot host
    ORDER_PATH = "/api/v1/hf/orders/{}"
    COUNTS: tuple[str, ...] = ()

    def __init__(self, ex: Any, sim: Any, symbols: Sequence[str], rng: random.Random, fault_rate: float) -> None:
        self.ex, self.sim, self.symbols, self.rng, self.fault_rate = ex, sim, list(symbols), rng, fault_rate
        self.known: dict[str, str] = {}        # every order id ever placed -> symbol
        self.open: dict[str, str] = {}         # ids the bot believes open -> symbol
        self.unresolved: dict[str, str] = {}   # client order ids whose placement outcome is unknown -> symbol
        self.counts = dict.fromkeys((*self.COUNTS, "cancel", "faults", "errors", "unknown"), 0)
        self.error_kinds: dict[str, int] = {}  # exception class name -> how many (typed errors only, we hope)
        self._seq = 0

    # -- faults --------------------------------------------------------------------------------
    def _maybe_fault(self, method: str, path: str) -> None:
        if self.rng.random() >= self.fault_rate:
            return
        specs, weights = zip(*self.FAULTS)
        spec = dict(self.rng.choices(specs, weights)[0])
        spec.update(path=path, method=method, count=1)
        if self.FAULT_HOST is not None:
            spec["host"] = self.FAULT_HOST
        self.sim.add_fault(spec)
        self.counts["faults"] += 1

    # -- what every bot does with its orders ---------------------------------------------------
    def cancel(self) -> None:
        if not self.open:
            return
        oid = self.rng.choice(sorted(self.open))
        symbol = self.open[oid]
        self.counts["cancel"] += 1
        self._maybe_fault("DELETE", self.ORDER_PATH.format(oid))
        try:
            self.ex.cancel_order(oid, symbol)
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ != "OrderNotFound":  # OrderNotFound: it was done already
                self._write_failed(exc, None, symbol)
                return
        self.open.pop(oid, None)

    def poll(self) -> None:
        """Learn fills and exchange-side ends of the orders believed open (what bots do)."""
        for oid, symbol in sorted(self.open.items()):
            try:
                if self.ex.fetch_order(oid, symbol)["status"] != "open":
                    self.open.pop(oid, None)
            except Exception as exc:  # noqa: BLE001 - try again next poll
                self._error(exc)

    def _error(self, exc: BaseException) -> None:
        self.counts["errors"] += 1
        name = type(exc).__name__
        self.error_kinds[name] = self.error_kinds.get(name, 0) + 1

    def _write_failed(self, exc: BaseException, cid: str | None, symbol: str) -> None:
        self._error(exc)
        if getattr(exc, "outcome_unknown", False):
            self.counts["unknown"] += 1
            carried = getattr(exc, "client_order_id", None) or cid
            if carried:
                self.unresolved[carried] = symbol

    def resolve(self) -> None:
        """Find out what happened to placements whose outcome was unknown, by client order id."""
        for cid, symbol in sorted(self.unresolved.items()):
            try:
                order = self.ex.fetch_order(None, symbol, {"clientOrderId": cid})
            except Exception as exc:  # noqa: BLE001
                if type(exc).__name__ == "OrderNotFound":
                    self.unresolved.pop(cid)
                continue
            self.unresolved.pop(cid)
            self.known[order["id"]] = symbol
            if order["status"] == "open":
                self.open[order["id"]] = symbol


class SoakBot(OrderBookkeeping):
    """The spot bot: places, amends and cancels orders; its own record of orders and fills."""

    FAULTS = _FAULTS
    COUNTS = ("place", "amend")

    # -- actions -------------------------------------------------------------------------------
    def _price(self, symbol: str, side: str) -> float:
        market = self.ex.market(symbol)
        book = self.sim.book(market["id"])
        bid, ask = D(book["bids"][0][0]), D(book["asks"][0][0])
        off = Decimal(str(round(self.rng.uniform(-0.002, 0.02), 5)))  # mostly passive, sometimes taking
        price = bid * (1 - off) if side == "buy" else ask * (1 + off)
        return float(self.ex.price_to_precision(symbol, price))

    def _amount(self, symbol: str) -> float:
        low = D(self.ex.market(symbol)["limits"]["amount"]["min"] or "1")
        return float(self.ex.amount_to_precision(symbol, low * Decimal(str(round(self.rng.uniform(1, 2.5), 3)))))

    def place(self) -> None:
        symbol = self.rng.choice(self.symbols)
        side = self.rng.choice(("buy", "sell"))
        self._seq += 1
        cid = f"soak{self.rng.getrandbits(40):010x}{self._seq:06d}"
        self.counts["place"] += 1
        self._maybe_fault("POST", "/api/v1/hf/orders")
        try:
            order = self.ex.create_order(symbol, "limit", side, self._amount(symbol), self._price(symbol, side),
                                         {"clientOrderId": cid})
        except Exception as exc:  # noqa: BLE001 - a bot survives every error and remembers what is unknown
            self._write_failed(exc, cid, symbol)
            return
        self.known[order["id"]] = symbol
        self.open[order["id"]] = symbol

    def amend(self) -> None:
        if not self.open:
            return
        oid = self.rng.choice(sorted(self.open))
        symbol = self.open[oid]
        self.counts["amend"] += 1
        current: dict = {}
        try:
            current = self.ex.fetch_order(oid, symbol)
            self._maybe_fault("POST", "/api/v1/hf/orders/alter")
            if current["status"] != "open":
                self.open.pop(oid, None)
                return
            edited = self.ex.edit_order(oid, symbol, "limit", current["side"], self._amount(symbol),
                                        self._price(symbol, current["side"]))
        except Exception as exc:  # noqa: BLE001 - the replacement keeps the clientOid: resolve by it
            self._write_failed(exc, current.get("clientOrderId"), symbol)
            return
        self.open.pop(oid, None)
        if edited.get("id"):
            self.known[edited["id"]] = symbol
            self.open[edited["id"]] = symbol

    def step(self) -> None:
        action = self.rng.choices((self.place, self.amend, self.cancel, self.poll, self.resolve),
                                  (5, 2, 3, 1, 1))[0]
        action()


def _fills(ex: Any, known: dict[str, str]) -> dict[str, Decimal]:
    """The bot's accounting: the balance change implied by every fill of every order it placed."""
    delta: dict[str, Decimal] = {}
    for oid, symbol in sorted(known.items()):
        order = ex.fetch_order(oid, symbol)
        market = ex.market(symbol)
        filled, cost = D(order["filled"]), D(order["cost"])
        sign = 1 if order["side"] == "buy" else -1
        delta[market["base"]] = delta.get(market["base"], Decimal(0)) + sign * filled
        delta[market["quote"]] = delta.get(market["quote"], Decimal(0)) - sign * cost
        fee = order.get("fee") or {}
        if fee.get("cost"):
            delta[fee["currency"]] = delta.get(fee["currency"], Decimal(0)) - D(fee["cost"])
    return delta


def _sim_balances(sim: Any) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for key, row in sim.balances().items():
        account, _, code = key.partition(":")
        if account == ACCOUNT:
            out[code] = {k: D(row[k]) for k in ("balance", "available", "holds")}
    return out


def run(minutes: float, symbols: int, seed: int, fault_rate: float = 0.15) -> dict[str, Any]:
    """Run the soak and return the summary (``ok`` tells whether everything reconciled)."""
    from kucoin_connector import Kucoin

    from .simulator import Simulator

    rng = random.Random(seed)
    with Simulator(seed=seed, symbols=max(40, symbols)) as sim:
        sim.pause()
        creds = sim.credentials
        ex = Kucoin({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}, "apiKey": creds["apiKey"],
                     "secret": creds["secret"], "password": creds["password"], "timeout": 2000,
                     "options": {"numbers": "decimal", "keyVersion": int(creds.get("keyVersion", 3))}})
        try:
            ex.load_markets()
            chosen = [s for s in PREFERRED_SYMBOLS if s in ex.markets and ex.markets[s]["active"]][:symbols]
            start = _sim_balances(sim)
            bot = SoakBot(ex, sim, chosen, rng, fault_rate)
            sim.resume()
            deadline = time.monotonic() + minutes * 60
            while time.monotonic() < deadline:
                bot.step()
                sim.clear_faults() if rng.random() < 0.05 else None  # a stale unused fault now and then
            sim.pause()
            sim.clear_faults()
            for _ in range(3):
                bot.resolve()
            bot.poll()
            return _reconcile(ex, sim, bot, start, chosen)
        finally:
            sim.clear_faults()
            ex.close()


def _reconcile(ex: Any, sim: Any, bot: SoakBot, start: dict, chosen: list[str]) -> dict[str, Any]:
    key = sim.credentials["apiKey"]
    mine = [o for o in sim.orders() if o.get("apiKey") in (None, key)]
    sim_open = {o["id"] for o in mine if o["status"] == "open"}
    cids = {o["id"]: o.get("clientOid") for o in mine}
    believed = set(bot.open)
    problems: list[str] = []
    if sim_open != believed:
        problems.append(f"orders: open on the simulator only {[(i, cids.get(i)) for i in sorted(sim_open - believed)]}"
                        f", believed only {sorted(believed - sim_open)}")
    if bot.unresolved:
        problems.append(f"unresolved client order ids: {sorted(bot.unresolved)}")
    truth = _sim_balances(sim)
    balance = ex.fetch_balance()
    for code, row in truth.items():
        got = balance.get(code) or {}
        want = (row["available"], row["holds"], row["balance"])
        if (D(got.get("free")), D(got.get("used")), D(got.get("total"))) != want:
            problems.append(f"fetch_balance {code} {got} != simulator {want}")
    delta = _fills(ex, bot.known)
    for code in sorted(set(delta) | set(truth)):
        expected = start.get(code, {}).get("balance", Decimal(0)) + delta.get(code, Decimal(0))
        actual = truth.get(code, {}).get("balance", Decimal(0))
        if expected != actual:
            problems.append(f"accounting {code}: start + fills = {expected}, simulator {actual}")
    return {"ok": not problems, "symbols": chosen, "orders": len(bot.known), "open": len(believed),
            **bot.counts, "problems": problems}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kucoin_conformance.soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--symbols", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--fault-rate", type=float, default=0.15, help="chance of a fault before each write")
    p.add_argument("--futures", action="store_true", help="the futures mode: contracts, orders and positions")
    p.add_argument("--iterations", type=int, default=None, help="futures mode: at most this many bot steps")
    args = p.parse_args(list(argv) if argv is not None else None)
    if args.futures:
        from . import soak_futures

        summary = soak_futures.run(args.iterations, args.symbols, args.seed, args.fault_rate, args.minutes)
    else:
        summary = run(args.minutes, args.symbols, args.seed, args.fault_rate)
    print(json.dumps(summary, default=str))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
