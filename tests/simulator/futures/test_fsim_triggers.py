"""Stop orders on their price type, TP/SL pairs, isolated liquidation, and the Futures rate-limit pool."""
from __future__ import annotations

import pathlib
import re
from decimal import Decimal

import pytest
from fsimhelpers import api_for, order, top

M = Decimal("0.001")


def D(x) -> Decimal:  # noqa: N802 - short
    return Decimal(str(x))


def stop_ids(api):
    return [o["id"] for o in api("GET", "/api/v1/stopOrders")["data"]["items"]]


def test_an_untriggered_stop_holds_nothing_and_lives_in_the_stop_list(sim, api):
    bid, _ = top(sim)
    body = order(stop="down", stopPrice=str(bid - 2000), stopPriceType="MP")
    r = api("POST", "/api/v1/orders", body)["data"]
    assert stop_ids(api) == [r["orderId"]]
    assert api("GET", "/api/v1/orders?status=active")["data"]["items"] == []
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["stop"], o["stopPriceType"], D(o["stopPrice"]), o["stopTriggered"]) == ("down", "MP", bid - 2000,
                                                                                      False)
    assert api("GET", "/api/v1/account-overview?currency=USDT")["data"]["orderMargin"] == 0
    assert api("DELETE", "/api/v1/stopOrders?symbol=XBTUSDTM")["data"] == {"cancelledOrderIds": [r["orderId"]]}
    assert stop_ids(api) == []
    o = api("GET", f"/api/v1/orders/byClientOid?clientOid={body['clientOid']}")["data"]
    assert (o["id"], o["status"], o["cancelExist"], o["stopTriggered"]) == (r["orderId"], "done", True, False)
    assert api("POST", "/api/v1/orders", body)["code"] == "300018"


@pytest.mark.parametrize("kind", ["TP", "MP", "IP"])
def test_stops_trigger_on_their_own_price_type(sim, api, kind):
    desk = sim.futures_desk
    level = desk.trigger_price("XBTUSDTM", kind).quantize(Decimal("0.1"))  # the contract's tick
    bid, ask = top(sim)
    # resting limits far from the market, so a triggered order does not move the prices it is judged on
    up = api("POST", "/api/v1/orders", order(side="buy", type="limit", price=str(bid - 3000), stop="up",
                                             stopPrice=str(level), stopPriceType=kind))["data"]["orderId"]
    down = api("POST", "/api/v1/orders", order(side="sell", type="limit", price=str(ask + 3000), stop="down",
                                               stopPrice=str(level), stopPriceType=kind))["data"]["orderId"]
    for _ in range(3):
        sim.step(1)
        after = desk.trigger_price("XBTUSDTM", kind)
        if after != level:
            break
    triggered = {oid: api("GET", f"/api/v1/orders/{oid}")["data"]["stopTriggered"] for oid in (up, down)}
    assert triggered == {up: after >= level, down: after <= level}
    for oid in (up, down):
        o = api("GET", f"/api/v1/orders/{oid}")["data"]
        assert (oid in stop_ids(api)) is not o["stopTriggered"]
        if o["stopTriggered"]:
            assert (o["status"], o["isActive"]) == ("open", True)  # now resting in the book


def test_a_down_stop_above_the_price_triggers_at_the_next_move_and_fills(sim, api):
    _, ask = top(sim)
    r = api("POST", "/api/v1/orders", order(side="sell", size=2, stop="down", stopPrice=str(ask + 1000),
                                            stopPriceType="TP"))["data"]
    sim.step(1)
    o = api("GET", f"/api/v1/orders/{r['orderId']}")["data"]
    assert (o["stopTriggered"], o["status"], o["dealSize"]) == (True, "done", 2)
    assert api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["currentQty"] == -2


def test_tp_sl_pair_places_the_order_and_one_leg_cancels_the_other(sim, api):
    bid, ask = top(sim)
    body = order(size=3, triggerStopUpPrice=str(ask - 1000), triggerStopDownPrice=str(bid - 1000),
                 stopPriceType="TP")
    r = api("POST", "/api/v1/st-orders", body)
    assert r["data"]["clientOid"] == body["clientOid"]
    assert api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["currentQty"] == 3
    legs = api("GET", "/api/v1/stopOrders")["data"]["items"]
    assert sorted((o["stop"], o["side"], o["closeOrder"]) for o in legs) == [("down", "sell", True),
                                                                            ("up", "sell", True)]
    sim.step(1)  # the take-profit leg (up, below the price) triggers and closes the position
    assert api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["currentQty"] == 0
    assert stop_ids(api) == []
    done = {o["stop"]: o for o in api("GET", "/api/v1/orders?status=done")["data"]["items"] if o["stop"]}
    assert (done["up"]["stopTriggered"], done["down"]["stopTriggered"], done["down"]["cancelExist"]) == \
        (True, False, True)
    bad = order(triggerStopUpPrice="1.05")
    assert api("POST", "/api/v1/st-orders", bad)["code"] == "400100"
    assert not sim.futures_desk.by_client_oid(bad["clientOid"])


