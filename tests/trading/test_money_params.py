"""Parameters that move money (issue 7 §1): networks, stop directions, margin balances, sync, edit_order.

Plan level: the exact calls (or none: refused before sending) and the parsed answers. The same rules end to
end against the simulator are in ``test_money_params_sim.py``.
"""
from __future__ import annotations

import pytest

from kucoin_connector.rest.calls import Call
from kucoin_connector.errors import BadRequest, BadResponse, InvalidOrder, NetworkError, RequestTimeout
from kucoin_connector.spot.plans import account as ac
from kucoin_connector.spot.plans import funding as fd
from kucoin_connector.spot.plans import orders as od
from kucoin_connector.spot.plans.order_requests import FIELDS
from money_support import money_ctx
from trading_support import data, make_ctx, run

UNIFIED = ("network", "networkCode", "marginMode", "stopLossPrice", "takeProfitPrice", "triggerPrice", "sync",
           "trigger", "hf", "test", "cost", "reduceOnly", "clientOrderId")


def refused(plan, error=BadRequest, match=None):
    """The plan raises ``error`` before yielding any call."""
    with pytest.raises(error, match=match) as info:
        next(plan)
    assert len(str(info.value)) < 300
    return info.value


def sent_names(body: dict) -> set:
    return set(body) & set(UNIFIED)


# ---- withdraw: unified network code -> KuCoin chain id --------------------------------------------------
@pytest.mark.parametrize("params,chain", [
    ({"network": "ERC20"}, "eth"),
    ({"network": "TRC20"}, "trx"),
    ({"network": "BEP20"}, "bsc"),
    ({"network": "OP"}, "optimism"),
    ({"networkCode": "TRC20"}, "trx"),  # ccxt's other name for it: translated too, never sent
    ({"network": "trc20"}, "trx"),
    ({"network": "TRX"}, "trx"),  # ccxt's alias of TRC20
    ({"network": "bsc"}, "bsc"),  # a KuCoin chain id given directly
    ({"network": "BEP20", "networkCode": "BEP20"}, "bsc"),
])
def test_withdraw_sends_kucoin_chain_id(params, chain):
    d = run(fd.withdraw(money_ctx(), "USDT", "25", "0xabc", None, params), data("funding_withdraw.json"))
    assert d.calls == [Call("POST", "/api/v3/withdrawals", {"currency": "USDT", "toAddress": "0xabc", "amount": "25",
                                                            "withdrawType": "ADDRESS", "chain": chain})]
    assert d.result["network"] == {"eth": "ERC20", "trx": "TRC20", "bsc": "BEP20", "optimism": "OP"}[chain]


def test_withdraw_renamed_currency_uses_kucoin_ids():
    d = run(fd.withdraw(money_ctx(), "BSV", "1", "addr", None, {"network": "BSV"}), data("funding_withdraw.json"))
    assert d.calls[0].params["currency"] == "BCHSV" and d.calls[0].params["chain"] == "bchsv"
    assert (d.result["currency"], d.result["network"]) == ("BSV", "BSV")


@pytest.mark.parametrize("code,params,match", [
    ("USDT", {"network": "SOL"}, "no network 'SOL'"),  # USDT here has no SOL chain
    ("TON", {"network": "BEP20"}, "no network 'BEP20'"),
    ("USDT", {"networkCode": "ERC-20"}, "no network"),
    ("USDT", {"network": "ERC20", "networkCode": "TRC20"}, "different networks"),
    ("NOPE", {"network": "ERC20"}, "no currency 'NOPE'"),
    ("USDT", {"network": 20}, "network must be"),
    ("USDT", {"network": "ERC20", "chainType": "x"}, "chainType"),  # not a field of the endpoint
    ("USDT", {"network": "ERC20", "marginMode": "cross"}, "marginMode"),
])
def test_withdraw_unknown_network_is_refused_before_sending(code, params, match):
    refused(fd.withdraw(money_ctx(), code, "1", "addr", None, params), BadRequest, match)


