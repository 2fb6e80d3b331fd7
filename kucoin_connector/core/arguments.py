"""The one table of argument checks, keyed by ccxt parameter name (pure core).

Every unified face method (sync and asyncio, REST and streams) is wrapped once by :func:`checked`, which
runs the validator of each argument whose *name* is in :data:`ARGUMENTS` before the plan is built: bad
input (None where a value is needed, NaN, infinities, negatives, huge or over-precise numbers, wrong
types, ids that are not ids) raises the ccxt error that names the problem -- ``BadSymbol`` for symbols,
``InvalidOrder`` for order sizes, prices, sides and types, ``ArgumentsRequired`` for a missing currency
or address, ``BadRequest`` otherwise -- with a short message that names the argument, and nothing is
sent. The checks are format checks (no markets needed); plans still decide what a *valid* value means
for KuCoin (an unknown symbol, an amount below the market minimum).

Numbers are judged on their text without expanding them: ``"1e999999999"`` is refused by its exponent
(``Decimal.adjusted()`` beyond :data:`MAX_EXPONENT`), never quantized.
"""
from __future__ import annotations

import functools
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping

from ..errors import ArgumentsRequired, BadRequest, BadSymbol, InvalidOrder
from .markets import check_symbol_format

__all__ = ["ARGUMENTS", "Site", "checked", "check_number", "check_params_value", "MAX_EXPONENT"]

MAX_EXPONENT = 40  # |adjusted exponent| and decimal places of any amount or price (1e40, 1e-40)
MAX_LIMIT = 100_000  # items per call
MAX_SINCE = 10 ** 14  # ms: year 5138
MAX_TEXT = 1024  # characters of a free-form string param
MAX_SYMBOLS = 1000
_SHOW = 40  # characters of a bad value shown in a message

# A plain decimal number as text: digits, one optional point, an optional exponent. No "nan",
# "inf", "0x10", "1_000" or spaces (all of which Decimal() would accept or half-accept).
# Patterns are compiled on first use (re's own cache), not at import: cold start (issue 8).
_NUMBER_TEXT = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_CODE = r"[A-Za-z0-9_-]{1,32}"
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"})
# Params KuCoin reads as ids (and the connector may put into a path).
_ID_PARAMS = frozenset({"clientOrderId", "clientOid", "orderId"})
# Params ccxt defines as prices or amounts: checked like the positional ones.
_NUMBER_PARAMS = frozenset({"cost", "triggerPrice", "stopPrice", "stopLossPrice", "takeProfitPrice"})


class Site:
    """Where a value is checked: method and argument name, whether it is required, its error class."""

    __slots__ = ("method", "name", "required", "number_error", "allow_zero")

    def __init__(self, method: str, name: str, required: bool, number_error: type, allow_zero: bool) -> None:
        self.method, self.name, self.required = method, name, required
        self.number_error, self.allow_zero = number_error, allow_zero

    def fail(self, what: str, value: Any = None, error: type = BadRequest, show: bool = True) -> None:
        shown = f", got {_show(value)}" if show else ""
        raise error(f"{self.method}(): {self.name} {what}{shown}")


def _show(value: Any) -> str:
    if isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool):
        text = repr(value) if not isinstance(value, int) or abs(value) < 10 ** 30 else "a huge int"
        return text if len(text) <= _SHOW else text[:_SHOW] + "..."
    return type(value).__name__


