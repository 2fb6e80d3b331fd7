"""The synchronous unified contract: ccxt 4.5's method names and positional signatures.

Layer: pure core (declarations only; imports nothing but ``abc``, ``decimal`` and ``typing``).
Rule: names, parameter names, parameter order and defaults match ccxt 4.5 exactly, so code written
against ``ccxt.kucoin`` runs unchanged; the one deliberate difference is ``params: dict | None = None``
where ccxt writes ``params={}`` (a shared mutable default). Passing ``{}`` or nothing behaves the same.

Structures are plain dicts with ccxt's key sets (the project's ``reference/ccxt.md`` and
https://docs.ccxt.com/#/README?id=unified-api); the aliases below only name them for readers.
Streaming methods block until the next update, the way ccxt.pro's coroutines resolve with it.
"""
from __future__ import annotations

import abc
from decimal import Decimal
from typing import Any, Literal, TypeAlias

__all__ = [
    "UnifiedExchange",
    "Params", "Num", "OrderSide", "OrderType",
    "Structure", "Market", "Currency", "Ticker", "OrderBook", "OHLCV", "Trade", "Order", "OrderRequest",
    "Balances", "Status", "TradingFee", "FundingRate", "FundingRateHistory", "Transaction",
    "LedgerEntry", "TransferEntry", "DepositAddress", "DepositWithdrawFee", "Account", "MarginLoan",
    "BorrowInterest", "BorrowRate", "Position", "Leverage", "MarginModification", "FundingHistory",
    "LeverageTier", "OpenInterest",
]

# --- argument types -------------------------------------------------------------------------------
Params: TypeAlias = dict[str, Any] | None   # None and {} are equivalent everywhere
Num: TypeAlias = int | float | str | Decimal  # str/Decimal keep exact KuCoin decimals exact
OrderSide: TypeAlias = Literal["buy", "sell"]
OrderType: TypeAlias = Literal["limit", "market"]

# --- ccxt structures (plain dicts; the names document which key set a method returns) ------------
Structure: TypeAlias = dict[str, Any]
Market: TypeAlias = Structure
Currency: TypeAlias = Structure
Ticker: TypeAlias = Structure
OrderBook: TypeAlias = Structure
OHLCV: TypeAlias = list[Any]          # [timestamp_ms, open, high, low, close, volume]
Trade: TypeAlias = Structure
Order: TypeAlias = Structure
OrderRequest: TypeAlias = Structure   # {symbol, type, side, amount, price?, params?} for create_orders
Balances: TypeAlias = Structure
Status: TypeAlias = Structure
TradingFee: TypeAlias = Structure
FundingRate: TypeAlias = Structure
FundingRateHistory: TypeAlias = Structure
Transaction: TypeAlias = Structure    # deposit or withdrawal
LedgerEntry: TypeAlias = Structure
TransferEntry: TypeAlias = Structure
DepositAddress: TypeAlias = Structure
DepositWithdrawFee: TypeAlias = Structure
Account: TypeAlias = Structure
MarginLoan: TypeAlias = Structure
BorrowInterest: TypeAlias = Structure
BorrowRate: TypeAlias = Structure
Position: TypeAlias = Structure
Leverage: TypeAlias = Structure
MarginModification: TypeAlias = Structure
FundingHistory: TypeAlias = Structure
LeverageTier: TypeAlias = Structure
OpenInterest: TypeAlias = Structure


