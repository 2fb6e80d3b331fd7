#!/usr/bin/env python3
"""kucoin-connector vs ccxt, side by side in one run, both against the offline KuCoin simulator.

Benchmark tooling, not library code. Rule: nothing measured shares a process with something else that
burns CPU: imports are measured in fresh interpreters; each client library runs in its own worker
process (``bench_worker.py``); each simulator runs in its own process. Rounds alternate ours/ccxt to
spread machine noise over both, and every figure is a median.

    python benchmarks/run.py                     # full run (well under 5 minutes on 2 cores)
    python benchmarks/run.py --quick             # seconds; used by tests/benchmarks/test_bench_smoke.py
    python benchmarks/run.py --markdown out.md   # also write the report to a file

Progress goes to stderr; the report (header line, table, notes) to stdout.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from bench_imports import measure_imports  # noqa: E402
from bench_report import NOT_INSTALLED, Row, header_line, interpreter_info, render_table  # noqa: E402
from bench_sim import Simulator, child_env  # noqa: E402
from bench_worker import CCXT_SPOT_ONLY, DEPTH, SYMBOL, TRADE_SYMBOL  # noqa: E402

WORKER = str(pathlib.Path(__file__).resolve().parent / "bench_worker.py")
MIB = 1024 * 1024
FIFTH, THIRD = Fraction(1, 5), Fraction(1, 3)


class WorkerError(RuntimeError):
    pass


class WorkerProc:
    """The parent's end of one ``bench_worker.py`` process."""

    def __init__(self, python: str, kind: str, env: dict[str, str]) -> None:
        self.kind = kind
        self.proc = subprocess.Popen([python, WORKER, kind], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def call(self, op: str, **kwargs: Any) -> Any:
        assert self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps({"op": op, **kwargs}) + "\n")
            self.proc.stdin.flush()
        except OSError as exc:  # the worker is gone
            raise WorkerError(f"{self.kind} worker unreachable during {op!r}: {exc}") from exc
        line = self.proc.stdout.readline()
        if not line:
            raise WorkerError(f"{self.kind} worker died during {op!r} (exit {self.proc.wait()})")
        reply = json.loads(line)
        if "error" in reply:
            raise WorkerError(f"{self.kind} {op}: {reply['error']}\n{reply.get('trace', '')}")
        return reply["ok"]

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def progress(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def ccxt_available(python: str, env: dict[str, str]) -> bool:
    done = subprocess.run([python, "-c", "import ccxt"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    return done.returncode == 0


def alternate(kinds: list[str], r: int) -> list[str]:
    return kinds if r % 2 == 0 else kinds[::-1]


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.python: str = args.python
        self.env = child_env()
        self.kinds = ["ours"]
        self.failures: dict[str, str] = {}  # ccxt phase -> error (ours failing aborts the run)
        self.data: dict[str, Any] = {}

    def guarded(self, kind: str, phase: str, fn: Any) -> Any:
        """Run one measurement; a ccxt failure is recorded (the run goes on), ours re-raises."""
        if kind != "ours" and phase in self.failures:
            return None
        try:
            return fn()
        except WorkerError as exc:
            if kind == "ours":
                raise
            self.failures[phase] = str(exc).splitlines()[0]
            progress(f"ccxt failed in {phase}: {exc}")
            return None

    def run(self) -> None:
        a = self.args
        if ccxt_available(self.python, self.env):
            self.kinds.append("ccxt")
        progress(f"imports: {a.import_rounds} fresh interpreters per target")
        targets = ["baseline"] + self.kinds + [k + "+client" for k in self.kinds]
        self.data["imports"] = measure_imports(self.python, targets, a.import_rounds, self.env)
        progress("starting simulators")
        with Simulator(["--seed", "1"], self.python) as book_sim, \
                Simulator(["--seed", "1", "--symbols", str(a.symbols)], self.python) as mk_sim:
            self.measure_cold(mk_sim.urls)
            self.measure_warm(book_sim.urls, mk_sim.urls)
            try:
                self.measure_trading(book_sim.urls, dict(book_sim.info))
            except WorkerError as exc:  # ours cannot trade (yet): report it, keep the other rows
                self.failures["trading (kucoin-connector)"] = str(exc).splitlines()[0]
                progress(f"kucoin-connector failed in trading: {exc}")

    def measure_trading(self, urls: dict[str, str], info: dict[str, Any]) -> None:
        """Signed create_order (limit, resting; bulk-cancelled untimed after each round) and fetch_order."""
        a = self.args
        creds = {k: info[k] for k in ("apiKey", "secret", "password")}
        workers = {k: WorkerProc(self.python, k, self.env) for k in self.kinds}
        create: dict[str, list[dict[str, Any]]] = {k: [] for k in self.kinds}
        fetch: dict[str, list[dict[str, Any]]] = {k: [] for k in self.kinds}
        try:
            for kind, w in workers.items():
                ok = self.guarded(kind, "trading", lambda: w.call("trade_setup", urls=urls, creds=creds,
                                                                  warmup=a.warmup))
                if ok is None:
                    continue
            for r in range(a.repeat):
                progress(f"trading round {r + 1}/{a.repeat}: {a.orders} x create_order, {a.orders} x fetch_order")
                for kind in alternate(self.kinds, r):
                    got = self.guarded(kind, "trading", lambda: workers[kind].call("create", n=a.orders))
                    if got is not None:
                        create[kind].append(got)
                    got = self.guarded(kind, "trading", lambda: workers[kind].call("fetch_order", n=a.orders))
                    if got is not None:
                        fetch[kind].append(got)
        finally:
            for w in workers.values():
                w.close()
        self.data.update(create=create, fetch_order=fetch)

    def measure_cold(self, urls: dict[str, str]) -> None:
        cold: dict[str, list[dict[str, Any]]] = {k: [] for k in self.kinds}
        for r in range(self.args.repeat):
            progress(f"cold load_markets, round {r + 1}/{self.args.repeat}")
            for kind in alternate(self.kinds, r):
                w = WorkerProc(self.python, kind, self.env)
                try:
                    got = self.guarded(kind, "cold load_markets", lambda: w.call("cold", urls=urls))
                finally:
                    w.close()
                if got is not None:
                    cold[kind].append(got)
        self.data["cold"] = cold

    def measure_warm(self, book_urls: dict[str, str], mk_urls: dict[str, str]) -> None:
        a = self.args
        workers = {k: WorkerProc(self.python, k, self.env) for k in self.kinds}
        variants = [("ours", "default")] + ([("ccxt", "default"), ("ccxt", "spot-only")] if "ccxt" in workers else [])
        book: dict[str, list[dict[str, Any]]] = {k: [] for k in self.kinds}
        reload: dict[tuple[str, str], dict[str, list[float]]] = {v: {"cpu": [], "wall": []} for v in variants}
        try:
            for kind, w in workers.items():
                self.guarded(kind, "fetch_order_book", lambda: w.call("book_setup", urls=book_urls, warmup=a.warmup))
            for kind, variant in variants:
                self.guarded(kind, f"reload {variant}", lambda: workers[kind].call("reload_setup", urls=mk_urls,
                                                                                    variant=variant))
            for r in range(a.repeat):
                progress(f"warm round {r + 1}/{a.repeat}: {a.calls} x fetch_order_book, load_markets(reload=True)")
                for kind in alternate(self.kinds, r):
                    got = self.guarded(kind, "fetch_order_book", lambda: workers[kind].call("book", n=a.calls))
                    if got is not None:
                        book[kind].append(got)
                for kind, variant in alternate(variants, r):
                    got = self.guarded(kind, f"reload {variant}",
                                       lambda: workers[kind].call("reload", k=a.reloads, variant=variant))
                    if got is not None:
                        reload[(kind, variant)]["cpu"] += got["cpu"]
                        reload[(kind, variant)]["wall"] += got["wall"]
            counts: dict[tuple[str, str], Any] = {}
            for kind, variant in variants:
                counts[(kind, variant)] = self.guarded(
                    kind, f"count {variant}",
                    lambda: workers[kind].call("count", book_urls=book_urls, market_urls=mk_urls, variant=variant))
        finally:
            for w in workers.values():
                w.close()
        self.data.update(book=book, reload=reload, counts=counts)

    # ---- report -------------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        imp, has_ccxt = self.data["imports"], "ccxt" in self.kinds
        note = None if has_ccxt else NOT_INSTALLED
        base = imp["baseline"]

        def imp_val(kind: str, what: str) -> float | None:
            if kind not in imp:
                return None
            s = imp[kind]
            if what == "wall":
                return (s.median_wall() - base.median_wall()) * 1e3
            if what == "inproc":
                return s.median_inproc() * 1e3
            return (s.median_rss() - base.median_rss()) / MIB

        def per_call(kind: str, what: str) -> float | None:
            samples = self.data["book"].get(kind) or []
            return med([s[what] / s["n"] * 1e6 for s in samples])

        def trading(op: str, kind: str, what: str) -> float | None:
            samples = self.data.get(op, {}).get(kind) or []
            return med([s[what] / s["n"] * 1e6 for s in samples])

        def cold(kind: str, what: str) -> float | None:
            return med([s[what] * 1e3 for s in self.data["cold"].get(kind) or []])

        def reload(kind: str, variant: str, what: str) -> float | None:
            got = self.data["reload"].get((kind, variant))
            return med([v * 1e3 for v in got[what]]) if got else None

        def nreq(kind: str, variant: str, what: str) -> float | None:
            got = self.data["counts"].get((kind, variant))
            return None if not got or got[what] is None else float(len(got[what]))

        def fail(phase: str) -> str | None:
            return note or ("failed" if phase in self.failures else None)

        n = self.args.symbols
        book = f"fetch_order_book('{SYMBOL}', {DEPTH})"
        return [
            Row("cold import, ms (process wall − `python -c pass`)", imp_val("ours", "wall"),
                imp_val("ccxt", "wall"), FIFTH, "{:.1f}", note),
            Row("cold import, ms (in-process, around the import)", imp_val("ours", "inproc"),
                imp_val("ccxt", "inproc"), FIFTH, "{:.1f}", note),
            Row("memory after import, MiB (VmRSS − interpreter)", imp_val("ours", "rss"), imp_val("ccxt", "rss"),
                FIFTH, "{:.1f}", note),
            Row("import + construct a client, ms (wall − `python -c pass`; info)", imp_val("ours+client", "wall"),
                imp_val("ccxt+client", "wall"), None, "{:.1f}", note),
            Row("memory after import + construct a client, MiB (info)", imp_val("ours+client", "rss"),
                imp_val("ccxt+client", "rss"), None, "{:.1f}", note),
            Row(f"{book}, client CPU µs/call", per_call("ours", "cpu"), per_call("ccxt", "cpu"), THIRD, "{:.0f}",
                fail("fetch_order_book")),
            Row(f"{book}, wall µs/call (incl. simulator; info)", per_call("ours", "wall"),
                per_call("ccxt", "wall"), None, "{:.0f}", fail("fetch_order_book")),
            Row(f"create_order('{TRADE_SYMBOL}', limit, resting; signed), client CPU µs/call",
                trading("create", "ours", "cpu"), trading("create", "ccxt", "cpu"), THIRD, "{:.0f}",
                fail("trading")),
            Row(f"fetch_order('{TRADE_SYMBOL}'; signed), client CPU µs/call", trading("fetch_order", "ours", "cpu"),
                trading("fetch_order", "ccxt", "cpu"), THIRD, "{:.0f}", fail("trading")),
            Row(f"create_order + fetch_order, wall µs/call (incl. simulator; info)",
                _sum(trading("create", "ours", "wall"), trading("fetch_order", "ours", "wall")),
                _sum(trading("create", "ccxt", "wall"), trading("fetch_order", "ccxt", "wall")), None, "{:.0f}",
                fail("trading")),
            Row(f"load_markets(reload=True), {n} symbols, client CPU ms", reload("ours", "default", "cpu"),
                reload("ccxt", "default", "cpu"), FIFTH, "{:.1f}", fail("reload default")),
            Row(f"load_markets(reload=True), {n} symbols, wall ms (info)", reload("ours", "default", "wall"),
                reload("ccxt", "default", "wall"), None, "{:.1f}", fail("reload default")),
            Row(f"load_markets(reload=True), {n} symbols, client CPU ms vs ccxt spot-only¹",
                reload("ours", "default", "cpu"), reload("ccxt", "spot-only", "cpu"), FIFTH, "{:.1f}",
                fail("reload spot-only")),
            Row(f"load_markets() cold (fresh process), {n} symbols, client CPU ms", cold("ours", "cpu"),
                cold("ccxt", "cpu"), FIFTH, "{:.1f}", fail("cold load_markets")),
            Row(f"load_markets() cold (fresh process), {n} symbols, wall ms (info)", cold("ours", "wall"),
                cold("ccxt", "wall"), None, "{:.1f}", fail("cold load_markets")),
            Row("HTTP requests per load_markets (info)", nreq("ours", "default", "load_markets"),
                nreq("ccxt", "default", "load_markets"), None, "{:.0f}", fail("count default")),
            Row(f"HTTP requests per {book} (info)", nreq("ours", "default", "fetch_order_book"),
                nreq("ccxt", "default", "fetch_order_book"), None, "{:.0f}", fail("count default")),
        ]

    def notes(self) -> list[str]:
        a, out = self.args, []
        out.append(f"Medians: imports over {a.import_rounds} fresh interpreters per target (after one untimed "
                   f"warm-up that writes byte-code caches); {a.repeat} rounds of {a.calls} fetch_order_book calls "
                   f"after {a.warmup} warm-up calls (markets loaded, connection open); {a.repeat * a.reloads} warm "
                   f"load_markets(reload=True) and {a.repeat} cold first loads (fresh client in a fresh process). "
                   "Rounds alternate ours/ccxt. Every timed sample starts after an untimed gc.collect(); collections "
                   "during the sample are counted. Each library runs in its own worker process; each simulator in "
                   "its own process, so neither's CPU is counted for the other.")
        out.append(f"Trading rows: {a.repeat} rounds of {a.orders} signed create_order calls (limit buys of 1 "
                   f"{TRADE_SYMBOL.split('/')[0]} 7% under the bid, so they rest; every round's orders are cancelled "
                   f"in bulk afterwards, untimed) and {a.orders} fetch_order calls of one resting order, after "
                   f"{max(1, a.warmup)} untimed warm-up pairs. Both clients sign every request (HMAC-SHA256).")
        out.append(f"¹ ccxt spot-only = options {json.dumps(CCXT_SPOT_ONLY)}: ccxt's load_markets then asks "
                   "for the same data ours does (spot symbols and currencies).")
        for (kind, variant), got in sorted(self.data.get("counts", {}).items()):
            if got and got["load_markets"] is not None:
                out.append(f"Requests by {kind}{'' if variant == 'default' else ' ' + variant}: load_markets "
                           f"{len(got['load_markets'])} ({', '.join(got['load_markets'])}); fetch_order_book "
                           f"{len(got['fetch_order_book'])} ({', '.join(got['fetch_order_book'])}).")
        counts = self.data.get("counts", {})
        ours, theirs = counts.get(("ours", "default")), counts.get(("ccxt", "default"))
        if ours and theirs and ours["load_markets"] is not None:
            extra = sorted(set(theirs["load_markets"]) - set(ours["load_markets"]))
            missing = sorted(set(ours["load_markets"]) - set(theirs["load_markets"]))
            out.append(f"Request difference in load_markets: only ccxt: {', '.join(extra) or 'none'}; only ours: "
                       f"{', '.join(missing) or 'none'}.")
        for kind, samples in self.data.get("cold", {}).items():
            if samples:
                out.append(f"Markets loaded by {kind}: {samples[0]['markets']} ({samples[0]['spot']} spot).")
        if "ccxt" not in self.kinds:
            out.append(NOT_INSTALLED + ": only kucoin-connector was measured.")
        for phase, err in self.failures.items():
            out.append(f"ccxt failed in {phase}: {err}")
        return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=None, help="fetch_order_book calls per round (default 2000)")
    p.add_argument("--repeat", type=int, default=None, help="rounds per measurement (default 5)")
    p.add_argument("--import-rounds", type=int, default=None,
                   help="fresh interpreters per import target (default 2*repeat+1)")
    p.add_argument("--symbols", type=int, default=None, help="simulator symbols for load_markets (default 1000)")
    p.add_argument("--warmup", type=int, default=None, help="fetch_order_book warm-up calls (default 100)")
    p.add_argument("--orders", type=int, default=None,
                   help="create_order and fetch_order calls per round (default 500)")
    p.add_argument("--quick", action="store_true", help="small numbers, for the smoke test")
    p.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    p.add_argument("--python", default=sys.executable, help="interpreter for the children (default: this one)")
    args = p.parse_args(argv)
    defaults = dict(calls=30, repeat=2, symbols=200, warmup=5, orders=20) if args.quick else \
        dict(calls=2000, repeat=5, symbols=1000, warmup=100, orders=500)
    args.reloads = 1 if args.quick else 3  # warm load_markets(reload=True) samples per round
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.import_rounds is None:
        args.import_rounds = 3 if args.quick else 2 * args.repeat + 1
    if min(args.calls, args.repeat, args.symbols, args.import_rounds, args.orders) < 1 or args.warmup < 0:
        p.error("counts must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    bench = Bench(args)
    try:
        bench.run()
    except (WorkerError, RuntimeError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    report = "\n".join([
        header_line(interpreter_info(args.python, bench.env), "ccxt" in bench.kinds), "",
        f"Command: `{' '.join(['python', 'benchmarks/run.py', *(argv if argv is not None else sys.argv[1:])])}` "
        f"(took {elapsed:.0f} s)", "",
        render_table(bench.rows()), "",
        *(f"- {line}" for line in bench.notes()),
    ]) + "\n"
    sys.stdout.write(report)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
