"""What the sync and asyncio faces share (faces & drivers layer): config, state, helpers, operations.

Each unified operation is written once here as ``self._run(plan)``; the sync face's ``_run`` drives the
plan to completion, the asyncio face's returns an awaitable. Constructors do no I/O.
"""
from __future__ import annotations

import abc
import os
import threading
from typing import Any, Callable, Mapping

from ..core import precision

from ..core import timeutil
from ..core.arguments import checked
from ..core.capabilities import build_has
from ..errors import BadRequest, BaseError, InvalidOrder, NotSupported
from ..core.interface import PLAIN_HELPERS, UNIFIED_METHODS, capability_name
from ..core.numbers import number_converter
from ..rest.plan import PlanContext
from ..rest.ratelimit import quotas_for_vip
from ..spot.timeframes import TIMEFRAMES, parse_timeframe as _parse_timeframe
from .spot_market_data import SPOT_MARKET_DATA_OPERATIONS, SpotMarketData
from ..io.clock import SystemClock
from .config import Settings, ccxt_api_urls, read_config
from .host_surface import HostSurface
from ..io.limiter_local import SharedLimiter
from .streaming import STREAM_OPERATIONS, StreamingOperations
from .trading import TRADING_OPERATIONS, TradingOperations

__all__ = ["ClientBase", "KucoinBase", "OPERATIONS", "IMPLEMENTED", "CHECKED", "CLIENT_OPERATIONS",
           "HELPERS_CHECKED", "check_arguments", "is_not_supported"]

# The unified operations that perform requests (wrapped as coroutines by the asyncio face).
# Every family's client has the raw API calls; the spot face adds its market data and trading.
CLIENT_OPERATIONS = ("call_api", "paginate_api")
OPERATIONS = SPOT_MARKET_DATA_OPERATIONS + CLIENT_OPERATIONS + TRADING_OPERATIONS

# Methods that work today; `has` is built from this list so that it tells the truth.
IMPLEMENTED = tuple(m for m in OPERATIONS if m not in ("load_markets", "call_api", "paginate_api")) \
    + STREAM_OPERATIONS

TICK_SIZE = 4  # ccxt's precisionMode constant for step sizes

# The REST pipeline (executor, calls, envelope, error table, json) loads with the first request, not with
# the client (cold start, issue 8): each client builds its RestContext then, once, under this lock.
_REST_LOCK = threading.Lock()