class UnifiedExchange(abc.ABC):
    """What the synchronous face (``Kucoin``) promises: every ccxt unified method, by ccxt's name."""

    # --- market data ------------------------------------------------------------------------------
    @abc.abstractmethod
    def load_markets(self, reload: bool = False, params: Params = None) -> dict[str, Market]:
        """Return the markets dict keyed by unified symbol, fetched once and cached unless reload."""

    @abc.abstractmethod
    def fetch_markets(self, params: Params = None) -> list[Market]:
        """Return a list of market structures."""

    @abc.abstractmethod
    def fetch_currencies(self, params: Params = None) -> dict[str, Currency]:
        """Return currency structures keyed by unified currency code."""

    @abc.abstractmethod
    def fetch_time(self, params: Params = None) -> int | None:
        """Return the exchange's server time in integer milliseconds."""

    @abc.abstractmethod
    def fetch_status(self, params: Params = None) -> Status:
        """Return a status structure (``ok`` or ``maintenance``)."""

    @abc.abstractmethod
    def fetch_ticker(self, symbol: str, params: Params = None) -> Ticker:
        """Return a ticker structure."""

    @abc.abstractmethod
    def fetch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures keyed by symbol."""

    @abc.abstractmethod
    def fetch_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return an order book structure."""

    @abc.abstractmethod
    def fetch_l2_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return an order book structure aggregated by price level."""

    @abc.abstractmethod
    def fetch_trades(
        self, symbol: str, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return a list of public trade structures."""

    @abc.abstractmethod
    def fetch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[OHLCV]:
        """Return OHLCV rows, ascending by time."""

    @abc.abstractmethod
    def fetch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures (best bid/ask filled) keyed by symbol."""

    @abc.abstractmethod
    def fetch_trading_fee(self, symbol: str, params: Params = None) -> TradingFee:
        """Return a trading fee structure."""

    @abc.abstractmethod
    def fetch_mark_price(self, symbol: str, params: Params = None) -> Ticker:
        """Return a ticker structure carrying markPrice/indexPrice."""

    @abc.abstractmethod
    def fetch_funding_rate(self, symbol: str, params: Params = None) -> FundingRate:
        """Return a funding rate structure."""

    @abc.abstractmethod
    def fetch_funding_rate_history(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[FundingRateHistory]:
        """Return a list of funding rate history structures."""

    # --- trading: order creation ------------------------------------------------------------------
    @abc.abstractmethod
    def create_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (KuCoin acks with an id only, so most fields are None)."""

    @abc.abstractmethod
    def create_limit_order(self, symbol: str, side: OrderSide, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_order(
        self, symbol: str, side: OrderSide, amount: Num, price: Num | None = None, params: Params = None
    ) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_limit_buy_order(self, symbol: str, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_limit_sell_order(self, symbol: str, amount: Num, price: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_buy_order(self, symbol: str, amount: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_sell_order(self, symbol: str, amount: Num, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def create_market_buy_order_with_cost(self, symbol: str, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market buy sized in quote currency)."""

    @abc.abstractmethod
    def create_market_sell_order_with_cost(self, symbol: str, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market sell sized in quote currency)."""

    @abc.abstractmethod
    def create_market_order_with_cost(self, symbol: str, side: OrderSide, cost: Num, params: Params = None) -> Order:
        """Return an order structure (market order sized in quote currency)."""

    @abc.abstractmethod
    def create_post_only_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (maker-only)."""

    @abc.abstractmethod
    def create_reduce_only_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        params: Params = None,
    ) -> Order:
        """Return an order structure (may only shrink a position)."""

    @abc.abstractmethod
    def create_stop_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        triggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (triggered; triggerPrice as argument or in params)."""

    @abc.abstractmethod
    def create_trigger_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        triggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (same as create_stop_order)."""

    @abc.abstractmethod
    def create_stop_limit_order(
        self, symbol: str, side: OrderSide, amount: Num, price: Num, triggerPrice: Num, params: Params = None
    ) -> Order:
        """Return an order structure (limit order placed when triggerPrice is hit)."""

    @abc.abstractmethod
    def create_stop_market_order(
        self, symbol: str, side: OrderSide, amount: Num, triggerPrice: Num, params: Params = None
    ) -> Order:
        """Return an order structure (market order placed when triggerPrice is hit)."""

    @abc.abstractmethod
    def create_stop_loss_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        stopLossPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (stop-loss trigger)."""

    @abc.abstractmethod
    def create_take_profit_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        takeProfitPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (take-profit trigger)."""

    @abc.abstractmethod
    def create_order_with_take_profit_and_stop_loss(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        takeProfit: Num | None = None, stopLoss: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (order with attached TP/SL)."""

    @abc.abstractmethod
    def create_trailing_amount_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        trailingAmount: Num | None = None, trailingTriggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (trailing by a price distance)."""

    @abc.abstractmethod
    def create_trailing_percent_order(
        self, symbol: str, type: OrderType, side: OrderSide, amount: Num, price: Num | None = None,
        trailingPercent: Num | None = None, trailingTriggerPrice: Num | None = None, params: Params = None,
    ) -> Order:
        """Return an order structure (trailing by a percentage)."""

    @abc.abstractmethod
    def create_orders(self, orders: list[OrderRequest], params: Params = None) -> list[Order]:
        """Return a list of order structures, one per request, in request order."""

    # --- trading: amend, cancel, query ------------------------------------------------------------
    @abc.abstractmethod
    def edit_order(
        self, id: str, symbol: str, type: OrderType, side: OrderSide, amount: Num | None = None,
        price: Num | None = None, params: Params = None,
    ) -> Order:
        """Return the order structure of the amended (or replacing) order."""

    @abc.abstractmethod
    def cancel_order(self, id: str, symbol: str | None = None, params: Params = None) -> Order:
        """Return an order structure for the canceled order."""

    @abc.abstractmethod
    def cancel_orders(self, ids: list[str], symbol: str | None = None, params: Params = None) -> list[Order]:
        """Return a list of order structures for the canceled orders."""

    @abc.abstractmethod
    def cancel_all_orders(self, symbol: str | None = None, params: Params = None) -> list[Order]:
        """Return a list of order structures for the canceled orders."""

    @abc.abstractmethod
    def fetch_order(self, id: str, symbol: str | None = None, params: Params = None) -> Order:
        """Return an order structure."""

    @abc.abstractmethod
    def fetch_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of order structures (any status)."""

    @abc.abstractmethod
    def fetch_open_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of open order structures."""

    @abc.abstractmethod
    def fetch_closed_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of closed order structures."""

    @abc.abstractmethod
    def fetch_canceled_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return a list of canceled order structures."""

    @abc.abstractmethod
    def fetch_my_trades(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return a list of the account's trade structures."""

    @abc.abstractmethod
    def fetch_order_trades(
        self, id: str, symbol: str | None = None, since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[Trade]:
        """Return a list of trade structures filling one order."""

    # --- account and funding ----------------------------------------------------------------------
    @abc.abstractmethod
    def fetch_balance(self, params: Params = None) -> Balances:
        """Return a balance structure (params ``type`` picks the KuCoin account)."""

    @abc.abstractmethod
    def fetch_accounts(self, params: Params = None) -> list[Account]:
        """Return a list of account structures."""

    @abc.abstractmethod
    def fetch_ledger(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[LedgerEntry]:
        """Return a list of ledger entry structures."""

    @abc.abstractmethod
    def fetch_deposits(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Transaction]:
        """Return a list of transaction structures (deposits)."""

    @abc.abstractmethod
    def fetch_withdrawals(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Transaction]:
        """Return a list of transaction structures (withdrawals)."""

    @abc.abstractmethod
    def fetch_deposit_address(self, code: str, params: Params = None) -> DepositAddress:
        """Return a deposit address structure."""

    @abc.abstractmethod
    def create_deposit_address(self, code: str, params: Params = None) -> DepositAddress:
        """Return the deposit address structure just created."""

    @abc.abstractmethod
    def withdraw(
        self, code: str, amount: Num, address: str, tag: str | dict[str, Any] | None = None, params: Params = None
    ) -> Transaction:
        """Return a transaction structure; a dict given as ``tag`` is params (ccxt 4.5 call style)."""

    @abc.abstractmethod
    def transfer(
        self, code: str, amount: Num, fromAccount: str, toAccount: str, params: Params = None
    ) -> TransferEntry:
        """Return a transfer structure (between the user's own accounts)."""

    @abc.abstractmethod
    def fetch_transfers(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[TransferEntry]:
        """Return a list of transfer structures."""

    @abc.abstractmethod
    def fetch_deposit_withdraw_fees(
        self, codes: list[str] | None = None, params: Params = None
    ) -> dict[str, DepositWithdrawFee]:
        """Return fee structures keyed by currency code."""

    # --- margin -----------------------------------------------------------------------------------
    @abc.abstractmethod
    def borrow_cross_margin(self, code: str, amount: Num, params: Params = None) -> MarginLoan:
        """Return a margin loan structure."""

    @abc.abstractmethod
    def repay_cross_margin(self, code: str, amount: Num, params: Params = None) -> MarginLoan:
        """Return a margin loan structure."""

    @abc.abstractmethod
    def borrow_isolated_margin(self, symbol: str, code: str, amount: Num, params: Params = None) -> MarginLoan:
        """Return a margin loan structure."""

    @abc.abstractmethod
    def repay_isolated_margin(self, symbol: str, code: str, amount: Num, params: Params = None) -> MarginLoan:
        """Return a margin loan structure."""

    @abc.abstractmethod
    def fetch_borrow_interest(
        self, code: str | None = None, symbol: str | None = None, since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[BorrowInterest]:
        """Return a list of borrow interest structures."""

    @abc.abstractmethod
    def fetch_borrow_rate_history(
        self, code: str, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[BorrowRate]:
        """Return a list of borrow rate structures."""

    # --- derivatives ------------------------------------------------------------------------------
    @abc.abstractmethod
    def fetch_positions(self, symbols: list[str] | None = None, params: Params = None) -> list[Position]:
        """Return a list of position structures."""

    @abc.abstractmethod
    def fetch_position(self, symbol: str, params: Params = None) -> Position:
        """Return a position structure."""

    @abc.abstractmethod
    def set_leverage(self, leverage: Num, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    @abc.abstractmethod
    def fetch_leverage(self, symbol: str, params: Params = None) -> Leverage:
        """Return a leverage structure."""

    @abc.abstractmethod
    def set_margin_mode(self, marginMode: str, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    @abc.abstractmethod
    def add_margin(self, symbol: str, amount: Num, params: Params = None) -> MarginModification:
        """Return a margin modification structure."""

    @abc.abstractmethod
    def reduce_margin(self, symbol: str, amount: Num, params: Params = None) -> MarginModification:
        """Return a margin modification structure."""

    @abc.abstractmethod
    def close_position(self, symbol: str, side: OrderSide | None = None, params: Params = None) -> Order:
        """Return an order structure for the closing order."""

    @abc.abstractmethod
    def fetch_funding_history(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[FundingHistory]:
        """Return a list of funding history structures (payments made or received)."""

    @abc.abstractmethod
    def fetch_leverage_tiers(
        self, symbols: list[str] | None = None, params: Params = None
    ) -> dict[str, list[LeverageTier]]:
        """Return leverage tier lists keyed by symbol."""

    @abc.abstractmethod
    def fetch_open_interest(self, symbol: str, params: Params = None) -> OpenInterest:
        """Return an open interest structure."""

    @abc.abstractmethod
    def set_position_mode(self, hedged: bool, symbol: str | None = None, params: Params = None) -> Structure:
        """Return the exchange's response (ccxt returns the raw reply here)."""

    # --- streaming (ccxt.pro names; each call blocks until the next update) -----------------------
    @abc.abstractmethod
    def watch_ticker(self, symbol: str, params: Params = None) -> Ticker:
        """Return the next ticker structure."""

    @abc.abstractmethod
    def watch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return ticker structures keyed by symbol after the next update."""

    @abc.abstractmethod
    def watch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> dict[str, Ticker]:
        """Return best bid/ask ticker structures keyed by symbol after the next update."""

    @abc.abstractmethod
    def watch_order_book(self, symbol: str, limit: int | None = None, params: Params = None) -> OrderBook:
        """Return the whole current order book structure after the next update."""

    @abc.abstractmethod
    def watch_order_book_for_symbols(
        self, symbols: list[str], limit: int | None = None, params: Params = None
    ) -> OrderBook:
        """Return the order book structure of whichever symbol updated next."""

    @abc.abstractmethod
    def watch_trades(
        self, symbol: str, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the next batch of public trade structures."""

    @abc.abstractmethod
    def watch_trades_for_symbols(
        self, symbols: list[str], since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the next batch of public trade structures across the symbols."""

    @abc.abstractmethod
    def watch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[OHLCV]:
        """Return OHLCV rows after the next candle update, ascending by time."""

    @abc.abstractmethod
    def watch_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Order]:
        """Return the account's order structures after the next order update."""

    @abc.abstractmethod
    def watch_my_trades(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: Params = None
    ) -> list[Trade]:
        """Return the account's trade structures after the next fill."""

    @abc.abstractmethod
    def watch_balance(self, params: Params = None) -> Balances:
        """Return the balance structure after the next balance change."""

    @abc.abstractmethod
    def watch_positions(
        self, symbols: list[str] | None = None, since: int | None = None, limit: int | None = None,
        params: Params = None,
    ) -> list[Position]:
        """Return position structures after the next position update."""

    @abc.abstractmethod
    def watch_position(self, symbol: str | None = None, params: Params = None) -> Position:
        """Return the position structure after its next update."""

    @abc.abstractmethod
    def watch_funding_rate(self, symbol: str, params: Params = None) -> FundingRate:
        """Return the next funding rate structure."""

    @abc.abstractmethod
    def watch_mark_price(self, symbol: str, params: Params = None) -> Ticker:
        """Return the next ticker structure carrying markPrice/indexPrice."""

    # --- unsubscribing (ccxt.pro un_watch_*; ccxt 4.5 has no un_watch_balance/un_watch_position) ---
    @abc.abstractmethod
    def un_watch_ticker(self, symbol: str, params: Params = None) -> Any:
        """Stop the ticker subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_tickers(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the tickers subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_bids_asks(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the bids/asks subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_order_book(self, symbol: str, params: Params = None) -> Any:
        """Stop the order book subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_order_book_for_symbols(self, symbols: list[str], params: Params = None) -> Any:
        """Stop the order book subscriptions; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_trades(self, symbol: str, params: Params = None) -> Any:
        """Stop the trades subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_trades_for_symbols(self, symbols: list[str], params: Params = None) -> Any:
        """Stop the trades subscriptions; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_ohlcv(self, symbol: str, timeframe: str = "1m", params: Params = None) -> Any:
        """Stop the candle subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_orders(self, symbol: str | None = None, params: Params = None) -> Any:
        """Stop the order updates subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_my_trades(self, symbol: str | None = None, params: Params = None) -> Any:
        """Stop the fills subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_positions(self, symbols: list[str] | None = None, params: Params = None) -> Any:
        """Stop the positions subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_funding_rate(self, symbol: str, params: Params = None) -> Any:
        """Stop the funding rate subscription; return ccxt's acknowledgement value."""

    @abc.abstractmethod
    def un_watch_mark_price(self, symbol: str, params: Params = None) -> Any:
        """Stop the mark price subscription; return ccxt's acknowledgement value."""

    # --- helpers (no I/O; plain functions even on the asyncio face, as in ccxt.pro) ---------------
    @abc.abstractmethod
    def market(self, symbol: str) -> Market:
        """Return the market structure for a unified symbol (or a KuCoin id)."""

    @abc.abstractmethod
    def market_id(self, symbol: str) -> str:
        """Return the KuCoin id (``BTC-USDT``, ``XBTUSDTM``) of a unified symbol."""

    @abc.abstractmethod
    def amount_to_precision(self, symbol: str, amount: Num) -> str:
        """Return the amount truncated to the market's amount step, as a string without exponent."""

    @abc.abstractmethod
    def price_to_precision(self, symbol: str, price: Num) -> str:
        """Return the price rounded to the market's price step, as a string without exponent."""

    @abc.abstractmethod
    def cost_to_precision(self, symbol: str, cost: Num) -> str:
        """Return the cost rounded to the market's cost precision, as a string without exponent."""

    @staticmethod
    @abc.abstractmethod
    def parse_timeframe(timeframe: str) -> int:
        """Return the timeframe's length in seconds (``'1m'`` -> 60); static, as in ccxt."""

    @staticmethod
    @abc.abstractmethod
    def iso8601(timestamp: int | None = None) -> str | None:
        """Return ms timestamp as ISO 8601 with milliseconds and ``Z``; None for bad input."""

    @staticmethod
    @abc.abstractmethod
    def parse8601(timestamp: str | None = None) -> int | None:
        """Return the ms timestamp of an ISO 8601 string; None for bad input."""

    @abc.abstractmethod
    def milliseconds(self) -> int:
        """Return the current time in integer ms from the face's injected clock (ccxt: static)."""

    @abc.abstractmethod
    def parse_order(self, order: dict[str, Any], market: Market | None = None) -> Order:
        """Return an order structure parsed from one raw KuCoin order item."""

    @abc.abstractmethod
    def parse_ticker(self, ticker: dict[str, Any], market: Market | None = None) -> Ticker:
        """Return a ticker structure parsed from one raw KuCoin ticker item."""

    @abc.abstractmethod
    def parse_trade(self, trade: dict[str, Any], market: Market | None = None) -> Trade:
        """Return a trade structure parsed from one raw KuCoin trade or fill item."""

    # --- lifecycle --------------------------------------------------------------------------------
    @abc.abstractmethod
    def close(self, clean_instance_data: bool = False) -> None:
        """Release connections and streams; return None (ccxt's signature)."""
