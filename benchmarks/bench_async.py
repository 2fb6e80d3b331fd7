"""asyncio benchmark: ``fetch_order_book('BTC/USDT', 20)`` on the asyncio faces, side by side (issue 12).

Run: ``python benchmarks/bench_async.py [--calls 120] [--repeat 9] [--concurrency 1,16] [--markdown FILE]``
(``pip install -e '.[parity]'`` brings ccxt). Three clients against the same simulator (its own process,
rate limits lifted, see ``bench_sim.py``), each client in its own worker process so
``time.process_time()`` counts one client only:

* ``AsyncKucoin`` on its default transport (HTTP/1.1 on the event loop, ``kucoin_connector/io/http_asyncio.py``);
* ``AsyncKucoin`` with ``options={"asyncTransport": "urllib3"}`` (urllib3 in worker threads);
* ``ccxt.async_support.kucoin`` (aiohttp), every KuCoin URL pointed at the simulator.

Each round, per concurrency level, ``--calls`` calls are spread over that many tasks on one event loop
(markets loaded, connections warm); an untimed ``gc.collect()`` precedes each sample. Client CPU and
wall time per call are medians over the rounds; clients alternate their order each round. Target:
CPU per call at most half of ccxt's, wall time no worse. Wall time includes the simulator's own answer
time (a Python server on the same machine).

``--breakdown`` says where a call's CPU goes instead, per client: the whole call; the HTTP layer alone
(the same request straight through our transport, or through ccxt's aiohttp session); and the face
alone (the whole call answered by a canned reply without I/O: our transport returns the recorded
``Response``, ccxt's ``fetch`` returns the recorded JSON, so for ccxt the JSON decode counts as HTTP).
Whole minus the two parts is what neither part pays when run alone: event-loop wake-ups of the
coroutine chain and colder caches between calls.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

SYMBOL, DEPTH = "BTC/USDT", 20
KINDS = ("ours-asyncio", "ours-urllib3", "ccxt")
LABELS = {"ours-asyncio": "AsyncKucoin (HTTP on the event loop)",
          "ours-urllib3": "AsyncKucoin (urllib3 in threads)",
          "ccxt": "ccxt.async_support.kucoin (aiohttp)"}


# -- the worker (one client per process) ------------------------------------------------------------
def make_client(kind: str, urls: dict[str, str]) -> Any:
    if kind.startswith("ours"):
        from kucoin_connector import AsyncKucoin
        transport = "asyncio" if kind == "ours-asyncio" else "urllib3"
        return AsyncKucoin({"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                            "enableRateLimit": False, "options": {"asyncTransport": transport}})
    import ccxt.async_support as ccxt_async
    ex = ccxt_async.kucoin({"enableRateLimit": False})
    api = ex.urls["api"]
    for key, url in list(api.items()):  # every entry naming a KuCoin host -> the simulator
        if isinstance(url, str) and "kucoin.com" in url:
            api[key] = urls["futures"] if key.lower().startswith("futures") else urls["spot"]
    return ex


async def _batch(fetch: Any, n: int, concurrency: int) -> Any:
    remaining = n
    last: list[Any] = [None]

    async def task() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            last[0] = await fetch(SYMBOL, DEPTH)

    await asyncio.gather(*[task() for _ in range(concurrency)])
    return last[0]


async def _aiohttp_get(session: Any, url: str) -> bytes:
    async with session.get(url, headers={"Content-Type": "application/json"}) as response:
        return await response.read()


class Worker:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.loop = asyncio.new_event_loop()
        self.client: Any = None

    def op_setup(self, urls: dict[str, str], warmup: int) -> dict[str, Any]:
        self.client = make_client(self.kind, urls)
        self.loop.run_until_complete(self.client.load_markets())
        book = self.loop.run_until_complete(_batch(self.client.fetch_order_book, warmup, 16))
        return {"levels": [len(book["bids"]), len(book["asks"])]}

    def op_run(self, n: int, concurrency: int) -> dict[str, Any]:
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        book = self.loop.run_until_complete(_batch(self.client.fetch_order_book, n, concurrency))
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        if not (book and book["bids"] and book["asks"]):
            raise RuntimeError("fetch_order_book returned no levels")
        return {"cpu": cpu, "wall": wall}

    def op_breakdown(self, urls: dict[str, str], n: int, concurrency: int) -> dict[str, Any]:
        """CPU µs per call of the whole call, the HTTP layer alone and the face alone (see the docstring)."""
        url = urls["spot"] + "/api/v1/market/orderbook/level2_20?symbol=BTC-USDT"
        client = self.client
        if self.kind.startswith("ours"):
            headers = dict(client._rest.base_headers)
            transport = client._transport
            answer = self.loop.run_until_complete(transport.request("GET", url, headers, None, (10.0, 10.0)))

            async def http_only(*_: Any) -> Any:
                return await transport.request("GET", url, headers, None, (10.0, 10.0))

            class Canned:
                async def request(self, *_: Any) -> Any:
                    return answer

            def swap(on: bool) -> None:
                client._transport = Canned() if on else transport
        else:
            session = client.session
            decoded = json.loads(self.loop.run_until_complete(_aiohttp_get(session, url)))

            async def http_only(*_: Any) -> Any:
                return json.loads(await _aiohttp_get(session, url))

            async def canned_fetch(*_: Any, **__: Any) -> Any:
                return decoded

            def swap(on: bool) -> None:
                if on:
                    client.fetch = canned_fetch
                else:
                    del client.fetch

        def cpu(fetch: Any, calls: int, tasks: int) -> float:
            gc.collect()
            c0 = time.process_time()
            self.loop.run_until_complete(_batch(fetch, calls, tasks))
            return (time.process_time() - c0) / calls * 1e6

        whole = cpu(client.fetch_order_book, n, concurrency)
        http = cpu(http_only, n, concurrency)
        swap(True)
        try:
            face = cpu(client.fetch_order_book, n, concurrency)
        finally:
            swap(False)
        return {"whole": whole, "http": http, "face": face}

    def op_close(self) -> dict[str, Any]:
        self.loop.run_until_complete(self.client.close())
        return {}


def serve(kind: str) -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the protocol
    sys.stdout = sys.stderr
    worker = Worker(kind)
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            break
        try:
            reply: dict[str, Any] = {"ok": getattr(worker, "op_" + op)(**request)}
        except Exception as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")


# -- the parent -------------------------------------------------------------------------------------
class Proc:
    def __init__(self, python: str, kind: str, env: dict[str, str]) -> None:
        self.kind = kind
        self.proc = subprocess.Popen([python, __file__, "--worker", kind], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def call(self, op: str, **kwargs: Any) -> Any:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"op": op, **kwargs}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.kind} worker died during {op!r}")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"{self.kind} {op}: {reply['error']}")
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


def measure(args: argparse.Namespace) -> tuple[dict[tuple[str, int], tuple[float, float]], list[str]]:
    """``{(kind, concurrency): (median CPU µs/call, median wall µs/call)}`` and the kinds measured."""
    from bench_sim import Simulator, child_env

    env = child_env()
    have_ccxt = subprocess.run([args.python, "-c", "import ccxt.async_support"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    kinds = [k for k in KINDS if k != "ccxt" or have_ccxt]
    samples: dict[tuple[str, int], list[tuple[float, float]]] = {}
    with Simulator(["--seed", "1"], args.python) as sim:
        procs = {k: Proc(args.python, k, env) for k in kinds}
        try:
            for kind, proc in procs.items():
                proc.call("setup", urls=sim.urls, warmup=args.warmup)
            for r in range(args.repeat):
                for c in args.concurrency:
                    for kind in (kinds if r % 2 == 0 else kinds[::-1]):
                        if args.breakdown:
                            got = procs[kind].call("breakdown", urls=sim.urls, n=args.calls, concurrency=c)
                            samples.setdefault((kind, c), []).append((got["whole"], got["http"], got["face"]))
                            continue
                        got = procs[kind].call("run", n=args.calls, concurrency=c)
                        samples.setdefault((kind, c), []).append((got["cpu"], got["wall"]))
                print(f"[bench_async] round {r + 1}/{args.repeat}", file=sys.stderr, flush=True)
            for proc in procs.values():
                proc.call("close")
        finally:
            for proc in procs.values():
                proc.close()
    if args.breakdown:  # already µs per call
        return {key: tuple(statistics.median(s[i] for s in rows) for i in range(3))
                for key, rows in samples.items()}, kinds
    per_call = {key: (statistics.median(s[0] for s in rows) / args.calls * 1e6,
                      statistics.median(s[1] for s in rows) / args.calls * 1e6) for key, rows in samples.items()}
    return per_call, kinds


def render_breakdown(per_call: dict[tuple[str, int], tuple[float, ...]], kinds: list[str],
                     args: argparse.Namespace) -> str:
    lines = [f"Where the client CPU of `fetch_order_book('{SYMBOL}', {DEPTH})` goes, µs per call, median of "
             f"{args.repeat} rounds of {args.calls} calls; Python {platform.python_version()}", "",
             "| concurrency | client | whole call | HTTP layer alone | face alone (canned answer) | rest |",
             "|---|---|---|---|---|---|"]
    for c in args.concurrency:
        for kind in kinds:
            whole, http, face = per_call[(kind, c)]
            lines.append(f"| {c} | {LABELS[kind]} | {whole:.0f} | {http:.0f} | {face:.0f} | {whole - http - face:.0f} |")
    return "\n".join(lines)


def render(per_call: dict[tuple[str, int], tuple[float, float]], kinds: list[str], args: argparse.Namespace) -> str:
    lines = [f"asyncio `fetch_order_book('{SYMBOL}', {DEPTH})`, {args.calls} calls per sample, median of "
             f"{args.repeat} rounds; Python {platform.python_version()} on {platform.machine()}, "
             f"{os.cpu_count()} CPUs", "",
             "| concurrency | client | CPU µs/call | wall µs/call | CPU vs ccxt | wall vs ccxt |",
             "|---|---|---|---|---|---|"]
    for c in args.concurrency:
        theirs = per_call.get(("ccxt", c))
        for kind in kinds:
            cpu, wall = per_call[(kind, c)]
            ratio = (f"{cpu / theirs[0]:.2f}", f"{wall / theirs[1]:.2f}") if theirs else ("n/a", "n/a")
            lines.append(f"| {c} | {LABELS[kind]} | {cpu:.0f} | {wall:.0f} | {ratio[0]} | {ratio[1]} |")
    if "ccxt" not in kinds:
        lines += ["", "ccxt not installed: no comparison column (pip install -e '.[parity]')."]
    else:
        ok = all(per_call[("ours-asyncio", c)][0] <= per_call[("ccxt", c)][0] / 2 and
                 per_call[("ours-asyncio", c)][1] <= per_call[("ccxt", c)][1] for c in args.concurrency)
        lines += ["", f"Target (CPU <= 1/2 of ccxt's, wall no worse) on the default transport: "
                      f"{'met' if ok else 'NOT met'}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--calls", type=int, default=120)
    p.add_argument("--repeat", type=int, default=9)
    p.add_argument("--warmup", type=int, default=60)
    p.add_argument("--concurrency", default="1,16")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--markdown", help="also write the table to this file")
    p.add_argument("--breakdown", action="store_true", help="where the CPU goes: whole call, HTTP alone, face alone")
    args = p.parse_args(argv)
    if args.worker:
        serve(args.worker)
        return 0
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    per_call, kinds = measure(args)
    table = (render_breakdown if args.breakdown else render)(per_call, kinds, args)
    print(table)
    if args.markdown:
        pathlib.Path(args.markdown).write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