def test_withdraw_spec_fields_pass_and_memo():
    d = run(fd.withdraw(money_ctx(), "TON", "3", "EQabc", "123", {"network": "TON", "feeDeductType": "INTERNAL",
                                                                  "remark": "r"}),
            data("funding_withdraw.json"))
    assert d.calls[0].params == {"currency": "TON", "toAddress": "EQabc", "amount": "3", "withdrawType": "ADDRESS",
                                 "chain": "ton", "memo": "123", "feeDeductType": "INTERNAL", "remark": "r"}


def test_withdraw_without_network_uses_kucoins_default_chain():
    d = run(fd.withdraw(money_ctx(), "USDT", "1", "addr"), data("funding_withdraw.json"))
    assert "chain" not in d.calls[0].params and not sent_names(d.calls[0].params)


# ---- deposit addresses ----------------------------------------------------------------------------------
def test_deposit_address_network_both_ways():
    answer = {**data("funding_deposit_address_create.json"), "chainId": "bsc", "currency": "USDT"}
    d = run(fd.create_deposit_address(money_ctx(), "USDT", {"network": "BEP20"}), answer)
    assert d.calls == [Call("POST", "/api/v3/deposit-address/create", {"currency": "USDT", "chain": "bsc"})]
    assert d.result["network"] == "BEP20"
    row = {**data("funding_deposit_addresses.json")[3], "chainId": "optimism"}
    d = run(fd.fetch_deposit_address(money_ctx(), "USDT", {"networkCode": "OP"}), [row])
    assert d.calls == [Call("GET", "/api/v3/deposit-addresses", {"currency": "USDT", "chain": "optimism"})]
    assert d.result["network"] == "OP"
    refused(fd.create_deposit_address(money_ctx(), "USDT", {"network": "XYZ"}), BadRequest, "no network")
    refused(fd.fetch_deposit_address(money_ctx(), "TON", {"network": "ERC20"}), BadRequest, "no network")
    refused(fd.create_deposit_address(money_ctx(), "USDT", {"network": "ERC20", "foo": 1}), BadRequest, "foo")


# ---- stop directions ------------------------------------------------------------------------------------
@pytest.mark.parametrize("side,params,stop", [
    ("sell", {"stopLossPrice": "50000"}, "loss"),  # protects a long: sell when the price falls
    ("buy", {"stopLossPrice": "70000"}, "entry"),  # protects a short: buy back when the price rises
    ("buy", {"takeProfitPrice": "50000"}, "loss"),  # buy back a short in profit: price fell
    ("sell", {"takeProfitPrice": "70000"}, "entry"),  # sell a long in profit: price rose
    ("sell", {"triggerPrice": "50000"}, None),  # plain trigger: KuCoin derives it, as ccxt sends
    ("buy", {"stopPrice": "70000"}, None),
    ("buy", {"triggerPrice": "70000", "stop": "entry"}, "entry"),
    ("sell", {"stopLossPrice": "50000", "stop": "loss"}, "loss"),
])
def test_stop_direction(side, params, stop):
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", side, "1", "60000", params),
            data("spot_stop_order_add.json"))
    body = d.calls[0].params
    assert d.calls[0].path == "/api/v1/stop-order"
    assert body.get("stop") == stop
    assert set(body) <= FIELDS["stop"]
    assert not sent_names(body)


