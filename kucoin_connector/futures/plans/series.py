"""KuCoin Futures' index, premium-index and interest-rate point series, under ccxt's implicit API names
(pure core).

Layer: pure core. Rule: plans yield :class:`Call` objects; no I/O, no clock.

``GET /api/v1/index/query``, ``/api/v1/premium/query`` and ``/api/v1/interest/query`` (api-3470231,
api-3470227, api-3470226) answer ``{"dataList": [{symbol, granularity, timePoint, value, ...}], "hasMore"}``
for a *series* symbol a contract names (``indexSymbol`` ``.KXBTUSDT``, ``premiumsSymbol1M`` ``.XBTUSDTMPI``,
``fundingQuoteSymbol`` ``.USDTINT8H``...). No ccxt unified method or structure takes them; ccxt reaches them
only through its implicit API (``futuresPublicGetPremiumQuery(params)``), so they are offered under those
names, returning what ccxt's implicit methods return: the whole answer, ``{"code": "200000", "data": ...}``.
Unlike ccxt, the params are checked before anything is sent: a dict of KuCoin's documented keys only,
``symbol`` a series symbol, integers and booleans where KuCoin takes them (a typo is a BadRequest, not a
silently ignored filter).
"""
from __future__ import annotations

import re
from typing import Any

from ...core.checks import check_params
from ...errors import BadRequest
from ...rest.calls import Call
from ...rest.plan import Plan, PlanContext

__all__ = ["SERIES_PATHS", "series_query"]

# ccxt's implicit method name (snake_case; its camelCase twin is the same method) -> the endpoint
SERIES_PATHS = {
    "futurespublic_get_index_query": "/api/v1/index/query",
    "futurespublic_get_premium_query": "/api/v1/premium/query",
    "futurespublic_get_interest_query": "/api/v1/interest/query",
}
_SERIES_SYMBOL = re.compile(r"\.[A-Z0-9]{2,40}")
_INTEGERS = ("startAt", "endAt", "offset", "maxCount")
_BOOLEANS = ("reverse", "forward")


def series_query(ctx: PlanContext, name: str, params: Any = None) -> Plan:
    """The answer of the series endpoint behind ccxt's implicit method ``name``."""
    params = dict(check_params(params))
    unknown = sorted(set(params) - {"symbol", *_INTEGERS, *_BOOLEANS})
    if unknown:
        raise BadRequest(f"{name}: unknown parameter(s) {unknown[:5]} (KuCoin takes symbol, "
                         f"{', '.join(_INTEGERS + _BOOLEANS)})")
    symbol = params.get("symbol")
    if not isinstance(symbol, str) or _SERIES_SYMBOL.fullmatch(symbol) is None:
        raise BadRequest(f"{name}: params['symbol'] must be a series symbol such as '.KXBTUSDT' or "
                         f"'.XBTUSDTMPI' (a contract's indexSymbol, premiumsSymbol1M/8H or funding*Symbol), "
                         f"got {str(symbol)[:40]!r}")
    for key in _INTEGERS:
        value = params.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise BadRequest(f"{name}: params[{key!r}] must be a non-negative integer, got {str(value)[:40]!r}")
    for key in _BOOLEANS:
        if params.get(key) is not None and not isinstance(params[key], bool):
            raise BadRequest(f"{name}: params[{key!r}] must be True or False, got {str(params[key])[:40]!r}")
    data = yield Call("GET", SERIES_PATHS[name], params, host="futures", private=False)
    return {"code": "200000", "data": data}
