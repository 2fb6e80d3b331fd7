"""Start and stop the KuCoin simulator in its own process (benchmark tooling, not library code).

Rule: the simulator never runs inside a measuring process, so its CPU is never charged to a client.
Like ``python -m kucoin_conformance.simulator --seed 1`` (same options, parsed by its own ``cli``), the
child prints one JSON line with the spot and futures URLs and serves until SIGTERM; unlike it, rate-limit
quotas are lifted (see ``_LAUNCHER``). Before the project is pip-installed, ``./conformance`` is not
importable as ``kucoin_conformance``; the child then aliases it, exactly as ``tests/conftest.py`` does.
"""
from __future__ import annotations

import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
from typing import Any

__all__ = ["Simulator", "child_env", "ROOT"]

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Aliases ./conformance as kucoin_conformance when the project is not installed (as tests/conftest.py does).
_ALIAS = """\
import importlib.util, os, sys
try:
    import kucoin_conformance
except ImportError:
    root = os.environ["KUCOIN_BENCH_ROOT"]
    spec = importlib.util.spec_from_file_location(
        "kucoin_conformance", os.path.join(root, "conformance", "__init__.py"),
        submodule_search_locations=[os.path.join(root, "conformance")])
    mod = importlib.util.module_from_spec(spec)
    sys.modules["kucoin_conformance"] = mod
    spec.loader.exec_module(mod)
"""

# The simulator's own command line (same options, same JSON line, same SIGTERM handling), except that
# rate-limit quotas are lifted: a default run makes ~20,000 public requests in about a minute from one
# IP, while KuCoin's Public pool (and the simulator's) allows 2000 weight per 30 s
# (https://www.kucoin.com/docs-new/rate-limit). We measure clients, not 429 back-off.
_LAUNCHER = _ALIAS + """\
import json, signal, threading
from kucoin_conformance.simulator import Simulator
from kucoin_conformance.simulator.cli import build_parser
args = build_parser().parse_args(sys.argv[1:])
unlimited = {pool: 10**12 for pool in ("Public", "Spot", "Futures")}
sim = Simulator(seed=args.seed, host=args.host, port=args.port, symbols=args.symbols, quotas=unlimited).start()
done = threading.Event()
for sig in (signal.SIGINT, signal.SIGTERM):
    signal.signal(sig, lambda *_: done.set())
sys.stdout.write(json.dumps({"spot": sim.spot_url, "futures": sim.futures_url, **sim.credentials}) + "\\n")
sys.stdout.flush()
try:
    while not done.wait(0.5):
        pass
finally:
    sim.stop()
"""


def child_env() -> dict[str, str]:
    """Environment for every child: the checkout importable, no flags that would skew timings."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["KUCOIN_BENCH_ROOT"] = str(ROOT)
    for var in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONDEVMODE",
                "PYTHONMALLOC", "PYTHONVERBOSE"):
        env.pop(var, None)
    return env


class Simulator:
    """One simulator process; use as a context manager so it is always terminated."""

    def __init__(self, args: list[str], python: str = sys.executable, startup_timeout: float = 60.0) -> None:
        self.args = list(args)
        self.python = python
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen[str] | None = None
        self.info: Any = None
        self.urls: dict[str, str] = {}

    def __enter__(self) -> "Simulator":
        env = child_env()
        cmd = [self.python, "-c", _LAUNCHER, *self.args]
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        lines: "queue.Queue[str | None]" = queue.Queue()
        errors: list[str] = []
        threading.Thread(target=self._drain, args=(self.proc.stdout, lines), daemon=True).start()
        threading.Thread(target=self._drain_err, args=(self.proc.stderr, errors), daemon=True).start()
        try:
            first = lines.get(timeout=self.startup_timeout)
        except queue.Empty:
            first = None
        if not first:
            self.__exit__(None, None, None)
            tail = "".join(errors)[-2000:]
            raise RuntimeError(f"simulator did not start ({' '.join(cmd[:3])} ...):\n{tail}")
        self.info = json.loads(first)
        self.urls = {"spot": self.info["spot"].rstrip("/"), "futures": self.info["futures"].rstrip("/")}
        return self

    @staticmethod
    def _drain(stream: Any, lines: "queue.Queue[str | None]") -> None:
        """Hand over the first line, then keep reading so a chatty simulator never blocks on a full pipe."""
        first = True
        for line in stream:
            if first:
                lines.put(line.strip())
                first = False
        if first:
            lines.put(None)

    @staticmethod
    def _drain_err(stream: Any, sink: list[str]) -> None:
        for line in stream:
            if len(sink) < 200:
                sink.append(line)

    def __exit__(self, *exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
