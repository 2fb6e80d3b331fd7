"""Funding rates (current and history) -> ccxt funding-rate structures (pure core).

Sources: https://www.kucoin.com/docs-new/api-3470265 (``/api/v1/funding-rate/{symbol}/current``: ``symbol``
is the funding-rate index ``.XBTUSDTMFPI8H``, ``granularity`` ms, ``timePoint`` the last settlement,
``value`` the rate of the current period, ``predictedValue``, ``fundingTime`` the next settlement) and
https://www.kucoin.com/docs-new/api-3470266 (``/api/v1/contract/funding-rates``: ``symbol fundingRate
timepoint``, newest first). Mapped as ccxt 4.5's ``parse_funding_rate``/``parse_funding_rate_history``:
``fundingRate`` = ``value``, ``fundingTimestamp`` = ``fundingTime``, ``previousFundingTimestamp`` =
``timePoint``, ``interval`` from ``granularity`` ("8h"). Deliberate difference: ``nextFundingRate`` is
KuCoin's ``predictedValue`` (ccxt: None).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ...core.numbers import Num
from ...core.timeutil import iso8601
from ...core.fields import dec, listing, mapping, out, to_int

__all__ = ["parse_funding_rate", "parse_funding_rate_history", "parse_contract_funding_rate", "funding_interval"]

_HOUR_MS = 3_600_000
_MINUTE_MS = 60_000


def funding_interval(granularity_ms: Optional[int]) -> Optional[str]:
    """``28800000`` -> ``"8h"`` (whole hours); None when unknown."""
    if granularity_ms is None or granularity_ms <= 0 or granularity_ms % _HOUR_MS:
        return None
    return f"{granularity_ms // _HOUR_MS}h"


def parse_funding_rate(data: Mapping[str, Any], market: Mapping[str, Any], num: Num) -> Dict[str, Any]:
    data = mapping(data, "funding rate")
    funding = to_int(data.get("fundingTime"))
    previous = to_int(data.get("timePoint"))
    return {
        "info": data,
        "symbol": market.get("symbol"),
        "markPrice": None,
        "indexPrice": None,
        "interestRate": None,
        "estimatedSettlePrice": None,
        "timestamp": None,
        "datetime": None,
        "fundingRate": out(num, dec(data.get("value"))),
        "fundingTimestamp": funding,
        "fundingDatetime": iso8601(funding),
        "nextFundingRate": out(num, dec(data.get("predictedValue"))),
        "nextFundingTimestamp": None,
        "nextFundingDatetime": None,
        "previousFundingRate": None,
        "previousFundingTimestamp": previous,
        "previousFundingDatetime": iso8601(previous),
        "interval": funding_interval(to_int(data.get("granularity"))),
    }


def parse_contract_funding_rate(item: Mapping[str, Any], market: Mapping[str, Any], num: Num,
                                now_ms: int) -> Dict[str, Any]:
    """A ``/api/v1/contracts/active`` item -> ccxt funding rate (what ``fetch_funding_rates`` reads: one
    request for every perpetual). ``fundingFeeRate`` is the current period's rate, ``predictedFundingFeeRate``
    the next one's; ``nextFundingRateTime`` is the time *left* until the settlement (ms), counted when KuCoin
    wrote the answer, so ``now_ms`` (when it was read) + it is off by the latency and the clock offset:
    ``fundingTimestamp`` is that sum rounded to the nearest minute (KuCoin settles funding on whole hours).
    ``timestamp`` is ``now_ms`` (as ``parse_open_interest``); ``markPrice``/``indexPrice`` come with the item."""
    item = mapping(item, "contract item")
    left = to_int(item.get("nextFundingRateTime"))
    funding = None
    if left is not None and left >= 0:
        funding = (now_ms + left + _MINUTE_MS // 2) // _MINUTE_MS * _MINUTE_MS
    return {
        "info": item,
        "symbol": market.get("symbol"),
        "markPrice": out(num, dec(item.get("markPrice"))),
        "indexPrice": out(num, dec(item.get("indexPrice"))),
        "interestRate": None,
        "estimatedSettlePrice": None,
        "timestamp": now_ms,
        "datetime": iso8601(now_ms),
        "fundingRate": out(num, dec(item.get("fundingFeeRate"))),
        "fundingTimestamp": funding,
        "fundingDatetime": iso8601(funding),
        "nextFundingRate": out(num, dec(item.get("predictedFundingFeeRate"))),
        "nextFundingTimestamp": None,
        "nextFundingDatetime": None,
        "previousFundingRate": None,
        "previousFundingTimestamp": None,
        "previousFundingDatetime": None,
        "interval": funding_interval(to_int(item.get("fundingRateGranularity"))),
    }


def parse_funding_rate_history(items: Any, market: Mapping[str, Any], num: Num, since: Optional[int] = None,
                               limit: Optional[int] = None) -> List[Dict[str, Any]]:
    """History items ascending by time; ``since``/``limit`` filter as ccxt's ``filterBySinceLimit``."""
    rows = []
    for item in listing(items, "funding rates"):
        item = mapping(item, "funding rate")
        timestamp = to_int(item.get("timepoint"))
        rows.append({"info": item, "symbol": market.get("symbol"), "fundingRate": out(num, dec(item.get("fundingRate"))),
                     "timestamp": timestamp, "datetime": iso8601(timestamp)})
    rows.sort(key=lambda r: (r["timestamp"] is None, r["timestamp"] or 0))
    if since is not None:
        rows = [r for r in rows if r["timestamp"] is not None and r["timestamp"] >= since]
    if limit is not None:
        rows = rows[:limit] if since is not None else rows[-limit:]
    return rows
