"""``KucoinLiteExchange``: Hummingbot's ``ExchangePyBase`` with every exchange call routed through
kucoin_connector's ``AsyncKucoin`` (REST, signing, rate limits, reconnects, book sync).

Hummingbot's order tracker, order-book tracker, budget checker and polling loops are kept. Its own
throttler gets no rules: the connector already spaces requests by KuCoin's quotas, and throttling
twice would only slow the bot down. ``web_utils`` is not used: time sync, network checks and trading
rules go through the connector too.

Keys are the config map's (``kucoin_lite_api_key``, ``kucoin_lite_secret_key``,
``kucoin_lite_passphrase``); empty keys give a public-data connector (paper trading). The REST base URL
can be pointed elsewhere (the simulator) with ``api_url=`` or ``KUCOIN_LITE_API_URL``.
"""
from __future__ import annotations

import asyncio
import os
import time
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

from bidict import bidict

from hummingbot.connector.constants import s_decimal_NaN
from hummingbot.connector.exchange_py_base import ExchangePyBase
from hummingbot.connector.trading_rule import TradingRule
from hummingbot.core.data_type.common import OrderType, TradeType
from hummingbot.core.data_type.in_flight_order import InFlightOrder, OrderState, OrderUpdate, TradeUpdate
from hummingbot.core.data_type.trade_fee import AddedToCostTradeFee, TokenAmount, TradeFeeBase
from hummingbot.core.web_assistant.web_assistants_factory import WebAssistantsFactory

from kucoin_connector import AsyncKucoin
from kucoin_connector.errors import OrderNotFound

from .. import CONNECTOR_NAME
from ..client_config import client_config
from ..fills import order_fills
from ..mapping import balance_fields, fill_fields, order_state, to_ccxt_symbol, to_hb_pair, trading_rule_fields
from .kucoin_lite_utils import DEFAULT_FEES
from .order_book_data_source import KucoinLiteOrderBookDataSource
from .user_stream_data_source import KucoinLiteUserStreamDataSource

__all__ = ["KucoinLiteExchange"]

_CCXT_TYPE = {OrderType.LIMIT: ("limit", {}), OrderType.LIMIT_MAKER: ("limit", {"postOnly": True}),
              OrderType.MARKET: ("market", {})}
BALANCE_REFRESH_S = 1.0  # a burst of balance pushes costs one REST balance read