class ClientBase(HostSurface):
    """What every product family's client shares: config, collaborators (transport, clock, limiter), state,
    the engine, ``call_api``, helpers. A family adds its operations as mixins and its ``id``/``has``;
    ``rest_host`` names the REST host its plans call by default."""
    countries = ["SC"]
    version = "v2"
    precisionMode = TICK_SIZE
    rateLimit = 10  # ms, informational like ccxt; the real limiter is weight-based per pool
    rest_host = "spot"
    # The interface's capability groups (core.interface.GROUPS) this family implements completely: no
    # method of a declared group is a NotSupported stub (tests/faces/test_capability_groups.py).
    capability_groups: tuple[str, ...] = ()

    def __init__(self, config: Mapping[str, Any] | None = None, *, transport: Any = None, clock: Any = None,
                 limiter: Any = None, client_order_ids: Callable[[], str] | None = None,
                 sleep: Callable[[float], Any] | None = None, rand: Callable[[], float] | None = None) -> None:
        """``config`` is ccxt's dict; the keyword-only arguments replace a collaborator (tests, hosts, fleets):

        * ``transport``: the HTTP transport (``io/http_base.py`` protocol; async for the asyncio face);
        * ``clock``: an object with ``now_ms()``;
        * ``limiter``: the rate limiter (``reserve``/``observe``; e.g. one ``SharedLimiter`` or
          ``RedisLimiter`` shared by the spot and futures clients of one account); default: a local one
          from ``options.vipLevel``/``rateLimitQuotas``, or Redis when ``options.rateLimiter`` is a URL;
        * ``client_order_ids``: a callable returning a fresh clientOid;
        * ``sleep``, ``rand``: how to wait and the jitter source.
        """
        settings: Settings = read_config(config, os.environ)
        self.settings = settings
        self._options = settings.options  # ``options`` (host_surface.py) reads it and checks assignments
        self.enableRateLimit = settings.enable_rate_limit
        self.timeout = settings.timeout_ms
        # ccxt-shaped: the connector's hosts and ccxt's keys for them (a host may read urls["api"]["public"])
        self.urls = {"api": {**settings.urls, **ccxt_api_urls(settings.urls)}, "test": None,
                     "www": "https://www.kucoin.com", "doc": ["https://docs.kucoin.com"]}
        self.headers = settings.headers
        self._clock = clock if clock is not None else SystemClock()
        self._sleep_override: Callable | None = sleep
        rand = rand if rand is not None else _system_random
        self._limiter = limiter if limiter is not None else _default_limiter(settings)
        self._base_headers = {"Content-Type": "application/json", "Accept": "application/json",
                              **settings.headers}
        self._rest_context = None  # the REST pipeline's context: built by the first request (``_rest``)
        self._ctx = PlanContext(num=number_converter(self.options["numbers"]), now_ms=self._clock.now_ms,
                                has_credentials=settings.credentials is not None, options=self.options,
                                new_client_oid=client_order_ids or _new_client_oid)
        self._transport = transport
        self._rand = rand
        self._stream_driver = None  # created on the first watch_* call (constructors do no I/O)

    @property
    def _rest(self):
        """The REST pipeline's :class:`~kucoin_connector.rest.executor.RestContext` (shared by this client's
        threads and tasks), built on first use from the settings and the options of that moment."""
        rest = self._rest_context
        if rest is None:
            with _REST_LOCK:
                if self._rest_context is None:
                    self._rest_context = self._new_rest_context()
                rest = self._rest_context
        return rest

    def _new_rest_context(self):
        from ..rest.executor import RestContext
        from ..rest.retry import RetryPolicy
        settings = self.settings
        seconds = settings.timeout_ms / 1000.0
        return RestContext(urls=settings.urls, clock=self._clock, rand=self._rand,
                           rate_limited=settings.enable_rate_limit, credentials=settings.credentials,
                           retry=RetryPolicy(max_retries=self.options["maxRetries"]), timeout=(seconds, seconds),
                           adjust_for_time_difference=self.options["adjustForTimeDifference"],
                           base_headers=self._base_headers)

    @property
    def limiter(self) -> Any:
        """The rate limiter this client books with (pass it as ``limiter=`` to share it with another client)."""
        return self._limiter

    def __repr__(self) -> str:
        auth = "with credentials" if self.settings.credentials else "public"
        return f"<{type(self).__name__} {auth} {self.rest_host}={self.urls['api'][self.rest_host]}>"

    # -- state, like ccxt's attributes ---------------------------------------------------------
    @property
    def markets(self) -> dict[str, dict] | None:
        return self._ctx.registry.markets

    @property
    def markets_by_id(self) -> dict[str, dict]:
        return self._ctx.registry.markets_by_id

    @property
    def symbols(self) -> list[str]:
        return self._ctx.registry.symbols

    @property
    def ids(self) -> list[str]:
        return self._ctx.registry.ids

    @property
    def currencies(self) -> dict[str, dict]:
        return self._ctx.registry.currencies

    @property
    def apiKey(self) -> str | None:
        credentials = self.settings.credentials
        return credentials.api_key if credentials else None

    # -- the engine -----------------------------------------------------------------------------
    def _effects(self, plan):
        from ..rest.executor import drive
        return drive(plan, self._rest)

    def _run(self, plan):  # pragma: no cover - each face defines it
        raise NotImplementedError

    def call_api(self, method, path, params=None, *, host=None, private=None):
        """Call any KuCoin REST endpoint (ccxt's "implicit API"): host, signing, pool and weight come from
        the endpoint table generated from KuCoin's spec. Returns the envelope's ``data``."""
        if not isinstance(method, str) or not isinstance(path, str):
            raise BadRequest("call_api(method, path, params) needs a method and a path string")
        from ..rest.calls import Call
        return self._run(_single(Call(method.upper(), path, params, host=host, private=private)))

    def paginate_api(self, method, path, params=None, *, max_items=None, host=None, private=None):
        """Every item of a paged KuCoin list (``currentPage``/``pageSize`` or HF ``lastId``), detected
        from the answer; ``max_items`` caps the total."""
        if not isinstance(method, str) or not isinstance(path, str):
            raise BadRequest("paginate_api(method, path, params) needs a method and a path string")
        from ..rest.calls import Call
        from ..rest.paging import paginate
        return self._run(paginate(Call(method.upper(), path, params, host=host, private=private), max_items))

    # -- streams (faces/streaming.py describes the watches; each face runs them) -----------------
    def _stream_engine_and_state(self):
        from .. import logs  # noqa: F401  (the package logger's NullHandler, before stream code logs)
        from ..streaming.engine import StreamEngine
        from ..streaming.state import StreamState
        o = self.options
        engine = StreamEngine(rand=self._rand, topic_limit=o["wsTopicLimit"], max_reconnects=o["wsMaxReconnects"],
                              backoff_initial_ms=o["wsBackoffInitialMs"], backoff_max_ms=o["wsBackoffMaxMs"])
        return engine, StreamState(self._ctx.registry, self._ctx.num, self._stream_topic_table(),
                                   cache_limit=o["wsCacheLimit"])

    def _stream_state(self):
        return self._streams().state

    def _token_plan(self, family: str, private: bool):
        from ..rest.calls import Call
        path = "/api/v1/bullet-private" if private else "/api/v1/bullet-public"
        return _single(Call("POST", path, host=family, private=private))  # each family's REST host

    def last_stream_message_ms(self, private: bool | None = None) -> int | None:
        """When the last WebSocket message arrived (``private=True``: on a private connection), in ms;
        None before any. A host can alarm on a private stream that went silent."""
        driver = self._stream_driver
        return None if driver is None else driver.engine.last_received_ms(private)

    def _unwatch_units(self, releases) -> list:
        return self._streams().release_all(releases)

    # -- helpers ----------------------------------------------------------------------------------
    def _loaded_market(self, symbol: str) -> dict:
        if not self._ctx.registry.loaded:
            self._require_markets()
        return self._ctx.registry.market(symbol)

    def _require_markets(self) -> None:  # the sync face loads lazily; the async face cannot
        raise BaseError("markets not loaded: call load_markets() first")

    def market(self, symbol):
        return self._loaded_market(symbol)

    def market_id(self, symbol):
        return self._loaded_market(symbol)["id"]

    def _to_precision(self, fn, symbol, value, what: str) -> str:
        market = self._loaded_market(symbol)
        try:
            result = fn(market, value)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise BadRequest(f"invalid {what} {value!r} for {symbol}: {exc}") from None
        if what != "cost" and precision.to_decimal(result) == 0:
            # ccxt: "amount of BTC/USDT must be greater than minimum amount precision of 1e-08"
            step = (market.get("precision") or {}).get(what)
            raise InvalidOrder(f"{what} of {symbol} must be greater than minimum {what} precision of {step}; "
                               f"{str(value)[:40]} rounds to zero")
        return result

    def amount_to_precision(self, symbol, amount):
        return self._to_precision(precision.amount_to_precision, symbol, amount, "amount")

    def price_to_precision(self, symbol, price):
        return self._to_precision(precision.price_to_precision, symbol, price, "price")

    def cost_to_precision(self, symbol, cost):
        return self._to_precision(precision.cost_to_precision, symbol, cost, "cost")

    @staticmethod
    def parse_timeframe(timeframe):
        try:
            return _parse_timeframe(timeframe)
        except (ValueError, TypeError, KeyError) as exc:
            raise BadRequest(f"invalid timeframe {timeframe!r}: {exc}") from None

    @staticmethod
    def iso8601(timestamp=None):
        return timeutil.iso8601(timestamp)

    @staticmethod
    def parse8601(timestamp=None):
        return timeutil.parse8601(timestamp)

    def milliseconds(self):
        return self._clock.now_ms()

    def endpoints(self):
        """Every KuCoin REST endpoint this client can call with :meth:`call_api`."""
        from ..rest.endpoints import all_endpoints
        return all_endpoints()


