"""Futures orders over raw signed HTTP: margin holds, fills and fees, rejections before anything is held,
cancels, queries, batch and test orders."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from fsimhelpers import order, top

Q = Decimal("1e-8")


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def overview(api, currency="USDT"):
    return {k: D(v) for k, v in api("GET", f"/api/v1/account-overview?currency={currency}")["data"].items()
            if k != "currency"}


def test_a_resting_limit_holds_initial_margin_plus_taker_fee_and_cancel_releases_it(sim, api):
    bid, _ = top(sim)
    price = bid - 300
    body = order(type="limit", price=str(price), size=4, leverage=8)
    r = api("POST", "/api/v1/orders", body)["data"]
    assert r["clientOid"] == body["clientOid"] and r["orderId"].isdigit()
    value = price * 4 * D("0.001")
    held = (value / 8).quantize(Q) + (value * D("0.0006")).quantize(Q)
    assert overview(api)["orderMargin"] == held
    assert overview(api)["availableBalance"] == 100000 - held
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["status"], o["isActive"], o["size"], D(o["value"]), o["leverage"], o["marginMode"]) == \
        ("open", True, 4, value, "8", "ISOLATED")
    assert api("GET", f"/api/v1/orders/byClientOid?clientOid={body['clientOid']}")["data"]["id"] == r["orderId"]
    assert api("DELETE", f"/api/v1/orders/{r['orderId']}")["data"] == {"cancelledOrderIds": [r["orderId"]]}
    assert overview(api)["availableBalance"] == 100000 and overview(api)["orderMargin"] == 0
    done = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (done["status"], done["isActive"], done["cancelExist"], done["endAt"] is not None) == \
        ("done", False, True, True)
    assert api("DELETE", f"/api/v1/orders/{r['orderId']}")["code"] == "300000"
    assert api("GET", "/api/v1/orders/230000000000000999")["code"] == "300000"


def test_a_market_buy_takes_the_ask_pays_the_taker_fee_and_reports_the_fill(sim, api):
    _, ask = top(sim)
    r = api("POST", "/api/v1/orders", order(size=3))["data"]
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    value = ask * 3 * D("0.001")
    assert (o["status"], o["dealSize"], o["filledSize"], D(o["dealValue"]), D(o["avgDealPrice"])) == \
        ("done", 3, 3, value, ask)
    fills = api("GET", f"/api/v1/fills?orderId={r['orderId']}")["data"]["items"]
    assert len(fills) == 1
    f = fills[0]
    fee = (value * D("0.0006")).quantize(Q)
    assert (f["liquidity"], D(f["price"]), f["size"], D(f["value"]), D(f["fee"]), D(f["feeRate"])) == \
        ("taker", ask, 3, value, fee, D("0.0006"))
    assert (D(f["openFeePay"]), D(f["closeFeePay"]), f["feeCurrency"], f["tradeTime"]) == \
        (fee, 0, "USDT", f["createdAt"] * 1_000_000)
    assert api("GET", "/api/v1/recentFills")["data"][0]["tradeId"] == f["tradeId"]
    assert api("GET", "/api/v1/recentDoneOrders")["data"][0]["id"] == r["orderId"]


def test_a_maker_fill_pays_the_maker_fee(sim, api, futures):
    bid, _ = top(sim)
    r = api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 100), size=2))["data"]
    assert sim.fill(r["orderId"], "1")["dealSize"] == "1"
    answer = futures.request("POST", "/_sim/fill", json.dumps({"orderId": r["orderId"]}).encode()).json()
    assert (answer["data"]["dealSize"], answer["data"]["status"]) == ("2", "done")
    fills = api("GET", f"/api/v1/fills?orderId={r['orderId']}")["data"]["items"]
    value = (bid - 100) * D("0.001")
    assert [(f["liquidity"], f["size"], D(f["fee"]), D(f["feeRate"])) for f in fills] == \
        [("maker", 1, (value * D("0.0002")).quantize(Q), D("0.0002"))] * 2
    value *= 2
    assert overview(api)["orderMargin"] == 0
    assert overview(api)["positionMargin"] == (value / 10).quantize(Q)


def test_an_inverse_order_holds_coin_margin(sim, api):
    bid, _ = top(sim, "XBTUSDM")
    price = bid - 500
    api("POST", "/api/v1/orders", order("XBTUSDM", type="limit", price=str(price), size=100, leverage=5))
    value = (D(100) / price).quantize(Q)
    held = (value / 5).quantize(Q, rounding="ROUND_UP") + (value * D("0.0006")).quantize(Q)
    assert overview(api, "XBT")["orderMargin"] == held


@pytest.mark.parametrize("change,code", [
    ({"symbol": "NOPEUSDTM"}, "300000"),
    ({"clientOid": None}, "400100"),
    ({"clientOid": "bad id!"}, "400100"),
    ({"size": "1.5"}, "400100"),
    ({"size": 0}, "400100"),
    ({"type": "limit", "price": "65000.05"}, "400100"),
    ({"type": "limit"}, "400100"),
    ({"leverage": 126}, "400100"),
    ({"leverage": None}, "400100"),
    ({"timeInForce": "FOK", "type": "limit", "price": "1000"}, "400100"),
    ({"side": "hold"}, "400100"),
    ({"type": "limit", "price": "1000000"}, "300011"),
    ({"type": "limit", "price": "1", "side": "sell"}, "300012"),
    ({"qty": "0.001"}, "400100"),
    ({"size": None, "qty": "0.0015"}, "400100"),
    ({"size": None, "valueQty": "10"}, "400100"),
    ({"symbol": "XBTUSDM", "size": None, "qty": "1"}, "400100"),
    ({"symbol": "XBTUSDM", "size": 900000, "leverage": 1}, "300003"),
    ({"size": 900000, "leverage": 1}, "400760"),
    ({"stop": "up", "stopPriceType": "XX", "stopPrice": "1"}, "400100"),
])
def test_an_order_that_cannot_be_valid_is_refused_and_nothing_is_held(sim, api, change, code):
    body = {k: v for k, v in {**order(), **change}.items() if v is not None}
    before = sim.balances()
    r = api("POST", "/api/v1/orders", body)
    assert r["code"] == code, r
    assert sim.balances() == before
    assert not sim.futures_desk.orders() and not sim.futures_desk.stops


def test_a_repeated_client_oid_is_refused(sim, api):
    body = order(type="limit", price=str(top(sim)[0] - 100))
    assert api("POST", "/api/v1/orders", body)["code"] == "200000"
    assert api("POST", "/api/v1/orders", {**body, "price": str(top(sim)[0] - 200)}) == {
        "code": "300018", "msg": "clientOid parameter repeated"}
    assert len(sim.futures_desk.orders()) == 1


def test_the_test_endpoint_checks_and_keeps_nothing(sim, api):
    before = sim.balances()
    r = api("POST", "/api/v1/orders/test", order(size=2))
    assert r["code"] == "200000" and r["data"]["orderId"]
    assert api("POST", "/api/v1/orders/test", order(size="1.5"))["code"] == "400100"
    assert sim.balances() == before and not sim.futures_desk.orders()


def test_batch_answers_per_order(sim, api):
    bid, _ = top(sim)
    good = order(type="limit", price=str(bid - 100))
    r = api("POST", "/api/v1/orders/multi", [good, order(symbol="NOPEUSDTM")])["data"]
    assert [(x["clientOid"], x["code"]) for x in r] == [(good["clientOid"], "200000"), (r[1]["clientOid"], "300000")]
    assert r[0]["orderId"] and r[1]["orderId"] is None
    assert api("POST", "/api/v1/orders/multi", [])["code"] == "400100"


def test_post_only_crossing_and_ioc_remainder_are_cancelled(sim, api):
    bid, ask = top(sim)
    r = api("POST", "/api/v1/orders", order(type="limit", price=str(ask), postOnly=True))["data"]
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["status"], o["dealSize"], o["cancelExist"]) == ("done", 0, True)
    r = api("POST", "/api/v1/orders", order(type="limit", price=str(bid - 50), timeInForce="IOC"))["data"]
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["status"], o["dealSize"], o["cancelExist"]) == ("done", 0, True)
    assert overview(api)["orderMargin"] == 0


def test_lists_cancel_all_and_client_oid_cancel(sim, api):
    bid, _ = top(sim)
    bodies = [order(type="limit", price=str(bid - 100 - i)) for i in range(3)]
    ids = [api("POST", "/api/v1/orders", b)["data"]["orderId"] for b in bodies]
    eth = api("POST", "/api/v1/orders", order("ETHUSDTM", type="limit", price=str(top(sim, "ETHUSDTM")[0] - 50)))
    active = api("GET", "/api/v1/orders?status=active&symbol=XBTUSDTM&pageSize=2")["data"]
    assert (active["totalNum"], active["totalPage"], [o["id"] for o in active["items"]]) == (3, 2, ids[::-1][:2])
    cid = bodies[0]["clientOid"]
    assert api("DELETE", f"/api/v1/orders/client-order/{cid}?symbol=XBTUSDTM")["data"] == {"clientOid": cid}
    assert api("DELETE", "/api/v1/orders?symbol=XBTUSDTM")["data"] == {"cancelledOrderIds": ids[1:]}
    assert api("GET", "/api/v1/orders?status=done&symbol=XBTUSDTM")["data"]["totalNum"] == 3
    assert [o["id"] for o in api("GET", "/api/v1/orders?status=active")["data"]["items"]] == \
        [eth["data"]["orderId"]]
    assert api("DELETE", "/api/v3/orders")["data"] == {"cancelledOrderIds": [eth["data"]["orderId"]]}
    assert overview(api)["orderMargin"] == 0


def test_the_exchange_can_cancel_a_futures_order(sim, api, futures):
    r = api("POST", "/api/v1/orders", order(type="limit", price=str(top(sim)[0] - 100)))["data"]
    answer = futures.request("POST", "/_sim/cancel", json.dumps({"orderId": r["orderId"]}).encode()).json()
    assert (answer["data"]["status"], answer["data"]["cancelExist"]) == ("done", True)
    assert overview(api)["orderMargin"] == 0
    assert futures.request("POST", "/_sim/cancel", b'{"orderId": "1"}').json()["code"] == "400100"


def test_hidden_orders_stay_out_of_the_public_book_and_icebergs_show_their_visible_size(sim, api):
    bid, _ = top(sim)

    def level(price):
        bids = sim.futures.book("XBTUSDTM", None, 0)["bids"]
        return sum(int(s) for p, s in bids if D(p) == price)

    hidden, ice = bid - D("50.1"), bid - D("60.1")
    before = level(hidden), level(ice)
    api("POST", "/api/v1/orders", order(type="limit", price=str(hidden), size=5, hidden=True))
    api("POST", "/api/v1/orders", order(type="limit", price=str(ice), size=10, iceberg=True, visibleSize=2))
    assert (level(hidden), level(ice)) == (before[0], before[1] + 2)
    listed = {o["price"]: o for o in api("GET", "/api/v1/orders?status=active")["data"]["items"]}
    assert (listed[str(hidden)]["hidden"], listed[str(ice)]["iceberg"], listed[str(ice)]["visibleSize"]) == \
        (True, True, 2)
    assert api("POST", "/api/v1/orders", order(type="limit", price=str(ice), iceberg=True))["code"] == "400100"


def test_qty_counts_in_the_base_currency(sim, api):
    body = {k: v for k, v in order(qty="0.003").items() if k != "size"}
    r = api("POST", "/api/v1/orders", body)["data"]
    assert api("GET", f"/api/v1/orders/{r['orderId']}")["data"]["size"] == 3
