"""Differential futures trading tests: KucoinFutures and ccxt's kucoinfutures, signing with keys of one funded
account on one paused simulator, trade on the same state and must return the same unified orders, trades,
positions, balances, margin modes, leverage and funding history (numbers as numbers, ``info`` aside).

Every difference allowed here is named in conformance/deviations.py (FUTURES_DIFFERENTIAL) with its cause;
``allowed`` checks the name exists and each test asserts the difference still occurs, so a change in either
client is noticed. The endpoints each client called are read from ``sim.request_log`` where they matter.
"""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import pytest
from structdiff import diff

pytestmark = pytest.mark.parity

LINEAR, INVERSE, SPARE = "BTC/USDT:USDT", "BTC/USD:BTC", "ETH/USDT:USDT"
ISOLATED = {"leverage": 5, "marginMode": "isolated"}


def allowed(name: str) -> frozenset[str]:
    """The keys a documented difference covers (the name must be in the ledger)."""
    from kucoin_conformance.deviations import FUTURES_DIFFERENTIAL

    assert name in FUTURES_DIFFERENTIAL, name
    return frozenset(_KEYS.get(name, ()))


_KEYS = {
    "create_order.side_type": ("side", "type"),
    "cancel_order.id_symbol": ("id", "symbol"),
    "close_position.answer": ("id", "clientOrderId", "type"),
    "position.derived": ("marginRatio", "percentage", "hedged"),
    "position.timestamp": ("timestamp", "datetime"),
    "margin_modification.fields": ("type", "total", "status", "direction"),
}


def without(structure: dict, keys: frozenset[str]) -> dict:
    return {k: v for k, v in structure.items() if k not in keys}


def by_id(items: list[dict]) -> dict[str, dict]:
    out = {item["id"]: item for item in items}
    assert len(out) == len(items), f"duplicate ids in {[i['id'] for i in items]}"
    return out


