"""One positive-amount check (core.precision.positive_decimal) for order sizes, transfers, withdrawals and
margin loans: the same rules and the same message style everywhere, only the error class differs
(InvalidOrder on orders, BadRequest elsewhere). Nothing is sent for a refused amount."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector.core.precision import positive_decimal
from kucoin_connector.errors import BadRequest, InvalidOrder
from kucoin_connector.spot.order_rules import check_amount, check_funds
from kucoin_connector.spot.plans import account as ac
from kucoin_connector.spot.plans import funding as fd
from money_support import money_ctx
from trading_support import make_ctx

MARKET = {"symbol": "BTC/USDT", "info": {"baseIncrement": "0.00000001", "quoteIncrement": "0.000001",
                                         "baseMinSize": "0.00001", "minFunds": "0.1"}}

BAD = [  # value, words in the message
    (None, "is required"),
    ("abc", "invalid"),
    (True, "invalid"),
    ("0", "must be positive"),
    ("-1", "must be positive"),
    ("1e50", "out of range"),
    ("1e-50", "out of range"),
]


@pytest.mark.parametrize("value, words", BAD)
def test_positive_decimal_rules_and_messages(value, words):
    with pytest.raises(BadRequest, match=words):
        positive_decimal(value, "amount")
    with pytest.raises(InvalidOrder, match=words) as info:
        positive_decimal(value, "amount", error=InvalidOrder, where="BTC/USDT")
    assert "for BTC/USDT" in str(info.value)


def test_positive_decimal_is_exact():
    assert positive_decimal("0.10", "amount") == Decimal("0.10")
    assert positive_decimal(0.1, "amount") == Decimal("0.1")


def _refused(plan, error):
    with pytest.raises(error) as info:
        next(plan)
    return str(info.value)


@pytest.mark.parametrize("value, words", [b for b in BAD if b[0] is not None])
def test_every_caller_applies_the_same_check(value, words):
    with pytest.raises(InvalidOrder, match=words):
        check_amount(MARKET, value)
    with pytest.raises(InvalidOrder, match=words):
        check_funds(MARKET, value)
    messages = [
        _refused(ac.transfer(make_ctx(), "USDT", value, "main", "trade"), BadRequest),
        _refused(fd.withdraw(money_ctx(), "USDT", value, "0xabc"), BadRequest),
        _refused(fd.borrow_margin(money_ctx(), "USDT", value), BadRequest),
    ]
    assert all(words in m for m in messages), messages
