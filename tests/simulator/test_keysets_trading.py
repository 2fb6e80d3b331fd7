"""Trading, account, funding, margin, stop and classic routes answer with the keys of the official spec
examples (every served route is in ``TRADING`` or in ``test_keysets.ENDPOINTS``), without exponents."""
from __future__ import annotations

import itertools
import json
from decimal import Decimal
from typing import Any, Callable

import pytest
from simhelpers import Client, FakeClock
from test_keysets import _EXPONENT, _NUMERIC, SPEC_DIR, _example, _shape, _strings

from kucoin_conformance.simulator import Simulator

_n = itertools.count()


def _cid() -> str:
    return f"ks-{next(_n)}"


def _rest(api: Callable[..., Any], sim: Simulator, margin: str | None = None) -> dict[str, Any]:
    bid = Decimal(sim.book("BTC-USDT")["bids"][0][0]) - 500
    body = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(bid), "size": "0.001",
            "clientOid": _cid()}
    path = "/api/v1/hf/orders"
    if margin:
        path, body["isIsolated"] = "/api/v3/hf/margin/order", margin == "isolated"
    data = api("POST", path, body)["data"]
    return {"id": data["orderId"], "cid": body["clientOid"]}


def _order_body(sim: Simulator) -> dict[str, Any]:
    bid = Decimal(sim.book("BTC-USDT")["bids"][0][0]) - 500
    return {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(bid), "size": "0.001",
            "clientOid": _cid()}