@pytest.mark.parametrize("params,match", [
    ({"triggerPrice": "60000", "stop": "sideways"}, "stop must be 'loss' or 'entry'"),
    ({"triggerPrice": "60000", "stop": True}, "stop must be"),
    ({"stop": "loss"}, "needs a triggerPrice"),
    ({"stopLossPrice": "70000", "stop": "loss"}, "contradicts stopLossPrice"),  # a buy stop-loss is entry
    ({"takeProfitPrice": "50000", "stop": "entry"}, "contradicts takeProfitPrice"),
])
def test_bad_stop_is_refused_before_sending(params, match):
    refused(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", params), InvalidOrder, match)


# ---- unified params never forwarded; unknown params only where KuCoin defines them ------------------------
@pytest.mark.parametrize("params,error,match", [
    ({"network": "ERC20"}, BadRequest, "network"),
    ({"networkCode": "ERC20"}, BadRequest, "networkCode"),
    ({"trigger": True}, BadRequest, "trigger"),
    ({"leverage": 3}, BadRequest, "leverage"),
    ({"foo": "bar"}, BadRequest, "foo"),
    ({"tradeType": "MARGIN_TRADE"}, BadRequest, "tradeType"),  # not a field of the HF endpoint
    ({"price": "1"}, BadRequest, "set from the order's arguments"),
    ({"size": "100"}, BadRequest, "set from the order's arguments"),
    ({"reduceOnly": True}, InvalidOrder, "reduceOnly"),
    ({"stopLossPrice": "1", "marginMode": "cross"}, InvalidOrder, "marginMode"),
])
def test_unknown_or_unified_params_are_refused(params, error, match):
    refused(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", params), error, match)


def test_spec_fields_pass_and_unified_names_are_consumed():
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000",
                            {"tags": "t1", "stp": "CN", "reduceOnly": False, "marginMode": None, "hf": True,
                             "clientOrderId": "abc"}), {"orderId": "1"})
    assert d.calls[0].params == {"clientOid": "abc", "side": "buy", "symbol": "BTC-USDT", "type": "limit",
                                 "price": "60000", "size": "1", "tags": "t1", "stp": "CN"}
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000",
                            {"marginMode": "cross", "autoBorrow": True}), {"orderId": "1"})
    assert d.calls[0].params["autoBorrow"] is True and "marginMode" not in d.calls[0].params
    refused(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000",
                            {"marginMode": "cross", "tags": "x"}), BadRequest, "tags")


# ---- sync ------------------------------------------------------------------------------------------------
def test_create_sync_uses_the_sync_endpoint_and_parses_the_state():
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "0.00001", "60000", {"sync": True}),
            data("spot_hf_order_add_sync.json"))
    call = d.calls[0]
    assert (call.method, call.path) == ("POST", "/api/v1/hf/orders/sync")
    assert call.params == {"clientOid": "cid1", "side": "buy", "symbol": "BTC-USDT", "type": "limit",
                           "price": "60000", "size": "0.00001"}
    o = d.result
    assert (o["id"], o["status"], o["amount"], o["filled"], o["remaining"], o["price"], o["timestamp"]) == (
        "67111a7cb7cbdf000703e1f6", "open", "0.00001", "0", "0.00001", "60000", 1729174140586)


def test_create_sync_unknown_outcome_is_reconciled():
    lost = RequestTimeout("t", endpoint="POST /api/v1/hf/orders/sync", outcome_unknown=True)
    d = run(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "0.00001", "70000", {"sync": True}),
            lost, data("spot_hf_order_client.json"))
    assert [c.path for c in d.calls] == ["/api/v1/hf/orders/sync", "/api/v1/hf/orders/client-order/cid1"]
    assert d.result["status"] == "closed"


@pytest.mark.parametrize("params", [{"sync": True, "triggerPrice": "1"}, {"sync": True, "marginMode": "cross"},
                                    {"sync": True, "hf": False}, {"sync": True, "test": True}])
def test_sync_only_for_hf_spot_orders(params):
    refused(od.create_order(make_ctx(), "BTC/USDT", "limit", "buy", "1", "60000", params), InvalidOrder, "sync")


