"""The futures soak (``python -m kucoin_conformance.soak --futures``): the run itself is slow (marked); its
end checks and the command line switch are not.

Run: ``pytest tests/soak -m slow`` (the futures soak takes about 30 s) or the command line with
``--futures --iterations 1000``.
"""
from __future__ import annotations

import random

import pytest

from kucoin_conformance import soak, soak_futures


@pytest.mark.slow
def test_futures_soak_reconciles_orders_and_positions_exactly() -> None:
    summary = soak_futures.run(iterations=150, symbols=3, seed=1, fault_rate=0.2)
    assert summary["iterations"] == 150 and summary["faults"] >= 10 and summary["unknown"] >= 1, summary
    assert summary["market"] + summary["reduce"] + summary["close"] >= 10 and summary["cancel"] >= 10, summary
    assert set(summary["error_kinds"]) <= {"NetworkError", "RequestTimeout", "ExchangeNotAvailable", "InvalidOrder",
                                           "OrderNotFound"}, summary["error_kinds"]  # typed, none unexpected
    assert summary["ok"], "\n".join(summary["problems"])


def test_the_end_checks_see_what_the_bot_does_not_know() -> None:
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    with Simulator(seed=5, symbols=8, tick_interval=0) as sim:
        sim.pause()
        creds = sim.credentials
        with KucoinFutures({**{k: creds[k] for k in ("apiKey", "secret", "password")},
                            "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
                            "options": {"numbers": "decimal", "keyVersion": creds["keyVersion"]}}) as ex:
            ex.load_markets()
            chosen = ["BTC/USDT:USDT"]
            bot = soak_futures.FuturesSoakBot(ex, sim, chosen, random.Random(1), fault_rate=0.0)
            bot.market()  # an order the bot placed and knows: its position is accounted for
            assert soak_futures._reconcile(ex, sim, bot, chosen)["ok"]
            bid = ex.fetch_order_book("BTC/USDT:USDT", 20)["bids"][-1][0]
            behind = ex.create_order("BTC/USDT:USDT", "limit", "buy", 1, ex.price_to_precision("BTC/USDT:USDT", bid))
            ex.create_order("BTC/USDT:USDT", "market", "buy", 2)
            problems = soak_futures._reconcile(ex, sim, bot, chosen)["problems"]
    assert any(p.startswith("orders: active on the simulator only") and behind["id"] in p for p in problems)
    assert any(p.startswith("positions: the bot's fills say") for p in problems), problems


def test_the_futures_switch_runs_the_futures_soak(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    seen = {}

    def fake_run(iterations, symbols, seed, fault_rate, minutes):
        seen.update(iterations=iterations, symbols=symbols, seed=seed, fault_rate=fault_rate, minutes=minutes)
        return {"ok": False, "problems": ["positions: x"]}

    monkeypatch.setattr(soak_futures, "run", fake_run)
    monkeypatch.setattr(soak, "run", lambda *a: pytest.fail("the spot soak ran"))
    assert soak.main(["--futures", "--iterations", "40", "--symbols", "2", "--seed", "4"]) == 1
    assert seen == {"iterations": 40, "symbols": 2, "seed": 4, "fault_rate": 0.15, "minutes": 5.0}
    assert '"problems": ["positions: x"]' in capsys.readouterr().out
