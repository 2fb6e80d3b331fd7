"""The unified interface, account, funding and margin (ccxt 4.5 names and signatures).

Balances, ledger, deposits, withdrawals, transfers, margin loans.

Layer: pure core (declarations only). See :mod:`kucoin_connector.core.interface` for the rules.
"""
from __future__ import annotations

import abc
from typing import Any

from .types import *  # noqa: F403  (the structure aliases the declarations name)
from .types import Num, Params  # noqa: F401

__all__ = ["AccountMethods"]


class AccountMethods(abc.ABC):
    """The account group of :class:`~kucoin_connector.core.interface.UnifiedExchange`."""

    # --- account and funding ------------------------------------------------------------------
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

    # --- margin -------------------------------------------------------------------------------
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
