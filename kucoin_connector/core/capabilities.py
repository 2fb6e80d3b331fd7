"""The capability list: every ccxt ``has`` key, and ``build_has`` to fill one honestly.

Layer: pure core (data and one pure function; no I/O).
Rule: ``has`` must tell the truth, because bots and test suites read it to decide what to call
(https://docs.ccxt.com/#/Manual?id=exchange-properties, "has"). So every known key is always
present, only what a face really implements is True, and a misspelt name is an error rather than a
silently missing capability. Keys are ccxt 4.5's, in camelCase (``fetchOHLCV``, ``watchOrderBook``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "FLAG_CAPABILITIES",
    "METHOD_CAPABILITIES",
    "ALL_CAPABILITIES",
    "HasValue",
    "build_has",
]

HasValue = bool | str | None  # True, False, "emulated", or None (unknown), as in ccxt

# Keys that describe the exchange rather than name a method: API halves, CORS, the sandbox, the
# ccxt.pro ``ws`` marker, and the market types (spot, margin, swap, future, option, index).
FLAG_CAPABILITIES: tuple[str, ...] = (
    "publicAPI", "privateAPI", "CORS", "sandbox", "ws", "spot", "margin", "swap", "future", "option", "index",
)

# The method keys ccxt 4.5's base Exchange declares (describe()["has"]), sorted case-insensitively...
_BASE_METHOD_CAPABILITIES: tuple[str, ...] = (
    "addMargin", "borrowCrossMargin", "borrowIsolatedMargin", "borrowMargin", "cancelAllOrders",
    "cancelAllOrdersWs", "cancelOrder", "cancelOrders", "cancelOrdersWithClientOrderId", "cancelOrdersWs",
    "cancelOrderWithClientOrderId", "cancelOrderWs", "closeAllPositions", "closePosition", "createDepositAddress",
    "createLimitBuyOrder", "createLimitBuyOrderWs", "createLimitOrder", "createLimitOrderWs",
    "createLimitSellOrder", "createLimitSellOrderWs", "createMarketBuyOrder", "createMarketBuyOrderWithCost",
    "createMarketBuyOrderWithCostWs", "createMarketBuyOrderWs", "createMarketOrder", "createMarketOrderWithCost",
    "createMarketOrderWithCostWs", "createMarketOrderWs", "createMarketSellOrder", "createMarketSellOrderWithCost",
    "createMarketSellOrderWithCostWs", "createMarketSellOrderWs", "createOrder", "createOrders",
    "createOrderWithTakeProfitAndStopLoss", "createOrderWithTakeProfitAndStopLossWs", "createOrderWs",
    "createPostOnlyOrder", "createPostOnlyOrderWs", "createReduceOnlyOrder", "createReduceOnlyOrderWs",
    "createStopLimitOrder", "createStopLimitOrderWs", "createStopLossOrder", "createStopLossOrderWs",
    "createStopMarketOrder", "createStopMarketOrderWs", "createStopOrder", "createStopOrderWs",
    "createTakeProfitOrder", "createTakeProfitOrderWs", "createTrailingAmountOrder", "createTrailingAmountOrderWs",
    "createTrailingPercentOrder", "createTrailingPercentOrderWs", "createTriggerOrder", "createTriggerOrderWs",
    "deposit", "editOrder", "editOrders", "editOrderWithClientOrderId", "editOrderWs", "fetchAccounts",
    "fetchADLRank", "fetchBalance", "fetchBalanceWs", "fetchBidsAsks", "fetchBorrowInterest", "fetchBorrowRate",
    "fetchBorrowRateHistories", "fetchBorrowRateHistory", "fetchBorrowRates", "fetchBorrowRatesPerSymbol",
    "fetchCanceledAndClosedOrders", "fetchCanceledOrders", "fetchClosedOrder", "fetchClosedOrders",
    "fetchClosedOrdersWs", "fetchConvertCurrencies", "fetchConvertQuote", "fetchConvertTrade",
    "fetchConvertTradeHistory", "fetchCrossBorrowRate", "fetchCrossBorrowRates", "fetchCurrencies",
    "fetchCurrenciesWs", "fetchDeposit", "fetchDepositAddress", "fetchDepositAddresses",
    "fetchDepositAddressesByNetwork", "fetchDeposits", "fetchDepositsWithdrawals", "fetchDepositsWs",
    "fetchDepositWithdrawFee", "fetchDepositWithdrawFees", "fetchFundingHistory", "fetchFundingInterval",
    "fetchFundingIntervals", "fetchFundingRate", "fetchFundingRateHistory", "fetchFundingRates", "fetchGreeks",
    "fetchIndexOHLCV", "fetchIsolatedBorrowRate", "fetchIsolatedBorrowRates", "fetchIsolatedPositions",
    "fetchL2OrderBook", "fetchL3OrderBook", "fetchLastPrices", "fetchLedger", "fetchLedgerEntry", "fetchLeverage",
    "fetchLeverages", "fetchLeverageTiers", "fetchLiquidations", "fetchLongShortRatio",
    "fetchLongShortRatioHistory", "fetchMarginAdjustmentHistory", "fetchMarginMode", "fetchMarginModes",
    "fetchMarketLeverageTiers", "fetchMarkets", "fetchMarketsWs", "fetchMarkOHLCV", "fetchMarkPrices",
    "fetchMyLiquidations", "fetchMySettlementHistory", "fetchMyTrades", "fetchMyTradesWs", "fetchOHLCV",
    "fetchOHLCVWs", "fetchOpenInterest", "fetchOpenInterestHistory", "fetchOpenInterests", "fetchOpenOrder",
    "fetchOpenOrders", "fetchOpenOrdersWs", "fetchOption", "fetchOptionChain", "fetchOrder", "fetchOrderBook",
    "fetchOrderBooks", "fetchOrderBookWs", "fetchOrders", "fetchOrdersByStatus", "fetchOrdersWs",
    "fetchOrderTrades", "fetchOrderWithClientOrderId", "fetchOrderWs", "fetchPosition", "fetchPositionADLRank",
    "fetchPositionHistory", "fetchPositionMode", "fetchPositions", "fetchPositionsADLRank",
    "fetchPositionsForSymbol", "fetchPositionsForSymbolWs", "fetchPositionsHistory", "fetchPositionsRisk",
    "fetchPositionsWs", "fetchPositionWs", "fetchPremiumIndexOHLCV", "fetchSettlementHistory", "fetchStatus",
    "fetchTicker", "fetchTickers", "fetchTickersWs", "fetchTickerWs", "fetchTime", "fetchTrades", "fetchTradesWs",
    "fetchTradingFee", "fetchTradingFees", "fetchTradingFeesWs", "fetchTradingLimits", "fetchTransactionFee",
    "fetchTransactionFees", "fetchTransactions", "fetchTransfer", "fetchTransfers", "fetchUnderlyingAssets",
    "fetchVolatilityHistory", "fetchWithdrawAddresses", "fetchWithdrawal", "fetchWithdrawals", "fetchWithdrawalsWs",
    "fetchWithdrawalWhitelist", "reduceMargin", "repayCrossMargin", "repayIsolatedMargin", "setLeverage",
    "setMargin", "setMarginMode", "setPositionMode", "signIn", "transfer", "unWatchMyTrades", "unWatchOHLCV",
    "unWatchOHLCVForSymbols", "unWatchOrderBook", "unWatchOrderBookForSymbols", "unWatchOrders", "unWatchPositions",
    "unWatchTicker", "unWatchTickers", "unWatchTrades", "unWatchTradesForSymbols", "watchBalance", "watchBidsAsks",
    "watchLiquidations", "watchLiquidationsForSymbols", "watchMyLiquidations", "watchMyLiquidationsForSymbols",
    "watchMyTrades", "watchOHLCV", "watchOHLCVForSymbols", "watchOrderBook", "watchOrderBookForSymbols",
    "watchOrders", "watchOrdersForSymbols", "watchPosition", "watchPositions", "watchStatus", "watchTicker",
    "watchTickers", "watchTrades", "watchTradesForSymbols", "withdraw",
)

# ...plus keys the base does not declare but individual ccxt 4.5 exchanges do, for methods the base
# Exchange defines (kucoin itself declares fetchMarkPrice, watch/unWatch FundingRate and MarkPrice).
_EXTRA_METHOD_CAPABILITIES: tuple[str, ...] = (
    "cancelAllOrdersAfter", "cancelOrdersForSymbols", "createConvertTrade", "createOrdersWs", "createTwapOrder",
    "fetchAllGreeks", "fetchMarkPrice", "repayMargin", "unWatchBidsAsks", "unWatchFundingRate",
    "unWatchFundingRates", "unWatchMarkPrice", "unWatchMarkPrices", "watchFundingRate", "watchFundingRates",
    "watchMarkPrice", "watchMarkPrices", "watchMyTradesForSymbols", "withdrawWs",
)

METHOD_CAPABILITIES: tuple[str, ...] = _BASE_METHOD_CAPABILITIES + _EXTRA_METHOD_CAPABILITIES
ALL_CAPABILITIES: tuple[str, ...] = FLAG_CAPABILITIES + METHOD_CAPABILITIES

_KNOWN: frozenset[str] = frozenset(ALL_CAPABILITIES)
_FLAGS: frozenset[str] = frozenset(FLAG_CAPABILITIES)


def _names(argument: str, values: Iterable[str]) -> set[str]:
    """Return the names as a set, refusing a bare string (it would iterate as characters)."""
    if isinstance(values, str):
        raise TypeError(f"{argument} must be an iterable of capability names, not a single string")
    names = set(values)
    unknown = sorted(names - _KNOWN)
    if unknown:
        raise ValueError(f"unknown capabilities in {argument}: {', '.join(unknown)}")
    return names


def build_has(
    implemented: Iterable[str],
    emulated: Iterable[str] = (),
    market_types: Mapping[str, bool | None] | None = None,
) -> dict[str, HasValue]:
    """Return a complete ``has`` dict in ALL_CAPABILITIES order.

    ``implemented`` names become True, ``emulated`` names become ``"emulated"``, ``market_types``
    sets flags (``{"spot": True, "swap": False}``; None means unknown, as ccxt allows); everything
    else is False. Unknown names anywhere raise ValueError, as does a name given twice with
    different meanings (implemented and emulated, or a flag both listed and in market_types), or an
    emulated flag (a market type cannot be emulated).
    """
    done = _names("implemented", implemented)
    faked = _names("emulated", emulated)
    both = sorted(done & faked)
    if both:
        raise ValueError(f"capabilities both implemented and emulated: {', '.join(both)}")
    faked_flags = sorted(faked & _FLAGS)
    if faked_flags:
        raise ValueError(f"flags cannot be emulated: {', '.join(faked_flags)}")
    flags = dict(market_types or {})
    not_flags = sorted(set(flags) - _FLAGS)
    if not_flags:
        raise ValueError(f"market_types accepts only flags {FLAG_CAPABILITIES}, got: {', '.join(not_flags)}")
    bad_values = sorted(name for name, value in flags.items() if value not in (True, False, None))
    if bad_values:
        raise ValueError(f"market_types values must be True, False or None: {', '.join(bad_values)}")
    twice = sorted(done & set(flags))
    if twice:
        raise ValueError(f"flags given in both implemented and market_types: {', '.join(twice)}")
    has: dict[str, HasValue] = {}
    for name in ALL_CAPABILITIES:
        if name in done:
            has[name] = True
        elif name in faked:
            has[name] = "emulated"
        elif name in flags:
            has[name] = flags[name]
        else:
            has[name] = False
    return has
