"""Smoke test for benchmarks/run.py: the quick run finishes and reports every row for our client.

No timing thresholds: numbers depend on the machine. We check the run exits 0, the report has the
header line and the table, every metric row carries a number for kucoin-connector, and the ccxt cell
is either a number or says why not (not installed / failed).
"""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN = ROOT / "benchmarks" / "run.py"

EXPECTED_METRICS = [
    "cold import, ms (process wall",
    "cold import, ms (in-process",
    "memory after import, MiB",
    "fetch_order_book('BTC/USDT', 20), client CPU µs/call",
    "fetch_order_book('BTC/USDT', 20), wall µs/call",
    "load_markets(reload=True), 200 symbols, client CPU ms",
    "load_markets(reload=True), 200 symbols, wall ms",
    "load_markets() cold (fresh process), 200 symbols, client CPU ms",
    "HTTP requests per load_markets",
    "HTTP requests per fetch_order_book",
]
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _table_rows(report: str) -> dict[str, list[str]]:
    rows = {}
    for line in report.splitlines():
        if line.startswith("| ") and not line.startswith("| metric"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_quick_run_reports_our_client(tmp_path: pathlib.Path) -> None:
    out_md = tmp_path / "bench.md"
    done = subprocess.run([sys.executable, str(RUN), "--quick", "--markdown", str(out_md)],
                          capture_output=True, text=True, timeout=120, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    report = done.stdout
    assert report.splitlines()[0].startswith("Python ")
    assert "urllib3 " in report.splitlines()[0] and "cores" in report.splitlines()[0]
    assert "| metric | kucoin-connector | ccxt | ratio | target | met? |" in report
    rows = _table_rows(report)
    for prefix in EXPECTED_METRICS:
        matches = [name for name in rows if name.startswith(prefix)]
        assert matches, f"no row {prefix!r} in:\n{report}"
        for name in matches:
            ours, ccxt, ratio, target, met = rows[name]
            assert NUMBER.match(ours), f"{name}: ours cell {ours!r}"
            assert NUMBER.match(ccxt) or "not installed" in ccxt or ccxt == "failed", f"{name}: ccxt {ccxt!r}"
            assert met in ("yes", "no", "—")
    # our client makes exactly one request per order-book call
    assert rows[next(n for n in rows if n.startswith("HTTP requests per fetch_order_book"))][0] == "1"
    assert out_md.read_text(encoding="utf-8") == report