def test_an_isolated_position_is_liquidated_when_its_margin_runs_out(sim, api):
    _, ask = top(sim)
    api("POST", "/api/v1/orders", order(size=10, leverage=50))
    p = api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]
    margin, liq = D(p["posMargin"]), D(p["liquidationPrice"])
    balance = D(api("GET", "/api/v1/account-overview?currency=USDT")["data"]["marginBalance"])
    desk = sim.futures_desk
    assert desk.liquidate_if_due("XBTUSDTM", liq + 1, sim.now_ms()) is False
    assert desk.liquidate_if_due("XBTUSDTM", liq, sim.now_ms()) is True
    p = api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]
    assert (p["isOpen"], p["posMargin"]) == (False, 0)
    ov = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert D(ov["marginBalance"]) == balance - margin and ov["positionMargin"] == 0
    h = api("GET", "/api/v1/history-positions")["data"]["items"][0]
    assert (h["type"], h["liquidAmount"], D(h["liquidPrice"])) == ("LIQUID_LONG", "10", liq)


def test_cross_positions_share_the_account_and_are_liquidated_together(sim, api):
    api("POST", "/api/v3/transfer-out", {"currency": "USDT", "amount": "99950", "recAccountType": "MAIN"})
    for symbol in ("XBTUSDTM", "ETHUSDTM"):
        api("POST", "/api/v2/position/changeMarginMode", {"symbol": symbol, "marginMode": "CROSS"})
        api("POST", "/api/v2/changeCrossUserLeverage", {"symbol": symbol, "leverage": "50"})
    _, ask = top(sim)
    assert api("POST", "/api/v1/orders", order(size=20))["code"] == "200000"
    assert api("POST", "/api/v1/orders", order("ETHUSDTM", side="sell", size=5))["code"] == "200000"
    desk = sim.futures_desk
    ov = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    balance = D(ov["marginBalance"])
    xbt_mark, eth_mark = sim.futures.mark_price("XBTUSDTM"), sim.futures.mark_price("ETHUSDTM")
    upnl = desk.positions["XBTUSDTM"].pnl(xbt_mark) + desk.positions["ETHUSDTM"].pnl(eth_mark)
    margins = D(ov["positionMargin"])
    assert D(ov["availableBalance"]) == balance - margins + min(upnl, Decimal(0))
    # the XBT long's liquidation price counts on everything the cross equity holds
    liq = D(api("GET", "/api/v1/position?symbol=XBTUSDTM")["data"]["liquidationPrice"])
    assert liq < ask - (balance - margins) / (20 * M)
    assert desk.liquidate_if_due("XBTUSDTM", liq + 1, sim.now_ms()) is False
    assert desk.liquidate_if_due("XBTUSDTM", liq - 1, sim.now_ms()) is True
    assert api("GET", "/api/v1/positions")["data"] == []
    kinds = sorted((h["symbol"], h["type"]) for h in api("GET", "/api/v1/history-positions")["data"]["items"])
    assert kinds == [("ETHUSDTM", "LIQUID_SHORT"), ("XBTUSDTM", "LIQUID_LONG")]
    ov = api("GET", "/api/v1/account-overview?currency=USDT")["data"]
    assert D(ov["marginBalance"]) >= 0 and ov["positionMargin"] == 0


def test_futures_endpoints_charge_the_futures_pool(make_sim, make_client, clock):
    sim = make_sim(seed=7, clock=clock, quotas={"Futures": 7})
    api = api_for(sim, make_client(sim.futures_url), clock)
    client = make_client(sim.futures_url)
    resp = client.signed("GET", "/api/v1/position?symbol=XBTUSDTM", sim.credentials, now=clock.ms)
    assert (resp.status, resp.headers["gw-ratelimit-limit"], resp.headers["gw-ratelimit-remaining"]) == \
        (200, "7", "5")
    assert api("POST", "/api/v1/orders", order())["code"] == "200000"  # weight 2
    assert api("GET", "/api/v1/orders/byClientOid?clientOid=x")["code"] == "429000"  # weight 5 > 3 left
    assert api("GET", "/api/v1/account-overview?currency=USDT")["code"] == "429000"
    assert api("POST", "/api/v1/orders/test", order())["code"] == "200000"  # weight 2: fits
    spot = make_client(sim.spot_url).signed("GET", "/api/v1/hf/orders/active?symbol=BTC-USDT", sim.credentials,
                                            now=clock.ms)
    assert spot.status == 200


def test_every_futures_route_has_the_pool_and_weight_of_the_spec(sim):
    tsv = pathlib.Path(__file__).resolve().parents[3] / "reference/kucoin-endpoints.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    spec = {}
    for line in lines[1:]:
        row = dict(zip(head, line.split("\t")))
        if row["domain"] == "Futures":
            key = (row["method"], re.sub(r"\{[^}]*\}", "{}", row["path"]))
            spec[key] = (row["rate_limit_pool"], row["weight"])
    no_weight = {("GET", "/api/v1/recentFills")}  # the spec gives none; the simulator charges 3
    for r in sim.futures_router.routes():
        key = (r.method, re.sub(r"\{[^}]*\}", "{}", r.pattern))
        if key in spec and key not in no_weight:
            assert (r.pool, str(r.weight)) == spec[key], key
    assert no_weight <= set(spec)
