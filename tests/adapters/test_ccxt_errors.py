"""With the adapter, every connector error is also an instance of ccxt's class of the same name, with the
same message, and ``except ccxt.X`` catches it exactly where it would catch ccxt's own error."""
from __future__ import annotations

import abc
import asyncio
import pickle

import ccxt
import pytest
from ccxt.base import errors as ccxt_errors

from kucoin_connector import errors as ours
from kucoin_connector_adapters import ccxt_dropin, ccxt_errors as adapter

SYMBOL = "BTC/USDT"


def test_a_registered_virtual_base_is_not_enough_for_except():
    """Why the adapter builds real subclasses: ``except`` ignores ``__subclasscheck__``."""
    class Virtual(Exception, metaclass=abc.ABCMeta):
        pass
    Virtual.register(ours.InsufficientFunds)
    assert isinstance(ours.InsufficientFunds("x"), Virtual)
    with pytest.raises(ours.InsufficientFunds):
        try:
            raise ours.InsufficientFunds("x")
        except Virtual:  # never taken
            pytest.fail("except matched a virtual base")


@pytest.mark.parametrize("name", sorted(ours.ERROR_CLASSES))
def test_each_class_is_both_and_sits_under_exactly_ccxts_ancestors(name):
    dual = adapter.ccxt_class_for(ours.ERROR_CLASSES[name])
    counterpart = getattr(ccxt_errors, name)
    assert issubclass(dual, ours.ERROR_CLASSES[name]) and issubclass(dual, counterpart)
    ccxt_classes = [c for c in vars(ccxt_errors).values() if isinstance(c, type) and issubclass(c, Exception)]
    # except-order in hosts assumes ccxt's tree: the dual class is under a ccxt class iff ccxt's own is
    assert {c for c in ccxt_classes if issubclass(dual, c)} == {c for c in ccxt_classes
                                                               if issubclass(counterpart, c)}


def test_conversion_keeps_object_message_context_and_pickles():
    exc = ours.InsufficientFunds("Balance insufficient!", code="200004", http_status=200, endpoint="POST /x")
    assert adapter.as_ccxt(exc) is exc
    assert isinstance(exc, ccxt.InsufficientFunds) and isinstance(exc, ours.InsufficientFunds)
    assert str(exc) == "Balance insufficient!" and exc.code == "200004"
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is type(exc) and again.code == "200004" and str(again) == str(exc)
    plain = ValueError("not ours")
    assert adapter.as_ccxt(plain) is plain and type(plain) is ValueError


def test_insufficient_funds_from_the_exchange_is_ccxts(sim, urls, creds):
    ccxt_dropin.install()
    ex = ccxt.kucoin({"urls": urls, **creds})
    price = ex.fetch_ticker(SYMBOL)["bid"]
    with pytest.raises(ccxt.InsufficientFunds) as info:  # Freqtrade logs and skips the entry
        ex.create_order(SYMBOL, "limit", "buy", 1000, price)
    assert isinstance(info.value, ours.InsufficientFunds)
    assert info.value.args == (str(info.value),) and str(info.value)  # same message, as one argument


def test_a_burst_of_503s_is_ccxts_exchange_not_available(sim, urls):
    ccxt_dropin.install()
    ex = ccxt.kucoin({"urls": urls, "options": {"maxRetries": 0}})
    ex.load_markets()
    sim.add_fault({"path": "/api/v1/market/orderbook/level2_20", "kind": "status", "status": 503, "count": 5})
    with pytest.raises(ccxt.ExchangeNotAvailable) as info:  # Freqtrade retries on ccxt.NetworkError
        ex.fetch_l2_order_book(SYMBOL, 20)
    assert isinstance(info.value, ccxt.NetworkError) and isinstance(info.value, ours.ExchangeNotAvailable)


def test_rate_limit_on_the_asyncio_face_is_ccxts(sim, urls):
    ccxt_dropin.install()
    import ccxt.pro

    async def go():
        ex = ccxt.pro.kucoin({"urls": urls, "options": {"maxRetries": 0}})
        try:
            await ex.load_markets()
            sim.add_fault({"path": "/api/v1/market/orderbook/level2_20", "kind": "code", "code": "429000",
                           "status": 429, "count": 5})
            await ex.fetch_order_book(SYMBOL, 20)
        finally:
            await ex.close()

    with pytest.raises(ccxt.RateLimitExceeded) as info:  # ccxt 4.5: a NetworkError, as ccxt's kucoin raises
        asyncio.run(go())
    assert isinstance(info.value, ccxt.NetworkError) and isinstance(info.value, ours.RateLimitExceeded)


def test_refusals_before_any_request_are_ccxts_too(sim, urls):
    ccxt_dropin.install()
    with pytest.raises(ccxt.BadRequest, match="publik"):  # the constructor
        ccxt.kucoin({"urls": {"api": {"publik": sim.spot_url}}})
    ex = ccxt.kucoin({"urls": urls})
    with pytest.raises(ccxt.BadSymbol):  # a helper
        ex.market("NOPE/USDT")
    with pytest.raises(ccxt.BadRequest):  # a property setter
        ex.options = {"poolSize": 2}
    with pytest.raises(ccxt.ArgumentsRequired):
        ex.calculate_fee(SYMBOL, "market", "buy", 1, 1, "maker")
    with pytest.raises(ccxt.BadRequest):  # a static method
        ex.parse_timeframe("7x")