def check_number(value: Any, site: Site, error: type | None = None) -> None:
    """A finite, non-negative number (positive unless ``site.allow_zero``), int/float/Decimal/str, whose
    exponent and decimal places stay within :data:`MAX_EXPONENT`. None passes (plans decide)."""
    if value is None:
        return
    error = error or site.number_error
    if isinstance(value, bool):
        site.fail("must be a number", value, error)
    if isinstance(value, int):
        if value < 0 or value.bit_length() > 133:  # 2**133 ~ 1e40
            site.fail("must be a positive number within 1e40", value, error)
        if value == 0 and not site.allow_zero:
            site.fail("must be greater than zero", value, error)
        return
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0 or value > 1e40:
            site.fail("must be a finite positive number", value, error)
        if value == 0 and not site.allow_zero:
            site.fail("must be greater than zero", value, error)
        if value and abs(value) < 1e-40:
            site.fail(f"has more than {MAX_EXPONENT} decimal places", value, error)
        return
    if isinstance(value, str):
        if len(value) > 100 or re.fullmatch(_NUMBER_TEXT, value) is None:
            site.fail("must be a decimal number", value, error)
        try:
            value = Decimal(value)  # cheap: Decimal keeps the exponent, nothing is expanded
        except InvalidOperation:
            site.fail("must be a decimal number", value, error)
    if not isinstance(value, Decimal):
        site.fail("must be a number (int, float, str or Decimal)", value, error)
    if not value.is_finite() or value < 0:
        site.fail("must be a finite positive number", value, error)
    if not value and not site.allow_zero:
        site.fail("must be greater than zero", value, error)
    exponent = value.as_tuple().exponent
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        site.fail(f"must be between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT}", value, error)
    if isinstance(exponent, int) and not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:
        site.fail(f"has more than {MAX_EXPONENT} decimal places", value, error)


def _symbol(value: Any, site: Site) -> None:
    if value is None:
        if site.required:
            site.fail("is required (a symbol like 'BTC/USDT')", show=False, error=BadSymbol)
        return
    if isinstance(value, str) and (len(value) > 64 or value.startswith(".") or "/." in value or ":." in value):
        site.fail("is not a symbol like 'BTC/USDT'", value, BadSymbol)
    try:
        check_symbol_format(value)
    except BadSymbol as exc:
        raise BadSymbol(f"{site.method}(): {site.name}: {exc}") from None


def _symbols(value: Any, site: Site) -> None:
    if value is None:
        if site.required:
            site.fail("is required (a list of symbols)", show=False, error=ArgumentsRequired)
        return
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        site.fail("must be a list of symbols", value)
    if len(value) > MAX_SYMBOLS:
        site.fail(f"must hold at most {MAX_SYMBOLS} symbols", len(value))
    for item in value:
        _symbol(item, Site(site.method, f"{site.name}[]", True, site.number_error, False))


def _limit(value: Any, site: Site) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_LIMIT:
        site.fail(f"must be a positive int up to {MAX_LIMIT} or None", value)


def _since(value: Any, site: Site) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SINCE:
        site.fail("must be a timestamp in ms (a non-negative int) or None", value)


_TIMEFRAME = r"[1-9][0-9]{0,3}[smhdwMy]"


def _timeframe(value: Any, site: Site) -> None:
    # The shape of a ccxt timeframe ("1m", "4h", "1w", "1M"); which ones a product family supports is
    # that family's table, checked by its plan before anything is sent.
    if not isinstance(value, str) or not re.fullmatch(_TIMEFRAME, value):
        raise BadRequest(f"{site.method}(): unsupported timeframe {_show(value)} (like '1m', '4h', '1d')")


def _code(value: Any, site: Site) -> None:
    if value is None:
        if site.required:
            site.fail("is required (a currency code like 'USDT')", show=False, error=ArgumentsRequired)
        return
    if not isinstance(value, str) or re.fullmatch(_CODE, value) is None:
        site.fail("must be a currency code like 'USDT'", value)


def _id(value: Any, site: Site) -> None:
    if value is None:
        return  # plans accept a client order id in params instead, or raise ArgumentsRequired
    if not isinstance(value, str):
        site.fail("must be an order id string", value)
    from ..rest.calls import path_segment  # the REST pipeline loads with the first request (cold start)
    path_segment(value, f"{site.method}(): {site.name}")


def _ids(value: Any, site: Site) -> None:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        site.fail("must be a list of order ids", value)
    if len(value) > 100:
        site.fail("must hold at most 100 ids", len(value))
    for item in value:
        if item is None:
            site.fail("must not contain None", show=False)
        _id(item, site)


