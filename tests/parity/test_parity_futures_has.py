"""KucoinFutures' ``has`` against ccxt 4.5.90's ``kucoinfutures``: every capability ccxt says it has is either
True here or a documented row of conformance/has_deviations.py, and every row is a real gap."""
from __future__ import annotations

from kucoin_conformance.has_deviations import FUTURES_HAS_DEVIATIONS
from kucoin_connector import AsyncKucoinFutures, KucoinFutures


def _ccxt_has() -> dict:
    import ccxt  # the `parity` extra

    return ccxt.kucoinfutures().has


def test_the_gap_to_ccxt_is_exactly_the_documented_table():
    theirs = _ccxt_has()
    gap = {key for key, value in theirs.items()
           if value in (True, "emulated") and KucoinFutures.has.get(key) is not True}
    assert gap == set(FUTURES_HAS_DEVIATIONS), (sorted(gap - set(FUTURES_HAS_DEVIATIONS)),
                                                sorted(set(FUTURES_HAS_DEVIATIONS) - gap))


def test_every_row_gives_a_cause_and_both_faces_agree():
    assert all(isinstance(why, str) and len(why) > 40 for why in FUTURES_HAS_DEVIATIONS.values())
    assert KucoinFutures.has == AsyncKucoinFutures.has
    for key in FUTURES_HAS_DEVIATIONS:
        assert KucoinFutures.has[key] is False, key


def test_what_ccxt_has_and_we_have_includes_the_ledger_and_the_every_contract_lists():
    theirs = _ccxt_has()
    for key in ("fetchLedger", "fetchTransfers", "fetchMarkPrices", "fetchFundingRates", "fetchFundingInterval",
                "fetchLeverageTiers", "fetchTradingFee", "fetchOpenInterests", "fetchPositionHistory",
                "fetchOrdersByStatus", "createMarketOrderWithCost", "createMarketBuyOrderWithCost",
                "createMarketSellOrderWithCost", "fetchPositionADLRank", "fetchPositionsADLRank"):
        assert theirs[key] is True and KucoinFutures.has[key] is True, key
