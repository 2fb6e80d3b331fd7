"""What a contract gets to work with: the implementation factory, the simulator and wire-level truth.

Layer: conformance. Rule: the implementation is reached only through ``factory(urls, credentials)``
and the unified interface; the simulator only through its public ``Simulator`` object and its HTTP
surface (``GET`` on the KuCoin paths it serves, read with the standard library, never through the
implementation under test). That raw wire answer is the ground truth the contracts compare with.

A factory may carry an attribute ``key_version`` (an int): the API key version the implementation
signs with (ccxt always sends ``KC-API-KEY-VERSION: 2``). When it differs from the simulator's default
key, :class:`Env` asks the simulator for a key of that version (``sim.add_api_key(version=...)``).

Product families: ``fresh``/``client``/``has`` take ``family="futures"`` to build the implementation's
futures client with the factory's ``futures`` attribute (see ``impls``). A contract requirement
``"futures:<has key>"`` is met only when that factory exists and the futures client's ``has`` says so.
"""
from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Iterable, Iterator, Mapping

__all__ = ["Env", "Factory", "ASYNC_FACES"]

Factory = Callable[[dict, dict], Any]
# family -> the asyncio factory of an Env's implementation (raises RuntimeError when it has none); filled
# by the stream contracts that watch with it (futures_streams), read by ``Env.stream_has``.
ASYNC_FACES: dict[str, Callable[["Env"], Factory]] = {}

_MARKS = itertools.count(1)
_MARK_PATH = "/api/v1/timestamp"


