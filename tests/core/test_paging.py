"""KuCoin's two paging styles, driven as plans with recorded-shape answers (no transport)."""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import BadRequest, BadResponse
from kucoin_connector.rest.paging import last_id_pages, page_number_pages, paginate


def drive(plan, answer):
    """Run a plan, answering each call with answer(call); return (calls, result)."""
    calls = []
    try:
        call = next(plan)
        while True:
            calls.append(call)
            call = plan.send(answer(call))
    except StopIteration as stop:
        return calls, stop.value


def pages_of(items, size):
    def answer(call):
        page = call.params["currentPage"]
        chunk = items[(page - 1) * size: page * size]
        total = (len(items) + size - 1) // size
        return {"currentPage": page, "pageSize": size, "totalNum": len(items), "totalPage": total, "items": chunk}
    return answer


def cursor_of(items):
    def answer(call):
        start = 0 if "lastId" not in call.params else [i["id"] for i in items].index(call.params["lastId"]) + 1
        chunk = items[start:start + call.params["limit"]]
        return {"items": chunk, "lastId": chunk[-1]["id"] if chunk else None}
    return answer


def test_page_numbers_until_total_page():
    items = list(range(7))
    calls, result = drive(page_number_pages(Call("GET", "/api/v1/accounts/ledgers", {"currency": "BTC"}), 3),
                          pages_of(items, 3))
    assert result == items
    assert [c.params for c in calls] == [{"currency": "BTC", "currentPage": p, "pageSize": 3} for p in (1, 2, 3)]


def test_page_numbers_stop_at_max_items():
    calls, result = drive(page_number_pages(Call("GET", "/x"), 3, max_items=4), pages_of(list(range(10)), 3))
    assert result == [0, 1, 2, 3] and len(calls) == 2


def test_last_id_cursor_until_short_page():
    items = [{"id": 100 + i} for i in range(5)]
    calls, result = drive(last_id_pages(Call("GET", "/api/v1/hf/orders/done", {"symbol": "BTC-USDT"}), 2),
                          cursor_of(items))
    assert result == items
    assert [c.params.get("lastId") for c in calls] == [None, 101, 103]


def test_paginate_detects_the_style_from_the_first_answer():
    items = list(range(5))
    calls, result = drive(paginate(Call("GET", "/api/v1/accounts/ledgers")),
                          lambda c: pages_of(items, 2)(Call(c.method, c.path, {"currentPage": 1, **(c.params or {})})))
    assert result == items and len(calls) == 3
    hf = [{"id": i} for i in range(1, 4)]
    calls, result = drive(paginate(Call("GET", "/api/v1/hf/fills"), limit=2),
                          lambda c: cursor_of(hf)(Call(c.method, c.path, {"limit": 2, **(c.params or {})})))
    assert result == hf
    calls, result = drive(paginate(Call("GET", "/api/v1/timestamp")), lambda c: 12345)
    assert result == 12345 and len(calls) == 1


def test_bad_answers_and_arguments():
    with pytest.raises(BadResponse):
        drive(page_number_pages(Call("GET", "/x"), 2), lambda c: [1, 2])
    with pytest.raises(BadRequest):
        drive(last_id_pages(Call("GET", "/x"), 2, max_items=0), lambda c: {})