# The argument table (arguments.py) checks every unified method once, here, for both faces: the asyncio
# face wraps these same functions as coroutines, so nothing is sent for a refused argument.
HELPERS_CHECKED = ("market", "market_id", "amount_to_precision", "price_to_precision", "cost_to_precision")
CHECKED = OPERATIONS + STREAM_OPERATIONS + HELPERS_CHECKED


def check_arguments(cls: type, names: tuple[str, ...]) -> type:
    """Wrap each named method of ``cls`` with the argument table's check (arguments.py)."""
    for name in names:
        setattr(cls, name, checked(getattr(cls, name), name))
    return cls


class KucoinBase(ClientBase, SpotMarketData, TradingOperations, StreamingOperations):
    """KuCoin spot and margin: the shared client with the spot family's operations."""
    id = "kucoin"
    name = "KuCoin"
    capability_groups = ("helpers",)
    timeframes: dict[str, str] = dict(TIMEFRAMES)
    has: dict[str, Any] = build_has([capability_name(m) for m in IMPLEMENTED],
                                    market_types={"spot": True, "margin": False, "swap": False, "future": False,
                                                  "option": False})


check_arguments(KucoinBase, CHECKED)


def _default_limiter(settings: Settings) -> Any:
    """The limiter a client builds for itself: local, or in Redis when ``options.rateLimiter`` names a server."""
    options = settings.options
    quotas = quotas_for_vip(options["vipLevel"])
    quotas.update(options["rateLimitQuotas"] or {})
    if options["rateLimiter"] is None:
        return SharedLimiter(quotas, options["rateLimitWindowMs"])
    from ..io.limiter_redis import limiter_from_url
    account = options["rateLimiterAccount"]
    if account is None:
        if settings.credentials is None:
            raise BadRequest("options.rateLimiter needs options.rateLimiterAccount (your KuCoin UID) or API keys")
        # groups the processes that use one API key; never the key itself in Redis
        import hashlib
        account = "key-" + hashlib.sha256(settings.credentials.api_key.encode()).hexdigest()[:16]
    return limiter_from_url(options["rateLimiter"], account=account, prefix=options["rateLimiterPrefix"],
                            quotas=quotas, window_ms=options["rateLimitWindowMs"])


