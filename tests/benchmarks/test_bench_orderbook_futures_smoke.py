"""The futures order-book benchmark script runs end to end on a small count (a smoke test: no timing
assertions)."""
from __future__ import annotations

import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPT = BENCH / "bench_orderbook_futures.py"


def _load():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_orderbook_futures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(module)
    return module


def test_stream_steps_by_one_and_our_book_applies_it():
    bench = _load()
    snapshot, texts = bench.stream(300, seed=3)
    assert len(snapshot["bids"]) == 100 and len(snapshot["asks"]) == 100
    datas = [json.loads(t)["data"] for t in texts]
    assert [d["sequence"] for d in datas] == list(range(snapshot["sequence"] + 1, snapshot["sequence"] + 301))
    assert all(len(d["change"].split(",")) == 3 for d in datas)
    _, book = bench.run_ours(snapshot, texts)
    assert book.sequence == datas[-1]["sequence"]


@pytest.mark.parity  # needs ccxt: runs in CI's parity stage, where the `parity` extra is installed
def test_quick_run_prints_the_table_and_books_agree():
    pytest.importorskip("ccxt")
    result = subprocess.run([sys.executable, str(SCRIPT), "--messages", "2000", "--repeat", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "| futures updates applied/s (ours from JSON text; ccxt.pro from decoded dicts) |" in result.stdout
    assert "Both books agree level by level after every run." in result.stdout
