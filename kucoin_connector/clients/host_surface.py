"""What host frameworks read besides the operations: fees, features, describe(), calculate_fee,
set_markets_from_exchange and assignable options, each behaving as ccxt's kucoin (clients layer; no I/O).

Facts (not code) from ccxt 4.5's kucoin as observed here; shared/reference/hosts.md says who reads what
(Freqtrade: ``features`` for its candle limit, ``calculate_fee`` in backtesting, ``set_markets_from_exchange``
to hand the asyncio object's markets to the sync one, then ``sync.options = async.options``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from ..core.numbers import FROM_DECIMAL
from ..core.precision import to_decimal
from ..errors import ArgumentsRequired, BadRequest, ExchangeError
from ..options import read_options

__all__ = ["HostSurface", "FEES", "FEATURES", "REQUIRED_CREDENTIALS"]

# KuCoin's spot fee schedule by 30-day volume tier (VIP0..VIP12), as ccxt's kucoin publishes it.
_TIERS = {
    "taker": [[0.0, 0.001], [50.0, 0.001], [200.0, 0.0009], [500.0, 0.0008], [1000.0, 0.0007], [2000.0, 0.0007],
              [4000.0, 0.0006], [8000.0, 0.0005], [15000.0, 0.00045], [25000.0, 0.0004], [40000.0, 0.00035],
              [60000.0, 0.0003], [80000.0, 0.00025]],
    "maker": [[0.0, 0.001], [50.0, 0.0009], [200.0, 0.0007], [500.0, 0.0005], [1000.0, 0.0003], [2000.0, 0.0],
              [4000.0, 0.0], [8000.0, 0.0], [15000.0, -5e-05], [25000.0, -5e-05], [40000.0, -5e-05],
              [60000.0, -5e-05], [80000.0, -5e-05]],
}
_SPOT_FEES = {"tierBased": True, "percentage": True, "taker": 0.001, "maker": 0.001, "tiers": _TIERS}
FEES: dict[str, Any] = {"trading": _SPOT_FEES, "spot": _SPOT_FEES,
                        "funding": {"tierBased": False, "percentage": False, "withdraw": {}, "deposit": {}}}

# ccxt's ``features`` for KuCoin spot (what each method accepts; hosts read fetchOHLCV.limit as the most
# candles one request returns). Derivative families are None: this client trades spot only.
_TIF = {"IOC": True, "FOK": True, "PO": True, "GTD": True, "GTC": True}
_LISTING = {"marginMode": True, "limit": 500, "trigger": True, "trailing": False, "symbolRequired": True}
FEATURES: dict[str, Any] = {
    "spot": {
        "sandbox": False,
        "createOrder": {"marginMode": True, "triggerPrice": True, "triggerPriceType": None,
                        "triggerDirection": False, "stopLossPrice": True, "takeProfitPrice": True,
                        "attachedStopLossTakeProfit": None, "timeInForce": _TIF, "hedged": False, "trailing": False,
                        "leverage": False, "marketBuyByCost": True, "marketBuyRequiresPrice": False,
                        "selfTradePrevention": True, "iceberg": True, "stopLoss": None, "takeProfit": None,
                        "symbolRequired": True},
        "createOrders": {"max": 5, "symbolRequired": True},
        "fetchMyTrades": {"marginMode": True, "limit": None, "daysBack": None, "untilDays": 7,
                          "symbolRequired": True},
        "fetchOrder": {"marginMode": True, "trigger": True, "trailing": False, "symbolRequired": True},
        "fetchOpenOrders": dict(_LISTING),
        "fetchOrders": None,
        "fetchClosedOrders": {**_LISTING, "daysBack": None, "daysBackCanceled": None, "untilDays": 7},
        "fetchOHLCV": {"limit": 1500, "symbolRequired": True},
    },
    "swap": {"linear": None, "inverse": None},
    "future": {"linear": None, "inverse": None},
    "option": None,
}
REQUIRED_CREDENTIALS = {"apiKey": True, "secret": True, "password": True, "uid": False, "login": False,
                        "twofa": False, "privateKey": False, "walletAddress": False, "token": False}

# Options read once, when the client is built: assigning a different value later cannot take effect.
_BUILD_TIME_OPTIONS = ("keyVersion", "poolSize", "asyncTransport", "vipLevel", "rateLimitQuotas",
                       "rateLimitWindowMs", "rateLimiter", "rateLimiterAccount", "rateLimiterPrefix")


class HostSurface:
    """Mixed into the faces' shared base; expects ``_options``, ``_ctx`` (PlanContext) and ``_rest_context``."""

    fees: dict[str, Any] = FEES
    features: dict[str, Any] = FEATURES
    requiredCredentials: dict[str, bool] = REQUIRED_CREDENTIALS

    # -- options: readable and assignable (ccxt hosts do ``sync.options = async_.options``) -------------
    @property
    def options(self) -> dict[str, Any]:
        return self._options

    @options.setter
    def options(self, value: Mapping[str, Any]) -> None:
        """Check ``value`` like the config's options (defaults filled in), then apply it to the live dict:
        options the connector reads per call take effect at once, ``maxRetries``, ``numbers`` and
        ``adjustForTimeDifference`` are re-applied, and a change to an option read only when the client
        was built raises BadRequest (build a new client for it)."""
        if value is self._options:
            return
        if not isinstance(value, Mapping):
            raise BadRequest(f"options must be a dict, got {type(value).__name__}")
        kept = {n: self._options[n] for n in _BUILD_TIME_OPTIONS}
        new = read_options({**kept, **value})
        fixed = sorted(n for n in _BUILD_TIME_OPTIONS if new[n] != kept[n])
        if fixed:
            raise BadRequest(f"options {', '.join(fixed)} are read when the client is built; "
                             f"pass them in the config of a new client")
        from ..core.numbers import number_converter
        num = number_converter(new["numbers"])
        rest = self._rest_context  # None before the first request, which builds it from these options
        if rest is not None:
            from ..rest.retry import RetryPolicy
            rest.retry = RetryPolicy(max_retries=new["maxRetries"])
            rest.adjust_for_time_difference = new["adjustForTimeDifference"]
        self._ctx.num = num
        self._options.clear()
        self._options.update(new)

    # -- markets handed over from another client of the same exchange -----------------------------
    def set_markets_from_exchange(self, sourceExchange: Any) -> Any:
        """Use the markets (and currencies) ``sourceExchange`` loaded: another face of this connector or a
        ccxt kucoin object. ArgumentsRequired for another exchange, ExchangeError if it has none loaded."""
        other_id = getattr(sourceExchange, "id", None)
        if other_id != self.id:
            raise ArgumentsRequired(f"{self.id} set_markets_from_exchange() can only take markets from a "
                                    f"{self.id} exchange (got {other_id!r})")
        markets = getattr(sourceExchange, "markets", None)
        if not markets:
            raise ExchangeError("set_markets_from_exchange() source exchange must have loaded markets first "
                                "(call its load_markets())")
        source_ctx = getattr(sourceExchange, "_ctx", None)
        if source_ctx is not None:  # one of ours: its currencies may still be unparsed; parse on first use here
            currencies: Any = lambda: source_ctx.registry.currencies  # noqa: E731
        else:
            currencies = dict(getattr(sourceExchange, "currencies", None) or {})
        self._ctx.registry.set_markets(list(markets.values()), currencies)
        return self

    # -- fees -------------------------------------------------------------------------------------------
    def calculate_fee(self, symbol, type, side, amount, price, takerOrMaker="taker", params=None):
        """The fee an order would pay at the market's rate, as ccxt computes it: ``{type, currency, rate,
        cost}``. A market order is always taker (asking for maker raises ArgumentsRequired); the fee is in
        the quote currency (cost = amount * price * rate) unless the market's ``feeSide`` says otherwise;
        exact decimal arithmetic, numbers in the client's number mode."""
        if type == "market" and takerOrMaker == "maker":
            raise ArgumentsRequired(f'{self.id} calculate_fee(): a "market" order cannot be "maker"; change '
                                    f'the type or takerOrMaker argument')
        market = self._loaded_market(symbol)
        fee_side = market.get("feeSide") or "quote"
        in_quote = {"get": side == "sell", "give": side == "buy"}.get(fee_side, fee_side == "quote")
        try:
            cost = to_decimal(amount) * to_decimal(price) if in_quote else to_decimal(amount)
        except (TypeError, ValueError) as exc:
            raise BadRequest(f"calculate_fee() needs numeric amount and price: {exc}") from None
        key = ("quote" if in_quote else "base") if market.get("spot") is True else "settle"
        resolved = "taker" if type == "market" else takerOrMaker
        rate = market.get(resolved)
        if rate is None:
            raise BadRequest(f"calculate_fee(): market {symbol} has no {resolved!r} rate")
        rate_d = to_decimal(rate) if not isinstance(rate, Decimal) else rate
        out = FROM_DECIMAL[self._ctx.num]
        return {"type": resolved, "currency": market[key], "rate": out(rate_d), "cost": out(cost * rate_d)}

    # -- describe ---------------------------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """The exchange's static description, keyed like ccxt's ``describe()`` (a deep copy)."""
        import copy
        return copy.deepcopy({
            "id": self.id, "name": self.name, "countries": list(self.countries), "version": self.version,
            "rateLimit": self.rateLimit, "precisionMode": self.precisionMode, "pro": True, "certified": False,
            "has": dict(self.has), "urls": self.urls, "timeframes": dict(self.timeframes), "fees": self.fees,
            "features": self.features, "requiredCredentials": self.requiredCredentials,
            "options": dict(self._options),
        })
