"""The ccxt structures and argument types the interface names (aliases for readers; plain dicts at run time)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypeAlias

__all__ = ["Params", "Num", "OrderSide", "OrderType", "Structure", "Market", "Currency", "Ticker", "OrderBook", "OHLCV", "Trade", "Order", "OrderRequest", "Balances", "Status", "TradingFee", "FundingRate", "FundingRateHistory", "Transaction", "LedgerEntry", "TransferEntry", "DepositAddress", "DepositWithdrawFee", "Account", "MarginLoan", "BorrowInterest", "BorrowRate", "Position", "Leverage", "MarginModification", "FundingHistory", "LeverageTier", "OpenInterest"]

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
