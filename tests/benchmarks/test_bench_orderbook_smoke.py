"""The order-book benchmark script runs end to end on a small count (a smoke test: no timing assertions)."""
from __future__ import annotations

import importlib.util
import pathlib
import subprocess
import sys

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "bench_orderbook.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_orderbook", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(module)
    return module


def test_stream_is_contiguous_and_our_book_applies_it():
    bench = _load()
    snapshot, texts = bench.stream(300, seed=3)
    assert len(snapshot["bids"]) == 100 and len(snapshot["asks"]) == 100
    import json
    datas = [json.loads(t)["data"] for t in texts]
    assert datas[0]["sequenceStart"] == int(snapshot["sequence"]) + 1
    assert all(b["sequenceStart"] == a["sequenceEnd"] + 1 for a, b in zip(datas, datas[1:]))
    _, book = bench.run_ours(snapshot, texts)
    assert book.sequence == datas[-1]["sequenceEnd"]


@pytest.mark.parity  # needs ccxt: runs in CI's parity stage, where the `parity` extra is installed
def test_quick_run_prints_the_table_and_books_agree():
    pytest.importorskip("ccxt")
    result = subprocess.run([sys.executable, str(SCRIPT), "--messages", "2000", "--repeat", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "| updates applied/s (ours from JSON text; ccxt.pro from decoded dicts) |" in result.stdout
    assert "Both books agree level by level" in result.stdout
