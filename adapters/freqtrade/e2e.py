"""Freqtrade end to end: the stock commands on this connector and on ccxt, both against one simulator.

    python -m kucoin_connector_adapters.freqtrade.e2e [--short] [--cache DIR]   (or adapters/freqtrade/e2e.sh)

Creates (or reuses) a Python 3.11 venv under the cache dir with Freqtrade (the pinned release) and this
checkout installed editable, starts the simulator in this process (fixed seed; its clock frozen while the
two backends are compared, so both read the same state), and runs each command twice with one
configuration: through ``python -m kucoin_connector_adapters freqtrade`` (the connector) and through the
plain ``freqtrade`` command (ccxt, pointed at the simulator by ccxt's own ``urls.api`` keys). Prints a table
and, last, one line with the figure. Exit status 0 only if every check passed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any, Callable

from . import VERIFIED_VERSIONS
from .e2e_files import CHURN, CROSS, STRATEGIES, VOLUME_PAIRLIST, config
from .e2e_live import live_trade

FREQTRADE = VERIFIED_VERSIONS[-1]
SEED = 7
REPO = Path(__file__).resolve().parents[2]
BACKENDS = ("connector", "ccxt")
ORDER_BOOK = "/api/v1/market/orderbook/level2_20"  # Freqtrade's KuCoin depth 20, both backends
FAULTS = ({"path": ORDER_BOOK, "kind": "status", "status": 503, "count": 6},
          {"path": ORDER_BOOK, "kind": "code", "code": "429000", "status": 429, "msg": "Too many requests",
           "count": 2})


class Clock:
    """The simulator's clock: wall time, or one instant while frozen."""

    def __init__(self) -> None:
        self.frozen: float | None = None

    def __call__(self) -> float:
        return time.time() if self.frozen is None else self.frozen


def _python311() -> str:
    found = shutil.which("python3.11")
    if found:
        return found
    pyenv = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() if shutil.which("pyenv") else ""
    for candidate in sorted(Path(pyenv or "/nonexistent").glob("versions/3.11.*/bin/python3.11"), reverse=True):
        return str(candidate)
    raise SystemExit("Freqtrade needs Python 3.11: none found (python3.11 on PATH or pyenv versions/3.11.*)")


