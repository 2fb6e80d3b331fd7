"""The soak run (``python -m kucoin_conformance.soak``): slow, so not in the default run.

Run: ``pytest tests/soak -m slow`` (about a minute) or the command line with ``--minutes 5``.
"""
from __future__ import annotations

import pytest

from kucoin_conformance import soak

pytestmark = pytest.mark.slow


def _trading_ready() -> bool:
    from kucoin_connector import Kucoin

    from kucoin_conformance.simulator import Simulator

    return bool(Kucoin.has.get("createOrder") and Kucoin.has.get("editOrder")) and callable(
        getattr(Simulator, "orders", None))


@pytest.mark.skipif(not _trading_ready(), reason="not supported by this implementation (trading not there yet)")
def test_soak_one_minute_reconciles_exactly() -> None:
    summary = soak.run(minutes=1.0, symbols=4, seed=1, fault_rate=0.15)
    assert summary["place"] > 50 and summary["faults"] > 5, summary
    assert summary["ok"], "\n".join(summary["problems"])


def test_soak_command_line_parses_and_reports(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    seen = {}

    def fake_run(minutes, symbols, seed, fault_rate):
        seen.update(minutes=minutes, symbols=symbols, seed=seed, fault_rate=fault_rate)
        return {"ok": False, "problems": ["orders: x"]}

    monkeypatch.setattr(soak, "run", fake_run)
    assert soak.main(["--minutes", "0.5", "--symbols", "3", "--seed", "9"]) == 1
    assert seen == {"minutes": 0.5, "symbols": 3, "seed": 9, "fault_rate": 0.15}
    assert '"problems": ["orders: x"]' in capsys.readouterr().out
