"""The funds policy of the matching engine: what an order holds and what one fill moves.

Layer: simulator (exchange side). Rule: one ``matching.Engine`` matches spot and futures; the only
difference between the families is money, so the engine asks its policy three things: ``hold`` (the
currency and the exact amount an order freezes when it is placed), ``settle`` (move balances for one fill,
release the matching part of the hold, return ``(funds, fee, fee_rate, extra)``, ``extra`` kept on the
``Fill``) and ``held_currency`` (where the
rest of the hold is released when the order ends). ``SpotFunds`` is spot's policy: a limit buy holds
price*size of the quote, a market buy its funds (or the book cost of its size), a sell its size of the
base; fees at 0.001 in the quote (official fills example: ``feeCurrency`` USDT on BTC-USDT,
https://www.kucoin.com/docs-new/api-3470183). Futures' margin policy is ``futures_orders.MarginFunds``.
Ledger ``bizType`` of spot fills: TRADE_EXCHANGE (spot), MARGIN_EXCHANGE (cross margin), ISOLATED_EXCHANGE
(isolated margin), the values of GET /api/v3/hf/margin/account/ledgers (api-3470123) and
/api/v1/accounts/ledgers (api-3470121).
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from .routing import ApiError

if TYPE_CHECKING:  # pragma: no cover
    from .book import SymbolState
    from .matching import Engine
    from .orders import Order

__all__ = ["Funds", "SpotFunds", "FEE_RATE"]

FEE_RATE = Decimal("0.001")  # feeCategory 1, coefficients "1.00" (universe.SymbolSpec.to_json)
ZERO = Decimal(0)
_BIZ = {"margin": "MARGIN_EXCHANGE", "isolated": "ISOLATED_EXCHANGE"}


class Funds(Protocol):
    def hold(self, engine: "Engine", order: "Order", st: "SymbolState") -> tuple[str, Decimal]: ...

    def settle(self, engine: "Engine", order: "Order", price: int, lots: int, liquidity: str, trade_id: str,
               now_ms: int) -> tuple[Decimal, Decimal, Decimal, dict[str, Any]]: ...

    def held_currency(self, order: "Order") -> str: ...

    def insufficient(self) -> ApiError: ...


class SpotFunds:
    """Spot and margin: quote for buys, base for sells."""

    def hold(self, engine: "Engine", order: "Order", st: "SymbolState") -> tuple[str, Decimal]:
        spec = order.spec
        if order.side == "sell":
            return spec.base, order.lots_dec(order.size or 0)
        if order.type == "limit":
            return spec.quote, order.price_dec() * order.lots_dec(order.size or 0)
        if order.funds is not None:
            return spec.quote, order.funds
        return spec.quote, engine.book_cost(
            st, "sell", order.size or 0, lambda p, n: Decimal(p).scaleb(-spec.price_dec) * order.lots_dec(n))

    def held_currency(self, order: "Order") -> str:
        return order.spec.quote if order.side == "buy" else order.spec.base

    def insufficient(self) -> ApiError:
        return ApiError("200004", "Balance insufficient!")

    def settle(self, engine: "Engine", order: "Order", price: int, lots: int, liquidity: str, trade_id: str,
               now_ms: int) -> tuple[Decimal, Decimal, Decimal, dict[str, Any]]:
        spec, accounts = order.spec, engine.accounts
        size = order.lots_dec(lots)
        funds = Decimal(price).scaleb(-spec.price_dec) * size
        fee = funds * FEE_RATE
        ctx = {"symbol": spec.symbol, "orderId": order.id, "tradeId": trade_id}
        biz = _BIZ.get(order.account.split(":")[0], "TRADE_EXCHANGE")
        base = accounts.account(order.account, spec.base)
        quote = accounts.account(order.account, spec.quote)
        with accounts.lock:
            if order.side == "buy":
                rel = order.price_dec() * size if order.type == "limit" else funds
                rel = min(rel, order.hold_left)
                order.hold_left -= rel
                accounts.release(quote, rel)
                accounts.credit(quote, -(funds + fee), biz, now_ms, ctx, fee)
                accounts.credit(base, size, biz, now_ms, ctx)
            else:
                rel = min(size, order.hold_left)
                order.hold_left -= rel
                accounts.release(base, rel)
                accounts.credit(base, -size, biz, now_ms, ctx)
                accounts.credit(quote, funds - fee, biz, now_ms, ctx, fee)
        return funds, fee, FEE_RATE, {}
