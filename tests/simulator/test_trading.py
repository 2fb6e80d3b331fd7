"""Trading in the simulator over raw HTTP: matching, holds, fees, rejections, admin, paging, margin."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator


@pytest.fixture
def api(sim, spot, clock):
    sim.pause()

    def call(method, path, body=None):
        text = json.dumps(body) if body is not None else ""
        return spot.signed(method, path, sim.credentials, body=text, now=clock.ms).json()
    return call


def admin(spot, method, path, body=None):
    return spot.request(method, path, json.dumps(body).encode() if body is not None else b"").json()


def bal(sim, key):
    return {k: Decimal(v) for k, v in sim.balances()[key].items()}


def top(sim, symbol="BTC-USDT"):
    book = sim.book(symbol)
    return Decimal(book["bids"][0][0]), Decimal(book["asks"][0][0])


def test_limit_buy_rests_holds_exactly_and_cancel_releases(sim, api):
    bid, ask = top(sim)
    price = bid - Decimal("100")
    before = bal(sim, "trade_hf:USDT")
    r = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                          "price": str(price), "size": "0.01", "clientOid": "a-1"})
    oid = r["data"]["orderId"]
    assert r["data"]["clientOid"] == "a-1" and len(oid) == 24
    after = bal(sim, "trade_hf:USDT")
    assert after["holds"] - before["holds"] == price * Decimal("0.01")
    assert after["balance"] == before["balance"]
    o = api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["inOrderBook"], o["dealSize"], o["remainSize"]) == (True, True, "0", "0.01")
    assert [str(price), "0.01"] in [[p, s] for p, s in sim.book("BTC-USDT")["bids"]] or any(
        Decimal(p) == price for p, _ in sim.book("BTC-USDT")["bids"])
    assert api("DELETE", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"] == {"orderId": oid}
    assert bal(sim, "trade_hf:USDT") == before
    o = api("GET", "/api/v1/hf/orders/client-order/a-1?symbol=BTC-USDT")["data"]
    assert (o["active"], o["cancelExist"], o["cancelledSize"]) == (False, True, "0.01")
    again = api("DELETE", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")
    assert again == {"code": "400100", "msg": "order_not_exist_or_not_allow_to_cancel"}
    assert api("GET", "/api/v1/hf/orders/" + "0" * 24 + "?symbol=BTC-USDT") == {"code": "400100",
                                                                                  "msg": "order_not_exist"}


def test_crossing_buy_takes_book_prices_and_pays_taker_fee_in_quote(sim, api):
    book = sim.book("ETH-USDT")
    p0, s0 = Decimal(book["asks"][0][0]), Decimal(book["asks"][0][1])
    size = min(s0, Decimal("0.5")).quantize(Decimal("0.0000001"))
    usdt, eth = bal(sim, "trade_hf:USDT"), bal(sim, "trade_hf:ETH")
    r = api("POST", "/api/v1/hf/orders/sync", {"symbol": "ETH-USDT", "side": "buy", "type": "limit",
                                               "price": str(p0 + 5), "size": str(size), "clientOid": "x1"})["data"]
    assert (r["status"], Decimal(r["dealSize"])) == ("done", size)
    fills = api("GET", f"/api/v1/hf/fills?symbol=ETH-USDT&orderId={r['orderId']}")["data"]["items"]
    assert [(f["price"], f["liquidity"], f["feeCurrency"]) for f in fills] == [(str(p0), "taker", "USDT")]
    funds = p0 * size
    assert Decimal(fills[0]["fee"]) == funds * Decimal("0.001")
    assert bal(sim, "trade_hf:USDT")["balance"] == usdt["balance"] - funds - funds * Decimal("0.001")
    assert bal(sim, "trade_hf:USDT")["holds"] == usdt["holds"]
    assert bal(sim, "trade_hf:ETH")["balance"] == eth["balance"] + size


def test_price_time_priority_and_partial_fills(sim, api):
    bid, ask = top(sim)
    price = str(ask)
    a = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": price,
                                          "size": "0.2"})["data"]["orderId"]
    b = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": price,
                                          "size": "0.2"})["data"]["orderId"]
    sim.fill(a, "0.05")
    oa = api("GET", f"/api/v1/hf/orders/{a}?symbol=BTC-USDT")["data"]
    assert (oa["dealSize"], oa["remainSize"], oa["active"]) == ("0.05", "0.15", True)
    # a taker that sweeps: the book's own asks below our price go first, then a (earlier), then b
    sim.deposit("USDT", "1000000", "trade_hf")
    level = [Decimal(s) for p, s in sim.book("BTC-USDT")["asks"] if Decimal(p) == Decimal(price)][0]
    ahead = level - Decimal("0.35")  # the simulated liquidity at that price, ahead of a (0.15 left) and b
    t = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                               "price": price, "size": str(ahead + Decimal("0.2"))})
    assert t["code"] == "200000", (t, ahead)
    t = t["data"]
    assert t["status"] == "done"
    oa = api("GET", f"/api/v1/hf/orders/{a}?symbol=BTC-USDT")["data"]
    ob = api("GET", f"/api/v1/hf/orders/{b}?symbol=BTC-USDT")["data"]
    assert (oa["dealSize"], oa["active"]) == ("0.2", False)
    assert (ob["dealSize"], ob["active"]) == ("0.05", True)
    maker = api("GET", f"/api/v1/hf/fills?symbol=BTC-USDT&orderId={b}")["data"]["items"]
    assert [(f["liquidity"], f["size"], f["price"]) for f in maker] == [("maker", "0.05", str(Decimal(price)))]


def test_ioc_fok_postonly_and_market_by_funds(sim, api):
    bid, ask = top(sim)
    ioc = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                 "price": str(bid - 50), "size": "0.01", "timeInForce": "IOC"})
    assert (ioc["data"]["status"], ioc["data"]["canceledSize"]) == ("done", "0.01")
    fok = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                 "price": str(ask), "size": "5000", "timeInForce": "FOK"})
    assert fok["code"] == "200004"  # 5000 BTC at ask costs more than the funded USDT
    fok = api("POST", "/api/v1/hf/orders/sync", {"symbol": "ETH-BTC", "side": "sell", "type": "limit",
                                                 "price": str(top(sim, "ETH-BTC")[0]), "size": "99",
                                                 "timeInForce": "FOK"})["data"]
    assert (fok["status"], fok["dealSize"], fok["canceledSize"]) == ("done", "0", "99")
    po = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(ask),
                                           "size": "0.01", "postOnly": True})["data"]["orderId"]
    o = api("GET", f"/api/v1/hf/orders/{po}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["cancelExist"], o["dealSize"]) == (False, True, "0")
    usdt = bal(sim, "trade_hf:USDT")
    m = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "market",
                                          "funds": "1000"})["data"]["orderId"]
    o = api("GET", f"/api/v1/hf/orders/{m}?symbol=BTC-USDT")["data"]
    assert o["active"] is False and Decimal("999") < Decimal(o["dealFunds"]) <= Decimal("1000")
    after = bal(sim, "trade_hf:USDT")
    assert after["holds"] == usdt["holds"]
    assert after["balance"] == usdt["balance"] - Decimal(o["dealFunds"]) - Decimal(o["fee"])


@pytest.mark.parametrize("body,code,msg", [
    ({"symbol": "NOPE-USDT", "price": "1", "size": "1"}, "400100", "Unsupported trading pair."),
    ({"symbol": "XMR-USDT", "price": "160", "size": "1"}, "400600", "Trading of this symbol is suspended"),
    ({"symbol": "BTC-USDT", "price": "60000.05", "size": "0.01"}, "400100", "Price increment invalid."),
    ({"symbol": "BTC-USDT", "price": "60000", "size": "0.000000001"}, "400100", "The amount increment is invalid."),
    ({"symbol": "BTC-USDT", "price": "60000", "size": "0.000001"}, "400100",
     "Order size below the minimum requirement."),
    ({"symbol": "DOGE-USDT", "price": "0.01", "size": "1"}, "400100", "Order funds below the minimum requirement."),
    ({"symbol": "BTC-USDT", "price": "99000", "size": "0.01"}, "400700", "Price out of range"),
    ({"symbol": "BTC-USDT", "price": "60000", "size": "100"}, "200004", "Balance insufficient!"),
])
def test_rejections(api, body, code, msg):
    body = {"side": "buy", "type": "limit", **body}
    assert api("POST", "/api/v1/hf/orders", body) == {"code": code, "msg": msg}


def test_duplicate_client_oid_and_test_endpoint(sim, api):
    bid, _ = top(sim)
    body = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(bid - 200), "size": "0.01",
            "clientOid": "dup"}
    t = api("POST", "/api/v1/hf/orders/test", body)["data"]
    assert t["clientOid"] == "dup" and sim.orders() == []
    assert api("POST", "/api/v1/hf/orders", body)["code"] == "200000"
    assert api("POST", "/api/v1/hf/orders", body) == {"code": "400100", "msg": "The clientOid already exists"}


def test_admin_surface_and_market_fills_resting_orders(sim, spot, api):
    dep = admin(spot, "POST", "/_sim/deposit", {"currency": "USDT", "amount": "100", "type": "main"})
    assert dep["data"]["status"] == "SUCCESS"
    assert admin(spot, "GET", "/_sim/balances")["data"]["main:USDT"] == {"balance": "50100", "available": "50100",
                                                                        "holds": "0"}
    assert api("GET", "/api/v1/deposits?currency=USDT")["data"]["items"][0]["amount"] == "100"
    bid, ask = top(sim)
    oid = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit",
                                            "price": str(ask + 10), "size": "0.1"})["data"]["orderId"]
    rows = admin(spot, "GET", "/_sim/orders")["data"]
    assert [(r["id"], r["status"], r["size"]) for r in rows] == [(oid, "open", "0.1")]
    assert set(rows[0]) == {"id", "clientOid", "symbol", "side", "type", "price", "size", "dealSize", "dealFunds",
                            "status", "cancelExist", "apiKey"}
    admin(spot, "POST", "/_sim/fill", {"orderId": oid, "size": "0.04"})
    assert api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]["dealSize"] == "0.04"
    assert admin(spot, "POST", "/_sim/cancel", {"orderId": oid})["data"]["cancelExist"] is True
    assert admin(spot, "POST", "/_sim/fill", {"orderId": oid})["code"] == "400100"
    # a resting buy at the current best ask's price fills once the market trades through it
    bid, ask = top(sim)
    oid = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                            "price": str(bid + Decimal("0.1")), "size": "0.01"})["data"]["orderId"]
    for _ in range(200):
        sim.step(1)
        if not api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]["active"]:
            break
    o = api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["dealSize"], o["cancelExist"]) == (False, "0.01", False)


def test_done_and_fills_cursor_paging(sim, api):
    bid, _ = top(sim)
    ids = []
    for i in range(5):
        ids.append(api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                     "price": str(bid - 300 - i), "size": "0.01"})["data"]["orderId"])
    assert api("DELETE", "/api/v1/hf/orders?symbol=BTC-USDT")["data"] == "success"
    page1 = api("GET", "/api/v1/hf/orders/done?symbol=BTC-USDT&limit=2")["data"]
    page2 = api("GET", f"/api/v1/hf/orders/done?symbol=BTC-USDT&limit=2&lastId={page1['lastId']}")["data"]
    page3 = api("GET", f"/api/v1/hf/orders/done?symbol=BTC-USDT&limit=2&lastId={page2['lastId']}")["data"]
    seen = [o["id"] for p in (page1, page2, page3) for o in p["items"]]
    assert seen == list(reversed(ids))
    assert api("GET", "/api/v1/hf/orders/active?symbol=BTC-USDT")["data"] == []


def test_margin_borrow_repay_and_auto_borrow(sim, api):
    r = api("POST", "/api/v3/accounts/universal-transfer", {"type": "INTERNAL", "currency": "USDT", "amount": "1000",
                                                            "fromAccountType": "TRADE", "toAccountType": "MARGIN"})
    assert r["code"] == "200000"
    b = api("POST", "/api/v3/margin/borrow", {"currency": "USDT", "size": "500"})["data"]
    assert b["actualSize"] == "500"
    acc = api("GET", "/api/v3/margin/accounts")["data"]["accounts"]
    usdt = [a for a in acc if a["currency"] == "USDT"][0]
    assert (usdt["total"], usdt["liabilityPrincipal"]) == ("1500", "500")
    rp = api("POST", "/api/v3/margin/repay", {"currency": "USDT", "size": "600"})["data"]
    interest = Decimal("500") * Decimal("0.000296") / 24
    assert Decimal(rp["actualSize"]) == Decimal("500") + interest.quantize(Decimal("0.00000001"), "ROUND_UP")
    hist = api("GET", "/api/v3/margin/repay?currency=USDT")["data"]["items"]
    assert hist[0]["principal"] == "500"
    bid, ask = top(sim)
    o = api("POST", "/api/v3/hf/margin/order", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                "price": str(bid - 100), "size": "0.1", "autoBorrow": True})["data"]
    assert Decimal(o["borrowSize"]) > 0
    got = api("GET", f"/api/v3/hf/margin/orders/{o['orderId']}?symbol=BTC-USDT")["data"]
    assert got["tradeType"] == "MARGIN_TRADE" and got["active"] is True


def test_withdrawal_lifecycle(sim, api):
    w = api("POST", "/api/v3/withdrawals", {"currency": "USDT", "toAddress": "T" * 34, "amount": "100",
                                            "withdrawType": "ADDRESS", "chain": "trx"})["data"]["withdrawalId"]
    main = bal(sim, "main:USDT")
    assert main["holds"] > Decimal("100")
    assert api("GET", "/api/v1/withdrawals")["data"]["items"][0]["status"] == "PROCESSING"
    sim.step(1)
    assert api("GET", "/api/v1/withdrawals")["data"]["items"][0]["status"] == "SUCCESS"
    assert bal(sim, "main:USDT")["holds"] == 0 and bal(sim, "main:USDT")["balance"] == main["balance"] - main["holds"]
    assert api("DELETE", f"/api/v1/withdrawals/{w}")["code"] != "200000"


def test_same_seed_same_outcome(make_sim, clock):
    outcomes = []
    for _ in range(2):
        s = make_sim(seed=3, clock=clock)
        bid = Decimal(s.book("BTC-USDT")["bids"][0][0])
        s.engine.place(__import__("kucoin_conformance.simulator.validation", fromlist=["x"]).parse_order(
            s.universe, {"symbol": "BTC-USDT", "side": "buy", "price": str(bid), "size": "0.5"}, None), clock.ms())
        s.step(50)
        outcomes.append((s.orders()[0]["dealSize"], s.balances(), s.book("BTC-USDT")))
    assert outcomes[0] == outcomes[1]
