"""Command line of the simulator: ``python -m kucoin_conformance.simulator [--host] [--port] [--seed] [--symbols]``.

Layer: simulator (process edge). Rule: print exactly one JSON line (the URLs and the funded key), flush
it, serve until SIGINT or SIGTERM, then stop cleanly and return 0. ``--port P`` puts spot on P and
futures on P + 1; 0 makes both ephemeral.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from .simulator import Simulator

__all__ = ["main", "build_parser", "build_simulator"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kucoin_conformance.simulator",
                                     description="Serve an offline KuCoin (spot + futures REST).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0,
                        help="spot port; futures listens on port+1 (default 0: both ephemeral)")
    parser.add_argument("--seed", type=int, default=1, help="market seed (default 1)")
    parser.add_argument("--symbols", type=int, default=120, help="number of spot symbols (default 120)")
    return parser


def build_simulator(args: argparse.Namespace) -> Simulator:
    return Simulator(seed=args.seed, host=args.host, port=args.port, symbols=args.symbols)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    done = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        done.set()

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():  # signals only work there
        previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    sim = build_simulator(args).start()
    try:
        creds = sim.credentials
        line = {"spot": sim.spot_url, "futures": sim.futures_url, "apiKey": creds["apiKey"],
                "secret": creds["secret"], "password": creds["password"]}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        while not done.wait(0.5):
            pass
    finally:
        sim.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
