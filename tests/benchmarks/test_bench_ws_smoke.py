"""The WebSocket benchmark script runs end to end on a small count (a smoke test: no timing assertions)."""
from __future__ import annotations

import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "bench_ws.py"


def test_bench_ws_quick_run_prints_the_table():
    result = subprocess.run([sys.executable, str(SCRIPT), "--messages", "2000", "--repeat", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "| loopback receive, messages/s |" in result.stdout
    assert "| framing only (decode from memory), µs/message |" in result.stdout
