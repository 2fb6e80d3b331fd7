"""The futures soak's stream view: a second client watches the account's orders and positions for the whole
run; at the end its view must equal the exchange's.

Layer: conformance (the public API only: ``KucoinFutures.watch_orders`` / ``watch_positions`` on a client of
its own, in a thread of its own, as a bot's stream consumer would run). Rule: the watcher keeps the latest
update of every order (by id) and of every position (by symbol); :func:`stream_problems` waits (bounded)
until that view equals the truth given, then reports what still differs: an order's status or filled
amount, a position's signed size. A failed watch is counted and the watch goes on (the client reconnects and
resubscribes by itself).
"""
from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any, Callable

__all__ = ["StreamWatcher", "stream_problems", "CONVERGE_S"]

CONVERGE_S = 20.0  # the longest the stream may lag behind the exchange once everything stopped
_WATCH_S = 1.0


def _signed(position: dict[str, Any]) -> Decimal:
    size = Decimal(str(position.get("contracts") or 0))
    return -size if position.get("side") == "short" else size


class StreamWatcher:
    """``watch_orders`` and ``watch_positions`` of ``client`` (a ``KucoinFutures`` of its own) in a thread."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.orders: dict[str, tuple[str, Decimal]] = {}   # order id -> (status, filled)
        self.positions: dict[str, Decimal] = {}             # symbol -> signed contracts
        self.errors: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-stream-watcher", daemon=True)

    def start(self, timeout: float = 30.0) -> "StreamWatcher":
        """Start and return once both watches are subscribed (their first wait timed out)."""
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the stream watcher did not subscribe")
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=_WATCH_S * 4)

    def view(self) -> tuple[dict[str, tuple[str, Decimal]], dict[str, Decimal]]:
        with self._lock:
            return dict(self.orders), dict(self.positions)

    def _run(self) -> None:
        self.client.options["watchTimeout"] = _WATCH_S
        watches: tuple[tuple[Callable[[], list], Callable[[dict], None]], ...] = (
            (self.client.watch_orders, self._order), (self.client.watch_positions, self._position))
        first = True
        while not self._stop.is_set():
            for watch, keep in watches:
                try:
                    for item in watch():
                        with self._lock:
                            keep(item)
                except TimeoutError:
                    pass
                except Exception as exc:  # noqa: BLE001 - count it, keep watching
                    name = type(exc).__name__
                    self.errors[name] = self.errors.get(name, 0) + 1
            if first:
                first = False
                self._ready.set()

    def _order(self, order: dict[str, Any]) -> None:
        self.orders[order["id"]] = (order["status"], Decimal(str(order["filled"] or 0)))

    def _position(self, position: dict[str, Any]) -> None:
        self.positions[position["symbol"]] = _signed(position)


def stream_problems(watcher: StreamWatcher, orders: dict[str, tuple[str, Decimal]],
                    positions: dict[str, Decimal], converge_s: float = CONVERGE_S) -> list[str]:
    """What the stream shows differently from the truth (``orders``: id -> (status, filled); ``positions``:
    symbol -> signed contracts, closed ones 0) after waiting up to ``converge_s`` for it to catch up."""
    deadline = time.monotonic() + converge_s
    while True:
        seen_orders, seen_positions = watcher.view()
        problems = [f"stream order {oid}: {seen_orders.get(oid)} != exchange {want}"
                    for oid, want in sorted(orders.items()) if seen_orders.get(oid) != want]
        problems += [f"stream position {symbol}: {seen_positions.get(symbol, Decimal(0))} != exchange {want}"
                     for symbol, want in sorted(positions.items()) if seen_positions.get(symbol, Decimal(0)) != want]
        if not problems or time.monotonic() >= deadline:
            return problems
        time.sleep(0.1)
