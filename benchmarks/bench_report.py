"""The Markdown report: a header line about the machine and one row per metric (benchmark tooling).

Rule: a ratio is always ours/ccxt; a target is the largest acceptable ratio; "met?" is "yes", "no" or
"—" (no target, or nothing to compare with).
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

__all__ = ["Row", "header_line", "render_table", "interpreter_info", "NOT_INSTALLED"]

NOT_INSTALLED = "ccxt not installed (pip install -e '.[parity]')"


_INFO_PROBE = """\
import json, platform, sys
from importlib import metadata
def version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
print(json.dumps({"python": platform.python_version(), "impl": sys.implementation.name,
                  "urllib3": version("urllib3"), "ccxt": version("ccxt")}))
"""


def interpreter_info(python: str, env: Mapping[str, str]) -> dict[str, str | None]:
    """Versions as seen by the interpreter that runs the children (``--python``), not by this one."""
    done = subprocess.run([python, "-c", _INFO_PROBE], env=dict(env), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def header_line(info: Mapping[str, str | None], ccxt_importable: bool) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ccxt = (info.get("ccxt") if ccxt_importable else None) or "not installed"
    urllib3 = info.get("urllib3") or "not installed"
    return (f"Python {info['python']} ({info['impl']}) · urllib3 {urllib3} · ccxt {ccxt} · "
            f"machine: {platform.system()} {platform.machine()}, {_cpu_model()}, {os.cpu_count()} cores · "
            f"date: {now}")


@dataclass
class Row:
    metric: str
    ours: float | None
    ccxt: float | None
    target: Fraction | None = None   # max acceptable ours/ccxt
    fmt: str = "{:.2f}"
    ccxt_note: str | None = None     # shown instead of a number (e.g. "not installed", "failed")

    def ratio(self) -> float | None:
        if self.ours is None or self.ccxt is None or self.ccxt <= 0:
            return None
        return self.ours / self.ccxt

    def met(self) -> str:
        r = self.ratio()
        if self.target is None or r is None:
            return "—"
        return "yes" if r <= self.target else "no"

    def cells(self) -> list[str]:
        ours = "failed" if self.ours is None else self.fmt.format(self.ours)
        if self.ccxt_note is not None:
            ccxt = self.ccxt_note
        else:
            ccxt = "—" if self.ccxt is None else self.fmt.format(self.ccxt)
        r = self.ratio()
        ratio = "—" if r is None else f"{r:.3f}"
        target = "—" if self.target is None else f"≤ {self.target} ({float(self.target):.2f})"
        return [self.metric, ours, ccxt, ratio, target, self.met()]


def render_table(rows: list[Row]) -> str:
    head = ["metric", "kucoin-connector", "ccxt", "ratio", "target", "met?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---", "---:", "---:", "---:", "---", "---"]) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(row.cells()) + " |")
    return "\n".join(lines)
