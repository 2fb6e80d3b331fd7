"""Cold-import time and memory after import, each sample in a fresh interpreter (benchmark tooling).

Rule: one fresh process per sample, targets interleaved (baseline, ours, ccxt, rotated each round), medians.
Each probe reports its whole-process wall time (measured by the parent), the import's own duration
(``time.perf_counter`` around the import statement, in the child) and the resident set size after the
import (``VmRSS`` from ``/proc/self/status``; ``resource.getrusage`` max RSS where /proc is missing).
The ``pass`` probe is the interpreter's own cost, subtracted from the others.
"""
from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass, field
from typing import Mapping

__all__ = ["TARGETS", "ImportStats", "measure_imports"]

TARGETS: dict[str, str] = {
    "baseline": "pass",
    "ours": "import kucoin_connector; kucoin_connector.Kucoin",
    "ccxt": "import ccxt",
    # Info: what a user really pays before the first request (our constructor loads urllib3 lazily).
    "ours+client": "import kucoin_connector; kucoin_connector.Kucoin({})",
    "ccxt+client": "import ccxt; ccxt.kucoin({})",
}

# The same scaffolding runs around every statement, so its small cost cancels in the subtraction.
_PROBE = """\
import time
_t0 = time.perf_counter()
{stmt}
_t1 = time.perf_counter()
_rss = -1
try:
    with open("/proc/self/status") as _f:
        for _line in _f:
            if _line.startswith("VmRSS:"):
                _rss = int(_line.split()[1]) * 1024
except OSError:
    import resource, sys
    _r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _rss = _r if sys.platform == "darwin" else _r * 1024
print(_t1 - _t0, _rss)
"""


@dataclass
class ImportStats:
    wall_s: list[float] = field(default_factory=list)      # whole process, parent's clock
    inproc_s: list[float] = field(default_factory=list)    # the import statement alone
    rss_bytes: list[int] = field(default_factory=list)

    def median_wall(self) -> float:
        return statistics.median(self.wall_s)

    def median_inproc(self) -> float:
        return statistics.median(self.inproc_s)

    def median_rss(self) -> float:
        return statistics.median(self.rss_bytes)


def _probe(python: str, stmt: str, env: Mapping[str, str]) -> tuple[float, float, int]:
    code = _PROBE.format(stmt=stmt)
    t0 = time.perf_counter()
    done = subprocess.run([python, "-c", code], env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"import probe {stmt!r} failed:\n{done.stderr[-2000:]}")
    inproc, rss = done.stdout.split()
    return wall, float(inproc), int(rss)


def measure_imports(python: str, targets: list[str], rounds: int, env: Mapping[str, str]) -> dict[str, ImportStats]:
    """``rounds`` samples per target, after one untimed warm-up each (so byte-code caches exist: "cold"
    means a fresh process, not a cold disk)."""
    stats = {name: ImportStats() for name in targets}
    for name in targets:
        _probe(python, TARGETS[name], env)
    for r in range(rounds):
        order = targets[r % len(targets):] + targets[:r % len(targets)]
        for name in order:
            wall, inproc, rss = _probe(python, TARGETS[name], env)
            stats[name].wall_s.append(wall)
            stats[name].inproc_s.append(inproc)
            stats[name].rss_bytes.append(rss)
    return stats