# (method, pattern) -> (spec file, spec path, sample maker(api, sim) -> (path, body or None))
S = "openapi-spot-order.json"
A = "openapi-account-account.json"
TRADING: dict[tuple[str, str], tuple[str, str, Callable[..., tuple[str, Any]]]] = {
    ("POST", "/api/v1/hf/orders"): (S, "/api/v1/hf/orders", lambda a, s: ("/api/v1/hf/orders", _order_body(s))),
    ("POST", "/api/v1/hf/orders/sync"): (S, "/api/v1/hf/orders/sync",
                                         lambda a, s: ("/api/v1/hf/orders/sync", _order_body(s))),
    ("POST", "/api/v1/hf/orders/test"): (S, "/api/v1/hf/orders/test",
                                         lambda a, s: ("/api/v1/hf/orders/test", _order_body(s))),
    ("POST", "/api/v1/hf/orders/multi"): (S, "/api/v1/hf/orders/multi", lambda a, s: (
        "/api/v1/hf/orders/multi", {"orderList": [_order_body(s), {"symbol": "BTC-USDT", "size": "1"}]})),
    ("POST", "/api/v1/hf/orders/multi/sync"): (S, "/api/v1/hf/orders/multi/sync", lambda a, s: (
        "/api/v1/hf/orders/multi/sync", {"orderList": [_order_body(s), {"symbol": "BTC-USDT", "size": "1"}]})),
    ("POST", "/api/v1/hf/orders/alter"): (S, "/api/v1/hf/orders/alter", lambda a, s: (
        "/api/v1/hf/orders/alter", {"symbol": "BTC-USDT", "orderId": _rest(a, s)["id"], "newSize": "0.002"})),
    ("DELETE", "/api/v1/hf/orders/cancelAll"): (S, "/api/v1/hf/orders/cancelAll",
                                                lambda a, s: (_rest(a, s) and "/api/v1/hf/orders/cancelAll", None)),
    ("DELETE", "/api/v1/hf/orders"): (S, "/api/v1/hf/orders", lambda a, s: ("/api/v1/hf/orders?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/hf/orders/active"): (S, "/api/v1/hf/orders/active", lambda a, s: (
        _rest(a, s) and "/api/v1/hf/orders/active?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/hf/orders/done"): (S, "/api/v1/hf/orders/done",
                                        lambda a, s: ("/api/v1/hf/orders/done?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/hf/fills"): (S, "/api/v1/hf/fills", lambda a, s: ("/api/v1/hf/fills?symbol=ETH-USDT", None)),
    ("DELETE", "/api/v1/hf/orders/sync/client-order/{clientOid}"): (
        S, "/api/v1/hf/orders/sync/client-order/{clientOid}",
        lambda a, s: (f"/api/v1/hf/orders/sync/client-order/{_rest(a, s)['cid']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v1/hf/orders/sync/{orderId}"): (S, "/api/v1/hf/orders/sync/{orderId}", lambda a, s: (
        f"/api/v1/hf/orders/sync/{_rest(a, s)['id']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v1/hf/orders/client-order/{clientOid}"): (S, "/api/v1/hf/orders/client-order/{clientOid}",
        lambda a, s: (f"/api/v1/hf/orders/client-order/{_rest(a, s)['cid']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v1/hf/orders/{orderId}"): (S, "/api/v1/hf/orders/{orderId}", lambda a, s: (
        f"/api/v1/hf/orders/{_rest(a, s)['id']}?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/hf/orders/client-order/{clientOid}"): (S, "/api/v1/hf/orders/client-order/{clientOid}",
        lambda a, s: (f"/api/v1/hf/orders/client-order/{_rest(a, s)['cid']}?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/hf/orders/{orderId}"): (S, "/api/v1/hf/orders/{orderId}", lambda a, s: (
        f"/api/v1/hf/orders/{_rest(a, s)['id']}?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/accounts/ledgers"): (A, "/api/v1/accounts/ledgers", lambda a, s: ("/api/v1/accounts/ledgers", None)),
    ("GET", "/api/v1/hf/accounts/ledgers"): (A, "/api/v1/hf/accounts/ledgers",
                                             lambda a, s: ("/api/v1/hf/accounts/ledgers", None)),
    ("POST", "/api/v3/accounts/universal-transfer"): ("openapi-account-transfer.json",
        "/api/v3/accounts/universal-transfer", lambda a, s: ("/api/v3/accounts/universal-transfer", {
            "type": "INTERNAL", "currency": "USDT", "amount": "1", "fromAccountType": "MAIN",
            "toAccountType": "TRADE"})),
    ("GET", "/api/v1/accounts/transferable"): ("openapi-account-transfer.json", "/api/v1/accounts/transferable",
        lambda a, s: ("/api/v1/accounts/transferable?currency=USDT&type=MAIN", None)),
    ("GET", "/api/v1/trade-fees"): ("openapi-account-fee.json", "/api/v1/trade-fees",
                                    lambda a, s: ("/api/v1/trade-fees?symbols=BTC-USDT", None)),
    ("GET", "/api/v1/base-fee"): ("openapi-account-fee.json", "/api/v1/base-fee", lambda a, s: ("/api/v1/base-fee", None)),
}


def _classic(api: Callable[..., Any], sim: Simulator) -> str:
    """A resting classic (pre-HF) limit order; returns its id."""
    return api("POST", "/api/v1/orders", _order_body(sim))["data"]["orderId"]


def _stop(api: Callable[..., Any], sim: Simulator) -> dict[str, Any]:
    """An untriggered stop-loss limit buy far below the market; returns its id and clientOid."""
    body = {**_order_body(sim), "stop": "loss", "stopPrice": str(Decimal(sim.book("BTC-USDT")["bids"][0][0]) - 400)}
    return {"id": api("POST", "/api/v1/stop-order", body)["data"]["orderId"], "cid": body["clientOid"]}


def _withdraw(api: Callable[..., Any]) -> str:
    body = {"currency": "USDT", "toAddress": "0x7f5e0c7a1bd6c0bdc0b0ed9e3f5bca4f1b7e2a11", "amount": "20",
            "withdrawType": "ADDRESS"}
    return api("POST", "/api/v3/withdrawals", body)["data"]["withdrawalId"]


def _address(api: Callable[..., Any], currency: str) -> str:
    api("POST", "/api/v3/deposit-address/create", {"currency": currency})
    return f"/api/v3/deposit-addresses?currency={currency}"


W = "openapi-account-withdrawal.json"
D = "openapi-account-deposit.json"
M = "openapi-margin-order.json"
B = "openapi-margin-debit.json"
MORE_ROUTES: dict[tuple[str, str], tuple[str, str, Callable[..., tuple[str, Any]]]] = {
    # classic (pre-HF) orders: the trade account, page paging
    ("POST", "/api/v1/orders"): (S, "/api/v1/orders", lambda a, s: ("/api/v1/orders", _order_body(s))),
    ("GET", "/api/v1/orders"): (S, "/api/v1/orders", lambda a, s: (
        _classic(a, s) and "/api/v1/orders?status=active", None)),
    ("GET", "/api/v1/orders/{orderId}"): (S, "/api/v1/orders/{orderId}",
                                          lambda a, s: (f"/api/v1/orders/{_classic(a, s)}", None)),
    ("DELETE", "/api/v1/orders/{orderId}"): (S, "/api/v1/orders/{orderId}",
                                             lambda a, s: (f"/api/v1/orders/{_classic(a, s)}", None)),
    ("DELETE", "/api/v1/orders"): (S, "/api/v1/orders",
                                   lambda a, s: (_classic(a, s) and "/api/v1/orders?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/fills"): (S, "/api/v1/fills", lambda a, s: ("/api/v1/fills?symbol=BTC-USDT", None)),
    # stop (trigger) orders
    ("POST", "/api/v1/stop-order"): (S, "/api/v1/stop-order", lambda a, s: ("/api/v1/stop-order", {
        **_order_body(s), "stop": "loss", "stopPrice": str(Decimal(s.book("BTC-USDT")["bids"][0][0]) - 400)})),
    ("GET", "/api/v1/stop-order"): (S, "/api/v1/stop-order",
                                    lambda a, s: (_stop(a, s) and "/api/v1/stop-order?symbol=BTC-USDT", None)),
    ("GET", "/api/v1/stop-order/{orderId}"): (S, "/api/v1/stop-order/{orderId}",
                                              lambda a, s: (f"/api/v1/stop-order/{_stop(a, s)['id']}", None)),
    ("GET", "/api/v1/stop-order/queryOrderByClientOid"): (S, "/api/v1/stop-order/queryOrderByClientOid",
        lambda a, s: (f"/api/v1/stop-order/queryOrderByClientOid?clientOid={_stop(a, s)['cid']}", None)),
    ("DELETE", "/api/v1/stop-order/{orderId}"): (S, "/api/v1/stop-order/{orderId}",
                                                 lambda a, s: (f"/api/v1/stop-order/{_stop(a, s)['id']}", None)),
    ("DELETE", "/api/v1/stop-order/cancelOrderByClientOid"): (S, "/api/v1/stop-order/cancelOrderByClientOid",
        lambda a, s: (f"/api/v1/stop-order/cancelOrderByClientOid?clientOid={_stop(a, s)['cid']}", None)),
    ("DELETE", "/api/v1/stop-order/cancel"): (S, "/api/v1/stop-order/cancel",
                                              lambda a, s: (_stop(a, s) and "/api/v1/stop-order/cancel", None)),
    # funding
    ("GET", "/api/v1/deposits"): (D, "/api/v1/deposits", lambda a, s: ("/api/v1/deposits", None)),
    ("POST", "/api/v3/deposit-address/create"): (D, "/api/v3/deposit-address/create", lambda a, s: (
        "/api/v3/deposit-address/create", {"currency": "BTC"})),
    ("GET", "/api/v3/deposit-addresses"): (D, "/api/v3/deposit-addresses", lambda a, s: (_address(a, "ETH"), None)),
    ("POST", "/api/v3/withdrawals"): (W, "/api/v3/withdrawals", lambda a, s: ("/api/v3/withdrawals", {
        "currency": "USDT", "toAddress": "0x7f5e0c7a1bd6c0bdc0b0ed9e3f5bca4f1b7e2a11", "amount": "20",
        "withdrawType": "ADDRESS"})),
    ("GET", "/api/v1/withdrawals"): (W, "/api/v1/withdrawals",
                                     lambda a, s: (_withdraw(a) and "/api/v1/withdrawals", None)),
    ("GET", "/api/v1/withdrawals/quotas"): (W, "/api/v1/withdrawals/quotas",
                                            lambda a, s: ("/api/v1/withdrawals/quotas?currency=USDT", None)),
    ("DELETE", "/api/v1/withdrawals/{withdrawalId}"): (W, "/api/v1/withdrawals/{withdrawalId}",
                                                       lambda a, s: (f"/api/v1/withdrawals/{_withdraw(a)}", None)),
    # margin accounts, borrow and repay
    ("GET", "/api/v3/margin/accounts"): (A, "/api/v3/margin/accounts", lambda a, s: ("/api/v3/margin/accounts", None)),
    ("GET", "/api/v3/isolated/accounts"): (A, "/api/v3/isolated/accounts",
                                           lambda a, s: ("/api/v3/isolated/accounts?symbol=BTC-USDT", None)),
    ("POST", "/api/v3/margin/borrow"): (B, "/api/v3/margin/borrow", lambda a, s: ("/api/v3/margin/borrow", {
        "currency": "USDT", "size": "5", "timeInForce": "IOC"})),
    ("POST", "/api/v3/margin/repay"): (B, "/api/v3/margin/repay", lambda a, s: ("/api/v3/margin/repay", {
        "currency": "USDT", "size": "1"})),
    ("GET", "/api/v3/margin/borrow"): (B, "/api/v3/margin/borrow", lambda a, s: ("/api/v3/margin/borrow", None)),
    ("GET", "/api/v3/margin/repay"): (B, "/api/v3/margin/repay", lambda a, s: ("/api/v3/margin/repay", None)),
    ("GET", "/api/v3/margin/interest"): (B, "/api/v3/margin/interest", lambda a, s: ("/api/v3/margin/interest", None)),
    # margin HF orders
    ("POST", "/api/v3/hf/margin/order"): (M, "/api/v3/hf/margin/order", lambda a, s: (
        "/api/v3/hf/margin/order", {**_order_body(s), "isIsolated": False})),
    ("POST", "/api/v3/hf/margin/order/test"): (M, "/api/v3/hf/margin/order/test", lambda a, s: (
        "/api/v3/hf/margin/order/test", {**_order_body(s), "isIsolated": False})),
    ("GET", "/api/v3/hf/margin/orders/active"): (M, "/api/v3/hf/margin/orders/active", lambda a, s: (
        _rest(a, s, "cross") and "/api/v3/hf/margin/orders/active?symbol=BTC-USDT&tradeType=MARGIN_TRADE", None)),
    ("GET", "/api/v3/hf/margin/orders/done"): (M, "/api/v3/hf/margin/orders/done", lambda a, s: (
        "/api/v3/hf/margin/orders/done?symbol=BTC-USDT&tradeType=MARGIN_TRADE", None)),
    ("GET", "/api/v3/hf/margin/orders/{orderId}"): (M, "/api/v3/hf/margin/orders/{orderId}", lambda a, s: (
        f"/api/v3/hf/margin/orders/{_rest(a, s, 'isolated')['id']}?symbol=BTC-USDT", None)),
    ("GET", "/api/v3/hf/margin/orders/client-order/{clientOid}"): (
        M, "/api/v3/hf/margin/orders/client-order/{clientOid}", lambda a, s: (
            f"/api/v3/hf/margin/orders/client-order/{_rest(a, s, 'cross')['cid']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v3/hf/margin/orders/{orderId}"): (M, "/api/v3/hf/margin/orders/{orderId}", lambda a, s: (
        f"/api/v3/hf/margin/orders/{_rest(a, s, 'cross')['id']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v3/hf/margin/orders/client-order/{clientOid}"): (
        M, "/api/v3/hf/margin/orders/client-order/{clientOid}", lambda a, s: (
            f"/api/v3/hf/margin/orders/client-order/{_rest(a, s, 'isolated')['cid']}?symbol=BTC-USDT", None)),
    ("DELETE", "/api/v3/hf/margin/orders"): (M, "/api/v3/hf/margin/orders", lambda a, s: (
        _rest(a, s, "cross") and "/api/v3/hf/margin/orders?symbol=BTC-USDT&tradeType=MARGIN_TRADE", None)),
    ("GET", "/api/v3/hf/margin/fills"): (M, "/api/v3/hf/margin/fills", lambda a, s: (
        "/api/v3/hf/margin/fills?symbol=BTC-USDT&tradeType=MARGIN_TRADE", None)),
}
TRADING.update(MORE_ROUTES)


@pytest.fixture(scope="module")
def env():
    clock = FakeClock()
    with Simulator(seed=11, symbols=40, tick_interval=0, clock=clock) as sim:
        client = Client(sim.spot_url)

        def api(method, path, body=None):
            return client.signed(method, path, sim.credentials, body=json.dumps(body) if body is not None else "",
                                 now=clock.ms).json()
        ask = sim.book("ETH-USDT")["asks"][0][0]
        api("POST", "/api/v1/hf/orders", {"symbol": "ETH-USDT", "side": "buy", "type": "limit", "price": ask,
                                          "size": "0.01"})
        api("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "10"})
        sim.deposit("USDT", "10", "main")
        sim.deposit("USDT", "1000", "margin")
        sim.deposit("USDT", "1000", "isolated:BTC-USDT")
        # one classic fill, one cross-margin fill, a borrow repaid with interest (so every history has a row)
        api("POST", "/api/v1/orders", {"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "10"})
        api("POST", "/api/v3/hf/margin/order", {"symbol": "BTC-USDT", "side": "buy", "type": "market",
                                                "funds": "10", "isIsolated": False})
        api("POST", "/api/v3/margin/borrow", {"currency": "USDT", "size": "100", "timeInForce": "IOC"})
        api("POST", "/api/v3/margin/repay", {"currency": "USDT", "size": "10"})
        yield sim, api
        client.close()


def routes_covered() -> set[tuple[str, str, str]]:
    return {("spot", m, p) for m, p in TRADING}


@pytest.mark.parametrize("route", sorted(TRADING), ids=lambda r: f"{r[0]}:{r[1]}")
def test_keys_match_official_example(env, route):
    sim, api = env
    spec_file, spec_path, sample = TRADING[route]
    path, body = sample(api, sim)
    answer = api(route[0], path, body)
    example = _example(spec_file, spec_path, route[0])
    assert answer["code"] == "200000", answer
    assert _shape(answer["data"]) == _shape(example["data"])
    assert not [v for v in _strings(answer["data"]) if _NUMERIC.fullmatch(v) and _EXPONENT.search(v)]
