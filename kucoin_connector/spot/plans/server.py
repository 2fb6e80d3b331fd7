"""Server plans (pure core): KuCoin's clock and service status.

Apart from :mod:`.market_data` so that a first ``fetch_time()`` loads no market, ticker, book or candle
parser (cold start, issue 8). Endpoints: ``GET /api/v1/timestamp``
(https://www.kucoin.com/docs-new/api-3470156) and ``GET /api/v1/status``
(https://www.kucoin.com/docs-new/api-3470158).
"""
from __future__ import annotations

from ...core.checks import check_params
from ...core.server_status import parse_status, parse_time
from ...rest.calls import Call
from ...rest.plan import Plan, PlanContext

__all__ = ["fetch_time", "fetch_status"]


def fetch_time(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield Call("GET", "/api/v1/timestamp", check_params(params) or None)
    return parse_time(data)


def fetch_status(ctx: PlanContext, params: dict | None = None) -> Plan:
    data = yield Call("GET", "/api/v1/status", check_params(params) or None)
    return parse_status(data)
