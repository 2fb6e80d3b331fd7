"""Every paging loop is bounded: a page that does not advance ends it, and there is a hard cap on
requests per call (issue 7, section 2: fetch_ohlcv(since=0) walked forward from 1970 window by window)."""
from __future__ import annotations

import pytest

from hostile_support import face
from kucoin_connector.rest.calls import Call
from kucoin_connector.rest.paging import MAX_PAGES, last_id_pages, page_number_pages
from kucoin_connector.spot.plans.market_data import OHLCV_MAX_PAGES

NOW_S = 1_730_000_000 // 60 * 60
FIRST_S = 1_600_000_020 // 60 * 60  # the first minute candle of the market


def _row(t: int) -> list[str]:
    return [str(t), "1", "1", "1", "1", "1", "1"]


def kucoin_candles(first_s: int, step: int = 60, gap: tuple[int, int] | None = None):
    """KuCoin's candle semantics: candles whose start lies in [startAt, endAt), newest first, at most 1500."""
    def answer(method, path, query):
        assert path == "/api/v1/market/candles"
        start = max(int(query.get("startAt", 0)), first_s)
        end = min(int(query.get("endAt", NOW_S + 1)), NOW_S + 1)
        rows, t = [], (end - 1) // step * step
        while t >= start and len(rows) < 1500:
            if not (gap and gap[0] <= t < gap[1]):
                rows.append(_row(t))
            t -= step
        return rows
    return answer


def candle_requests(ex) -> int:
    return sum(1 for _m, p, _q, _b in ex.recorder.sent if p == "/api/v1/market/candles")


def test_since_zero_finds_the_first_candles_in_a_few_requests():
    ex = face(kucoin_candles(FIRST_S), now_ms=NOW_S * 1000)
    candles = ex.fetch_ohlcv("BTC/USDT", "1m", since=0, limit=5)
    assert [c[0] for c in candles] == [(FIRST_S + 60 * i) * 1000 for i in range(5)]
    assert candle_requests(ex) <= 20  # log2 of the empty years, not one request per 25 hours since 1970


def test_since_before_a_long_gap_skips_it():
    gap = (FIRST_S + 600, FIRST_S + 600 + 86400 * 200)  # 200 days without trades
    ex = face(kucoin_candles(FIRST_S, gap=gap), now_ms=NOW_S * 1000)
    candles = ex.fetch_ohlcv("BTC/USDT", "1m", since=(FIRST_S + 540) * 1000, limit=3)
    assert [c[0] // 1000 for c in candles] == [FIRST_S + 540, gap[1], gap[1] + 60]
    assert candle_requests(ex) <= 20


def test_since_with_no_candles_at_all_ends_after_two_requests():
    ex = face(lambda method, path, query: [], now_ms=NOW_S * 1000)
    assert ex.fetch_ohlcv("BTC/USDT", "1m", since=0, limit=5) == []
    assert candle_requests(ex) == 2


def test_since_recent_history_is_one_request():
    ex = face(kucoin_candles(FIRST_S), now_ms=NOW_S * 1000)
    candles = ex.fetch_ohlcv("BTC/USDT", "1m", since=(NOW_S - 600) * 1000, limit=5)
    assert len(candles) == 5 and candle_requests(ex) == 1


@pytest.mark.parametrize("offset_s", [0, 1, 2, 30, 59])
def test_paged_candles_have_no_hole_wherever_now_falls_in_the_minute(offset_s):
    """Windows start on the minute grid: with KuCoin's [startAt, endAt) an unaligned window lost the
    candle opening at its start - 1 second (now exactly on a minute: one candle missing of 1600)."""
    now_s = NOW_S + offset_s

    def answer(method, path, query):
        start = max(int(query.get("startAt", 0)), FIRST_S)
        end = min(int(query.get("endAt", now_s + 1)), now_s + 1)
        t, rows = (end - 1) // 60 * 60, []
        while t >= start and len(rows) < 1500:
            rows.append(_row(t))
            t -= 60
        return rows

    newest = now_s // 60 * 60
    backward = face(answer, now_ms=now_s * 1000).fetch_ohlcv("BTC/USDT", "1m", None, 1600)
    assert [c[0] // 1000 for c in backward] == list(range(newest - 1599 * 60, newest + 60, 60))
    since_s = newest - 1700 * 60 + offset_s + 1  # an unaligned since: candles from the next minute on
    forward = face(answer, now_ms=now_s * 1000).fetch_ohlcv("BTC/USDT", "1m", since_s * 1000, 1600)
    first = -(-since_s // 60) * 60
    assert [c[0] // 1000 for c in forward] == list(range(first, first + 1600 * 60, 60))


@pytest.mark.parametrize("since, limit", [(0, 5), (0, 100_000), (None, 100_000)])
def test_an_exchange_ignoring_the_range_cannot_keep_ohlcv_looping(since, limit):
    page = [_row(NOW_S - 60 * i) for i in range(1500)]  # the same full page, whatever was asked
    ex = face(lambda method, path, query: page, now_ms=NOW_S * 1000)
    ex.fetch_ohlcv("BTC/USDT", "1m", since=since, limit=limit)
    assert candle_requests(ex) <= OHLCV_MAX_PAGES


def drive(plan, answer):
    calls = []
    try:
        call = next(plan)
        while True:
            calls.append(call)
            call = plan.send(answer(call))
    except StopIteration as stop:
        return calls, stop.value


def test_a_cursor_that_does_not_advance_ends_the_loop():
    same = {"items": [{"id": i} for i in range(100)], "lastId": 42}
    calls, items = drive(last_id_pages(Call("GET", "/api/v1/hf/orders/done"), 100), lambda call: same)
    assert len(calls) == 2 and len(items) == 100


def test_a_page_number_the_server_ignores_ends_the_loop():
    same = {"currentPage": 1, "pageSize": 2, "totalNum": 10 ** 9, "totalPage": 10 ** 9, "items": [1, 2]}
    calls, items = drive(page_number_pages(Call("GET", "/api/v1/accounts/ledgers"), 2), lambda call: same)
    assert len(calls) == 2 and items == [1, 2]


def test_identical_pages_end_the_loop_even_when_the_page_number_is_echoed():
    def answer(call):
        return {"currentPage": call.params["currentPage"], "pageSize": 2, "totalPage": 10 ** 9, "items": [1, 2]}
    calls, _items = drive(page_number_pages(Call("GET", "/api/v1/accounts/ledgers"), 2), answer)
    assert len(calls) == 2


def test_paging_has_a_hard_cap():
    def answer(call):
        page = call.params["currentPage"]
        return {"currentPage": page, "pageSize": 1, "totalPage": 10 ** 9, "items": [page]}
    calls, _items = drive(page_number_pages(Call("GET", "/api/v1/accounts/ledgers"), 1), answer)
    assert len(calls) == MAX_PAGES


@pytest.mark.parametrize("bad", [{"totalPage": "lots", "items": [1]}, {"totalPage": None, "items": "x"},
                                 {"totalPage": 2, "items": [1], "currentPage": []}])
def test_garbled_page_metadata_is_a_bad_response(bad):
    from kucoin_connector.errors import BadResponse
    with pytest.raises(BadResponse):
        drive(page_number_pages(Call("GET", "/api/v1/accounts/ledgers"), 1), lambda call: bad)