def ensure_venv(cache: Path) -> tuple[Path, str]:
    """The venv's bin dir and what was done (reused or installed, with the seconds it took)."""
    venv = cache / f"freqtrade-{FREQTRADE}-py3.11"
    bin_ = venv / "bin"
    start = time.monotonic()
    probe = subprocess.run([str(bin_ / "python"), "-c", "import importlib.metadata as m; print(m.version('freqtrade'))"],
                           capture_output=True, text=True) if (bin_ / "python").exists() else None
    action = "reused"
    if probe is None or probe.returncode != 0 or probe.stdout.strip() != FREQTRADE:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([_python311(), "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bin_ / "pip"), "install", "-q", f"freqtrade=={FREQTRADE}"], check=True)
        action = "installed"
    # this checkout, editable and without dependencies (Freqtrade brought ccxt and urllib3)
    subprocess.run([str(bin_ / "pip"), "install", "-q", "--no-deps", "-e", str(REPO)], check=True,
                   stdout=subprocess.DEVNULL)
    return bin_, f"Freqtrade {FREQTRADE} venv {action} in {time.monotonic() - start:.0f} s ({venv})"


class Runner:
    """Runs one Freqtrade command on one backend; keeps each run's output under ``work/logs``."""

    def __init__(self, bin_: Path, work: Path) -> None:
        self.bin, self.work = bin_, work
        (work / "logs").mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if k not in ("KUCOIN_CONNECTOR_CCXT", "PYTHONPATH")}

    def argv(self, backend: str, args: list[str]) -> list[str]:
        if backend == "connector":
            return [str(self.bin / "python"), "-m", "kucoin_connector_adapters", "freqtrade", *args]
        return [str(self.bin / "freqtrade"), *args]

    def start(self, backend: str, args: list[str], tag: str) -> tuple[subprocess.Popen, Path]:
        log = self.work / "logs" / f"{tag}-{backend}.log"
        out = open(log, "w")  # noqa: SIM115 - closed when the process is reaped
        proc = subprocess.Popen(self.argv(backend, args), cwd=self.work, env=self.env, stdout=out,
                                stderr=subprocess.STDOUT, text=True)
        proc._e2e_out = out  # type: ignore[attr-defined]
        return proc, log

    def run(self, backend: str, args: list[str], tag: str, timeout: float = 600) -> tuple[int, str]:
        proc, log = self.start(backend, args, tag)
        try:
            code = proc.wait(timeout)
        finally:
            proc._e2e_out.close()  # type: ignore[attr-defined]
        return code, log.read_text()


def _last_json(text: str) -> Any:
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith(("[", "{")):
            return json.loads(line)
    raise ValueError("no JSON line in the output")


def _csv_block(text: str) -> list[str]:
    """The CSV table ``--print-csv`` prints: its header line (``Id,Symbol,...``) and the rows after it with
    as many fields (log lines around it never count)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Id,Symbol,")), None)
    if start is None:
        raise ValueError("no CSV table (Id,Symbol,...) in the output")
    fields = lines[start].count(",")
    return [lines[start]] + [line for line in lines[start + 1:] if line.count(",") == fields and " - " not in line]


def _tracebacks(text: str) -> int:
    return text.count("Traceback (most recent call last)")


class E2E:
    def __init__(self, bin_: Path, work: Path, sim: Any, clock: Clock, short: bool) -> None:
        self.runner, self.work, self.sim, self.clock, self.short = Runner(bin_, work), work, sim, clock, short
        self.rows: list[tuple[str, str, str, bool]] = []
        self.figures: dict[str, Any] = {}
        self.pairs = self._pairs(3 if short else 6)
        day = dt.datetime.fromtimestamp(clock(), dt.timezone.utc).date()
        days = 4 if short else 30
        self.timerange = f"{(day - dt.timedelta(days=days + 1)):%Y%m%d}-{(day - dt.timedelta(days=1)):%Y%m%d}"
        self.timeframes = ["5m", "1h"] if short else ["1m", "5m", "1h"]
        for backend in BACKENDS:
            self._write_config(backend, f"config-{backend}.json", {})

    def _pairs(self, n: int) -> list[str]:
        from kucoin_connector import Kucoin
        ex = Kucoin({"urls": {"api": {"spot": self.sim.spot_url, "futures": self.sim.futures_url}}})
        usdt = sorted(s for s, m in ex.load_markets().items() if m["quote"] == "USDT" and m["active"])
        preferred = [s for s in ("BTC/USDT", "ETH/USDT") if s in usdt]
        return (preferred + [s for s in usdt if s not in preferred])[:n]

    def ud(self, backend: str) -> Path:
        return self.work / f"ud-{backend}"

    def _write_config(self, backend: str, name: str, overrides: dict[str, Any], **kwargs: Any) -> str:
        cfg = config(self.sim.spot_url, self.sim.futures_url, str(self.ud(backend)), self.pairs, **kwargs)
        cfg.update(overrides)
        strategies = self.ud(backend) / "strategies"
        strategies.mkdir(parents=True, exist_ok=True)
        for cls, source in STRATEGIES.items():
            (strategies / f"{cls.lower()}.py").write_text(source)
        (self.work / name).write_text(json.dumps(cfg, indent=1))
        return name

    def both(self, tag: str, args: Callable[[str], list[str]], summary: Callable[[str, int, str], Any],
             show: Callable[[Any], str] = str) -> tuple[Any, Any]:
        results = []
        for backend in BACKENDS:
            code, out = self.runner.run(backend, args(backend), tag)
            failed = f"FAILED (exit {code}, {_tracebacks(out)} tracebacks; logs/{tag}-{backend}.log)"
            try:
                results.append(summary(backend, code, out) if code == 0 and not _tracebacks(out) else failed)
            except (ValueError, KeyError, OSError, StopIteration) as exc:
                results.append(f"{failed}: {type(exc).__name__}: {exc}")
        ok = results[0] == results[1] and not str(results[0]).startswith("FAILED")
        self.rows.append((tag, show(results[0]), show(results[1]), ok))
        return results[0], results[1]

    # ---- the comparisons (simulator frozen) --------------------------------------------------------
    def compare_static(self) -> None:
        cfg = lambda b: ["-c", f"config-{b}.json"]  # noqa: E731
        # ccxt's kucoin also lists KuCoin's futures markets; this client is spot-only: spot rows must be equal
        self.both("list-markets (spot)", lambda b: ["list-markets", *cfg(b), "--print-csv"], self._spot_markets,
                  lambda r: f"{len(r) - 1} spot markets" if isinstance(r, list) else r)
        futures = self.figures.get("futures", {})
        tag, ours, theirs, ok = self.rows[-1]
        self.rows[-1] = (tag, f"{ours} (+{futures.get('connector', 0)} futures)",
                         f"{theirs} (+{futures.get('ccxt', 0)} futures)", ok)
        self.both("list-pairs", lambda b: ["list-pairs", *cfg(b), "--quote", "USDT", "--print-json"],
                  lambda b, c, o: _last_json(o), lambda r: f"{len(r)} pairs" if isinstance(r, list) else r)
        for backend in BACKENDS:
            self._write_config(backend, f"config-vol-{backend}.json", {"pairlists": VOLUME_PAIRLIST})
        self.both("test-pairlist", lambda b: ["test-pairlist", "-c", f"config-vol-{b}.json", "--print-json"],
                  lambda b, c, o: _last_json(o), lambda r: ", ".join(r[:3]) + f" ... ({len(r)})" if isinstance(r, list) else r)
        self.both("download-data", lambda b: ["download-data", *cfg(b), "--timerange", self.timerange,
                                              "--timeframes", *self.timeframes, "--data-format-ohlcv", "json"],
                  self._candles, lambda r: f"{r[0]:,} candles in {r[1]} files" if isinstance(r, tuple) else r)
        self.both("backtesting", lambda b: ["backtesting", *cfg(b), "--strategy", CROSS, "--timerange",
                                            self.timerange, "--timeframe", "5m", "--export", "trades",
                                            "--data-format-ohlcv", "json", "--cache", "none"],
                  self._backtest, lambda r: f"{len(r[0])} trades, profit {r[1]:.4f} USDT" if isinstance(r, tuple) else r)

    def _spot_markets(self, backend: str, code: int, out: str) -> list[str]:
        rows = _csv_block(out)
        spot = [r for r in rows if ":" not in r.split(",")[1]]
        self.figures.setdefault("futures", {})[backend] = len(rows) - len(spot)
        return spot

    def _candles(self, backend: str, code: int, out: str) -> Any:
        files = sorted((self.ud(backend) / "data" / "kucoin").glob("*.json"))
        contents = {f.name: f.read_text() for f in files}
        count = sum(len(json.loads(text)) for text in contents.values())
        self.figures.setdefault("candles", count)
        return count, len(files), contents

    def _backtest(self, backend: str, code: int, out: str) -> Any:
        results = self.ud(backend) / "backtest_results"
        last = json.loads((results / ".last_result.json").read_text())["latest_backtest"]
        with zipfile.ZipFile(results / last) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".json") and "_config" not in n
                        and "market_change" not in n)
            data = json.loads(zf.read(name))
        strat = data["strategy"][CROSS]
        keys = ("pair", "open_date", "close_date", "open_rate", "close_rate", "amount", "profit_abs", "exit_reason")
        trades = [tuple(t[k] for k in keys) for t in strat["trades"]]
        self.figures.setdefault("trades", len(trades))
        return trades, strat["profit_total_abs"]

    # ---- refusing to fall back ----------------------------------------------------------------------
    def no_fallback(self) -> None:
        bad = {"exchange": {**config(self.sim.spot_url, self.sim.futures_url, "", self.pairs)["exchange"]}}
        bad["exchange"]["ccxt_config"] = {"urls": {"api": {"public": self.sim.spot_url, "privat": self.sim.spot_url}}}
        name = self._write_config("connector", "config-bad.json", bad)
        code, out = self.runner.run("connector", ["list-markets", "-c", name], "bad-config")
        refused = code != 0 and "unknown" in out.lower() and _tracebacks(out) == 0
        self.rows.append(("bad config refused", f"exit {code}" + (", clear error" if refused else ""),
                          "(ignores the key)", refused))

    # ---- trading (simulator running) ----------------------------------------------------------------
    def dry_run(self, patience: float) -> None:
        """The bot trades (one entry per pair and 1m candle, the exit at the next iteration); once it has
        closed a trade, the order book answers a burst of 503s and then 429000 (KuCoin's rate-limit code):
        the bot must log, retry, keep running and trade again. Each wait is bounded by ``patience`` s."""
        results = []
        for backend in BACKENDS:
            name = self._write_config(backend, f"config-trade-{backend}.json", {"timeframe": "1m"})
            db = self.work / f"dry-{backend}.sqlite"
            started = time.monotonic()
            proc, log = self.runner.start(backend, ["trade", "-c", name, "--strategy", CHURN, "--dry-run",
                                                    "--db-url", f"sqlite:///{db}"], "trade-dry-run")
            _wait_until(lambda: _trades(db, None)[1] > 0 or proc.poll() is not None, patience)
            faulted_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
            for spec in FAULTS:
                self.sim.add_fault(spec)
            _wait_until(lambda: (_trades(db, faulted_at)[2] > 0 and not self.sim.faults.pending())
                        or proc.poll() is not None, patience + 60)
            alive, pending = proc.poll() is None, self.sim.faults.pending()
            self.sim.clear_faults()
            text = _stop(proc, log)
            opened, closed, after = _trades(db, faulted_at)
            results.append({"entries": opened, "exits": closed, "after": after, "alive": alive,
                            "faults_left": len(pending), "tracebacks": _tracebacks(text),
                            "seconds": time.monotonic() - started})
        show = lambda r: (f"{r['entries']} entries, {r['exits']} exits, {r['tracebacks']} tracebacks "  # noqa: E731
                          f"({r['seconds']:.0f} s)")
        self.rows.append(("trade --dry-run", show(results[0]), show(results[1]),
                          all(r["entries"] and r["exits"] and not r["tracebacks"] for r in results)))
        fault = lambda r: (f"{'kept running' if r['alive'] else 'DIED'}, {r['after']} trades after, "  # noqa: E731
                           f"{r['faults_left']} faults left")
        # passes on the connector's behaviour (ccxt's column is for comparison: ccxt only has to survive)
        ours, theirs = results
        self.rows.append(("faults: 6x503 + 2x429000", fault(ours), fault(theirs),
                          bool(ours["alive"] and ours["after"] and not ours["faults_left"] and theirs["alive"])))
        self.figures["dry"] = results

    def webserver(self) -> None:
        results = []
        for backend in BACKENDS:
            port = _free_port()
            name = self._write_config(backend, f"config-web-{backend}.json", {}, api_port=port)
            proc, log = self.runner.start(backend, ["webserver", "-c", name], "webserver")
            answer = _poll(f"http://127.0.0.1:{port}/api/v1/ping", proc, 60)
            time.sleep(2)
            _stop(proc)
            results.append(answer)
        self.rows.append(("webserver", results[0], results[1], results[0] == results[1] == '{"status":"pong"}'))


def _trades(db: Path, since: dt.datetime | None) -> tuple[int, int, int]:
    """(trades, closed trades, trades opened or closed after ``since``) in a Freqtrade database."""
    stamp = (since or dt.datetime.max).isoformat(" ")
    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("select count(*), coalesce(sum(is_open = 0), 0), "
                               "coalesce(sum(open_date > ? or close_date > ?), 0) from trades", (stamp, stamp)).fetchone()
    except sqlite3.Error:  # not created yet, or locked by the bot for a moment
        return 0, 0, 0
    return row


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(1)
    return condition()


def _stop(proc: subprocess.Popen, log: Path | None = None) -> str:
    """Ctrl-C, as a user stops Freqtrade; then SIGTERM, then SIGKILL if it does not go. Returns the ``log`` as
    it was before the stop: what the run itself wrote. (Ctrl-C raises KeyboardInterrupt wherever the bot is,
    e.g. inside a database commit, and Freqtrade then prints tracebacks while shutting down: those are the
    harness's doing, not the backend's; the whole log stays in logs/.)"""
    before = log.read_text() if log is not None else ""
    for send, wait in ((lambda: proc.send_signal(signal.SIGINT), 30), (proc.terminate, 10), (proc.kill, 10)):
        if proc.poll() is not None:
            break
        send()
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
    proc._e2e_out.close()  # type: ignore[attr-defined]
    return before


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _poll(url: str, proc: subprocess.Popen, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return resp.read().decode()
        except OSError:
            time.sleep(0.5)
    return "no answer" if proc.poll() is None else f"exited ({proc.returncode})"


def _table(rows: list[tuple[str, str, str, bool]]) -> str:
    head = ("check", "connector", "ccxt", "ok")
    cells = [head] + [(a, b, c, "yes" if ok else "NO") for a, b, c, ok in rows]
    widths = [min(60, max(len(str(r[i])) for r in cells)) for i in range(4)]
    fmt = lambda r: "  ".join(str(v)[:widths[i]].ljust(widths[i]) for i, v in enumerate(r))  # noqa: E731
    return "\n".join([fmt(head), "  ".join("-" * w for w in widths)] + [fmt(r) for r in cells[1:]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kucoin_connector_adapters.freqtrade.e2e")
    parser.add_argument("--short", action="store_true", help="the CI version: fewer pairs, days and seconds")
    parser.add_argument("--cache", default=os.environ.get("KUCOIN_CONNECTOR_CACHE",
                                                          str(Path.home() / ".cache" / "kucoin-connector")))
    args = parser.parse_args(argv)
    started = time.monotonic()
    cache = Path(args.cache)
    bin_, venv_note = ensure_venv(cache)
    print(venv_note, flush=True)
    work = cache / "freqtrade-e2e-run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    from kucoin_conformance.simulator import Simulator
    clock = Clock()
    with Simulator(seed=SEED, symbols=40, clock=clock) as sim:
        clock.frozen = time.time()
        sim.pause()
        e2e = E2E(bin_, work, sim, clock, args.short)
        e2e.compare_static()
        e2e.no_fallback()
        clock.frozen = None
        sim.resume()
        e2e.dry_run(150)
        live_trade(e2e, 150)
        e2e.webserver()
    print(_table(e2e.rows))
    passed = sum(ok for *_, ok in e2e.rows)
    print(f"logs: {work / 'logs'}; took {time.monotonic() - started:.0f} s")
    print(f"freqtrade {FREQTRADE} e2e: {passed} of {len(e2e.rows)} checks passed; connector = ccxt on "
          f"{e2e.figures.get('candles', 0):,} candles and {e2e.figures.get('trades', 0)} backtest trades "
          f"({len(e2e.pairs)} pairs, {'/'.join(e2e.timeframes)}, {e2e.timerange})")
    return 0 if passed == len(e2e.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
