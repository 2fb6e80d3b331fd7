"""Selecting the kind of an existing order from query params, and the few rules the route table made uniform."""
from __future__ import annotations

import pytest

from kucoin_connector.errors import BadRequest, RequestTimeout
from kucoin_connector.rest.calls import Call
from kucoin_connector.spot.plans import orders as od
from kucoin_connector.spot.plans.order_requests import order_kind
from kucoin_connector.spot.routes import OrderKind
from trading_support import data, make_ctx, run

OLD_ID = "670fd33bf9406e0007ab3945"


@pytest.mark.parametrize("params,kind,rest", [
    ({}, OrderKind.HF, {}),
    ({"hf": False, "orderId": "x"}, OrderKind.CLASSIC, {"orderId": "x"}),
    ({"trigger": True, "stop": "loss", "side": "buy"}, OrderKind.STOP, {"side": "buy"}),
    ({"stop": True}, OrderKind.STOP, {}),
    ({"marginMode": "isolated", "hf": True}, OrderKind.MARGIN, {"tradeType": "MARGIN_ISOLATED_TRADE"}),
    ({"margin": True}, OrderKind.MARGIN, {"tradeType": "MARGIN_TRADE"}),
])
def test_order_kind_reads_and_returns_the_params_left(params, kind, rest):
    given = dict(params)
    assert order_kind(make_ctx(), given) == (kind, rest)
    assert given == params  # the caller's mapping is read, never changed


def test_order_kind_follows_the_hf_option_and_checks_margin_mode():
    assert order_kind(make_ctx(hf=False), {})[0] is OrderKind.CLASSIC
    with pytest.raises(BadRequest, match="marginMode"):
        order_kind(make_ctx(), {"marginMode": "spot"})


def test_plans_leave_the_callers_params_alone():
    params = {"marginMode": "cross", "until": 1_700_000_000_000}
    d = run(od.fetch_closed_orders(make_ctx(), "BTC/USDT", None, None, params), {"items": []})
    assert d.calls[0].params == {"symbol": "BTC-USDT", "tradeType": "MARGIN_TRADE", "endAt": 1_700_000_000_000}
    assert params == {"marginMode": "cross", "until": 1_700_000_000_000}


def test_both_stop_selectors_stay_off_the_wire():
    d = run(od.fetch_open_orders(make_ctx(), "BTC/USDT", None, None, {"trigger": True, "stop": "loss"}),
            {"items": []})
    assert d.calls == [Call("GET", "/api/v1/stop-order", {"symbol": "BTC-USDT"})]


def test_a_raw_page_size_wins_over_limit_as_for_every_list():
    """The caller's own params come last in every list query (ccxt extends its request with them too)."""
    ctx = make_ctx()
    d = run(od.fetch_my_trades(ctx, "BTC/USDT", None, 30, {"hf": False, "pageSize": 10}), {"items": []})
    assert d.calls == [Call("GET", "/api/v1/fills", {"symbol": "BTC-USDT", "pageSize": 10})]
    d = run(od.fetch_my_trades(ctx, "BTC/USDT", None, 30, {"limit": 10}), {"items": []})
    assert d.calls == [Call("GET", "/api/v1/hf/fills", {"symbol": "BTC-USDT", "limit": 10})]


def test_an_amend_with_an_unknown_outcome_reads_the_hf_order_whatever_the_default_kind():
    """The amend endpoint is HF only, so the order it may have replaced is read on HF, even with hf=False."""
    ctx = make_ctx(hf=False)
    lost = RequestTimeout("read timed out", endpoint="POST /api/v1/hf/orders/alter", outcome_unknown=True)
    still_open = {**data("spot_hf_order.json"), "id": OLD_ID, "active": True, "dealSize": "0", "dealFunds": "0"}
    d = run(od.edit_order(ctx, OLD_ID, "BTC/USDT", "limit", "buy", "0.00002", "61000"), lost, still_open,
            data("spot_hf_order_alter.json"))
    assert [c.path for c in d.calls] == ["/api/v1/hf/orders/alter", f"/api/v1/hf/orders/{OLD_ID}",
                                         "/api/v1/hf/orders/alter"]
