"""parsers/ohlcv.py and parsers/status.py."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.candles import parse_ohlcv, parse_ohlcvs
from kucoin_connector.core.server_status import parse_status, parse_time

from parser_support import STATUS_KEYS, load


def test_spot_rows_are_reordered_and_sorted(fnum):
    rows = load("spot_candles.json")["data"]
    assert parse_ohlcvs(rows, fnum) == [
        [1566789600000, 10408.6, 10416.0, 10405.4, 10416.0, 12.45584973],
        [1566789660000, 10416.0, 10422.3, 10411.5, 10411.5, 15.61781842],
        [1566789720000, 10411.5, 10411.5, 10396.3, 10401.9, 29.11357276],
    ]


def test_single_row_modes(dnum, snum):
    row = load("spot_candles.json")["data"][0]  # [t, open, close, high, low, volume, turnover]
    assert parse_ohlcv(row, snum) == [1566789720000, "10411.5", "10411.5", "10396.3", "10401.9", "29.11357276"]
    assert parse_ohlcv(row, dnum)[5] == Decimal("29.11357276")


def test_ws_candle_push(snum):
    candles = load("ws_spot_candles.json")["data"]["candles"]
    assert parse_ohlcv(candles, snum) == [1729839600000, "67644.9", "67724.8", "67243.8", "67437.6", "44.88321441"]


def test_millisecond_rows_keep_ccxt_column_order(fnum):
    # futures klines: [time_ms, open, high, low, close, volume]
    assert parse_ohlcv([1729839600000, 1.0, 3.0, 0.5, 2.0, 10], fnum) == [1729839600000, 1.0, 3.0, 0.5, 2.0, 10.0]


@pytest.mark.parametrize(
    "since, limit, times",
    [
        (None, None, [1566789600000, 1566789660000, 1566789720000, 1566789780000]),
        (None, 2, [1566789720000, 1566789780000]),  # without since: the most recent rows
        (1566789660000, None, [1566789660000, 1566789720000, 1566789780000]),
        (1566789660000, 2, [1566789660000, 1566789720000]),  # with since: the first rows from there
        (1566789660001, 1, [1566789720000]),
        (1566789780001, None, []),
        (None, 0, []),
    ],
)
def test_since_and_limit(since, limit, times, fnum):
    rows = load("edge_candles.json")["data"]
    assert [r[0] for r in parse_ohlcvs(rows, fnum, since=since, limit=limit)] == times


def test_tiny_prices_and_zero_volume(snum):
    rows = load("edge_candles.json")["data"]
    last = parse_ohlcvs(rows, snum)[-1]
    assert last == [1566789780000, "0.00000001", "0.00000003", "0.00000001", "0.00000002", "0"]


def test_status_open_and_others():
    data = load("spot_status.json")["data"]
    status = parse_status(data)
    assert set(status) == STATUS_KEYS
    assert status == {"status": "ok", "updated": None, "eta": None, "url": None, "info": data}
    assert parse_status(load("edge_status_maintenance.json")["data"])["status"] == "maintenance"
    assert parse_status({"status": "close", "msg": ""})["status"] == "maintenance"


def test_server_time():
    assert parse_time(load("spot_timestamp.json")["data"]) == 1729100692873
    assert parse_time("1729100692873") == 1729100692873
    for bad in (None, "abc", {"x": 1}):
        with pytest.raises(ValueError):
            parse_time(bad)