@pytest.fixture(scope="module")
def m() -> Iterator[SimpleNamespace]:
    """A paused simulator of this module's own and two private futures clients, markets loaded. ccxt signs
    with KC-API-KEY-VERSION 2, so both sign with one v2 key of the funded account."""
    from kucoin_conformance.impls import ccxt_exchange
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    sim = Simulator(seed=9, symbols=8, tick_interval=0).start()
    sim.step(20)
    sim.pause()
    key = sim.add_api_key(2)
    ours = KucoinFutures({"apiKey": key["apiKey"], "secret": key["secret"], "password": key["password"],
                          "options": {"keyVersion": 2},
                          "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}})
    theirs = ccxt_exchange("kucoinfutures", {"spot": sim.spot_url, "futures": sim.futures_url}, key)
    ours.load_markets()
    theirs.load_markets()
    ns = SimpleNamespace(sim=sim, ours=ours, theirs=theirs)
    ns.calls = lambda fn: calls(sim, fn)
    try:
        yield ns
    finally:
        ours.close()
        sim.stop()


def calls(sim: Any, fn: Callable[[], Any]) -> tuple[Any, list[tuple[str, str]]]:
    """``fn()`` and the requests it made (clock probes aside), each query's parameters sorted."""
    start = len(sim.request_log)
    result = fn()
    return result, [(verb, sorted_query(path)) for verb, path in sim.request_log[start:]
                    if path != "/api/v1/timestamp"]


def sorted_query(path: str, drop: str = "") -> str:
    route, _, query = path.partition("?")
    kept = sorted(p for p in query.split("&") if p and p != drop)
    return route + ("?" + "&".join(kept) if kept else "")


def both(m: SimpleNamespace, method: str, *args: Any, passed_on: str = "") -> tuple[Any, Any]:
    """The same call by both clients; they must send the same requests (``passed_on``: a parameter ccxt
    copies into the query as well, unknown to KuCoin and ignored by it)."""
    a, sent_a = m.calls(lambda: getattr(m.ours, method)(*args))
    b, sent_b = m.calls(lambda: getattr(m.theirs, method)(*args))
    if passed_on:
        sent_b = [(verb, sorted_query(path, passed_on)) for verb, path in sent_b]
    assert sent_a == sent_b, (method, sent_a, sent_b)
    return a, b


def far_bid(m: SimpleNamespace, symbol: str) -> float:
    bid = m.ours.fetch_order_book(symbol, 20)["bids"][-1][0]
    return float(m.ours.price_to_precision(symbol, bid * 0.95))


def flat(m: SimpleNamespace) -> None:
    """No open order and no position left for the next test."""
    for symbol in (LINEAR, INVERSE, SPARE):
        m.ours.cancel_all_orders(symbol)
        m.ours.cancel_all_orders(symbol, {"trigger": True})
        if any(p["symbol"] == symbol for p in m.ours.fetch_positions()):
            m.ours.close_position(symbol)


@pytest.mark.parametrize("creator", ["ours", "ccxt"])
def test_a_resting_limit_order_reads_the_same_through_its_life(m, creator):
    client = m.ours if creator == "ours" else m.theirs
    cid = f"fdiff{creator}"
    created = client.create_order(LINEAR, "limit", "buy", 3, far_bid(m, LINEAR), {**ISOLATED, "clientOrderId": cid})
    try:
        a, b = both(m, "fetch_order", created["id"], LINEAR)
        assert not diff(a, b), "\n".join(diff(a, b))
        assert (a["status"], a["amount"], a["filled"], a["clientOrderId"]) == ("open", 3, 0, cid)
        a, b = both(m, "fetch_open_orders", LINEAR)
        assert [o["id"] for o in a] == [created["id"]] and not diff(a, b), "\n".join(diff(a, b))

        _, sent = m.calls(lambda: client.cancel_order(created["id"], LINEAR))
        assert sent == [("DELETE", f"/api/v1/orders/{created['id']}")]
        a, b = both(m, "fetch_order", created["id"], LINEAR)
        assert a["status"] == "canceled" and not diff(a, b), "\n".join(diff(a, b))
        a, b = both(m, "fetch_closed_orders", LINEAR)
        assert created["id"] in by_id(a) and not diff(by_id(a), by_id(b)), "\n".join(diff(by_id(a), by_id(b)))
    finally:
        flat(m)


def test_create_and_cancel_answers_differ_only_where_ccxt_leaves_fields_out(m):
    price = far_bid(m, LINEAR)
    a = m.ours.create_order(LINEAR, "limit", "buy", 2, price, {**ISOLATED, "clientOrderId": "fdiffanswer"})
    b = m.theirs.create_order(LINEAR, "limit", "buy", 2, price, {**ISOLATED, "clientOrderId": "fdiffanswer2"})
    try:
        aside = allowed("create_order.side_type") | {"id", "clientOrderId"}
        assert not diff(without(a, aside), without(b, aside)), "\n".join(diff(without(a, aside), without(b, aside)))
        assert (a["side"], a["type"], b["side"], b["type"]) == ("buy", "limit", None, None)
        assert (a["clientOrderId"], b["clientOrderId"]) == ("fdiffanswer", "fdiffanswer2")
        assert {o["clientOid"] for o in m.sim.futures_orders() if o["isActive"]} >= {"fdiffanswer", "fdiffanswer2"}

        ca, cb = m.ours.cancel_order(a["id"], LINEAR), m.theirs.cancel_order(b["id"], LINEAR)
        aside = allowed("cancel_order.id_symbol")
        assert not diff(without(ca, aside), without(cb, aside)), "\n".join(diff(without(ca, aside), without(cb, aside)))
        assert (ca["id"], ca["symbol"], cb["id"], cb["symbol"]) == (a["id"], LINEAR, None, None)
    finally:
        flat(m)


@pytest.mark.parametrize("symbol", [LINEAR, INVERSE])
def test_fills_trades_and_the_position_read_the_same(m, symbol):
    mine = m.ours.create_order(symbol, "market", "buy", 4, None, ISOLATED)
    theirs = m.theirs.create_order(symbol, "market", "sell", 1, None, ISOLATED)
    try:
        for oid in (mine["id"], theirs["id"]):
            a, b = both(m, "fetch_order", oid, symbol)
            assert a["status"] == "closed" and not diff(a, b), "\n".join(diff(a, b))
        a, b = both(m, "fetch_my_trades", symbol)
        assert {t["order"] for t in a} >= {mine["id"], theirs["id"]}
        assert not diff(by_id(a), by_id(b)), "\n".join(diff(by_id(a), by_id(b)))
        a, b = both(m, "fetch_closed_orders", symbol)
        assert not diff(by_id(a), by_id(b)), "\n".join(diff(by_id(a), by_id(b)))

        aside = allowed("position.derived") | allowed("position.timestamp")
        a, b = both(m, "fetch_position", symbol)
        assert (a["side"], a["contracts"]) == ("long", 3)
        assert not diff(without(a, aside), without(b, aside)), "\n".join(diff(without(a, aside), without(b, aside)))
        assert a["marginRatio"] is a["percentage"] is a["hedged"] is None
        assert b["marginRatio"] is not None and b["percentage"] is not None and "hedged" not in b
        a, b = both(m, "fetch_positions")
        assert [p["symbol"] for p in a] == [p["symbol"] for p in b] == [symbol]
        assert not diff([without(p, aside) for p in a], [without(p, aside) for p in b])
    finally:
        flat(m)


def test_close_position_answers_differ_only_where_ccxt_parses_the_envelope(m):
    for symbol in (LINEAR, INVERSE):
        m.ours.create_order(symbol, "market", "buy", 2, None, ISOLATED)
    try:
        a, sent_a = m.calls(lambda: m.ours.close_position(LINEAR))
        b, sent_b = m.calls(lambda: m.theirs.close_position(INVERSE))
        assert [s for s in sent_a if s[0] == "POST"] == [s for s in sent_b if s[0] == "POST"] == [
            ("POST", "/api/v1/orders")]
        aside = allowed("close_position.answer") | {"symbol"}
        assert not diff(without(a, aside), without(b, aside)), "\n".join(diff(without(a, aside), without(b, aside)))
        assert a["id"] and a["clientOrderId"] and a["type"] == "market"
        assert (b["id"], b["clientOrderId"], b["type"]) == (None, None, None)
        assert m.sim.futures_positions() == [] and m.ours.fetch_positions() == m.theirs.fetch_positions() == []
    finally:
        flat(m)


def test_margin_added_and_removed_reads_the_same_but_for_the_fields_ccxt_leaves_out(m):
    m.ours.create_order(LINEAR, "market", "buy", 4, None, ISOLATED)
    try:
        aside = allowed("margin_modification.fields") | allowed("position.timestamp")
        a, b = both(m, "add_margin", LINEAR, 2)
        assert not diff(without(a, aside), without(b, aside)), "\n".join(diff(without(a, aside), without(b, aside)))
        assert (a["type"], a["status"], a["amount"], a["marginMode"]) == ("add", "ok", 2, "isolated")
        assert a["total"] > 0 and "direction" not in a
        assert (b["type"], b["total"], b["status"], b["direction"]) == (None, None, None, "in")
        a, b = both(m, "reduce_margin", LINEAR, 1)  # KuCoin answers the amount only: both read it alike
        assert (a["type"], a["status"], a["amount"]) == ("reduce", "ok", 1) and not diff(a, b), "\n".join(diff(a, b))
    finally:
        flat(m)


def test_the_linear_balance_with_margin_in_use_reads_the_same(m):
    m.ours.create_order(LINEAR, "limit", "buy", 2, far_bid(m, LINEAR), ISOLATED)
    m.ours.create_order(LINEAR, "market", "sell", 1, None, ISOLATED)
    try:
        a, b = both(m, "fetch_balance", {"code": "USDT"}, passed_on="code=USDT")
        assert not diff(a, b), "\n".join(diff(a, b))
        assert a["USDT"]["used"] > 0 and Decimal(str(a["USDT"]["free"])) + Decimal(str(a["USDT"]["used"])) == \
            Decimal(str(a["USDT"]["total"]))
        a, b = both(m, "fetch_balance")  # no code: both read the USDT account
        assert not diff(a, b), "\n".join(diff(a, b))
    finally:
        flat(m)


def test_the_inverse_balance_ccxt_asks_for_a_currency_kucoin_does_not_know(m):
    import ccxt

    allowed("balance.inverse_code")
    a, sent = m.calls(lambda: m.ours.fetch_balance({"code": "BTC"}))
    assert sent == [("GET", "/api/v1/account-overview?currency=XBT")] and a["BTC"]["total"] > 0
    start = len(m.sim.request_log)
    with pytest.raises(ccxt.BadRequest):
        m.theirs.fetch_balance({"code": "BTC"})
    assert [sorted_query(p, "code=BTC") for _, p in m.sim.request_log[start:]] == [
        "/api/v1/account-overview?currency=BTC"]


def test_margin_mode_and_cross_leverage_read_the_same(m):
    a, b = both(m, "fetch_margin_mode", SPARE)
    assert a["marginMode"] == "isolated" and not diff(a, b)
    m.theirs.set_margin_mode("cross", SPARE)
    m.theirs.set_leverage(4, SPARE, {"marginMode": "cross"})
    try:
        a, b = both(m, "fetch_margin_mode", SPARE)
        assert a["marginMode"] == "cross" and not diff(a, b)
        a, b = both(m, "fetch_leverage", SPARE, {"marginMode": "cross"})
        assert (a["longLeverage"], a["shortLeverage"]) == (4, 4) and not diff(a, b), "\n".join(diff(a, b))
        for client in (m.ours, m.theirs):  # both: isolated leverage lives on each order, not in an account read
            with pytest.raises(Exception) as caught:
                client.fetch_leverage(SPARE, {"marginMode": "isolated"})
            assert type(caught.value).__name__ == "NotSupported"
    finally:
        m.ours.set_margin_mode("isolated", SPARE)


@pytest.mark.parametrize("symbol", [LINEAR, INVERSE])
def test_funding_history_reads_the_same(m, symbol):
    m.ours.create_order(symbol, "market", "sell", 3, None, ISOLATED)
    try:
        assert m.sim.settle_futures_funding()
        a, b = both(m, "fetch_funding_history", symbol)
        assert a and all(h["symbol"] == symbol for h in a)
        assert not diff(a, b), "\n".join(diff(a, b))
    finally:
        flat(m)


def test_a_stop_order_reads_the_same_among_the_stop_orders(m):
    last = Decimal(str(m.ours.fetch_ticker(LINEAR)["last"]))
    trigger = float(m.ours.price_to_precision(LINEAR, last * Decimal("1.2")))
    order = m.theirs.create_order(LINEAR, "market", "buy", 1, None, {**ISOLATED, "triggerPrice": trigger})
    try:
        a, b = both(m, "fetch_open_orders", LINEAR, None, None, {"trigger": True})
        assert [o["id"] for o in a] == [order["id"]] and not diff(a, b), "\n".join(diff(a, b))
        a, b = both(m, "fetch_order", order["id"], LINEAR)
        assert a["triggerPrice"] == trigger and not diff(a, b), "\n".join(diff(a, b))
    finally:
        flat(m)


def test_every_documented_difference_is_used_here():
    from kucoin_conformance.deviations import FUTURES_DIFFERENTIAL

    assert set(FUTURES_DIFFERENTIAL) == set(_KEYS) | {"balance.inverse_code"}