def _address(value: Any, site: Site) -> None:
    if value is None:
        if site.required:
            site.fail("is required", show=False, error=ArgumentsRequired)
        return
    if not isinstance(value, str) or not 0 < len(value) <= 256 or not value.isascii() or not value.isprintable() \
            or " " in value:
        site.fail("must be an address string (printable ASCII, no spaces, at most 256 characters)", value)


def _tag(value: Any, site: Site) -> None:
    if value is None:
        return
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10 ** 30:
        return
    if not isinstance(value, str) or len(value) > 256 or not value.isascii() or not value.isprintable():
        site.fail("must be a memo/tag string (printable ASCII, at most 256 characters)", value)


def _side(value: Any, site: Site) -> None:
    if value is None and not site.required:  # an optional side (close_position's: KuCoin works it out)
        return
    if value not in ("buy", "sell") or not isinstance(value, str):
        site.fail("must be 'buy' or 'sell'", value, InvalidOrder)


def _order_type(value: Any, site: Site) -> None:
    if value not in ("limit", "market") or not isinstance(value, str):
        site.fail("must be 'limit' or 'market'", value, InvalidOrder)


def _account(value: Any, site: Site) -> None:
    if value is None:
        site.fail("is required (an account such as 'main' or 'trade')", show=False, error=ArgumentsRequired)
    if not isinstance(value, str) or re.fullmatch(_CODE, value) is None:
        site.fail("must be an account name such as 'main' or 'trade'", value)


def _flag(value: Any, site: Site) -> None:
    if not isinstance(value, bool):
        site.fail("must be True or False", value)


def _method(value: Any, site: Site) -> None:
    if not isinstance(value, str) or value.upper() not in _HTTP_METHODS:
        site.fail(f"must be one of {', '.join(sorted(_HTTP_METHODS))}", value)


def _path(value: Any, site: Site) -> None:
    if not isinstance(value, str) or not value.startswith("/") or len(value) > 256:
        site.fail("must be a request path starting with '/'", value)


