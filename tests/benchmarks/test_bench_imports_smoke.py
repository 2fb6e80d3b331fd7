"""Smoke test for benchmarks/bench_imports.py: the cold-start table has its six rows with numbers.

No timing thresholds (numbers depend on the machine): the run exits 0 and every row carries a number for
kucoin-connector, and for ccxt either a number or why not.
"""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def test_one_round_reports_construct_and_first_request_side_by_side(tmp_path: pathlib.Path) -> None:
    out_md = tmp_path / "cold.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_imports.py"), "--rounds", "1",
                           "--markdown", str(out_md)], capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert out_md.read_text() == done.stdout
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in done.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| metric")]
    assert len(rows) == 6
    assert sum("Kucoin()" in r[0] for r in rows) == 3 and sum("first request" in r[0] for r in rows) == 3
    assert [r[4] for r in rows] == ["≤ 1/10 (0.10)"] * 2 + ["—"] + ["≤ 1/4 (0.25)"] * 2 + ["—"]
    for metric, ours, ccxt, ratio, target, met in rows:
        assert NUMBER.match(ours), (metric, ours)
        assert NUMBER.match(ccxt) or "not installed" in ccxt, (metric, ccxt)
        assert met in ("yes", "no", "—")