class Env:
    """One implementation against one running simulator, for the duration of a run."""

    def __init__(self, factory: Factory, sim: Any) -> None:
        self.factory = factory
        self.sim = sim
        self._credentials: dict | None = None
        self._shared: dict[tuple[str, bool], Any] = {}
        self._opened: list[Any] = []
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._symbols: list[dict] | None = None
        self._has: dict[str, dict] = {}
        self._features: dict[str, bool] = {}

    # -- the implementation ---------------------------------------------------------------------
    @property
    def urls(self) -> dict[str, str]:
        return {"spot": self.sim.spot_url, "futures": self.sim.futures_url}

    def credentials(self) -> dict:
        """A funded key the implementation can sign with (see the module docstring on key versions)."""
        if self._credentials is None:
            creds = dict(self.sim.credentials)
            wanted = getattr(self.factory, "key_version", None)
            if wanted is not None and int(creds.get("keyVersion", 3)) != int(wanted):
                creds = dict(self.sim.add_api_key(version=int(wanted)))
            self._credentials = creds
        return dict(self._credentials)

    def family_factory(self, family: str = "spot") -> Factory | None:
        """The factory of ``family``'s client: the factory itself for spot, its attribute otherwise."""
        return self.factory if family == "spot" else getattr(self.factory, family, None)

    def fresh(self, private: bool = False, credentials: Mapping[str, Any] | None = None,
              urls: Mapping[str, str] | None = None, timeout_ms: int | None = None, family: str = "spot") -> Any:
        """A new client (markets not loaded); closed when the run ends. ``timeout_ms`` is passed to a
        factory that accepts it (the built-in ones do), else set as the client's ccxt ``timeout``."""
        factory = self.family_factory(family)
        if factory is None:
            raise RuntimeError(f"the implementation has no {family} factory")
        creds = dict(credentials) if credentials is not None else (self.credentials() if private else {})
        if timeout_ms is None:
            client = factory(dict(urls or self.urls), creds)
        else:
            try:
                accepts = "timeout_ms" in inspect.signature(factory).parameters
            except (TypeError, ValueError):
                accepts = False
            if accepts:
                client = factory(dict(urls or self.urls), creds, timeout_ms=int(timeout_ms))
            else:
                client = factory(dict(urls or self.urls), creds)
                client.timeout = int(timeout_ms)
        self._opened.append(client)
        return client

    def has(self, family: str = "spot") -> dict:
        """The implementation's ccxt ``has`` table (read from a client that did no I/O); ``{}`` for a
        family the implementation has no factory for."""
        if family not in self._has:
            present = self.family_factory(family) is not None
            self._has[family] = dict(getattr(self.fresh(family=family), "has", {}) or {}) if present else {}
        return self._has[family]

    def stream_has(self, family: str) -> dict:
        """The ``has`` table of the implementation's asyncio client of ``family`` (the one the stream
        contracts watch with, see :data:`ASYNC_FACES`), read from a client that did no I/O; ``{}`` when
        the implementation has none."""
        key = "stream:" + family
        if key not in self._has:
            table: dict = {}
            resolve = ASYNC_FACES.get(family)
            if resolve is not None and self.family_factory(family) is not None:
                try:
                    make = resolve(self)
                except RuntimeError:
                    make = None
                if make is not None:
                    table = dict(getattr(make(dict(self.urls), {}), "has", {}) or {})
            self._has[key] = table
        return self._has[key]

    def missing(self, requires: Iterable[str]) -> list[str]:
        """The requirements of a contract that this implementation or simulator does not meet."""
        out: list[str] = []
        for item in requires:
            if item.startswith("sim:"):
                if not self.sim_feature(item[4:]):
                    out.append(item)
            elif item.startswith("stream:"):  # "stream:<family>:<has key>": the asyncio client's has
                family, _, key = item[7:].partition(":")
                if not self.stream_has(family).get(key):
                    out.append(f"{family} asyncio has[{key!r}]")
            elif item.startswith("futures:"):
                if not self.has("futures").get(item[8:]):
                    out.append(f"futures has[{item[8:]!r}]")
            elif not self.has().get(item):
                out.append(f"has[{item!r}]")
        return out

    def sim_feature(self, feature: str) -> bool:
        """``trading``: the simulator has the trading admin surface (``orders()``/``fill()``/``balances()``)
        and routes ``POST /api/v1/hf/orders`` (unsigned, it must answer an auth error, not 404).
        ``futures``: it has the futures desk's admin surface (``GET /_sim/futures/orders``)."""
        if feature not in self._features:
            ok = False
            if feature == "trading" and all(callable(getattr(self.sim, m, None))
                                            for m in ("orders", "fill", "balances", "cancel", "deposit")):
                req = urllib.request.Request(self.sim.spot_url + "/api/v1/hf/orders", data=b"{}", method="POST",
                                             headers={"Content-Type": "application/json"})
                try:
                    with self._opener.open(req, timeout=10) as resp:
                        code = json.loads(resp.read().decode("utf-8") or "{}").get("code")
                except urllib.error.HTTPError as exc:
                    code = "404000" if exc.code == 404 else str(exc.code)
                except (OSError, ValueError):
                    code = "404000"
                ok = code != "404000"
            if feature == "futures":  # the futures desk's admin surface (GET /_sim/futures/orders)
                try:
                    ok = isinstance(self.admin("GET", "/_sim/futures/orders"), list)
                except (OSError, ValueError, RuntimeError):
                    ok = False
            self._features[feature] = ok
        return self._features[feature]

    # -- simulator admin (ground truth for trading) ----------------------------------------------
    def admin(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        """Call the simulator's ``/_sim/`` admin surface over HTTP; return the envelope's ``data``."""
        data = None if body is None else json.dumps(dict(body)).encode("utf-8")
        req = urllib.request.Request(self.sim.spot_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(req, timeout=10) as resp:
                envelope = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            envelope = json.loads(exc.read().decode("utf-8") or "{}")
        if envelope.get("code") != "200000":
            raise RuntimeError(f"simulator admin {method} {path} answered {envelope!r}")
        return envelope.get("data")

    def client(self, private: bool = False, family: str = "spot") -> Any:
        """A shared client with markets loaded (public, or with the simulator's funded key)."""
        if (family, private) not in self._shared:
            client = self.fresh(private, family=family)
            client.load_markets()
            self._shared[(family, private)] = client
        return self._shared[(family, private)]

    def futures_client(self, private: bool = False) -> Any:
        """The shared futures client (``client(private, family="futures")``)."""
        return self.client(private, family="futures")

    def close(self) -> None:
        for client in self._opened:
            closer = getattr(client, "close", None)
            if callable(closer):
                with contextlib.suppress(Exception):
                    result = closer()
                    if hasattr(result, "close"):  # an un-awaited coroutine from an async client
                        result.close()
        self._opened.clear()
        self._shared.clear()

    # -- wire truth ------------------------------------------------------------------------------
    def raw(self, path: str, query: Mapping[str, Any] | None = None, host: str = "spot") -> Any:
        """GET a KuCoin path on the simulator with urllib and return the envelope's ``data``."""
        base = self.sim.spot_url if host == "spot" else self.sim.futures_url
        url = base + path + ("?" + urllib.parse.urlencode(dict(query)) if query else "")
        with self._opener.open(urllib.request.Request(url, method="GET"), timeout=10) as resp:
            envelope = json.loads(resp.read().decode("utf-8"))
        if envelope.get("code") != "200000":
            raise RuntimeError(f"simulator answered {path} with {envelope!r}")
        return envelope.get("data")

    def raw_symbols(self) -> list[dict]:
        """The simulator's spot symbols as served by ``GET /api/v2/symbols`` (cached: static data)."""
        if self._symbols is None:
            self._symbols = list(self.raw("/api/v2/symbols"))
        return self._symbols

    def raw_symbol(self, market_id: str) -> dict:
        for item in self.raw_symbols():
            if item["symbol"] == market_id:
                return item
        raise KeyError(market_id)

    def server_ms(self) -> int:
        return int(self.raw("/api/v1/timestamp"))

    def book(self, market_id: str) -> dict:
        """The simulator's true book: ``{"sequence", "bids", "asks"}`` with string prices and sizes."""
        return self.sim.book(market_id)

    # -- what reached the simulator --------------------------------------------------------------
    def mark(self) -> str:
        """Put a unique marker request in the simulator's request log; see :meth:`requests_since`."""
        token = f"conformance-mark-{next(_MARKS)}"
        self.raw(_MARK_PATH, {"mark": token})
        return f"{_MARK_PATH}?mark={token}"

    def requests_since(self, mark: str) -> list[tuple[str, str]]:
        """The requests the simulator received after :meth:`mark` (robust to a bounded log)."""
        log = list(self.sim.request_log)
        for index in range(len(log) - 1, -1, -1):
            if log[index][1] == mark:
                return [(m, p) for m, p in log[index + 1:]]
        raise RuntimeError("the marker request fell out of the simulator's request log")

    # -- faults and state ------------------------------------------------------------------------
    @contextlib.contextmanager
    def faults(self, *specs: Mapping[str, Any]) -> Iterator[None]:
        """Inject simulator faults for the duration of the block, then clear every pending fault."""
        try:
            for spec in specs:
                self.sim.add_fault(dict(spec))
            yield
        finally:
            self.sim.clear_faults()

    def step(self, n: int = 1) -> None:
        self.sim.step(n)

    @contextlib.contextmanager
    def other_sim(self, **kwargs: Any) -> Iterator[Any]:
        """A second simulator of the same class (e.g. with tiny rate-limit quotas), paused, stopped after."""
        kwargs.setdefault("seed", getattr(self.sim, "seed", 1))
        sim = type(self.sim)(**kwargs).start()
        try:
            sim.pause()
            yield sim
        finally:
            sim.stop()
