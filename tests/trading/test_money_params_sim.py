"""Money-moving parameters end to end against the simulator (issue 7 §1): stop directions as KuCoin's stop
engine honours them, networks on the wire, margin balances, sync endpoints, edit_order under faults."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_conformance.simulator import Simulator
from kucoin_connector import Kucoin
from kucoin_connector.errors import BadRequest, InvalidOrder, NetworkError

SYMBOL, SYMBOL_ID = "BTC/USDT", "BTC-USDT"  # moved by every simulator step
MAX_STEPS = 4000


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=29, symbols=40) as s:
        s.pause()
        yield s


@pytest.fixture
def ex(sim):
    sim.clear_faults()
    creds = {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}
    client = Kucoin({"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}, **creds,
                     "options": {"numbers": "str", "reconcileDelay": 0}})
    yield client
    sim.clear_faults()
    client.close()


def last(sim) -> Decimal:
    return sim.market.last_price(SYMBOL_ID)


def stop_posts(sim) -> int:
    return sum(1 for method, path in sim.request_log if method == "POST" and path.startswith("/api/v1/stop-order"))


def open_stop_ids(ex) -> set:
    return {o["id"] for o in ex.fetch_open_orders(SYMBOL, params={"stop": True})}


# ---- stop directions ------------------------------------------------------------------------------------
def test_stop_directions_trigger_on_the_side_that_protects_the_trader(ex, sim):
    """Six stop orders around the last price L: the "loss" ones (sell stop-loss, buy take-profit, plain
    trigger below L) trigger only once the last price is at or below their stop price, the "entry" ones
    (buy stop-loss, sell take-profit, plain trigger above L) only at or above. After every market step the
    simulator's untriggered set must be exactly the orders whose condition has not yet been met."""
    ex.load_markets()
    gap = Decimal(ex.market(SYMBOL)["precision"]["price"]) * 20
    start = last(sim)
    below, above = start - gap, start + gap
    low, high = ex.price_to_precision(SYMBOL, start / 2), ex.price_to_precision(SYMBOL, start * Decimal("1.5"))
    wanted = [  # (side, limit price, params, stop price, KuCoin direction)
        ("sell", high, {"stopLossPrice": str(below)}, below, "loss"),
        ("buy", low, {"takeProfitPrice": str(below)}, below, "loss"),
        ("sell", high, {"triggerPrice": str(below)}, below, "loss"),  # KuCoin derives it: below the last price
        ("buy", low, {"stopLossPrice": str(above)}, above, "entry"),
        ("sell", high, {"takeProfitPrice": str(above)}, above, "entry"),
        ("buy", low, {"triggerPrice": str(above)}, above, "entry"),
    ]
    orders = {}
    for side, price, params, stop_price, direction in wanted:
        order = ex.create_order(SYMBOL, "limit", side, "0.001", price, params)
        orders[order["id"]] = (stop_price, direction)
        detail = ex.fetch_order(order["id"], SYMBOL, {"stop": True})
        assert (detail["info"]["stop"], detail["status"]) == (direction, "open"), (side, params)
    met: set = set()
    for _ in range(MAX_STEPS):
        sim.step(1)
        price = last(sim)
        met |= {oid for oid, (stop_price, direction) in orders.items()
                if (price <= stop_price if direction == "loss" else price >= stop_price)}
        assert open_stop_ids(ex) & set(orders) == set(orders) - met, (price, start)
        if met == set(orders):
            break
    assert met == set(orders), f"the price did not cross both sides within {MAX_STEPS} steps"
    for oid, (_, direction) in orders.items():
        detail = ex.fetch_order(oid, SYMBOL, {"stop": True})
        assert detail["info"]["status"] == "TRIGGERED" and detail["info"]["stop"] == direction
    for order in ex.fetch_open_orders(SYMBOL):  # the triggered limit orders rest far from the market
        ex.cancel_order(order["id"], SYMBOL)


def test_a_stop_other_than_loss_or_entry_is_refused_locally_and_by_the_simulator(ex, sim):
    ex.load_markets()
    before = stop_posts(sim)
    with pytest.raises(InvalidOrder, match="loss' or 'entry"):
        ex.create_order(SYMBOL, "market", "sell", "0.001", None, {"triggerPrice": str(last(sim)), "stop": "sideways"})
    assert stop_posts(sim) == before  # nothing sent
    body = {"clientOid": "sideways-1", "symbol": SYMBOL_ID, "side": "sell", "type": "market", "size": "0.001",
            "stop": "sideways", "stopPrice": str(last(sim))}
    with pytest.raises(BadRequest) as info:
        ex.call_api("POST", "/api/v1/stop-order", body)
    assert info.value.code == "400100"
    assert "sideways-1" not in {o["clientOrderId"] for o in ex.fetch_open_orders(SYMBOL, params={"stop": True})}


