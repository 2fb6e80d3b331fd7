#!/usr/bin/env python3
"""Cold start: import time and memory, each sample in a fresh interpreter (benchmark tooling).

Rule: one fresh process per sample, targets interleaved (baseline, ours, ccxt, rotated each round), medians.
Each probe reports its whole-process wall time (measured by the parent), the statement's own duration
(``time.perf_counter`` around it, in the child), the resident set size after it (``VmRSS`` from
``/proc/self/status``) and the peak resident set size (``VmHWM``; ``resource.getrusage`` max RSS where
/proc is missing). The ``pass`` probe is the interpreter's own cost, subtracted from the others.

Run on its own, it prints the cold-start table (issue 8): import + construct a client, and import +
construct + a first request (``fetch_time()``, against the simulator in its own process), side by side
with ccxt (``pip install -e '.[parity]'``):

    python benchmarks/bench_imports.py [--rounds 11] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping

__all__ = ["TARGETS", "ImportStats", "measure_imports", "cold_start_rows", "main"]

TARGETS: dict[str, str] = {
    "baseline": "pass",
    "ours": "import kucoin_connector; kucoin_connector.Kucoin",
    "ccxt": "import ccxt",
    # What a user really pays before the first request (our constructor loads no HTTP stack).
    "ours+client": "from kucoin_connector import Kucoin; Kucoin()",
    "ccxt+client": "import ccxt; ccxt.kucoin()",
    # ... and up to the first answer: one public request to the simulator ($SPOT/$FUTURES: its URLs).
    "ours+request": ("from kucoin_connector import Kucoin\n"
                     "Kucoin({'urls': {'api': {'spot': '$SPOT', 'futures': '$FUTURES'}}}).fetch_time()"),
    "ccxt+request": ("import ccxt\n"
                     "ex = ccxt.kucoin()\n"
                     "for k, u in list(ex.urls['api'].items()):\n"
                     "    if isinstance(u, str) and 'kucoin.com' in u:\n"
                     "        ex.urls['api'][k] = '$FUTURES' if k.lower().startswith('futures') else '$SPOT'\n"
                     "ex.fetch_time()"),
}
REQUEST_TARGETS = ("ours+request", "ccxt+request")

# The same scaffolding runs around every statement, so its small cost cancels in the subtraction.
_PROBE = """\
import time
_t0 = time.perf_counter()
{stmt}
_t1 = time.perf_counter()
_rss = _peak = -1
try:
    with open("/proc/self/status") as _f:
        for _line in _f:
            if _line.startswith("VmRSS:"):
                _rss = int(_line.split()[1]) * 1024
            elif _line.startswith("VmHWM:"):
                _peak = int(_line.split()[1]) * 1024
except OSError:
    import resource, sys
    _r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _rss = _peak = _r if sys.platform == "darwin" else _r * 1024
