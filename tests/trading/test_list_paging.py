"""Order and fill lists beyond one HF page follow the lastId cursor (data {items, lastId})."""
from __future__ import annotations

import copy

from kucoin_connector.spot.plans import orders as od
from trading_support import Drive, data, make_ctx


def pages(template_items, total):
    """An HF cursor list of `total` items answered 100 per page, newest first, like KuCoin."""
    def answer(call):
        start = 0 if "lastId" not in call.params else int(call.params["lastId"])
        size = call.params["limit"]
        chunk = []
        for i in range(start, min(start + size, total)):
            item = copy.deepcopy(template_items[0])
            item["id"] = f"{i:024x}"
            item["createdAt"] = item["createdAt"] - i
            chunk.append(item)
        return {"items": chunk, "lastId": start + len(chunk) if chunk else None}
    return answer


def test_closed_orders_beyond_one_page_follow_the_cursor():
    items = data("spot_hf_orders_done.json")["items"]
    d = Drive(od.fetch_closed_orders(make_ctx(), "BTC/USDT", None, 250), pages(items, 1000))
    assert [c.params.get("lastId") for c in d.calls] == [None, 100, 200]
    assert all(c.path == "/api/v1/hf/orders/done" and c.params["limit"] == 100 for c in d.calls)
    assert len(d.result) == 250 and len({o["id"] for o in d.result}) == 250


def test_one_page_when_the_limit_fits():
    items = data("spot_hf_orders_done.json")["items"]
    d = Drive(od.fetch_closed_orders(make_ctx(), "BTC/USDT", None, 50), pages(items, 1000))
    assert len(d.calls) == 1 and d.calls[0].params["limit"] == 50
