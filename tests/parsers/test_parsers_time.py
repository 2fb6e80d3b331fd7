"""timeframes.py and timeutil.py."""
from __future__ import annotations

import pytest

from kucoin_connector.spot.timeframes import (
    TIMEFRAMES,
    kucoin_type,
    parse_timeframe,
)
from kucoin_connector.core.timeutil import MAX_MS, iso8601, parse8601

# ccxt 4.5 kucoin.timeframes, and KuCoin's documented kline types (docs-new/api-3470163)
EXPECTED_TIMEFRAMES = {
    "1m": "1min", "3m": "3min", "5m": "5min", "15m": "15min", "30m": "30min",
    "1h": "1hour", "2h": "2hour", "4h": "4hour", "6h": "6hour", "8h": "8hour", "12h": "12hour",
    "1d": "1day", "1w": "1week", "1M": "1month",
}


def test_timeframe_table_is_complete_and_exact():
    assert TIMEFRAMES == EXPECTED_TIMEFRAMES


@pytest.mark.parametrize(
    "tf, seconds",
    [("1m", 60), ("3m", 180), ("15m", 900), ("1h", 3600), ("12h", 43200), ("1d", 86400),
     ("1w", 604800), ("1M", 2592000), ("1y", 31536000), ("30s", 30), ("2h", 7200)],
)
def test_parse_timeframe_matches_ccxt(tf, seconds):
    assert parse_timeframe(tf) == seconds


@pytest.mark.parametrize("bad", ["", "m", "1", "1x", "0m", "1.5h", " 1m", "1m ", None, 60])
def test_parse_timeframe_rejects(bad):
    with pytest.raises(ValueError):
        parse_timeframe(bad)


def test_kucoin_type():
    assert kucoin_type("1h") == "1hour"
    assert kucoin_type("1M") == "1month"
    for tf, kucoin in EXPECTED_TIMEFRAMES.items():
        assert kucoin_type(tf) == kucoin


@pytest.mark.parametrize("bad", ["2m", "1y", "1s", "10m", "", None, "1min"])
def test_kucoin_type_is_value_error_not_key_error(bad):
    with pytest.raises(ValueError):
        kucoin_type(bad)


@pytest.mark.parametrize(
    "ms, text",
    [
        (0, "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (999, "1970-01-01T00:00:00.999Z"),
        (1729175612158, "2024-10-17T14:33:32.158Z"),
        (951782400000, "2000-02-29T00:00:00.000Z"),
        (4107542400000, "2100-03-01T00:00:00.000Z"),
        (MAX_MS, "9999-12-31T23:59:59.999Z"),
    ],
)
def test_iso8601_and_round_trip(ms, text):
    assert iso8601(ms) == text
    assert parse8601(text) == ms


def test_iso8601_accepts_what_ccxt_accepts():
    assert iso8601(1729175612158.0) == "2024-10-17T14:33:32.158Z"
    assert iso8601("1729175612158") == "2024-10-17T14:33:32.158Z"


@pytest.mark.parametrize("bad", [None, -1, True, 1.5, MAX_MS + 1, 10**20, "abc", "-5", float("nan"), [1]])
def test_iso8601_bad_input_is_none(bad):
    assert iso8601(bad) is None


@pytest.mark.parametrize(
    "text, ms",
    [
        ("2024-10-17T14:33:32.158Z", 1729175612158),
        ("2024-10-17T14:33:32Z", 1729175612000),
        ("2024-10-17T14:33:32.158123Z", 1729175612158),
        ("2024-10-17T14:33:32.9999Z", 1729175612999),
        ("2024-10-17T14:33:32.1Z", 1729175612100),
        ("2024-10-17 14:33:32.158Z", 1729175612158),
        ("2024-10-17T14:33:32.158", 1729175612158),
        ("2024-10-17T14:33:32.158+02:00", 1729168412158),
        ("2024-10-17T14:33:32+0200", 1729168412000),
        ("2024-10-17T14:33:32-01:30", 1729181012000),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2024-02-29T00:00:00Z", 1709164800000),
    ],
)
def test_parse8601(text, ms):
    assert parse8601(text) == ms


@pytest.mark.parametrize(
    "bad",
    [None, "", "garbage", "2024-10-17", "2024-10-17T14:33", "2024-02-30T00:00:00Z",
     "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-10-17T24:00:00Z", 123],
)
def test_parse8601_bad_input_is_none(bad):
    assert parse8601(bad) is None


def test_round_trip_over_many_instants():
    # deterministic spread of instants across four centuries, both directions must agree
    step = MAX_MS // 4999
    for ms in range(0, MAX_MS, step):
        assert parse8601(iso8601(ms)) == ms