def _new_client_oid() -> str:
    """A fresh clientOid: 32 hex characters from the OS's CSPRNG (KuCoin allows up to 40 of [A-Za-z0-9_-])."""
    return os.urandom(16).hex()


def _system_random() -> float:
    """Jitter in [0, 1) from the random module, imported on the first retry or reconnect (cold start)."""
    import random
    return random.random()


def _single(call):
    return (yield call)


def not_supported_stub(name: str, is_async: bool, declaration: Callable[..., Any]):
    """A method raising NotSupported, with the interface's signature (``__wrapped__``, which
    ``inspect.signature`` follows; wrong arguments are a TypeError). ``inspect`` loads only when a stub is
    called, not when the faces are built (cold start)."""
    message = f"kucoin-connector does not implement {name}() yet (has[{capability_name(name)!r}] is False)"

    def refuse(self: Any, args: tuple, kwargs: dict) -> NotSupported:
        import inspect
        inspect.signature(declaration).bind(self, *args, **kwargs)
        return NotSupported(message)

    if is_async:
        async def stub(self, *args, **kwargs):
            raise refuse(self, args, kwargs)
    else:
        def stub(self, *args, **kwargs):
            raise refuse(self, args, kwargs)
    stub.__name__ = stub.__qualname__ = name
    stub.__doc__ = message
    stub.not_supported = True  # type: ignore[attr-defined]  (is_not_supported reads it)
    stub.__wrapped__ = declaration  # type: ignore[attr-defined]
    return stub


def is_not_supported(method: Any) -> bool:
    """Whether ``method`` (a face's attribute) is a stub from :func:`fill_unimplemented`."""
    return getattr(method, "not_supported", False) is True


def fill_unimplemented(cls: type, is_async: bool) -> type:
    """Declare what the face does not implement: every interface method still abstract on ``cls`` gets a
    stub raising NotSupported (``has[...]`` says False for it). ABCMeta then recomputes the abstract set,
    so a face that missed a method it claims would still fail to instantiate."""
    for name in sorted(getattr(cls, "__abstractmethods__", ())):
        if name in UNIFIED_METHODS:
            # helpers stay plain functions on the asyncio face too (ccxt.pro does not make them coroutines)
            setattr(cls, name, not_supported_stub(name, is_async and name not in PLAIN_HELPERS, getattr(cls, name)))
    abc.update_abstractmethods(cls)
    return cls
