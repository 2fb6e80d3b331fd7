"""Trading in the simulator, the less common paths: stop-order triggers, GTT expiry, hidden and iceberg
orders, the classic endpoints, isolated margin, deposit addresses, ledger business types."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest


@pytest.fixture
def api(sim, spot, clock):
    sim.pause()

    def call(method, path, body=None):
        text = json.dumps(body) if body is not None else ""
        return spot.signed(method, path, sim.credentials, body=text, now=clock.ms).json()
    return call


def bal(sim, key):
    return {k: Decimal(v) for k, v in sim.balances()[key].items()}


def top(sim, symbol="BTC-USDT"):
    book = sim.book(symbol)
    return Decimal(book["bids"][0][0]), Decimal(book["asks"][0][0])


def tick(sim, symbol="BTC-USDT"):
    return Decimal(1).scaleb(-sim.universe.by_symbol[symbol].price_dec)


def level(sim, side, price, symbol="BTC-USDT"):
    """Size shown in the public full book at ``price`` (0 when the level is absent)."""
    rows = sim.book(symbol)["bids" if side == "buy" else "asks"]
    return sum((Decimal(s) for p, s in rows if Decimal(p) == price), Decimal(0))


def last(sim, symbol="BTC-USDT"):
    return sim.market.last_price(symbol)


# ---- stop orders ------------------------------------------------------------------------------------
def test_stop_loss_triggers_into_an_hf_order(sim, api):
    _, ask = top(sim)
    stop_price = last(sim) + 50  # "loss" triggers once last <= stopPrice: at the next move of BTC-USDT
    body = {"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": str(ask + 500), "size": "0.01",
            "clientOid": "stop-1", "stop": "loss", "stopPrice": str(stop_price)}
    sid = api("POST", "/api/v1/stop-order", body)["data"]["orderId"]
    btc = bal(sim, "trade_hf:BTC")
    assert btc["holds"] == 0  # nothing held before the trigger (documented simplification)
    so = api("GET", f"/api/v1/stop-order/{sid}")["data"]
    assert (so["status"], so["stop"], so["stopPrice"], so["stopTriggerTime"]) == ("NEW", "loss", str(stop_price),
                                                                                   None)
    assert api("GET", "/api/v1/hf/orders/active?symbol=BTC-USDT")["data"] == []
    sim.step(1)
    so = api("GET", f"/api/v1/stop-order/{sid}")["data"]
    assert so["status"] == "TRIGGERED" and so["stopTriggerTime"] == sim.now_ms()
    assert api("GET", "/api/v1/stop-order?symbol=BTC-USDT")["data"]["items"] == []
    assert api("GET", "/api/v1/stop-order/queryOrderByClientOid?clientOid=stop-1")["data"] == []
    active = api("GET", "/api/v1/hf/orders/active?symbol=BTC-USDT")["data"]
    assert [(o["clientOid"], o["side"], o["price"], o["size"], o["active"]) for o in active] == [
        ("stop-1", "sell", str(ask + 500), "0.01", True)]
    assert bal(sim, "trade_hf:BTC")["holds"] == Decimal("0.01")
    # a triggered stop order can no longer be cancelled as a stop order
    assert api("DELETE", f"/api/v1/stop-order/{sid}") == {"code": "400100",
                                                          "msg": "order_not_exist_or_not_allow_to_cancel"}


def test_stop_entry_waits_and_a_rejected_trigger_fails(sim, api):
    bid, _ = top(sim)
    far = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(bid - 1000), "size": "0.01",
           "clientOid": "entry-far", "stop": "entry", "stopPrice": str(last(sim) * 2)}
    waiting = api("POST", "/api/v1/stop-order", far)["data"]["orderId"]
    broke = {"symbol": "BTC-USDT", "side": "sell", "type": "market", "size": "1000", "clientOid": "too-big",
             "stop": "loss", "stopPrice": str(last(sim) + 50)}  # 1000 BTC: more than the account holds
    failed = api("POST", "/api/v1/stop-order", broke)["data"]["orderId"]
    sim.step(3)
    assert api("GET", f"/api/v1/stop-order/{waiting}")["data"]["status"] == "NEW"
    assert api("GET", f"/api/v1/stop-order/{failed}")["data"]["status"] == "FAILED"
    assert api("GET", "/api/v1/hf/orders/client-order/too-big?symbol=BTC-USDT") == {"code": "400100",
                                                                                    "msg": "order_not_exist"}
    listed = api("GET", "/api/v1/stop-order?symbol=BTC-USDT")["data"]["items"]
    assert [s["id"] for s in listed] == [waiting]
    out = api("DELETE", "/api/v1/stop-order/cancelOrderByClientOid?clientOid=entry-far")["data"]
    assert out == {"cancelledOrderId": waiting, "clientOid": "entry-far"}
    assert api("GET", f"/api/v1/stop-order/{waiting}")["data"]["status"] == "CANCELED"


# ---- GTT ----------------------------------------------------------------------------------------------
def test_gtt_order_expires_after_cancel_after_seconds(sim, api, clock):
    bid, _ = top(sim)
    before = bal(sim, "trade_hf:USDT")
    oid = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                            "price": str(bid - 800), "size": "0.01", "timeInForce": "GTT",
                                            "cancelAfter": 30})["data"]["orderId"]
    assert bal(sim, "trade_hf:USDT")["holds"] - before["holds"] == (bid - 800) * Decimal("0.01")
    clock.advance(29)
    sim.step(1)
    o = api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["timeInForce"], o["cancelAfter"]) == (True, "GTT", 30)
    clock.advance(1)
    sim.step(1)
    assert oid not in {r["id"] for r in sim.orders() if r["status"] == "open"}
    o = api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["inOrderBook"], o["cancelExist"], o["cancelledSize"]) == (False, False, True, "0.01")
    assert bal(sim, "trade_hf:USDT") == before
    assert level(sim, "buy", bid - 800) == 0


# ---- hidden and iceberg ---------------------------------------------------------------------------------
def test_hidden_order_is_not_in_the_public_book_but_matches(sim, api, spot):
    bid, ask = top(sim)
    inside = bid + tick(sim)
    assert inside < ask, "the seed must leave a gap between best bid and best ask"
    hid = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit",
                                            "price": str(inside), "size": "0.02", "hidden": True})["data"]["orderId"]
    o = api("GET", f"/api/v1/hf/orders/{hid}?symbol=BTC-USDT")["data"]
    assert (o["hidden"], o["inOrderBook"], o["active"]) == (True, True, True)
    assert level(sim, "sell", inside) == 0 and top(sim) == (bid, ask)
    l2 = spot.get("/api/v1/market/orderbook/level2_20?symbol=BTC-USDT").json()["data"]
    assert Decimal(l2["asks"][0][0]) == ask
    # a buy at that price takes the hidden order (it is in the book), not the visible ask above it
    t = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                               "price": str(inside), "size": "0.02"})["data"]
    assert (t["status"], t["dealSize"]) == ("done", "0.02")
    maker = api("GET", f"/api/v1/hf/fills?symbol=BTC-USDT&orderId={hid}")["data"]["items"]
    assert [(f["liquidity"], f["price"], f["size"]) for f in maker] == [("maker", str(inside), "0.02")]


def test_post_only_against_a_hidden_order_is_canceled(sim, api):
    bid, ask = top(sim)
    inside = bid + tick(sim)
    api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": str(inside),
                                      "size": "0.02", "hidden": True})
    po = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                "price": str(inside), "size": "0.01", "postOnly": True})["data"]
    assert (po["status"], po["dealSize"], po["canceledSize"]) == ("done", "0", "0.01")


def test_iceberg_shows_visible_size_and_fills_beyond_it(sim, api):
    bid, ask = top(sim)
    price = ask + tick(sim)
    assert level(sim, "sell", price) == 0, "the seed's ask levels are more than one tick apart"
    ice = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit",
                                            "price": str(price), "size": "1", "iceberg": True,
                                            "visibleSize": "0.1"})["data"]["orderId"]
    o = api("GET", f"/api/v1/hf/orders/{ice}?symbol=BTC-USDT")["data"]
    assert (o["iceberg"], o["visibleSize"], o["size"]) == (True, "0.1", "1")
    assert level(sim, "sell", price) == Decimal("0.1")
    assert bal(sim, "trade_hf:BTC")["holds"] == Decimal("1")  # the whole size is held, not the visible part
    sim.fill(ice, "0.95")
    assert level(sim, "sell", price) == Decimal("0.05")
    sim.deposit("USDT", "100000", "trade_hf")
    size_ask = level(sim, "sell", ask)
    t = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                               "price": str(price), "size": str(size_ask + Decimal("0.05"))})
    assert t["data"]["status"] == "done", t
    o = api("GET", f"/api/v1/hf/orders/{ice}?symbol=BTC-USDT")["data"]
    assert (o["active"], o["dealSize"], o["cancelExist"]) == (False, "1", False)
    assert level(sim, "sell", price) == 0


def test_taker_takes_the_hidden_part_of_an_iceberg(sim, api):
    _, ask = top(sim)
    price = ask + tick(sim)
    ice = api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "sell", "type": "limit",
                                            "price": str(price), "size": "0.5", "iceberg": True,
                                            "visibleSize": "0.1"})["data"]["orderId"]
    sim.deposit("USDT", "100000", "trade_hf")
    want = level(sim, "sell", ask) + Decimal("0.3")  # 0.3 > the 0.1 shown
    t = api("POST", "/api/v1/hf/orders/sync", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                               "price": str(price), "size": str(want)})["data"]
    assert t["status"] == "done"
    o = api("GET", f"/api/v1/hf/orders/{ice}?symbol=BTC-USDT")["data"]
    assert (o["dealSize"], o["remainSize"], o["active"]) == ("0.3", "0.2", True)
    assert level(sim, "sell", price) == Decimal("0.1")


# ---- classic endpoints --------------------------------------------------------------------------------
def test_classic_place_get_list_cancel(sim, api):
    bid, _ = top(sim)
    trade, hf = bal(sim, "trade:USDT"), bal(sim, "trade_hf:USDT")
    price = bid - 700
    oid = api("POST", "/api/v1/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(price),
                                         "size": "0.01", "clientOid": "classic-1"})["data"]["orderId"]
    assert bal(sim, "trade:USDT")["holds"] - trade["holds"] == price * Decimal("0.01")
    assert bal(sim, "trade_hf:USDT") == hf  # classic orders spend the trade account
    o = api("GET", f"/api/v1/orders/{oid}")["data"]
    assert (o["isActive"], o["cancelExist"], o["clientOid"], o["funds"], o["tradeType"]) == (
        True, False, "classic-1", "0", "TRADE")
    # orders placed one way do not show in the other's queries
    assert api("GET", f"/api/v1/hf/orders/{oid}?symbol=BTC-USDT") == {"code": "400100", "msg": "order_not_exist"}
    assert api("GET", "/api/v1/hf/orders/active?symbol=BTC-USDT")["data"] == []
    listed = api("GET", "/api/v1/orders?status=active&symbol=BTC-USDT")["data"]
    assert [i["id"] for i in listed["items"]] == [oid] and listed["totalNum"] == 1
    assert api("DELETE", f"/api/v1/orders/{oid}")["data"] == {"cancelledOrderIds": [oid]}
    o = api("GET", f"/api/v1/orders/{oid}")["data"]
    assert (o["isActive"], o["cancelExist"]) == (False, True)
    assert bal(sim, "trade:USDT") == trade
    assert api("DELETE", f"/api/v1/orders/{oid}") == {"code": "400100",
                                                      "msg": "order_not_exist_or_not_allow_to_cancel"}
    done = api("GET", "/api/v1/orders?status=done&symbol=BTC-USDT")["data"]["items"]
    assert [i["id"] for i in done] == [oid]


def test_classic_cancel_all_and_fills(sim, api):
    bid, _ = top(sim)
    ids = [api("POST", "/api/v1/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                          "price": str(bid - 700 - i), "size": "0.01"})["data"]["orderId"]
           for i in range(2)]
    assert sorted(api("DELETE", "/api/v1/orders?symbol=BTC-USDT")["data"]["cancelledOrderIds"]) == sorted(ids)
    usdt, btc = bal(sim, "trade:USDT"), bal(sim, "trade:BTC")
    m = api("POST", "/api/v1/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "100"})
    oid = m["data"]["orderId"]
    o = api("GET", f"/api/v1/orders/{oid}")["data"]
    assert (o["isActive"], o["funds"], o["type"]) == (False, "100", "market")
    fills = api("GET", f"/api/v1/fills?orderId={oid}")["data"]["items"]
    assert fills and all(f["orderId"] == oid and f["liquidity"] == "taker" and f["feeCurrency"] == "USDT"
                         and isinstance(f["tradeId"], str) for f in fills)
    funds = sum(Decimal(f["funds"]) for f in fills)
    fee = sum(Decimal(f["fee"]) for f in fills)
    assert funds <= Decimal("100") and fee == funds * Decimal("0.001")
    assert bal(sim, "trade:USDT")["balance"] == usdt["balance"] - funds - fee
    assert bal(sim, "trade:BTC")["balance"] == btc["balance"] + sum(Decimal(f["size"]) for f in fills)
    assert api("GET", "/api/v1/hf/fills?symbol=BTC-USDT")["data"]["items"] == []
    ledger = api("GET", "/api/v1/accounts/ledgers?currency=BTC&bizType=TRADE_EXCHANGE")["data"]["items"]
    assert {(e["accountType"], e["direction"]) for e in ledger} == {("TRADE", "in")}
    assert json.loads(ledger[0]["context"])["orderId"] == oid


# ---- isolated margin ----------------------------------------------------------------------------------
def _iso(api, symbol="BTC-USDT"):
    assets = api("GET", f"/api/v3/isolated/accounts?symbol={symbol}")["data"]["assets"]
    return {a["symbol"]: a for a in assets}


def test_isolated_margin_borrow_repay_and_accounts(sim, api):
    r = api("POST", "/api/v3/accounts/universal-transfer", {
        "type": "INTERNAL", "currency": "USDT", "amount": "300", "fromAccountType": "TRADE",
        "toAccountType": "ISOLATED", "toAccountTag": "BTC-USDT"})
    assert r["code"] == "200000", r
    b = api("POST", "/api/v3/margin/borrow", {"currency": "USDT", "size": "200", "isIsolated": True,
                                              "symbol": "BTC-USDT"})["data"]
    assert b["actualSize"] == "200"
    quote = _iso(api)["BTC-USDT"]["quoteAsset"]
    assert (quote["currency"], quote["total"], quote["liabilityPrincipal"]) == ("USDT", "500", "200")
    assert _iso(api)["BTC-USDT"]["baseAsset"]["liability"] == "0"
    cross = api("GET", "/api/v3/margin/accounts")["data"]["accounts"]
    assert all(a["liabilityPrincipal"] == "0" for a in cross)
    # the isolated history lists it; the cross history does not
    iso_hist = api("GET", "/api/v3/margin/borrow?isIsolated=true&symbol=BTC-USDT")["data"]["items"]
    assert [(h["symbol"], h["size"]) for h in iso_hist] == [("BTC-USDT", "200")]
    assert api("GET", "/api/v3/margin/borrow")["data"]["items"] == []
    rp = api("POST", "/api/v3/margin/repay", {"currency": "USDT", "size": "50", "isIsolated": True,
                                              "symbol": "BTC-USDT"})["data"]
    interest = (Decimal("200") * Decimal("0.000296") / 24).quantize(Decimal("0.00000001"), "ROUND_UP")
    assert rp["actualSize"] == "50"
    quote = _iso(api)["BTC-USDT"]["quoteAsset"]
    assert Decimal(quote["liabilityPrincipal"]) == Decimal("150") + interest
    assert Decimal(quote["total"]) == Decimal("450")
    hist = api("GET", "/api/v3/margin/repay?isIsolated=true&symbol=BTC-USDT")["data"]["items"]
    assert (Decimal(hist[0]["interest"]), Decimal(hist[0]["principal"])) == (interest, 50 - interest)
    # a currency outside the pair cannot be borrowed in its isolated account
    bad = api("POST", "/api/v3/margin/borrow", {"currency": "ETH", "size": "1", "isIsolated": True,
                                                "symbol": "BTC-USDT"})
    assert bad["code"] == "400100"


def test_isolated_margin_order_auto_borrows_and_books_isolated_exchange(sim, api):
    sim.deposit("USDT", "100", "isolated:BTC-USDT")
    sim.deposit("USDT", "1000", "margin")
    o = api("POST", "/api/v3/hf/margin/order", {"symbol": "BTC-USDT", "side": "buy", "type": "market",
                                                "funds": "150", "isIsolated": True, "autoBorrow": True})["data"]
    assert Decimal(o["borrowSize"]) == Decimal("50") and o["loanApplyId"]
    got = api("GET", f"/api/v3/hf/margin/orders/{o['orderId']}?symbol=BTC-USDT")["data"]
    assert (got["tradeType"], got["active"]) == ("MARGIN_ISOLATED_TRADE", False)
    assert api("GET", f"/api/v1/hf/orders/{o['orderId']}?symbol=BTC-USDT")["code"] == "400100"
    quote = _iso(api)["BTC-USDT"]["quoteAsset"]
    assert Decimal(quote["liabilityPrincipal"]) == Decimal("50")
    fills = api("GET", "/api/v3/hf/margin/fills?symbol=BTC-USDT&tradeType=MARGIN_ISOLATED_TRADE")["data"]["items"]
    assert fills and {f["tradeType"] for f in fills} == {"MARGIN_ISOLATED_TRADE"}
    entries = [e for e in sim.accounts.ledger if e.acc_type == "isolated:BTC-USDT"]
    assert {e.biz for e in entries} == {"DEPOSIT", "MARGIN_BORROW", "ISOLATED_EXCHANGE"}
    # cross margin fills are MARGIN_EXCHANGE in the Spot/Margin ledger (accountType MARGIN)
    api("POST", "/api/v3/hf/margin/order", {"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "10"})
    rows = api("GET", "/api/v1/accounts/ledgers?bizType=MARGIN_EXCHANGE")["data"]["items"]
    assert rows and {(r["accountType"], r["bizType"]) for r in rows} == {("MARGIN", "MARGIN_EXCHANGE")}


# ---- deposit addresses ------------------------------------------------------------------------------
def test_deposit_addresses_per_chain(sim, api):
    chains = [c.chain_id for c in sim.universe.by_currency["USDT"].chains]
    assert len(chains) >= 2
    assert api("GET", "/api/v3/deposit-addresses?currency=USDT")["data"] == []
    first = api("POST", "/api/v3/deposit-address/create", {"currency": "USDT", "chain": chains[0]})["data"]
    assert (first["currency"], first["chainId"], first["to"]) == ("USDT", chains[0], "MAIN")
    assert api("POST", "/api/v3/deposit-address/create", {"currency": "USDT", "chain": chains[0]}) == {
        "code": "260000", "msg": "Deposit address already exists"}
    second = api("POST", "/api/v3/deposit-address/create", {"currency": "USDT", "chain": chains[1],
                                                             "to": "trade"})["data"]
    assert second["chainId"] == chains[1] and second["to"] == "TRADE" and second["address"] != first["address"]
    listed = api("GET", "/api/v3/deposit-addresses?currency=USDT")["data"]
    assert [(a["chainId"], a["address"]) for a in listed] == [(chains[0], first["address"]),
                                                              (chains[1], second["address"])]
    one = api("GET", f"/api/v3/deposit-addresses?currency=USDT&chain={chains[1]}")["data"]
    assert [a["address"] for a in one] == [second["address"]]
    for a in listed:
        if a["chainId"] in ("eth", "kcc", "bsc", "arbitrum", "optimism", "avaxc"):
            assert a["address"].startswith("0x") and len(a["address"]) == 42
    assert api("POST", "/api/v3/deposit-address/create", {"currency": "NOPE"})["code"] == "400100"
    assert api("POST", "/api/v3/deposit-address/create", {"currency": "USDT", "chain": "nochain"})["code"] == "400100"


@pytest.mark.parametrize("path", ["/api/v1/hf/orders/done?symbol=BTC-USDT&startAt=x", "/api/v1/hf/orders/done?"
                                  "symbol=BTC-USDT&lastId=y", "/api/v1/hf/fills?symbol=BTC-USDT&endAt=z",
                                  "/api/v1/hf/fills?symbol=BTC-USDT&lastId=q", "/api/v1/stop-order?startAt=x",
                                  "/api/v1/accounts/ledgers?endAt=x", "/api/v1/accounts/ledgers?currentPage=p",
                                  "/api/v1/accounts/ledgers?pageSize=s", "/api/v1/hf/accounts/ledgers?lastId=x",
                                  "/api/v1/hf/accounts/ledgers?limit=l", "/api/v1/deposits?startAt=x",
                                  "/api/v1/withdrawals?endAt=x"])
def test_a_malformed_time_or_count_is_a_parameter_error_not_a_gateway_error(api, path):
    assert api("GET", path)["code"] == "400100"
