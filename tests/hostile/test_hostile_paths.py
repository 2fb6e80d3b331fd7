"""Path parameters stay path parameters: an id that is not a plausible KuCoin id is refused before
anything is sent, whichever plan or helper puts it into a path (issue 7, section 2)."""
from __future__ import annotations

import pytest

from hostile_support import face
from kucoin_connector.rest.calls import Call, path, path_segment, prepare
from kucoin_connector.errors import BadRequest

ORDER_ID = "6717422bd51c29000775ea03"
BAD_SEGMENTS = ["..", ".", "../../../api/v1/accounts", "a/b", "a?b", "a#b", "a%2Fb", "a b", " a", "a\n", "a\x00",
                "\u00e9t\u00e9", "", "x" * 65, ORDER_ID + "?symbol=ETH-USDT&a="]


@pytest.fixture
def ex():
    ex = face(lambda method, p, query: {"id": ORDER_ID, "symbol": "BTC-USDT", "orderId": ORDER_ID})
    ex.load_markets()
    ex.recorder.sent.clear()
    return ex


@pytest.mark.parametrize("bad", BAD_SEGMENTS)
def test_path_helper_refuses_anything_but_an_id(bad):
    with pytest.raises(BadRequest, match="order id"):
        path("/api/v1/hf/orders/{}", bad, what="order id")


@pytest.mark.parametrize("bad", [None, 1.5, True, b"abc", ["a"]])
def test_path_helper_refuses_non_strings(bad):
    with pytest.raises(BadRequest):
        path_segment(bad)


def test_path_helper_accepts_kucoin_ids():
    assert path("/api/v1/hf/orders/{}", ORDER_ID) == "/api/v1/hf/orders/" + ORDER_ID
    assert path("/api/v1/hf/orders/client-order/{}", "my_cid-1") == "/api/v1/hf/orders/client-order/my_cid-1"


@pytest.mark.parametrize("raw", ["/api/v1/hf/orders/../../../api/v1/accounts", "/api/v1/hf/orders/x?symbol=ETH-USDT",
                                 "/api/v1/hf/orders/x#f", "/api/v1/hf/orders/a%2F", "/api/v1/hf/orders/a b",
                                 "/api/v1//accounts", "/api/v1/./accounts", "/api/v1/\u00e9"])
def test_prepare_refuses_unsafe_paths_whoever_built_them(raw):
    with pytest.raises(BadRequest, match="path"):
        prepare(Call("GET", raw))


def test_fetch_order_with_traversal_id_sends_nothing(ex):
    with pytest.raises(BadRequest):
        ex.fetch_order("../../../api/v1/accounts", "BTC/USDT")
    assert ex.recorder.sent == []


def test_cancel_order_id_cannot_smuggle_a_query(ex):
    with pytest.raises(BadRequest):
        ex.cancel_order(ORDER_ID + "?symbol=ETH-USDT&a=", "BTC/USDT")
    assert ex.recorder.sent == []


@pytest.mark.parametrize("method", ["fetch_order", "cancel_order"])
def test_client_order_id_in_a_path_is_checked(ex, method):
    with pytest.raises(BadRequest):
        getattr(ex, method)(None, "BTC/USDT", {"clientOrderId": "../accounts"})
    assert ex.recorder.sent == []


def test_call_api_path_is_checked(ex):
    with pytest.raises(BadRequest):
        ex.call_api("GET", "/api/v1/hf/orders/../../../api/v1/accounts")
    assert ex.recorder.sent == []


def test_a_real_id_goes_out_unchanged(ex):
    ex.fetch_order(ORDER_ID, "BTC/USDT")
    ex.cancel_order(ORDER_ID, "BTC/USDT")
    ex.cancel_order(None, "BTC/USDT", {"clientOrderId": "cid_1-a"})
    assert [(m, p) for m, p, _q, _b in ex.recorder.sent] == [
        ("GET", "/api/v1/hf/orders/" + ORDER_ID), ("DELETE", "/api/v1/hf/orders/" + ORDER_ID),
        ("DELETE", "/api/v1/hf/orders/client-order/cid_1-a")]
