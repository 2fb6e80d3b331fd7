"""Every option the connector reads (``config["options"]``), as one table: name, default, check, family, doc.

Layer: pure core (data and checks). Rule: an option's default is written here and nowhere else; code
reads ``options[name]`` after :func:`read_options` filled the defaults in, or :func:`option` where it
may be handed a partial dict (plans built by tests). The README's options table is generated from this
table (``kucoin-connector options-table`` prints it; a test checks the README holds exactly that).

Options not in the table are kept (ccxt programs set their own keys) but never read by the connector.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, NamedTuple

from .errors import BadRequest

__all__ = ["Option", "OPTIONS", "read_options", "option", "markdown_table"]


class Option(NamedTuple):
    name: str
    default: Any
    check: Callable[[Any], bool]
    expected: str  # what check accepts, for the error message and the README
    family: str  # "*" (every family), "spot", "futures"
    doc: str


def _int(low: int, high: int | None = None) -> Callable[[Any], bool]:
    return lambda v: type(v) is int and v >= low and (high is None or v <= high)


def _number(low: float) -> Callable[[Any], bool]:
    return lambda v: type(v) in (int, float) and v == v and low <= v < float("inf")


def _one_of(*values: Any) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in values


def _bool(v: Any) -> bool:
    return type(v) is bool


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: v is None or check(v)


def _quotas(v: Any) -> bool:
    return v is None or (isinstance(v, Mapping) and all(isinstance(k, str) and type(q) is int and q > 0
                                                         for k, q in v.items()))


def _label(v: Any) -> bool:
    return v is None or (isinstance(v, str) and 0 < len(v) <= 64 and v.replace("-", "").replace("_", "").isalnum())


def _redis_url(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.startswith(("redis://", "rediss://", "unix://")))


OPTIONS: dict[str, Option] = {o.name: o for o in (
    Option("numbers", "float", _one_of("float", "decimal", "str"), '"float", "decimal" or "str"', "*",
           'every number in the structures: `"float"` (like ccxt), `"decimal"` or `"str"`'),
    Option("keyVersion", 3, _int(1, 3), "1, 2 or 3", "*", "API key version"),
    Option("vipLevel", 0, _int(0, 12), "an int 0-12", "*", "VIP level, for the rate-limit quotas"),
    Option("adjustForTimeDifference", True, _bool, "True or False", "*",
           "measure the offset to KuCoin's clock before the first private call and on 400002"),
    Option("maxRetries", 3, _int(0, 20), "an int 0-20", "*",
           "retries of reads on network errors, 5xx and 429 (jittered backoff)"),
    Option("poolSize", 10, _int(1, 1000), "an int 1-1000", "*", "keep-alive connections per host"),
    Option("asyncTransport", "asyncio", _one_of("asyncio", "urllib3"), '"asyncio" or "urllib3"', "*",
           'the asyncio face\'s HTTP: on the event loop (`"asyncio"`) or urllib3 in worker threads'),
    Option("rateLimitQuotas", None, _quotas, "None or {pool: positive int}", "*",
           "per-pool quota overrides (weight per window), e.g. `{\"Spot\": 6000}`"),
    Option("rateLimitWindowMs", 30_000, _int(1, 3_600_000), "an int of ms", "*", "the rate-limit window"),
    Option("rateLimiter", None, _redis_url, "None or a redis://, rediss:// or unix:// URL", "*",
           "share the rate-limit budget of one account through Redis (`pip install 'kucoin-connector[redis]'`)"),
    Option("rateLimiterAccount", None, _label, "None or a label of 1-64 of A-Z a-z 0-9 _ -", "*",
           "what the shared budget is grouped by: your KuCoin UID (default: a hash of the API key)"),
    Option("rateLimiterPrefix", "kucoin", _label, "a label of 1-64 of A-Z a-z 0-9 _ -", "*",
           "prefix of the Redis keys"),
    Option("hf", True, _bool, "True or False", "spot",
           "the account trades on KuCoin's HF endpoints (`trade_hf` balances); False: the classic ones"),
    Option("defaultType", "trade", _one_of("trade", "spot", "main", "funding", "margin", "cross", "isolated"),
           '"trade", "spot", "main", "funding", "margin", "cross" or "isolated"', "spot",
           "the account `fetch_balance()` reads when no `type` is given"),
    Option("leverage", 1, _int(1, 200), "an int 1-200", "futures",
           "leverage sent with a futures order that names none (KuCoin requires one on every order that "
           "does not close a position; ccxt sends 1 too)"),
    Option("reconcileAttempts", 3, _int(1, 20), "an int 1-20", "*",
           "lookups by client order id after an unknown outcome"),
    Option("reconcileDelay", 0.25, _number(0), "a number of seconds >= 0", "*",
           "seconds before the second lookup, doubling after"),
    Option("watchTimeout", None, _optional(_number(0.001)), "None or seconds > 0", "*",
           "the sync face: how long a `watch_*` call waits for an update (None: for ever)"),
    Option("wsTopicLimit", 250, _int(1, 400), "an int 1-400", "*",
           "topics per WebSocket connection before another one is opened"),
    Option("wsMaxReconnects", 10, _int(0, 1000), "an int 0-1000", "*",
           "reconnects in a row before a stream gives up (ReconnectsExhausted)"),
    Option("wsBackoffInitialMs", 500, _int(0), "an int of ms", "*", "first reconnect delay (jittered, doubling)"),
    Option("wsBackoffMaxMs", 30_000, _int(0), "an int of ms", "*", "longest reconnect delay"),
    Option("wsCacheLimit", 1000, _int(1), "an int >= 1", "*", "trades, candles and orders kept per watch"),
    Option("wsFullSnapshot", True, _bool, "True or False", "spot",
           "with credentials, level-2 books start from the full signed snapshot (else the public top 100)"),
)}


def read_options(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """A new dict: ``raw`` checked against the table, defaults filled in (BadRequest naming the option)."""
    if raw is not None and not isinstance(raw, Mapping):
        raise BadRequest(f"options must be a dict, got {type(raw).__name__}")
    options = dict(raw or {})
    for name, spec in OPTIONS.items():
        if name not in options:
            options[name] = dict(spec.default) if isinstance(spec.default, dict) else spec.default
        elif not spec.check(options[name]):
            raise BadRequest(f"options.{name} must be {spec.expected}, got {str(options[name])[:60]!r}")
    return options


def option(options: Mapping[str, Any], name: str) -> Any:
    """``options[name]``, or the table's default where a partial dict does not carry it."""
    try:
        return options[name]
    except KeyError:
        return OPTIONS[name].default


def markdown_table() -> str:
    """The README's options table."""
    rows = ["| option | default | meaning |", "|---|---|---|"]
    for spec in OPTIONS.values():
        family = "" if spec.family == "*" else f" ({spec.family})"
        rows.append(f"| `options.{spec.name}`{family} | `{spec.default!r}` | {spec.doc} |")
    return "\n".join(rows)

