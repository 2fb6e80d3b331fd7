from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.rest.calls import Call, encode_body, encode_query, prepare
from kucoin_connector.errors import BadRequest


def test_query_is_built_once_in_order_without_nones():
    assert encode_query({"symbol": "BTC-USDT", "x": None, "startAt": 5, "flag": True}) == \
        "symbol=BTC-USDT&startAt=5&flag=true"
    assert encode_query({"a": "x y,z"}) == "a=x%20y%2Cz"
    assert encode_query({"p": Decimal("1E-8")}) == "p=0.00000001"
    assert encode_query({"p": 1e-8}) == "p=0.00000001"


def test_body_compact_json_with_plain_decimals():
    assert encode_body({"size": Decimal("1E-8"), "price": "1.5", "skip": None}) == '{"size":"0.00000001","price":"1.5"}'
    assert encode_body(None) == ""
    with pytest.raises(BadRequest):
        encode_body({"x": object()})
    with pytest.raises(BadRequest):
        encode_query({"x": float("nan")})


def test_prepare_get_uses_table_metadata():
    p = prepare(Call("GET", "/api/v1/market/stats", {"symbol": "BTC-USDT"}))
    assert p.request_path == "/api/v1/market/stats?symbol=BTC-USDT" and p.body == ""
    assert (p.host, p.private, p.pool, p.weight) == ("spot", False, "Public", 15)


def test_prepare_private_templated_and_post_body():
    p = prepare(Call("GET", "/api/v3/market/orderbook/level2", {"symbol": "BTC-USDT"}))
    assert p.private is True
    p = prepare(Call("POST", "/api/v1/hf/orders", {"symbol": "BTC-USDT", "size": "1"}, client_order_id="c1"))
    assert p.request_path == "/api/v1/hf/orders" and p.body == '{"symbol":"BTC-USDT","size":"1"}'
    assert p.private and p.pool == "Spot" and p.client_order_id == "c1"


def test_prepare_rejects_relative_path():
    with pytest.raises(BadRequest):
        prepare(Call("GET", "api/v1/timestamp"))