def check_params_value(value: Any, site: Site, depth: int = 0) -> None:
    """A params value: JSON-like (None, bool, int, finite float, Decimal, str, list, dict with str keys),
    bounded in size and depth; KuCoin ids and ccxt's price params are checked like the arguments."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if value.bit_length() > 64:
            site.fail("holds an integer beyond 64 bits", value)
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            site.fail("holds a non-finite number", value)
        return
    if isinstance(value, Decimal):
        check_number(abs(value), Site(site.method, site.name, False, BadRequest, True))
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            site.fail(f"holds a string longer than {MAX_TEXT} characters", show=False)
        return
    if depth >= 4:
        site.fail("is nested too deeply", show=False)
    if isinstance(value, (list, tuple)):
        if len(value) > 100:
            site.fail("holds a list longer than 100", show=False)
        for item in value:
            check_params_value(item, site, depth + 1)
        return
    if isinstance(value, Mapping):
        if len(value) > 64:
            site.fail("holds more than 64 keys", show=False)
        for key, item in value.items():
            if not isinstance(key, str) or not key or len(key) > 64:
                site.fail("keys must be short strings", key)
            inner = Site(site.method, f"{site.name}[{key!r}]", False, site.number_error, False)
            if depth == 0 and key in _ID_PARAMS and item is not None:
                if not isinstance(item, str):
                    inner.fail("must be an id string", item)
                from ..rest.calls import path_segment
                path_segment(item, f"{site.method}(): {inner.name}")
            elif depth == 0 and key in _NUMBER_PARAMS:
                check_number(item, inner)
            else:
                check_params_value(item, inner, depth + 1)
        return
    site.fail("holds a value that cannot be sent", value)


def _params(value: Any, site: Site) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        site.fail("must be a dict or None", value)
    check_params_value(value, site)


def _orders(value: Any, site: Site) -> None:
    if not isinstance(value, (list, tuple)) or not 0 < len(value) <= 20:
        site.fail("must be a list of 1 to 20 order requests", value)
    for i, entry in enumerate(value):
        if not isinstance(entry, Mapping):
            site.fail(f"[{i}] must be a dict with symbol, type, side, amount, price, params", entry)
        for key, check in (("symbol", _symbol), ("type", _order_type), ("side", _side), ("amount", check_number),
                           ("price", check_number), ("params", _params)):
            check(entry.get(key), Site(site.method, f"orders[{i}].{key}", key == "symbol", InvalidOrder, False))


# ccxt parameter name -> validator(value, site). The one table; faces apply it via `checked`.
ARGUMENTS: dict[str, Callable[[Any, Site], None]] = {
    "symbol": _symbol,
    "symbols": _symbols,
    "amount": check_number,
    "price": check_number,
    "cost": check_number,
    "triggerPrice": check_number,
    "stopLossPrice": check_number,
    "takeProfitPrice": check_number,
    "limit": _limit,
    "since": _since,
    "timeframe": _timeframe,
    "code": _code,
    "id": _id,
    "ids": _ids,
    "address": _address,
    "tag": _tag,
    "side": _side,
    "type": _order_type,
    "fromAccount": _account,
    "toAccount": _account,
    "orders": _orders,
    "params": _params,
    "reload": _flag,
    "method": _method,
    "path": _path,
    "max_items": _limit,
}

# Methods whose number errors are order errors (ccxt raises InvalidOrder for order sizes and prices).
_ORDER_METHODS = ("create_", "edit_order")
# Helpers that return "0" or raise their own InvalidOrder for zero (ccxt's *_to_precision rules).
_ZERO_ALLOWED = frozenset({"amount_to_precision", "price_to_precision", "cost_to_precision"})


_POSITIONAL_ONLY, _POSITIONAL, _KEYWORD = "positional-only", "positional", "keyword"


def _parameters(function: Callable) -> list[tuple[str, str, bool]]:
    """``(name, kind, required)`` for each named parameter in order (``*args``/``**kwargs`` left out,
    which shifts no positional index). A plain function is read from its code object, a fraction of the
    cost of ``inspect.signature`` (84 face methods are wrapped when the faces load); anything else (a
    wrapper, an explicit ``__signature__``) goes through ``inspect.signature``."""
    code = getattr(function, "__code__", None)
    if code is None or hasattr(function, "__wrapped__") or hasattr(function, "__signature__"):
        import inspect  # only here: importing it costs a client's construction several ms (cold start)
        kinds = {inspect.Parameter.POSITIONAL_ONLY: _POSITIONAL_ONLY,
                 inspect.Parameter.POSITIONAL_OR_KEYWORD: _POSITIONAL, inspect.Parameter.KEYWORD_ONLY: _KEYWORD}
        return [(p.name, kinds[p.kind], p.default is p.empty)
                for p in inspect.signature(function).parameters.values() if p.kind in kinds]
    npos, nposonly = code.co_argcount, code.co_posonlyargcount
    names = code.co_varnames[:npos + code.co_kwonlyargcount]
    first_default = npos - len(function.__defaults__ or ())
    kwdefaults = function.__kwdefaults__ or {}
    return [(arg, _POSITIONAL_ONLY if i < nposonly else _POSITIONAL, i < first_default) if i < npos
            else (arg, _KEYWORD, arg not in kwdefaults) for i, arg in enumerate(names)]


def checked(function: Callable, name: str | None = None) -> Callable:
    """Wrap a face method so every argument named in :data:`ARGUMENTS` is checked before it runs."""
    name = name or function.__name__
    number_error = InvalidOrder if name.startswith(_ORDER_METHODS) else BadRequest
    checks = []
    for index, (arg, kind, required) in enumerate(_parameters(function)[1:]):  # after self
        check = ARGUMENTS.get(arg)
        if check is None or kind == _POSITIONAL_ONLY:
            continue
        site = Site(name, arg, required, number_error, name in _ZERO_ALLOWED)
        checks.append((index if kind == _POSITIONAL else 10 ** 6, arg, check, site))
    checks_t = tuple(checks)

    @functools.wraps(function)
    def wrapper(self, *args, **kwargs):
        count = len(args)
        for index, key, check, site in checks_t:
            if index < count:
                check(args[index], site)
            elif key in kwargs:
                check(kwargs[key], site)
        return function(self, *args, **kwargs)

    wrapper.__checked__ = True
    return wrapper
