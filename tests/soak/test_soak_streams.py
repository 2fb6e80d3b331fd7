"""The stream soak (``python -m kucoin_conformance.soak_streams``): the run itself is slow (marked).

Run: ``pytest tests/soak -m slow`` (the stream soak takes about 40 s) or the command line with ``--minutes 5``.
"""
from __future__ import annotations

import json

import pytest

from kucoin_conformance import soak_streams


@pytest.mark.slow
def test_stream_soak_half_a_minute_converges_with_flat_memory() -> None:
    summary = soak_streams.run(minutes=0.5, symbols=20, seed=1, fault_rate=0.05)
    assert summary["checks"] >= 3 and summary["converged"] == summary["checks"], summary["problems"]
    assert sum(summary["faults"].values()) >= 10 and summary["faults"]["drop_connection"] >= 1, summary["faults"]
    assert summary["bullets"] >= 2 and summary["resyncs"] >= 1, summary  # faults really forced reconnects/resyncs
    assert summary["memory_ok"] and summary["rss_kb"]["end"] > 0, summary["rss_kb"]
    assert summary["ok"] and not summary["problems"] and not summary["errors"], summary


@pytest.mark.slow
def test_futures_stream_soak_half_a_minute_converges_with_flat_memory() -> None:
    summary = soak_streams.run(minutes=0.5, symbols=4, seed=2, fault_rate=0.05, family="futures")
    assert summary["checks"] >= 3 and summary["converged"] == summary["checks"], summary["problems"]
    assert sum(summary["faults"].values()) >= 10, summary["faults"]
    assert summary["ok"] and not summary["problems"] and not summary["errors"], summary


def test_stream_soak_command_line_parses_and_reports(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    seen = {}

    def fake_run(minutes, symbols, seed, fault_rate, family="spot"):
        seen.update(minutes=minutes, symbols=symbols, seed=seed, fault_rate=fault_rate, family=family)
        return {"ok": False, "problems": ["check 2: BTC/USDT: nonce 5 != true sequence 7"]}

    monkeypatch.setattr(soak_streams, "run", fake_run)
    assert soak_streams.main(["--minutes", "0.25", "--symbols", "7", "--seed", "3"]) == 1
    assert seen == {"minutes": 0.25, "symbols": 7, "seed": 3, "fault_rate": 0.05, "family": "spot"}
    line = capsys.readouterr().out.strip()
    assert json.loads(line)["problems"] == ["check 2: BTC/USDT: nonce 5 != true sequence 7"]
    assert soak_streams.main(["--family", "futures", "--symbols", "4"]) == 1 and seen["family"] == "futures"
    monkeypatch.setattr(soak_streams, "run", lambda *a: {"ok": True, "problems": []})
    assert soak_streams.main([]) == 0


def test_judge_names_what_differs() -> None:
    truth = {"sequence": 9, "bids": [["2", "1"], ["1", "3"]], "asks": [["3", "1"]]}
    same = {"nonce": 9, "bids": [[2.0, 1.0], [1.0, 3.0]], "asks": [[3.0, 1.0]]}
    assert soak_streams._judge(same, truth) is None
    assert "nonce 8" in soak_streams._judge({**same, "nonce": 8}, truth)
    assert "top 20" in soak_streams._judge({**same, "bids": [[2.0, 1.5], [1.0, 3.0]]}, truth)
    assert soak_streams._judge(None, truth) == "no book"
    assert soak_streams.rss_kb() > 0