def test_cancel_sync_by_id_and_by_client_id():
    answer = {"orderId": "671124f9365ccb00073debd4", "originSize": "1", "dealSize": "0.4", "remainSize": "0",
              "canceledSize": "0.6", "status": "done"}
    d = run(od.cancel_order(make_ctx(), "671124f9365ccb00073debd4", "BTC/USDT", {"sync": True}), answer)
    assert d.calls == [Call("DELETE", "/api/v1/hf/orders/sync/671124f9365ccb00073debd4", {"symbol": "BTC-USDT"})]
    assert (d.result["id"], d.result["status"], d.result["filled"], d.result["amount"]) == (
        "671124f9365ccb00073debd4", "canceled", "0.4", "1")
    d = run(od.cancel_order(make_ctx(), None, "BTC/USDT", {"sync": True, "clientOrderId": "c1"}),
            {"clientOid": "c1", "originSize": "1", "dealSize": "1", "remainSize": "0", "canceledSize": "0",
             "status": "done"})
    assert d.calls == [Call("DELETE", "/api/v1/hf/orders/sync/client-order/c1", {"symbol": "BTC-USDT"},
                            client_order_id="c1")]
    assert (d.result["clientOrderId"], d.result["status"]) == ("c1", "closed")
    refused(od.cancel_order(make_ctx(), "x1", "BTC/USDT", {"sync": True, "stop": True}), InvalidOrder, "sync")


def test_batch_sync():
    orders = [{"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": "1", "price": "60000"}] * 2
    d = run(od.create_orders(make_ctx(), orders, {"sync": True}), [
        {"orderId": "a", "clientOid": "cid1", "status": "open", "originSize": "1", "dealSize": "0", "success": True},
        {"orderId": "b", "clientOid": "cid2", "status": "done", "originSize": "1", "dealSize": "1", "success": True}])
    assert d.calls[0].path == "/api/v1/hf/orders/multi/sync"
    assert all("sync" not in body for body in d.calls[0].params["orderList"])
    assert [o["status"] for o in d.result] == ["open", "closed"]


# ---- fetch_balance with marginMode --------------------------------------------------------------------------
def test_fetch_balance_margin_modes_read_the_margin_accounts():
    d = run(ac.fetch_balance(make_ctx(), {"marginMode": "cross"}), data("account_cross_margin.json"))
    assert d.calls == [Call("GET", "/api/v3/margin/accounts", None)]
    assert d.result["USDT"] == {"free": "20.01916691", "used": "18.66939173", "total": "38.68855864", "debt": "0"}
    d = run(ac.fetch_balance(make_ctx(), {"marginMode": "isolated"}), data("account_isolated_margin.json"))
    assert d.calls == [Call("GET", "/api/v3/isolated/accounts", None)]
    assert d.result["BTC/USDT"]["USDT"]["debt"] == "0.00038891"
    d = run(ac.fetch_balance(make_ctx(), {"marginMode": "isolated", "symbol": "BTC/USDT"}),
            data("account_isolated_margin.json"))
    assert d.calls == [Call("GET", "/api/v3/isolated/accounts", {"symbol": "BTC-USDT"})]
    d = run(ac.fetch_balance(make_ctx(), {"marginMode": "cross", "type": "margin"}), data("account_cross_margin.json"))
    assert d.calls[0].path == "/api/v3/margin/accounts"


@pytest.mark.parametrize("params,match", [
    ({"marginMode": "portfolio"}, "marginMode"),
    ({"marginMode": "cross", "type": "main"}, "contradicts"),
    ({"marginMode": "cross", "foo": 1}, "foo"),
    ({"type": "main", "network": "ERC20"}, "network"),
])
def test_fetch_balance_bad_params_send_nothing(params, match):
    refused(ac.fetch_balance(make_ctx(), params), BadRequest, match)


CROSS = data("account_cross_margin.json")
ISOLATED = data("account_isolated_margin.json")