class KucoinLiteExchange(ExchangePyBase):
    web_utils = None

    def __init__(self, kucoin_lite_api_key: str = "", kucoin_lite_secret_key: str = "",
                 kucoin_lite_passphrase: str = "", balance_asset_limit: Optional[Dict[str, Dict[str, Decimal]]] = None,
                 rate_limits_share_pct: Decimal = Decimal("100"), trading_pairs: Optional[List[str]] = None,
                 trading_required: bool = True, api_url: Optional[str] = None, client_options: Optional[dict] = None):
        self._trading_pairs = list(trading_pairs or [])
        self._trading_required = trading_required
        config = client_config(kucoin_lite_api_key, kucoin_lite_secret_key, kucoin_lite_passphrase, os.environ,
                               api_url, client_options)
        self._client = AsyncKucoin(config)
        self._balance_refresh: Optional[asyncio.Task] = None
        self._last_balance_refresh = 0.0
        super().__init__(balance_asset_limit, rate_limits_share_pct)

    # -- identity and static facts ----------------------------------------------------------------------
    @property
    def client(self) -> AsyncKucoin:
        return self._client

    @property
    def name(self) -> str:
        return CONNECTOR_NAME

    @property
    def authenticator(self):
        return None  # the connector signs its own requests

    @property
    def rate_limits_rules(self):
        return []  # the connector throttles (one limiter, KuCoin's quotas); never twice

    @property
    def domain(self) -> str:
        return "com"

    @property
    def client_order_id_max_length(self) -> int:
        return 40  # KuCoin's clientOid

    @property
    def client_order_id_prefix(self) -> str:
        return ""

    @property
    def trading_rules_request_path(self) -> str:
        return "/api/v2/symbols"

    @property
    def trading_pairs_request_path(self) -> str:
        return "/api/v2/symbols"

    @property
    def check_network_request_path(self) -> str:
        return "/api/v1/timestamp"

    @property
    def trading_pairs(self) -> List[str]:
        return self._trading_pairs

    @property
    def is_cancel_request_in_exchange_synchronous(self) -> bool:
        return True

    @property
    def is_trading_required(self) -> bool:
        return self._trading_required

    def supported_order_types(self) -> List[OrderType]:
        return [OrderType.LIMIT, OrderType.LIMIT_MAKER, OrderType.MARKET]

    def trade_fee_schema(self):
        try:
            return super().trade_fee_schema()
        except Exception:  # not registered in AllConnectorSettings (shim not installed): the defaults
            return DEFAULT_FEES

    def _is_request_exception_related_to_time_synchronizer(self, request_exception: Exception) -> bool:
        return "400002" in str(request_exception)  # KuCoin: KC-API-TIMESTAMP invalid

    def _is_order_not_found_during_status_update_error(self, status_update_exception: Exception) -> bool:
        return isinstance(status_update_exception, OrderNotFound)

    def _is_order_not_found_during_cancelation_error(self, cancelation_exception: Exception) -> bool:
        return isinstance(cancelation_exception, OrderNotFound)

    # -- plumbing Hummingbot would otherwise do with its own HTTP stack ---------------------------------
    def _create_web_assistants_factory(self) -> WebAssistantsFactory:
        return WebAssistantsFactory(throttler=self._throttler)  # unused: every request goes through the client

    def _create_order_book_data_source(self):
        return KucoinLiteOrderBookDataSource(trading_pairs=self._trading_pairs, client=self._client)

    def _create_user_stream_data_source(self):
        return KucoinLiteUserStreamDataSource(client=self._client)

    async def _make_network_check_request(self):
        await self._client.fetch_time()

    async def _make_trading_rules_request(self) -> Any:
        return await self._client.load_markets(True)

    _make_trading_pairs_request = _make_trading_rules_request

    async def _update_time_synchronizer(self, pass_on_non_cancelled_error: bool = False):
        try:
            await self._time_synchronizer.update_server_time_offset_with_time_provider(
                time_provider=self._client.fetch_time())
        except asyncio.CancelledError:
            raise
        except Exception:
            if not pass_on_non_cancelled_error:
                self.logger().exception(f"Error requesting time from {self.name_cap} server")
                raise

    async def close(self) -> None:
        """Close the connector's sockets (Hummingbot has no such hook; the e2e and scripts call it)."""
        await self._client.close()

    # -- markets ------------------------------------------------------------------------------------------
    def _initialize_trading_pair_symbols_from_exchange_info(self, exchange_info: Dict[str, Any]):
        mapping = bidict()
        for market in exchange_info.values():
            if market.get("spot") and market.get("active") is not False:
                mapping[market["id"]] = to_hb_pair(market["symbol"])
        self._set_trading_pair_symbol_map(mapping)

    async def _format_trading_rules(self, exchange_info_dict: Dict[str, Any]) -> List[TradingRule]:
        rules = []
        for market in exchange_info_dict.values():
            if not market.get("spot") or market.get("active") is False:
                continue
            try:
                rules.append(TradingRule(**trading_rule_fields(market)))
            except Exception:
                self.logger().exception(f"Error parsing the trading rule of {market.get('symbol')}; skipped")
        return rules

    async def _update_trading_fees(self):
        for pair in self._trading_pairs:
            try:
                fee = await self._client.fetch_trading_fee(to_ccxt_symbol(pair))
                self._trading_fees[pair] = (Decimal(str(fee["maker"])), Decimal(str(fee["taker"])))
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().debug(f"trading fee of {pair} unavailable; using the defaults", exc_info=True)

    def _get_fee(self, base_currency: str, quote_currency: str, order_type: OrderType, order_side: TradeType,
                 amount: Decimal, price: Decimal = s_decimal_NaN, is_maker: Optional[bool] = None) -> AddedToCostTradeFee:
        is_maker = is_maker or order_type is OrderType.LIMIT_MAKER
        rates = self._trading_fees.get(f"{base_currency}-{quote_currency}")
        if rates is None:
            schema = self.trade_fee_schema()
            rates = (schema.maker_percent_fee_decimal, schema.taker_percent_fee_decimal)
        return AddedToCostTradeFee(percent=rates[0] if is_maker else rates[1])

    # -- balances -----------------------------------------------------------------------------------------
    async def _update_balances(self):
        total, free = balance_fields(await self._client.fetch_balance({"type": "trade"}))
        for gone in set(self._account_balances) - set(total):
            self._account_balances.pop(gone, None)
            self._account_available_balances.pop(gone, None)
        self._account_balances.update(total)
        self._account_available_balances.update(free)
        self._last_balance_refresh = time.monotonic()

    def _on_balance_push(self) -> None:
        """A balance push: read the trade account once (pushes mix account types; REST says which)."""
        if self._balance_refresh is not None and not self._balance_refresh.done():
            return
        delay = max(0.0, self._last_balance_refresh + BALANCE_REFRESH_S - time.monotonic())

        async def refresh():
            await asyncio.sleep(delay)
            try:
                await self._update_balances()
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().warning("balance refresh after a push failed", exc_info=True)
        self._balance_refresh = asyncio.ensure_future(refresh())

    # -- orders -------------------------------------------------------------------------------------------
    async def _place_order(self, order_id: str, trading_pair: str, amount: Decimal, trade_type: TradeType,
                           order_type: OrderType, price: Decimal, **kwargs) -> Tuple[str, float]:
        kind, extra = _CCXT_TYPE[order_type]
        order = await self._client.create_order(
            to_ccxt_symbol(trading_pair), kind, "buy" if trade_type is TradeType.BUY else "sell", amount,
            None if kind == "market" else price, {"clientOrderId": order_id, **extra})
        ts = order.get("timestamp")
        return str(order["id"]), (ts / 1000.0) if ts else self.current_timestamp

    async def _place_cancel(self, order_id: str, tracked_order: InFlightOrder):
        symbol = to_ccxt_symbol(tracked_order.trading_pair)
        if tracked_order.exchange_order_id:
            await self._client.cancel_order(tracked_order.exchange_order_id, symbol)
        else:
            await self._client.cancel_order(None, symbol, {"clientOrderId": order_id})
        return True

    async def _request_order_status(self, tracked_order: InFlightOrder) -> OrderUpdate:
        symbol = to_ccxt_symbol(tracked_order.trading_pair)
        if tracked_order.exchange_order_id:
            order = await self._client.fetch_order(tracked_order.exchange_order_id, symbol)
        else:
            order = await self._client.fetch_order(None, symbol, {"clientOrderId": tracked_order.client_order_id})
        return self._order_update(order, tracked_order.trading_pair, tracked_order.client_order_id)

    def _order_update(self, order: Dict[str, Any], pair: str, client_order_id: Optional[str]) -> OrderUpdate:
        ts = order.get("lastUpdateTimestamp") or order.get("timestamp")
        return OrderUpdate(trading_pair=pair, update_timestamp=(ts / 1000.0) if ts else self.current_timestamp,
                           new_state=OrderState[order_state(order)], client_order_id=client_order_id,
                           exchange_order_id=str(order["id"]))

    async def _all_trade_updates_for_order(self, order: InFlightOrder) -> List[TradeUpdate]:
        """The order's fills over REST (HF ``data.items``): what recovers fills the stream missed."""
        if not order.exchange_order_id:
            return []
        fills = await order_fills(self._client, order.exchange_order_id, to_ccxt_symbol(order.trading_pair))
        return [self._trade_update(f, order) for f in fills]

    def _trade_update(self, fill: Dict[str, Any], order: InFlightOrder) -> TradeUpdate:
        fee_currency = fill["fee_currency"] or order.quote_asset
        fee = TradeFeeBase.new_spot_fee(fee_schema=self.trade_fee_schema(), trade_type=order.trade_type,
                                        percent_token=fee_currency,
                                        flat_fees=[TokenAmount(amount=fill["fee_cost"], token=fee_currency)])
        return TradeUpdate(trade_id=fill["trade_id"], client_order_id=order.client_order_id,
                           exchange_order_id=fill["exchange_order_id"] or order.exchange_order_id,
                           trading_pair=order.trading_pair, fill_timestamp=fill["timestamp"] or self.current_timestamp,
                           fill_price=fill["price"], fill_base_amount=fill["amount"],
                           fill_quote_amount=fill["quote_amount"], fee=fee, is_taker=fill["is_taker"])

    # -- the private stream -------------------------------------------------------------------------------
    async def _user_stream_event_listener(self):
        async for event in self._iter_user_event_queue():
            try:
                self._apply_user_event(event["kind"], event["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().exception("Unexpected error in the user stream listener")
                await self._sleep(1.0)

    def _apply_user_event(self, kind: str, data: Dict[str, Any]) -> None:
        if kind == "balance":
            self._on_balance_push()
            return
        client_id = data.get("clientOrderId") if kind == "order" else (data.get("info") or {}).get("clientOid")
        exchange_id = str(data["id"] if kind == "order" else data["order"])
        tracked = (self._order_tracker.all_updatable_orders.get(client_id) if kind == "order" else
                   self._order_tracker.all_fillable_orders.get(client_id)) if client_id else None
        if tracked is None:
            by_exchange = (self._order_tracker.all_updatable_orders_by_exchange_order_id if kind == "order"
                           else self._order_tracker.all_fillable_orders_by_exchange_order_id)
            tracked = by_exchange.get(exchange_id)
        if tracked is None:
            return
        if kind == "order":
            self._order_tracker.process_order_update(self._order_update(data, tracked.trading_pair,
                                                                        tracked.client_order_id))
        else:
            rates = self._trading_fees.get(tracked.trading_pair)
            maker = data.get("takerOrMaker") == "maker"
            schema = self.trade_fee_schema()
            rate = (rates[0] if maker else rates[1]) if rates else (
                schema.maker_percent_fee_decimal if maker else schema.taker_percent_fee_decimal)
            self._order_tracker.process_trade_update(self._trade_update(fill_fields(data, rate), tracked))
