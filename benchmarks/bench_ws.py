"""WebSocket receive benchmark: this project's client against the `websockets` library's sync client.

Run: ``python benchmarks/bench_ws.py [--messages 200000] [--repeat 3]`` (``pip install -e '.[parity]'``
brings `websockets`). One run, side by side, rounds alternating ours/theirs:

* loopback receive: a server process (this project's server role, so both clients read identical bytes)
  sends N KuCoin-sized level-2 text messages as fast as the socket takes them; the client in this
  process receives them all. Reported: messages per second (wall) and client CPU µs per message;
* framing only: the sans-I/O protocol object decodes the same N frames from memory (no socket): µs per
  message — the cost of framing, masking checks and UTF-8 validation alone.

Targets (issue 4): at least 5x the `websockets` sync client's messages per second; framing < 3 µs/message.
The server runs in its own process so its CPU is not counted; the numbers are medians.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time

MESSAGE = json.dumps({
    "topic": "/market/level2:BTC-USDT", "type": "message", "subject": "trade.l2update",
    "data": {"changes": {"asks": [["67269.5", "0.0218", "14610502970"]], "bids": [["67269.4", "1.7341",
             "14610502971"]]}, "sequenceEnd": 14610502971, "sequenceStart": 14610502970,
             "symbol": "BTC-USDT", "time": 1729761416366}}, separators=(",", ":"))


def frames(n: int) -> bytes:
    """N unmasked server text frames of MESSAGE, built by our own protocol object."""
    from kucoin_connector.ws import AcceptConnection, Request, Role, TextMessage, WSConnection
    client, server = WSConnection(Role.CLIENT, urandom=os.urandom), WSConnection(Role.SERVER)
    server.receive_data(client.send(Request(host="bench", target="/")))
    server.next_event()
    server.send(AcceptConnection())
    one = server.send(TextMessage(MESSAGE))
    return one * n


def serve(port_file: str, n: int) -> None:
    """Accept connections; on each, wait for 'go', send N messages, close."""
    from kucoin_connector.ws import accept
    blob = frames(n)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    with open(port_file, "w") as f:
        f.write(str(listener.getsockname()[1]))
    while True:
        conn, _ = listener.accept()
        ws, _ = accept(conn)
        ws.recv()
        view = memoryview(blob)
        for i in range(0, len(view), 1 << 20):
            conn.sendall(view[i:i + (1 << 20)])
        try:
            ws.close()
        except Exception:  # noqa: BLE001 - the client may already be gone
            pass


def run_ours(url: str, n: int) -> tuple[float, float]:
    from kucoin_connector.ws import connect
    with connect(url, max_size=1 << 20) as ws:
        ws.send("go")
        wall, cpu = time.perf_counter(), time.process_time()
        recv = ws.recv
        for _ in range(n):
            recv()
        return time.perf_counter() - wall, time.process_time() - cpu


def run_websockets(url: str, n: int) -> tuple[float, float]:
    from websockets.sync.client import connect
    with connect(url, compression=None, max_size=1 << 20) as ws:
        ws.send("go")
        wall, cpu = time.perf_counter(), time.process_time()
        recv = ws.recv
        for _ in range(n):
            recv()
        return time.perf_counter() - wall, time.process_time() - cpu


def framing_only(n: int) -> float:
    from kucoin_connector.ws import AcceptConnection, Request, Role, WSConnection
    blob = frames(n)
    client, server = WSConnection(Role.CLIENT, urandom=os.urandom), WSConnection(Role.SERVER)
    server.receive_data(client.send(Request(host="bench", target="/")))
    server.next_event()
    client.receive_data(server.send(AcceptConnection()))
    client.next_event()
    view = memoryview(blob)
    start = time.process_time()
    got = 0
    for i in range(0, len(view), 65536):
        client.receive_data(view[i:i + 65536])
        for _ in client.events():
            got += 1
    elapsed = time.process_time() - start
    assert got == n, (got, n)
    return elapsed / n * 1e6


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--serve", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        serve(args.serve, args.messages)
        return 0
    try:
        import websockets
        theirs_version = websockets.__version__
    except ImportError:
        theirs_version = None
    port_file = f"/tmp/bench_ws_port.{os.getpid()}"
    server = subprocess.Popen([sys.executable, __file__, "--serve", port_file, "--messages", str(args.messages)])
    try:
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read():
                break
            time.sleep(0.05)
        url = f"ws://127.0.0.1:{open(port_file).read()}/"
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(run_ours(url, args.messages))
            if theirs_version:
                theirs.append(run_websockets(url, args.messages))
        framing = statistics.median(framing_only(args.messages) for _ in range(args.repeat))
    finally:
        server.kill()
        if os.path.exists(port_file):
            os.unlink(port_file)
    n = args.messages

    def rate(samples):
        return statistics.median(n / wall for wall, _ in samples)

    def cpu_us(samples):
        return statistics.median(cpu / n * 1e6 for _, cpu in samples)

    print(f"Python {platform.python_version()} · websockets {theirs_version or 'not installed'} · "
          f"{os.cpu_count()} cores · {n} messages of {len(MESSAGE)} bytes · median of {args.repeat}")
    print(f"Command: `python benchmarks/bench_ws.py --messages {n} --repeat {args.repeat}`\n")
    print("| metric | kucoin-connector | websockets | ratio | target | met? |")
    print("|---|---:|---:|---:|---|---|")
    if theirs:
        r = rate(ours) / rate(theirs)
        print(f"| loopback receive, messages/s | {rate(ours):,.0f} | {rate(theirs):,.0f} | {r:.2f}x | >= 5x | "
              f"{'yes' if r >= 5 else 'no'} |")
        c = cpu_us(ours) / cpu_us(theirs)
        print(f"| loopback receive, client CPU µs/message | {cpu_us(ours):.2f} | {cpu_us(theirs):.2f} | {c:.2f} "
              f"| — | — |")
    else:
        print(f"| loopback receive, messages/s | {rate(ours):,.0f} | not installed | — | >= 5x | — |")
    print(f"| framing only (decode from memory), µs/message | {framing:.2f} | — | — | < 3 µs | "
          f"{'yes' if framing < 3 else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