@pytest.mark.parametrize("params,answer", [
    ({"marginMode": "cross"}, []),
    ({"marginMode": "cross"}, "oops"),
    ({"marginMode": "cross"}, {**CROSS, "accounts": "x"}),
    ({"marginMode": "cross"}, {**CROSS, "accounts": [1, 2]}),
    ({"marginMode": "cross"}, {**CROSS, "accounts": [{**CROSS["accounts"][0], "total": {"v": 1}}]}),
    ({"marginMode": "cross"}, {**CROSS, "accounts": [{**CROSS["accounts"][0], "available": [1]}]}),
    ({"marginMode": "cross"}, {**CROSS, "timestamp": {"t": 1}}),
    ({"marginMode": "isolated"}, [ISOLATED]),
    ({"marginMode": "isolated"}, {**ISOLATED, "assets": {"a": 1}}),
    ({"marginMode": "isolated"}, {**ISOLATED, "assets": [None]}),
    ({"marginMode": "isolated"}, {**ISOLATED, "assets": [{**ISOLATED["assets"][0], "symbol": None}]}),
    ({"marginMode": "isolated"}, {**ISOLATED, "assets": [{**ISOLATED["assets"][0], "baseAsset": "BTC"}]}),
    ({"marginMode": "isolated"}, {**ISOLATED, "assets": [{**ISOLATED["assets"][0], "quoteAsset": [1]}]}),
    ({"type": "trade"}, {"a": 1}),
    ({"type": "trade"}, [1]),
])
def test_malformed_balance_answers_are_bad_response(params, answer):
    plan = ac.fetch_balance(make_ctx(), params)
    next(plan)
    with pytest.raises(BadResponse) as info:
        plan.send(answer)
    assert info.value.endpoint and len(str(info.value)) < 300


# ---- edit_order is as safe as create_order ------------------------------------------------------------------
OLD_ID, NEW_ID, CID = "6717422bd51c29000775ea03", "67112258f9406e0007408827", "5c52e11203aa677f33e493fb"


def hf_order(**fields):
    return {**data("spot_hf_order.json"), "dealSize": "0", "dealFunds": "0", **fields}


def lost_alter():
    return RequestTimeout("read timed out", endpoint="POST /api/v1/hf/orders/alter", outcome_unknown=True)


def alter_call():
    return Call("POST", "/api/v1/hf/orders/alter", {"symbol": "BTC-USDT", "orderId": OLD_ID, "newPrice": "61000",
                                                    "newSize": "0.00002"})


def edit(params=None, id=OLD_ID):
    return od.edit_order(make_ctx(), id, "BTC/USDT", "limit", "buy", "0.00002", "61000", params)


def test_edit_lost_answer_finds_the_new_order_by_client_id():
    d = run(edit(), lost_alter(), hf_order(active=False, cancelExist=True),
            hf_order(id=NEW_ID, active=True, price="61000", size="0.00002"))
    assert d.calls == [alter_call(), Call("GET", f"/api/v1/hf/orders/{OLD_ID}", {"symbol": "BTC-USDT"}),
                       Call("GET", f"/api/v1/hf/orders/client-order/{CID}", {"symbol": "BTC-USDT"})]
    assert (d.result["id"], d.result["clientOrderId"], d.result["status"], d.result["price"]) == (
        NEW_ID, CID, "open", "61000")


def test_edit_not_applied_is_sent_once_more_by_order_id():
    d = run(edit(), lost_alter(), hf_order(active=True), data("spot_hf_order_alter.json"))
    assert d.calls == [alter_call(), Call("GET", f"/api/v1/hf/orders/{OLD_ID}", {"symbol": "BTC-USDT"}),
                       alter_call()]
    assert d.result["id"] == NEW_ID


def test_edit_of_an_order_that_filled_reports_its_final_state():
    d = run(edit(), lost_alter(), hf_order(active=False, dealSize="0.00001"), hf_order(active=False))
    assert [c.method for c in d.calls] == ["POST", "GET", "GET"]
    assert (d.result["id"], d.result["status"]) == (OLD_ID, "closed")


def test_edit_never_unsure_raises_network_error_with_client_id():
    unreadable = RequestTimeout("again", outcome_unknown=False)
    d_calls = []

    def answer(call):
        d_calls.append(call)
        return lost_alter() if call.method == "POST" else (
            hf_order(active=True) if len(d_calls) == 2 else unreadable)
    from trading_support import Drive
    with pytest.raises(NetworkError) as info:
        Drive(edit(), answer)
    assert info.value.outcome_unknown is True and info.value.client_order_id == CID
    assert [c.method for c in d_calls].count("POST") == 2  # sent at most twice, never after a replacement


