"""Autobahn|Testsuite echo client for kucoin_connector.ws (a tool: blocking I/O is its job).

Usage: python tools/autobahn_client.py [--url ws://127.0.0.1:9001] [--agent NAME] [--deflate]

Asks the fuzzing server for its case count, runs every case echoing each message back (text as text,
binary as binary) until the server closes, then asks it to write the reports. Normally started by
``tools/autobahn.sh``, which also builds and starts the server and judges the results.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kucoin_connector.ws import ConnectionClosed, WebSocketError, connect  # noqa: E402

MAX_SIZE = 2 ** 25  # group 9 sends messages of up to 16 MiB


def case_count(base: str) -> int:
    with connect(f"{base}/getCaseCount") as ws:
        return int(ws.recv())


def run_case(base: str, case: int, agent: str, compression: str | None) -> None:
    try:
        ws = connect(f"{base}/runCase?case={case}&agent={agent}", compression=compression,
                     max_size=MAX_SIZE, timeout=20)
    except (OSError, WebSocketError) as exc:
        print(f"case {case}: could not connect: {exc}", file=sys.stderr)
        return
    try:
        while True:
            ws.send(ws.recv())
    except ConnectionClosed:
        pass
    except (OSError, TimeoutError) as exc:
        print(f"case {case}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:9001")
    parser.add_argument("--agent", default="kucoin-connector")
    parser.add_argument("--deflate", action="store_true", help="offer permessage-deflate")
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    total = case_count(base)
    print(f"{total} cases", flush=True)
    for case in range(1, total + 1):
        run_case(base, case, args.agent, "deflate" if args.deflate else None)
    with connect(f"{base}/updateReports?agent={args.agent}") as ws:
        try:
            ws.recv()
        except ConnectionClosed:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
