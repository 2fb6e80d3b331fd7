"""Documented ``has`` gaps: each capability ccxt 4.5.90's ``kucoinfutures`` says True (or ``"emulated"``) that
``KucoinFutures`` does not implement, and why.

Layer: conformance. Rule: data only. tests/futures/test_futures_has_parity.py checks that the difference
between ``ccxt.kucoinfutures().has`` and ``KucoinFutures.has`` is exactly these keys, so a new gap (or a gap
closed without removing its row) cannot go unnoticed. The causes were read from ccxt 4.5.90's source (which
endpoint its method calls) and KuCoin's spec (reference/kucoin-openapi/apis.csv, the futures rows).
"""
from __future__ import annotations

__all__ = ["FUTURES_HAS_DEVIATIONS"]

_SPOT_ACCOUNT = ("a spot-account operation ccxt's kucoinfutures inherits from its kucoin class and sends to the "
                 "spot host ({}); KuCoin's futures spec has no such endpoint, and the connector keeps spot "
                 "operations on the spot face `Kucoin`, not on the futures one")
_SPOT_MARGIN = ("a spot-margin operation ccxt's kucoinfutures inherits from its kucoin class and sends to the spot "
                "host ({}); KuCoin Futures has no borrowing, and the connector keeps margin on the spot face "
                "`Kucoin`")
_UTA_ONLY = ("ccxt serves it only from KuCoin's unified-account (UTA) host ({}); KuCoin's classic futures spec "
             "has no endpoint for it")

FUTURES_HAS_DEVIATIONS: dict[str, str] = {
    "publicAPI": "an informational flag the connector leaves False on both faces (every method says for itself "
                 "whether it is public or private in the endpoint table)",
    "privateAPI": "an informational flag the connector leaves False on both faces (see publicAPI)",
    "fetchCurrencies": _SPOT_ACCOUNT.format("currencies, from the UTA or spot host; the futures host lists "
                                            "contracts only"),
    "fetchCurrenciesWs": "ccxt emulates it with fetchCurrencies (spot host); see fetchCurrencies",
    "fetchAccounts": _SPOT_ACCOUNT.format("GET /api/v1/accounts"),
    "fetchDeposits": _SPOT_ACCOUNT.format("GET /api/v1/deposits"),
    "fetchWithdrawals": _SPOT_ACCOUNT.format("GET /api/v1/withdrawals"),
    "withdraw": _SPOT_ACCOUNT.format("POST /api/v3/withdrawals"),
    "createDepositAddress": _SPOT_ACCOUNT.format("POST /api/v3/deposit-address/create"),
    "fetchDepositAddress": _SPOT_ACCOUNT.format("GET /api/v3/deposit-addresses"),
    "fetchDepositAddressesByNetwork": _SPOT_ACCOUNT.format("GET /api/v3/deposit-addresses"),
    "fetchDepositWithdrawFee": _SPOT_ACCOUNT.format("GET /api/v1/withdrawals/quotas"),
    "fetchDepositWithdrawFees": _SPOT_ACCOUNT.format("GET /api/v3/currencies"),
    "fetchTransactionFee": _SPOT_ACCOUNT.format("GET /api/v1/withdrawals/quotas"),
    "borrowCrossMargin": _SPOT_MARGIN.format("POST /api/v3/margin/borrow"),
    "borrowIsolatedMargin": _SPOT_MARGIN.format("POST /api/v3/margin/borrow"),
    "repayCrossMargin": _SPOT_MARGIN.format("POST /api/v3/margin/repay"),
    "repayIsolatedMargin": _SPOT_MARGIN.format("POST /api/v3/margin/repay"),
    "fetchBorrowInterest": _SPOT_MARGIN.format("the cross and isolated margin accounts"),
    "fetchBorrowRateHistory": _SPOT_MARGIN.format("GET /api/v3/margin/interest"),
    "fetchBorrowRateHistories": _SPOT_MARGIN.format("GET /api/v3/margin/interest"),
    "fetchCrossBorrowRate": _SPOT_MARGIN.format("the margin borrow rate, or the UTA host"),
    "fetchMarkOHLCV": _UTA_ONLY.format("mark-price klines; /api/v1/kline/query has trade candles only"),
    "fetchIndexOHLCV": _UTA_ONLY.format("index-price klines; /api/v1/index/query lists index points, not "
                                        "candles"),
    "fetchPremiumIndexOHLCV": _UTA_ONLY.format("premium-index klines; /api/v1/premium/query lists premium "
                                               "points, not candles"),
    "fetchOpenInterestHistory": _UTA_ONLY.format("its open-interest history"),
    "fetchL3OrderBook": "KuCoin's futures spec has no order-by-order (level 3) REST book; ccxt's kucoin class claims "
                        "it without a KuCoin method of its own",
    "fetchPositionMode": "ccxt calls GET /api/v2/position/getPositionMode, which is not in KuCoin's official "
                         "spec (reference/kucoin-endpoints.tsv lists it as unverified); without the spec's "
                         "request and answer the connector does not guess the wire format",
    "setPositionMode": "ccxt calls POST /api/v2/position/switchPositionMode, not in KuCoin's official spec "
                       "(unverified, as fetchPositionMode); KuCoin Futures positions stay one-way here",
}
