"""Smoke test for benchmarks/bench_async.py: a tiny run finishes and prints a row per client and concurrency
(no timing thresholds: the numbers depend on the machine)."""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "bench_async.py"
ROW = re.compile(r"^\| (\d+) \| (.+?) \| (\d+) \| (\d+) \| (n/a|\d+\.\d\d) \| (n/a|\d+\.\d\d) \|$")


def test_tiny_run_reports_every_client_at_each_concurrency():
    result = subprocess.run([sys.executable, str(SCRIPT), "--calls", "8", "--repeat", "1", "--warmup", "2",
                             "--concurrency", "1,4"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [ROW.match(line) for line in result.stdout.splitlines() if line.startswith("| ") and "µs" not in line]
    assert rows and all(rows), result.stdout
    seen = {(m.group(1), m.group(2)) for m in rows}
    for c in ("1", "4"):
        assert (c, "AsyncKucoin (HTTP on the event loop)") in seen
        assert (c, "AsyncKucoin (urllib3 in threads)") in seen
    has_ccxt = any("ccxt" in label for _, label in seen)
    assert has_ccxt or "ccxt not installed" in result.stdout
