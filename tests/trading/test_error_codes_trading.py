"""Trading rejections map to the classes bots catch (trading_shared.md, "Rejections")."""
from __future__ import annotations

import pytest

from kucoin_connector import errors as E
from kucoin_connector.rest.error_codes import exception_class_for


@pytest.mark.parametrize("code,message,expected", [
    ("400100", "The clientOid already exists", E.DuplicateOrderId),
    ("400100", "The clientOid already exists.", E.DuplicateOrderId),
    ("200004", "Balance insufficient!", E.InsufficientFunds),
    ("400100", "Order size below the minimum requirement.", E.InvalidOrder),
    ("400100", "Order funds below the minimum requirement.", E.InvalidOrder),
    ("400100", "Price increment invalid.", E.InvalidOrder),
    ("400700", "Price out of range", E.InvalidOrder),
    ("400100", "Unsupported trading pair.", E.BadSymbol),
    ("400600", "Trading of this symbol is suspended", E.BadSymbol),
    ("400100", "order_not_exist", E.OrderNotFound),
    ("400100", "order_not_exist_or_not_allow_to_cancel", E.OrderNotFound),
])
def test_order_rejections(code, message, expected):
    assert exception_class_for(code, message, 200, "POST", "/api/v1/hf/orders") is expected


def test_amount_increment_is_invalid_order_only_on_order_endpoints():
    msg = "The amount increment is invalid."
    assert exception_class_for("400100", msg, 200, "POST", "/api/v1/hf/orders") is E.InvalidOrder
    assert exception_class_for("400100", msg, 200, "POST", "/api/v3/hf/margin/order") is E.InvalidOrder
    assert exception_class_for("400100", msg, 200, "POST", "/api/v3/withdrawals") is E.BadRequest
    assert exception_class_for("400100", msg, 200) is E.BadRequest