print(_t1 - _t0, _rss, _peak)
"""


@dataclass
class ImportStats:
    wall_s: list[float] = field(default_factory=list)      # whole process, parent's clock
    cpu_s: list[float] = field(default_factory=list)       # whole process, user + system CPU (getrusage)
    inproc_s: list[float] = field(default_factory=list)    # the import statement alone
    rss_bytes: list[int] = field(default_factory=list)
    peak_bytes: list[int] = field(default_factory=list)   # VmHWM: the most the process ever held

    def median_wall(self) -> float:
        return statistics.median(self.wall_s)

    def median_cpu(self) -> float:
        return statistics.median(self.cpu_s)

    def median_inproc(self) -> float:
        return statistics.median(self.inproc_s)

    def median_rss(self) -> float:
        return statistics.median(self.rss_bytes)

    def median_peak(self) -> float:
        return statistics.median(self.peak_bytes)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _probe(python: str, stmt: str, env: Mapping[str, str]) -> tuple[float, float, float, int, int]:
    code = _PROBE.format(stmt=stmt)
    cpu0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run([python, "-c", code], env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if done.returncode != 0:
        raise RuntimeError(f"import probe {stmt!r} failed:\n{done.stderr[-2000:]}")
    inproc, rss, peak = done.stdout.split()[-3:]
    return wall, cpu, float(inproc), int(rss), int(peak)


def _statement(name: str, urls: Mapping[str, str] | None) -> str:
    stmt = TARGETS[name]
    if "$SPOT" in stmt:
        if not urls:
            raise ValueError(f"target {name!r} needs the simulator's urls")
        stmt = stmt.replace("$SPOT", urls["spot"]).replace("$FUTURES", urls["futures"])
    return stmt


def measure_imports(python: str, targets: list[str], rounds: int, env: Mapping[str, str],
                    urls: Mapping[str, str] | None = None) -> dict[str, ImportStats]:
    """``rounds`` samples per target, after one untimed warm-up each (so byte-code caches exist: "cold"
    means a fresh process, not a cold disk). ``urls`` (the simulator's) for the ``+request`` targets."""
    stats = {name: ImportStats() for name in targets}
    statements = {name: _statement(name, urls) for name in targets}
    for name in targets:
        _probe(python, statements[name], env)
    for r in range(rounds):
        order = targets[r % len(targets):] + targets[:r % len(targets)]
        for name in order:
            wall, cpu, inproc, rss, peak = _probe(python, statements[name], env)
            stats[name].wall_s.append(wall)
            stats[name].cpu_s.append(cpu)
            stats[name].inproc_s.append(inproc)
            stats[name].rss_bytes.append(rss)
            stats[name].peak_bytes.append(peak)
    return stats


# ---- the cold-start table (run on its own) ------------------------------------------------------------

MIB = 1024 * 1024
CONSTRUCT_TARGET, REQUEST_TARGET = Fraction(1, 10), Fraction(1, 4)  # largest acceptable ours/ccxt (issue 8)
COLD_TARGETS = ["baseline", "ours+client", "ccxt+client", "ours+request", "ccxt+request"]


def cold_start_rows(stats: Mapping[str, ImportStats], ccxt_note: str | None = None) -> list:
    """Rows for ``bench_report.render_table``: wall time over a bare interpreter and peak RSS over its."""
    from bench_report import Row

    base = stats["baseline"]

    def wall(name: str) -> float | None:
        return None if name not in stats else (stats[name].median_wall() - base.median_wall()) * 1e3

    def cpu(name: str) -> float | None:
        return None if name not in stats else (stats[name].median_cpu() - base.median_cpu()) * 1e3

    def peak(name: str) -> float | None:
        return None if name not in stats else (stats[name].median_peak() - base.median_peak()) / MIB

    construct = "`from kucoin_connector import Kucoin; Kucoin()` vs `import ccxt; ccxt.kucoin()`"
    request = "the same + a first request (`fetch_time()`, simulator)"
    return [
        Row(f"{construct}: ms (process wall − `python -c pass`)", wall("ours+client"), wall("ccxt+client"),
            CONSTRUCT_TARGET, "{:.1f}", ccxt_note),
        Row(f"{construct}: MiB (peak RSS − interpreter's)", peak("ours+client"), peak("ccxt+client"),
            CONSTRUCT_TARGET, "{:.1f}", ccxt_note),
        Row(f"{construct}: CPU ms (user + system − interpreter's; info)", cpu("ours+client"), cpu("ccxt+client"),
            None, "{:.1f}", ccxt_note),
        Row(f"{request}: ms (process wall − `python -c pass`)", wall("ours+request"), wall("ccxt+request"),
            REQUEST_TARGET, "{:.1f}", ccxt_note),
        Row(f"{request}: MiB (peak RSS − interpreter's)", peak("ours+request"), peak("ccxt+request"),
            REQUEST_TARGET, "{:.1f}", ccxt_note),
        Row(f"{request}: CPU ms (user + system − interpreter's; info)", cpu("ours+request"), cpu("ccxt+request"),
            None, "{:.1f}", ccxt_note),
    ]


def _pause(spot_url: str) -> None:
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(spot_url + "/_sim/pause", data=b"{}", method="POST"),
                           timeout=10).read()


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_report import NOT_INSTALLED, header_line, interpreter_info, render_table
    from bench_sim import Simulator, child_env

    p = argparse.ArgumentParser(description="Cold start: import + construct, import + first request, vs ccxt")
    p.add_argument("--rounds", type=int, default=11, help="fresh interpreters per target (default 11)")
    p.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    p.add_argument("--python", default=sys.executable, help="interpreter for the children (default: this one)")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds must be positive")
    env = child_env()
    has_ccxt = subprocess.run([args.python, "-c", "import ccxt"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0
    targets = [t for t in COLD_TARGETS if has_ccxt or not t.startswith("ccxt")]
    started = time.perf_counter()
    with Simulator(["--seed", "1"], args.python) as sim:
        _pause(sim.urls["spot"])  # a still market: the simulator burns no CPU while the probes run
        print(f"cold start: {args.rounds} fresh interpreters per target", file=sys.stderr, flush=True)
        stats = measure_imports(args.python, targets, args.rounds, env, sim.urls)
    rows = cold_start_rows(stats, None if has_ccxt else NOT_INSTALLED)
    command = " ".join(["python", "benchmarks/bench_imports.py", *(argv if argv is not None else sys.argv[1:])])
    report = "\n".join([
        header_line(interpreter_info(args.python, env), has_ccxt), "",
        f"Command: `{command}` (took {time.perf_counter() - started:.0f} s)", "",
        render_table(rows), "",
        f"- Medians of {args.rounds} fresh interpreters per target, rotated each round, after one untimed warm-up "
        "each (byte-code caches written). Memory is the peak resident set (VmHWM) minus a bare interpreter's.",
    ]) + "\n"
    sys.stdout.write(report)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