def test_edit_by_client_id_resolves_the_order_id_first():
    d = run(edit({"clientOrderId": CID}, id=None), hf_order(active=True), lost_alter(),
            hf_order(active=False, cancelExist=True), hf_order(id=NEW_ID, active=True))
    assert d.calls[0] == Call("GET", f"/api/v1/hf/orders/client-order/{CID}", {"symbol": "BTC-USDT"})
    assert d.calls[1] == Call("POST", "/api/v1/hf/orders/alter", {**alter_call().params}, client_order_id=CID)
    assert d.result["id"] == NEW_ID


@pytest.mark.parametrize("id,params,error,match", [
    (float("nan"), None, BadRequest, "order id"),
    ("../../api/v1/accounts", None, BadRequest, "order id"),
    (OLD_ID, {"stop": True}, InvalidOrder, "HF spot"),
    (OLD_ID, {"marginMode": "cross"}, InvalidOrder, "HF spot"),
    (OLD_ID, {"foo": 1}, BadRequest, "foo"),
    (None, {"clientOrderId": "bad id!"}, BadRequest, "clientOrderId"),
])
def test_edit_bad_arguments_send_nothing(id, params, error, match):
    refused(edit(params, id=id), error, match)


# ---- the other order and funding plans: no ccxt name on the wire ----------------------------------------------
@pytest.mark.parametrize("plan", [
    lambda: fd.fetch_deposits(money_ctx(), "USDT", None, None, {"network": "TRC20"}),
    lambda: fd.fetch_withdrawals(money_ctx(), None, None, None, {"marginMode": "cross"}),
    lambda: fd.borrow_margin(money_ctx(), "USDT", "10", None, {"marginMode": "cross"}),
    lambda: fd.repay_margin(money_ctx(), "USDT", "10", None, {"foo": 1}),
    lambda: fd.fetch_borrow_interest(money_ctx(), "USDT", None, None, None, {"sync": True}),
    lambda: od.fetch_open_orders(make_ctx(), "BTC/USDT", None, None, {"sync": True}),
    lambda: od.fetch_closed_orders(make_ctx(), "BTC/USDT", None, None, {"network": "ERC20"}),
    lambda: od.fetch_my_trades(make_ctx(), "BTC/USDT", None, None, {"paginate": True}),
    lambda: od.cancel_all_orders(make_ctx(), "BTC/USDT", {"sync": True}),
])
def test_ccxt_params_are_never_forwarded_by_the_other_plans(plan):
    refused(plan(), BadRequest)


def test_until_becomes_kucoins_end_of_window():
    d = run(fd.fetch_deposits(money_ctx(), "USDT", None, None, {"until": 1721000000000}), {"items": []})
    assert d.calls == [Call("GET", "/api/v1/deposits", {"currency": "USDT", "endAt": 1721000000000})]
    d = run(od.fetch_closed_orders(make_ctx(), "BTC/USDT", None, None, {"until": 1721000000000}), {"items": []})
    assert d.calls[0].params == {"symbol": "BTC-USDT", "endAt": 1721000000000}


@pytest.mark.parametrize("side,stop,field", [("sell", "loss", "stopLossPrice"), ("buy", "entry", "stopLossPrice"),
                                             ("buy", "loss", "takeProfitPrice"), ("sell", "entry", "takeProfitPrice")])
def test_parsed_stop_order_names_the_price_by_what_it_protects(side, stop, field):
    from kucoin_connector.spot.parsers.orders import parse_order
    order = parse_order({**data("spot_stop_order.json"), "side": side, "stop": stop}, None, make_ctx().num)
    other = "takeProfitPrice" if field == "stopLossPrice" else "stopLossPrice"
    assert order[field] == order["triggerPrice"] is not None and order[other] is None