# ---- networks ---------------------------------------------------------------------------------------------
def test_withdraw_and_deposit_address_use_the_named_network(ex, sim):
    sim.deposit("USDT", "500", type="main")
    w1 = ex.withdraw("USDT", "20", "TXyz1234567890", None, {"networkCode": "TRC20"})
    w2 = ex.withdraw("USDT", "20", "0xabc1234567890", None, {"network": "ERC20"})
    assert (w1["network"], w2["network"]) == ("TRC20", "ERC20")
    rows = {w["address"]: w for w in ex.fetch_withdrawals("USDT")}  # KuCoin's list items carry no id
    assert (rows["TXyz1234567890"]["info"]["chain"], rows["TXyz1234567890"]["network"]) == ("trx", "TRC20")
    assert (rows["0xabc1234567890"]["info"]["chain"], rows["0xabc1234567890"]["network"]) == ("eth", "ERC20")
    with pytest.raises(BadRequest, match="no network 'BEP20'"):
        ex.withdraw("USDT", "20", "0xabc", None, {"network": "BEP20"})
    assert len(ex.fetch_withdrawals("USDT")) == len(rows)
    created = ex.create_deposit_address("USDT", {"network": "TRC20"})
    fetched = ex.fetch_deposit_address("USDT", {"network": "TRC20"})
    assert created["network"] == fetched["network"] == "TRC20"
    assert created["address"] == fetched["address"] and fetched["info"]["chainId"] == "trx"


# ---- margin balances ----------------------------------------------------------------------------------------
def test_fetch_balance_margin_mode_reads_the_margin_accounts(ex, sim):
    ex.load_markets()
    ex.transfer("USDT", "30", "trade", "margin")
    log = len(sim.request_log)
    cross = ex.fetch_balance({"marginMode": "cross"})
    isolated = ex.fetch_balance({"marginMode": "isolated"})
    paths = [path for method, path in sim.request_log[log:] if "/timestamp" not in path]
    assert paths == ["/api/v3/margin/accounts", "/api/v3/isolated/accounts"]
    assert Decimal(cross["USDT"]["total"]) >= 30 and "debt" in cross
    assert cross["total"] != ex.fetch_balance()["total"]
    assert all("/" in key for key in isolated if key not in ("info", "timestamp", "datetime"))


# ---- sync -------------------------------------------------------------------------------------------------
def test_sync_create_and_cancel(ex, sim):
    ex.load_markets()
    price = ex.price_to_precision(SYMBOL, last(sim) / 2)
    log = len(sim.request_log)
    order = ex.create_order(SYMBOL, "limit", "buy", "0.001", price, {"sync": True, "clientOrderId": "sync-1"})
    assert (order["status"], order["amount"], order["filled"], order["remaining"]) == ("open", "0.001", "0",
                                                                                       "0.001")
    canceled = ex.cancel_order(order["id"], SYMBOL, {"sync": True})
    assert (canceled["id"], canceled["status"]) == (order["id"], "canceled")
    sent = [(m, p.split("?")[0]) for m, p in sim.request_log[log:] if "/timestamp" not in p]
    assert sent == [("POST", "/api/v1/hf/orders/sync"), ("DELETE", f"/api/v1/hf/orders/sync/{order['id']}")]


# ---- edit_order under faults ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["lost_response", "drop", "malformed", "status"])
def test_edit_order_under_faults_leaves_exactly_one_order(ex, sim, kind):
    ex.load_markets()
    base = last(sim) / 2
    cid = f"edit-{kind}".replace("_", "-")
    first = ex.create_order(SYMBOL, "limit", "buy", "0.001", ex.price_to_precision(SYMBOL, base),
                            {"clientOrderId": cid})
    current = first
    for i in range(1, 6):
        new_price = ex.price_to_precision(SYMBOL, base - i)
        sim.add_fault({"path": "/api/v1/hf/orders/alter", "method": "POST", "kind": kind, "count": 1})
        try:
            current = ex.edit_order(current["id"], SYMBOL, "limit", "buy", "0.001", new_price)
        except NetworkError as exc:  # only when nothing could be established; then it says so
            assert exc.outcome_unknown and exc.client_order_id == cid
            raise
        live = [o for o in sim.orders() if o["clientOid"] == cid and o["status"] == "open"]
        assert len(live) == 1, live  # never two orders
        assert (current["id"], current["clientOrderId"]) == (live[0]["id"], cid)
        assert current["status"] in ("open", None)  # None: KuCoin's amend ack carries ids only (as in ccxt)
        assert live[0]["price"] == new_price
    ex.cancel_order(current["id"], SYMBOL)
