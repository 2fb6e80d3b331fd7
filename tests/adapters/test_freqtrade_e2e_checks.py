"""The Freqtrade end-to-end run's own checks, without Freqtrade: the CSV table reader and the live run's
comparison of the bot's order records (Freqtrade's sqlite ``orders`` table) with the simulator's orders
and balances. A check that cannot see a difference would let the e2e pass on a duplicated order."""
from __future__ import annotations

import sqlite3
from decimal import Decimal

from kucoin_connector import Kucoin
from kucoin_connector_adapters.freqtrade.e2e import _csv_block
from kucoin_connector_adapters.freqtrade.e2e_live import _check, _exact, _holdings

CSV_OUT = """2026-12-02 19:04:01,123 - freqtrade.exchange.exchange - INFO - Applying additional ccxt config: {'urls':
{'api': {'public': 'http://127.0.0.1:1', 'uta': 'http://127.0.0.1:1', 'futuresPublic': 'http://127.0.0.1:2'}}}
Exchange Kucoin has 2 active markets:
Id,Symbol,Base,Quote,Active,Spot,Margin,Future,Leverage,Min Stake
BTC-USDT,BTC/USDT,BTC,USDT,True,Spot,,,1.0,0.1
XBTUSDTM,BTC/USDT:USDT,BTC,USDT,True,,,Future,1.0,0.0
2026-12-02 19:04:02,000 - freqtrade - INFO - a, b, c, d
"""


def test_csv_block_is_the_table_only():
    rows = _csv_block(CSV_OUT)
    assert rows[0].startswith("Id,Symbol,") and [r.split(",")[1] for r in rows[1:]] == ["BTC/USDT", "BTC/USDT:USDT"]


def _db(tmp_path, rows):
    db = tmp_path / "bot.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("create table orders (order_id text, ft_pair text, ft_order_side text, order_type text, "
                     "status text, filled real)")
        conn.executemany("insert into orders values (?, ?, ?, ?, ?, ?)", rows)
    return db


def test_live_check_sees_orphans_wrong_fills_and_balances(sim, tmp_path):
    creds = sim.add_api_key(2)
    ex = Kucoin({**{k: creds[k] for k in ("apiKey", "secret", "password")},
                 "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    since = sim.now_ms()
    before = _holdings(sim, {"BTC"})
    sim.resume()
    try:
        buy = ex.create_order("BTC/USDT", "market", "buy", 0.001)
        other = ex.create_order("BTC/USDT", "market", "buy", 0.002)
    finally:
        sim.pause()
    filled = {o["id"]: Decimal(o["dealSize"]) for o in sim.orders() if o["apiKey"] == creds["apiKey"]}
    assert filled[buy["id"]] == Decimal("0.001") and filled[other["id"]] == Decimal("0.002")

    both = _db(tmp_path, [(buy["id"], "BTC/USDT", "buy", "market", "closed", 0.001),
                          (other["id"], "BTC/USDT", "buy", "market", "closed", 0.002)])
    r = _check(sim, both, creds["apiKey"], since, before)
    assert _exact(r) and r["orders"] == 2 and r["exchange"] == 2

    (tmp_path / "one").mkdir()
    one = _db(tmp_path / "one", [(buy["id"], "BTC/USDT", "buy", "market", "closed", 0.001)])
    r = _check(sim, one, creds["apiKey"], since, before)  # the bot lost track of an order it placed
    assert r["unknown"] == [other["id"]] and r["balances_off"] == ["BTC"] and not _exact(r)

    (tmp_path / "wrong").mkdir()
    wrong = _db(tmp_path / "wrong", [(buy["id"], "BTC/USDT", "buy", "market", "closed", 0.001),
                                     (other["id"], "BTC/USDT", "buy", "market", "closed", 0.0015),
                                     ("ffffffffffffffffffffffff", "BTC/USDT", "sell", "market", "closed", 0)])
    r = _check(sim, wrong, creds["apiKey"], since, before)
    assert r["wrong_fill"] == [other["id"]] and r["lost"] == ["ffffffffffffffffffffffff"] and not _exact(r)


def test_tracebacks_printed_because_the_harness_pressed_ctrl_c_are_not_the_runs(tmp_path):
    import subprocess
    import sys
    import time

    from kucoin_connector_adapters.freqtrade.e2e import _stop, _tracebacks

    log = tmp_path / "bot.log"
    out = open(log, "w")  # noqa: SIM115 - closed by _stop
    program = ("import sys, time\nprint('Traceback (most recent call last): a real one', flush=True)\n"
               "try:\n    time.sleep(60)\nexcept KeyboardInterrupt:\n"
               "    print('Traceback (most recent call last): from the interrupt', flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", program], stdout=out, stderr=subprocess.STDOUT, text=True)
    proc._e2e_out = out
    for _ in range(600):  # the child says its first line (a bound, not a timing check)
        if "a real one" in log.read_text() or proc.poll() is not None:
            break
        time.sleep(0.05)
    text = _stop(proc, log)
    assert _tracebacks(text) == 1 and _tracebacks(log.read_text()) == 2
