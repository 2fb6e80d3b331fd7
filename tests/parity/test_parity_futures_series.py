"""ccxt's implicit methods for KuCoin Futures' point series (index, premium index, interest rate) and ours,
on one paused simulator: the same whole answer for the same params."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("name", "symbol"), [("futuresPublicGetIndexQuery", ".KXBTUSDT"),
                                              ("futuresPublicGetPremiumQuery", ".XBTUSDTMPI"),
                                              ("futuresPublicGetInterestQuery", ".USDTINT8H")])
def test_the_implicit_series_methods_agree_with_ccxt(name, symbol):
    from kucoin_conformance.impls import ccxt_exchange
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    with Simulator(seed=9, symbols=8, tick_interval=0) as sim:
        sim.step(5)
        sim.pause()
        urls = {"spot": sim.spot_url, "futures": sim.futures_url}
        theirs = ccxt_exchange("kucoinfutures", urls, {})
        with KucoinFutures({"urls": {"api": urls}}) as ours:
            for params in ({"symbol": symbol}, {"symbol": symbol, "maxCount": 5, "reverse": False}):
                assert getattr(ours, name)(params) == getattr(theirs, name)(dict(params))
