"""Freqtrade end to end, live: ``freqtrade trade`` (not dry-run) against the simulator, on each backend.

The bot trades the churn strategy on 1m candles with the stop-loss on the exchange (KuCoin stop orders,
``stopPrice`` + ``stop: "loss"``). Once it has closed a trade, the order endpoint answers, in turn, one
insufficient-funds rejection (200004), one invalid-order rejection (400100) and one placement whose answer
is lost after the order was made (the connection drops mid-order). The bot must log and skip or recover,
keep trading, and its records must equal the exchange's: every order the simulator holds for the bot's
key is one Freqtrade knows (none duplicated, none orphaned, none lost), each with the filled amount the
simulator filled, and the coins the account holds moved exactly by what Freqtrade's filled orders say.
Passes on the connector's behaviour; ccxt's column is for comparison (it only has to keep running).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["live_trade", "LIVE_FAULTS"]

PLACE = "/api/v1/hf/orders"  # the connector's HF placement (spot routes table)
LIVE_FAULTS = ({"path": PLACE, "method": "POST", "kind": "code", "code": "200004", "msg": "Balance insufficient!",
                "count": 1},
               {"path": PLACE, "method": "POST", "kind": "code", "code": "400100",
                "msg": "Order size below the minimum requirement.", "count": 1},
               {"path": PLACE, "method": "POST", "kind": "lost_response", "count": 1})


def _orders(db: Path) -> list[dict[str, Any]]:
    """Freqtrade's orders table (one row per exchange order it placed and tracks)."""
    try:
        with sqlite3.connect(db) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute("select order_id, ft_pair, ft_order_side, order_type, status, filled "
                                "from orders where order_id is not null").fetchall()
    except sqlite3.Error:
        return []
    return [dict(r) for r in rows]


def _holdings(sim: Any, currencies: set[str]) -> dict[str, Decimal]:
    balances = sim.balances()
    return {c: sum((Decimal(v["balance"]) for k, v in balances.items() if k.split(":")[1] == c), Decimal(0))
            for c in currencies}


def _check(sim: Any, db: Path, api_key: str, since_ms: int, before: dict[str, Decimal]) -> dict[str, Any]:
    """The exchange's orders for ``api_key`` (stop orders: those made since ``since_ms``, during this run)
    against Freqtrade's records."""
    ours = {o["order_id"]: o for o in _orders(db)}
    theirs = {o["id"]: o for o in sim.orders() if o["apiKey"] == api_key}
    stops = [s for s in sim.stops.orders.values() if s.created_at >= since_ms]
    stop_ids = {s.id for s in stops}
    unknown = sorted(set(theirs) - set(ours))  # on the exchange, not in the bot's records: orphaned or duplicated
    lost = sorted(i for i in ours if i not in theirs and i not in stop_ids)
    wrong_fill = sorted(i for i, o in ours.items() if i in theirs and o["filled"] is not None
                        and Decimal(str(o["filled"])) != Decimal(theirs[i]["dealSize"]))
    bases = {o["ft_pair"].split("/")[0] for o in ours.values()}
    after = _holdings(sim, bases)
    moved = {}
    for o in ours.values():
        if o["order_id"] in stop_ids or not o["filled"]:
            continue
        base = o["ft_pair"].split("/")[0]
        sign = 1 if o["ft_order_side"] == "buy" else -1
        moved[base] = moved.get(base, Decimal(0)) + sign * Decimal(str(o["filled"]))
    off = sorted(b for b in bases if after[b] - before.get(b, Decimal(0)) != moved.get(b, Decimal(0)))
    return {"orders": sum(i not in stop_ids for i in ours), "exchange": len(theirs), "stops": len(stops),
            "stops_open": sum(s.status == "NEW" for s in stops), "unknown": unknown, "lost": lost,
            "wrong_fill": wrong_fill, "balances_off": off}


def _exact(r: dict[str, Any]) -> bool:
    return not (r["unknown"] or r["lost"] or r["wrong_fill"] or r["balances_off"])


def live_trade(e2e: Any, patience: float) -> None:
    """One live run per backend (see the module docstring); appends the result rows to ``e2e.rows``."""
    from .e2e import BACKENDS, CHURN, _stop, _tracebacks, _trades, _wait_until
    sim = e2e.sim
    results = []
    for backend in BACKENDS:
        creds = sim.add_api_key(2)
        overrides = {"dry_run": False, "timeframe": "1m",
                     "order_types": {"entry": "market", "exit": "market", "stoploss": "market",
                                     "stoploss_on_exchange": True, "stoploss_on_exchange_interval": 60}}
        name = e2e._write_config(backend, f"config-live-{backend}.json", overrides, credentials=creds)
        db = e2e.work / f"live-{backend}.sqlite"
        before = _holdings(sim, {p.split("/")[0] for p in e2e.pairs})
        started, since_ms = time.monotonic(), sim.now_ms()
        proc, log = e2e.runner.start(backend, ["trade", "-c", name, "--strategy", CHURN,
                                               "--db-url", f"sqlite:///{db}"], "trade-live")
        _wait_until(lambda: _trades(db, None)[1] > 0 or proc.poll() is not None, patience)
        faulted_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        for spec in LIVE_FAULTS:
            sim.add_fault(spec)
        _wait_until(lambda: (_trades(db, faulted_at)[2] > 0 and not sim.faults.pending())
                    or proc.poll() is not None, patience + 120)
        alive, pending = proc.poll() is None, sim.faults.pending()
        sim.clear_faults()
        # stop between two iterations, not in the middle of one (an order the exchange filled a moment ago
        # that the bot has not read back yet would look like a difference): wait until the records agree or
        # 30 s have passed; a real difference stays and is reported
        _wait_until(lambda: _exact(_check(sim, db, creds["apiKey"], since_ms, before)) or proc.poll() is not None,
                    30)
        text = _stop(proc, log)
        opened, closed, after = _trades(db, faulted_at)
        results.append({"entries": opened, "exits": closed, "after": after, "alive": alive,
                        "faults_left": len(pending), "tracebacks": _tracebacks(text),
                        "seconds": time.monotonic() - started, **_check(sim, db, creds["apiKey"], since_ms, before)})
    show = lambda r: (f"{r['entries']} entries, {r['exits']} exits, {r['orders']} orders "  # noqa: E731
                      f"(exchange: {r['exchange']}) + {r['stops']} stop-loss ({r['stops_open']} open), "
                      f"{r['tracebacks']} tracebacks ({r['seconds']:.0f} s)")
    ours, theirs = results
    exact = _exact(ours)
    e2e.rows.append(("trade (live)", show(ours), show(theirs),
                     bool(ours["entries"] and ours["exits"] and not ours["tracebacks"] and ours["stops"] and exact)))
    fault = lambda r: (f"{'kept running' if r['alive'] else 'DIED'}, {r['after']} trades after, "  # noqa: E731
                       f"{r['faults_left']} faults left, {len(r['unknown'])} orphaned/duplicated, "
                       f"{len(r['balances_off'])} balances off")
    e2e.rows.append(("live faults: 200004, 400100, lost answer", fault(ours), fault(theirs),
                     bool(ours["alive"] and ours["after"] and not ours["faults_left"] and exact and theirs["alive"])))
    e2e.figures["live"] = results
    for backend, r in zip(BACKENDS, results):
        wrong = {k: r[k] for k in ("unknown", "lost", "wrong_fill", "balances_off") if r[k]}
        if wrong:
            print(f"live run on {backend}: the bot's records differ from the exchange's: {wrong}", flush=True)
