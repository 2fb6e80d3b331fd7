"""The ``Simulator`` object: an offline KuCoin (spot + futures REST hosts) on 127.0.0.1.

Layer: simulator (exchange side). Rule: the constructor only computes (universe, keys, accounts, the
market's anchor time); ``start()`` binds sockets and starts daemon threads; ``stop()`` undoes exactly
that and may be called any number of times. Time is a parameter (``clock``), so tests can freeze it.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from decimal import Decimal
from typing import Any, Callable, Mapping

from .accounts import Accounts
from .auth import KeyStore
from .faults import FaultStore
from .funding import Funding
from .margin_engine import MarginBook
from .stops import StopOrders
from .futures_market import FuturesMarket
from .futures_trading import FuturesDesk
from .handlers import admin_router, futures_router, spot_router
from .market import Market
from .matching import Engine
from .ratelimit import RateLimiter, quotas_for
from .routing import Router
from .server import SimHTTPServer
from .universe import build_universe
from .wire import stable_hash
from .ws_server import WSServer
from .ws_tokens import TokenStore

__all__ = ["Simulator"]

REQUEST_LOG_SIZE = 10_000


class Simulator:
    """An in-process KuCoin. ``with Simulator(seed=1) as sim: ...`` or ``sim = Simulator().start()``.

    ``tick_interval`` seconds of wall time between automatic market steps (``<= 0``: never; use
    ``step()``). ``clock`` returns epoch seconds (default ``time.time``); it stamps trades and candles
    and is the server time used for KC-API-TIMESTAMP checks and rate-limit windows.

    WebSocket (issue 4, ``ws_server``): served on its own port (``ws_port``, 0 = ephemeral) and announced
    by the bullet endpoints with ``ws_ping_interval_ms``/``ws_ping_timeout_ms``; ``ws_topic_limit``
    subscriptions per connection (KuCoin: 300), ``ws_uplink_limit`` client messages per 10 s (100).
    """

    def __init__(self, seed: int = 1, host: str = "127.0.0.1", port: int = 0, symbols: int = 120,
                 vip: int = 0, quotas: Mapping[str, int] | None = None, window_ms: int = 30000,
                 tick_interval: float = 1.0, clock: Callable[[], float] | None = None, ws_port: int = 0,
                 ws_ping_interval_ms: int = 18000, ws_ping_timeout_ms: int = 10000, ws_topic_limit: int = 300,
                 ws_uplink_limit: int = 100) -> None:
        self.seed = int(seed)
        self.host = host
        self.port = int(port)
        self.vip = int(vip)
        self.tick_interval = float(tick_interval)
        self._clock = clock or time.time
        self.universe = build_universe(self.seed, int(symbols))
        self.market = Market(self.seed, self.universe, self._clock(), self._clock)
        self.futures = FuturesMarket(self.seed, self._clock(), self._clock)  # contracts: own books and prices
        self.limiter = RateLimiter(quotas_for(self.vip, quotas), window_ms)
        self.keys = KeyStore(self.seed, uid=str(10_000_000 + stable_hash(self.seed, "uid") % 90_000_000))
        self._default_key = self.keys.create(3)
        self.accounts = Accounts(self.seed)
        self.faults = FaultStore()
        self.engine = Engine(self)
        self.futures_desk = FuturesDesk(self)  # futures orders, positions, funding (a second engine)
        self.futures_events = self.futures_desk.events  # private-push hook: callables of (kind, data)
        self.funding = Funding(self)
        self.margin = MarginBook(self)
        self.stops = StopOrders(self)
        self.spot_router: Router = spot_router()
        self.futures_router: Router = futures_router()
        self.admin_router: Router = admin_router()
        self.tokens = TokenStore(self.seed)
        self.ws = WSServer(self, host, ws_port, ws_ping_interval_ms, ws_ping_timeout_ms, ws_topic_limit,
                           ws_uplink_limit)
        self.cache: dict[str, Any] = {}
        self._log: deque[tuple[str, str]] = deque(maxlen=REQUEST_LOG_SIZE)
        self._paused = threading.Event()
        self._stopping = threading.Event()
        self._servers: list[SimHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self._lifecycle = threading.Lock()
        # Held by the background ticker for the whole of an automatic step, so that pause() returns only
        # once no automatic step is running: after pause(), the market moves only through step().
        self._auto_step = threading.Lock()

    # ---- lifecycle -----------------------------------------------------------------------------
    def start(self) -> "Simulator":
        """Bind the spot and futures hosts (``port`` and ``port + 1`` when ``port`` is set) and serve."""
        with self._lifecycle:
            if self._servers:
                return self
            self._stopping.clear()
            futures_port = self.port + 1 if self.port else 0
            spot = SimHTTPServer((self.host, self.port), self, "spot", self.spot_router, self.admin_router)
            try:
                futures = SimHTTPServer((self.host, futures_port), self, "futures", self.futures_router,
                                        self.admin_router)
            except OSError:
                spot.server_close()
                raise
            try:
                self.ws.start()
            except OSError:
                spot.server_close()
                futures.server_close()
                raise
            self._servers = [spot, futures]
            for srv in self._servers:
                t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                                     name=f"kucoin-sim-{srv.host_name}", daemon=True)
                t.start()
                self._threads.append(t)
            if self.tick_interval > 0:
                t = threading.Thread(target=self._ticker, name="kucoin-sim-ticker", daemon=True)
                t.start()
                self._threads.append(t)
            return self

    def stop(self) -> None:
        """Stop serving, close every socket and join the threads; safe to call repeatedly."""
        with self._lifecycle:
            self._stopping.set()
            # shutdown() waits up to one poll interval; run them side by side.
            stoppers = [threading.Thread(target=srv.shutdown, daemon=True) for srv in self._servers]
            for t in stoppers:
                t.start()
            for t in stoppers:
                t.join(timeout=5)
            for srv in self._servers:
                srv.close_all()
                srv.server_close()
            for t in self._threads:
                t.join(timeout=5)
            self.ws.stop()
            self._servers, self._threads = [], []

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _ticker(self) -> None:
        while not self._stopping.wait(self.tick_interval):
            with self._auto_step:
                if not self._paused.is_set():
                    self.market.step(1)
                    self.futures.step(1)

    # ---- addresses and keys --------------------------------------------------------------------
    def _url(self, index: int) -> str:
        if not self._servers:
            raise RuntimeError("the simulator is not started; call start() first")
        host, port = self._servers[index].server_address[:2]
        return f"http://{host}:{port}"

    @property
    def spot_url(self) -> str:
        return self._url(0)

    @property
    def futures_url(self) -> str:
        return self._url(1)

    @property
    def ws_url(self) -> str:
        """The WebSocket endpoint the bullet endpoints announce (``ws://127.0.0.1:PORT/``)."""
        return self.ws.url

    def ws_connections(self) -> int:
        """Open WebSocket sessions right now."""
        return self.ws.connections()

    def futures_private_push(self, topic: str, subject: str, data: dict[str, Any], uid: str | None = None,
                             msg_id: str | None = None) -> None:
        """Push a private KuCoin Futures message (``/contractMarket/tradeOrders``, ``/contract/position:XBTUSDTM``,
        ``/contract/positionAll``, ``/contractAccount/wallet``) with ``subject`` and ``data`` to the futures
        connections subscribed to it whose token belongs to ``uid`` (every user when None). The hook the
        simulator's futures trading calls; the message is queued and sent by the WebSocket thread."""
        self.ws.post_futures_private(topic, subject, dict(data), uid, msg_id)

    def expire_tokens(self) -> int:
        """Expire every bullet token issued so far (live connections stay up); returns how many."""
        return self.tokens.expire_all()

    @property
    def credentials(self) -> dict[str, Any]:
        """The funded default key (version 3) in ccxt's names plus ``keyVersion``."""
        return self._default_key.credentials()

    def add_api_key(self, version: int = 2, uid: str | None = None) -> dict[str, Any]:
        """Another key (version 1, 2 or 3) on the same funded account; with ``uid``, a key of another user:
        private pushes of what it does go to that user's connections only."""
        return self.keys.create(version, uid).credentials()

    # ---- market control ------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def pause(self) -> None:
        self._paused.set()
        with self._auto_step:  # wait for an automatic step already under way
            pass

    def resume(self) -> None:
        self._paused.clear()

    def step(self, n: int = 1) -> int:
        """Advance the spot and futures markets ``n`` steps now (works while paused); returns the spot
        market's total step count."""
        self.futures.step(int(n))
        return self.market.step(int(n))

    def book(self, symbol_id: str) -> dict[str, Any]:
        """The true full book: ``{"sequence": int, "bids": [[p, s], ...], "asks": [...]}`` (strings)."""
        seq, bids, asks = self.market.book_strings(symbol_id)
        return {"sequence": seq, "bids": bids, "asks": asks}

    @property
    def symbol_ids(self) -> list[str]:
        return [s.symbol for s in self.universe.symbols]

    # ---- trading control (the admin surface in Python) -----------------------------------------
    def deposit(self, currency: str, amount: str | Decimal, type: str = "main",  # noqa: A002 - agreed name
                api_key: str | None = None) -> dict[str, Any]:
        """Credit an account and create a SUCCESS deposit record (POST /_sim/deposit)."""
        return self.funding.admin_deposit(currency, Decimal(str(amount)), type, self.now_ms())

    def fill(self, order_id: str, size: str | Decimal | None = None) -> dict[str, Any]:
        """Fill a resting order (all remaining, or ``size``) at its price against a synthetic taker."""
        order = self.engine.get(order_id)
        futures = self.futures_desk.get(order_id) if order is None else None
        if order is None and futures is None:
            raise KeyError(order_id)
        lots = None
        if size is not None:
            lots = int(Decimal(str(size)).scaleb((order or futures).spec.base_dec))  # type: ignore[union-attr]
        if futures is not None:  # a futures order (size in lots): the fill moves the position
            return self.futures_desk.fill(futures, lots, self.now_ms()).admin_json()
        return self.engine.fill(order, lots, self.now_ms()).admin_json()  # type: ignore[arg-type]

    def cancel(self, order_id: str) -> dict[str, Any]:
        """The exchange cancels an order, spot or futures (POST /_sim/cancel); KeyError when unknown."""
        order = self.engine.get(order_id)
        if order is not None:
            self.engine.cancel(order, self.now_ms())
            return order.admin_json()
        futures = self.futures_desk.get(order_id)
        if futures is None:
            raise KeyError(order_id)
        self.futures_desk.cancel(futures, self.now_ms())
        return futures.admin_json()

    def futures_orders(self) -> list[dict[str, Any]]:
        """Every futures order, untriggered stop orders included (GET /_sim/futures/orders), oldest first:
        the order detail of GET /api/v1/orders/{orderId}."""
        desk = self.futures_desk
        with desk.lock:
            rows = sorted([*desk.orders(), *desk.stops.values()], key=lambda o: o.seq)
            return [o.to_json() for o in rows]

    def futures_positions(self) -> list[dict[str, Any]]:
        """Every open futures position (GET /_sim/futures/positions), as GET /api/v1/position shows it."""
        desk = self.futures_desk
        with desk.lock:
            return [desk.position_json(p) for p in desk.positions.values() if p.qty]

    def settle_futures_funding(self) -> list[dict[str, Any]]:
        """Settle the next futures funding period now (POST /_sim/futures/funding); the rows written."""
        return self.futures_desk.settle_next_funding(self.now_ms())

    def deliver_futures(self, symbol: str) -> dict[str, Any]:
        """Deliver the dated contract ``symbol`` now (POST /_sim/futures/deliver; see futures_delivery)."""
        return self.futures_desk.deliver(symbol, self.now_ms())

    def orders(self) -> list[dict[str, Any]]:
        """Every order of every key (GET /_sim/orders), oldest first."""
        with self.engine.lock:
            return [o.admin_json() for o in self.engine.orders.values()]

    def balances(self) -> dict[str, dict[str, str]]:
        """``{"<type>:<currency>": {"balance", "available", "holds"}}`` (GET /_sim/balances)."""
        with self.accounts.lock:
            return {f"{a.type}:{a.currency}": {k: v for k, v in a.detail_json().items() if k != "currency"}
                    for a in self.accounts.all()}

    # ---- faults and introspection --------------------------------------------------------------
    def add_fault(self, spec: Mapping[str, Any]) -> str:
        """Queue a fault (same JSON as POST /_sim/faults); returns its id; ValueError if invalid."""
        return self.faults.add(dict(spec)).id

    def clear_faults(self) -> None:
        self.faults.clear()

    @property
    def request_log(self) -> list[tuple[str, str]]:
        """``(method, path_with_query)`` of the last requests received (both hosts, admin included)."""
        return list(self._log)

    def _log_request(self, method: str, raw_path: str) -> None:
        self._log.append((method, raw_path))

    def now_ms(self) -> int:
        """Server time in epoch milliseconds."""
        return int(self._clock() * 1000)
