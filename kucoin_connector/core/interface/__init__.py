"""The unified interface: the two abstract faces, the list of unified method names, ``has`` key names.

Layer: pure core (declarations and one string function; no I/O, no clock).
Rule: the method names, parameter names, order and defaults are ccxt 4.5's
(https://docs.ccxt.com/#/Manual?id=unified-api, https://docs.ccxt.com/#/ccxt.pro.manual); ``params``
defaults to None where ccxt writes ``params={}``, and passing ``{}`` works identically.

The sync contract is split by capability group, one module each (``market_data``, ``trading``,
``account``, ``derivatives``, ``streaming``, ``helpers``; :data:`GROUPS`); ``sync.UnifiedExchange``
inherits them all, and ``async_`` derives the asyncio contract from it, so the two cannot drift apart.
A face inherits the contract, declares what it does not implement with NotSupported stubs
(``clients/base.py:fill_unimplemented``) and names the groups it implements completely in its
``capability_groups``. Import from here.
"""
from __future__ import annotations

from .async_ import PLAIN_HELPERS, AsyncUnifiedExchange
from .sync import GROUPS, UnifiedExchange

__all__ = [
    "UnifiedExchange",
    "AsyncUnifiedExchange",
    "GROUPS",
    "UNIFIED_METHODS",
    "HELPER_METHODS",
    "PLAIN_HELPERS",
    "STREAMING_METHODS",
    "capability_name",
]

# Every abstract method of both classes, grouped as the classes are. A test checks this tuple
# against the classes, so a method added to one place and not the others fails loudly.
UNIFIED_METHODS: tuple[str, ...] = (
    # market data
    "load_markets", "fetch_markets", "fetch_currencies", "fetch_time", "fetch_status",
    "fetch_ticker", "fetch_tickers", "fetch_order_book", "fetch_l2_order_book", "fetch_trades",
    "fetch_ohlcv", "fetch_bids_asks", "fetch_trading_fee", "fetch_mark_price", "fetch_funding_rate",
    "fetch_funding_rate_history",
    # trading: order creation (every create_* order helper ccxt 4.5's base Exchange has)
    "create_order", "create_limit_order", "create_market_order", "create_limit_buy_order",
    "create_limit_sell_order", "create_market_buy_order", "create_market_sell_order",
    "create_market_buy_order_with_cost", "create_market_sell_order_with_cost", "create_market_order_with_cost",
    "create_post_only_order", "create_reduce_only_order", "create_stop_order", "create_trigger_order",
    "create_stop_limit_order", "create_stop_market_order", "create_stop_loss_order", "create_take_profit_order",
    "create_order_with_take_profit_and_stop_loss", "create_trailing_amount_order",
    "create_trailing_percent_order", "create_orders",
    # trading: amend, cancel, query
    "edit_order", "cancel_order", "cancel_orders", "cancel_all_orders", "fetch_order", "fetch_orders",
    "fetch_open_orders", "fetch_closed_orders", "fetch_canceled_orders", "fetch_my_trades", "fetch_order_trades",
    # account and funding
    "fetch_balance", "fetch_accounts", "fetch_ledger", "fetch_deposits", "fetch_withdrawals",
    "fetch_deposit_address", "create_deposit_address", "withdraw", "transfer", "fetch_transfers",
    "fetch_deposit_withdraw_fees",
    # margin
    "borrow_cross_margin", "repay_cross_margin", "borrow_isolated_margin", "repay_isolated_margin",
    "fetch_borrow_interest", "fetch_borrow_rate_history",
    # derivatives
    "fetch_positions", "fetch_position", "set_leverage", "fetch_leverage", "set_margin_mode", "add_margin",
    "reduce_margin", "close_position", "fetch_funding_history", "fetch_leverage_tiers", "fetch_open_interest",
    "set_position_mode", "fetch_position_mode", "fetch_open_interest_history",
    # streaming
    "watch_ticker", "watch_tickers", "watch_bids_asks", "watch_order_book", "watch_order_book_for_symbols",
    "watch_trades", "watch_trades_for_symbols", "watch_ohlcv", "watch_orders", "watch_my_trades",
    "watch_balance", "watch_positions", "watch_position", "watch_funding_rate", "watch_mark_price",
    # unsubscribing (ccxt 4.5 has no un_watch_balance and no un_watch_position)
    "un_watch_ticker", "un_watch_tickers", "un_watch_bids_asks", "un_watch_order_book",
    "un_watch_order_book_for_symbols", "un_watch_trades", "un_watch_trades_for_symbols", "un_watch_ohlcv",
    "un_watch_orders", "un_watch_my_trades", "un_watch_positions", "un_watch_funding_rate",
    "un_watch_mark_price",
    # helpers
    "market", "market_id", "amount_to_precision", "price_to_precision", "cost_to_precision",
    "parse_timeframe", "iso8601", "parse8601", "milliseconds", "parse_order", "parse_ticker", "parse_trade",
    # lifecycle
    "close",
)


# Methods without a ``has`` key: everything else in UNIFIED_METHODS maps to one via capability_name.
HELPER_METHODS: tuple[str, ...] = ("load_markets", "close") + PLAIN_HELPERS

STREAMING_METHODS: tuple[str, ...] = tuple(
    name for name in UNIFIED_METHODS if name.startswith(("watch_", "un_watch_"))
)

# Words ccxt writes in capitals inside ``has`` keys: fetchOHLCV, watchOHLCVForSymbols,
# fetchPositionADLRank. Everything else is capitalised normally (l2 -> L2, un + watch -> unWatch).
_ACRONYMS: dict[str, str] = {"ohlcv": "OHLCV", "adl": "ADL"}


def capability_name(method_name: str) -> str:
    """Return ccxt's camelCase ``has`` key for a snake_case method name.

    ``fetch_ohlcv`` -> ``fetchOHLCV``, ``fetch_l2_order_book`` -> ``fetchL2OrderBook``,
    ``un_watch_trades`` -> ``unWatchTrades``. Raises ValueError for anything that is not a
    lowercase snake_case identifier, so a camelCase name passed by mistake is caught, not mangled.
    """
    parts = method_name.split("_")
    if not method_name.isidentifier() or method_name != method_name.lower() or "" in parts:
        raise ValueError(f"not a snake_case method name: {method_name!r}")
    head, rest = parts[0], parts[1:]
    return head + "".join(_ACRONYMS.get(part, part[:1].upper() + part[1:]) for part in rest)
