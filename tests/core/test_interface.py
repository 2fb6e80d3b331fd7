"""Tests for the unified interface contract (interface*.py) and the capability list (capabilities.py)."""
from __future__ import annotations

import abc
import ast
import inspect
import pathlib
from typing import Any, Callable

import pytest

from kucoin_connector.core import interface
from kucoin_connector.core.capabilities import (
    ALL_CAPABILITIES,
    FLAG_CAPABILITIES,
    METHOD_CAPABILITIES,
    build_has,
)
from kucoin_connector.core.interface import (
    HELPER_METHODS,
    PLAIN_HELPERS,
    STREAMING_METHODS,
    UNIFIED_METHODS,
    AsyncUnifiedExchange,
    UnifiedExchange,
    capability_name,
)

CLASSES = (UnifiedExchange, AsyncUnifiedExchange)


def _declared(cls: type) -> set[str]:
    """Public callables the contract declares, itself or through its capability groups (not abc.ABC/object)."""
    names = set()
    for klass in cls.__mro__:
        if klass in (abc.ABC, object):
            continue
        names |= {name for name, value in vars(klass).items() if not name.startswith("_") and callable(
            value.__func__ if isinstance(value, staticmethod) else value)}
    return names


def _sig(cls: type, name: str) -> str:
    """Compact positional signature without self: 'symbol, limit=None, params=None'."""
    params = [p for p in inspect.signature(getattr(cls, name)).parameters.values() if p.name != "self"]
    return ", ".join(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}" for p in params)


# --- the method list ------------------------------------------------------------------------------

def test_unified_methods_has_no_duplicates() -> None:
    duplicates = {name for name in UNIFIED_METHODS if UNIFIED_METHODS.count(name) > 1}
    assert duplicates == set()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_unified_method_is_abstract_and_nothing_else_is(cls: type) -> None:
    assert set(cls.__abstractmethods__) == set(UNIFIED_METHODS)
    assert _declared(cls) == set(UNIFIED_METHODS)


def test_both_classes_define_exactly_the_same_names() -> None:
    assert _declared(UnifiedExchange) == _declared(AsyncUnifiedExchange)


@pytest.mark.parametrize("name", UNIFIED_METHODS)
def test_sync_and_async_signatures_are_identical(name: str) -> None:
    sync = inspect.signature(getattr(UnifiedExchange, name))
    asyn = inspect.signature(getattr(AsyncUnifiedExchange, name))
    assert [(p.name, p.kind, p.default, p.annotation) for p in sync.parameters.values()] == [
        (p.name, p.kind, p.default, p.annotation) for p in asyn.parameters.values()
    ]
    assert sync.return_annotation == asyn.return_annotation


def test_async_methods_are_coroutines_except_the_plain_helpers() -> None:
    coroutines = {n for n in UNIFIED_METHODS if inspect.iscoroutinefunction(getattr(AsyncUnifiedExchange, n))}
    assert coroutines == set(UNIFIED_METHODS) - set(PLAIN_HELPERS)
    assert {"load_markets", "close", "fetch_ticker", "watch_order_book", "un_watch_trades"} <= coroutines
    assert {"market", "amount_to_precision", "parse_order", "iso8601"}.isdisjoint(coroutines)


def test_sync_methods_are_plain_functions() -> None:
    assert [n for n in UNIFIED_METHODS if inspect.iscoroutinefunction(getattr(UnifiedExchange, n))] == []


def test_ccxt_static_helpers_stay_static() -> None:
    for cls in CLASSES:
        for name in ("parse_timeframe", "iso8601", "parse8601"):
            assert isinstance(inspect.getattr_static(cls, name), staticmethod), (cls.__name__, name)
        # milliseconds reads the face's injected clock, so it is an instance method here
        assert not isinstance(inspect.getattr_static(cls, "milliseconds"), staticmethod)


def test_every_method_has_a_one_line_docstring_naming_what_it_returns() -> None:
    for cls in CLASSES:
        for name in UNIFIED_METHODS:
            doc = inspect.getdoc(getattr(cls, name))
            assert doc and "\n" not in doc, (cls.__name__, name)
            assert doc.startswith(("Return", "Stop", "Release")), (cls.__name__, name, doc)


def test_every_network_method_ends_with_params_defaulting_to_none() -> None:
    for name in set(UNIFIED_METHODS) - set(HELPER_METHODS) | {"load_markets"}:
        last = list(inspect.signature(getattr(UnifiedExchange, name)).parameters.values())[-1]
        assert (last.name, last.default) == ("params", None), name


def test_streaming_methods_and_their_unsubscribes() -> None:
    watches = {n for n in STREAMING_METHODS if n.startswith("watch_")}
    unwatches = {n[len("un_"):] for n in STREAMING_METHODS if n.startswith("un_watch_")}
    assert unwatches <= watches
    # ccxt 4.5 has no un_watch_balance and no un_watch_position; everything else is paired
    assert watches - unwatches == {"watch_balance", "watch_position"}


# --- exact signatures, written out by hand from ccxt 4.5 --------------------------------------------

EXPECTED_SIGNATURES = {
    "load_markets": "reload=False, params=None",
    "fetch_ticker": "symbol, params=None",
    "fetch_tickers": "symbols=None, params=None",
    "fetch_order_book": "symbol, limit=None, params=None",
    "fetch_trades": "symbol, since=None, limit=None, params=None",
    "fetch_ohlcv": "symbol, timeframe='1m', since=None, limit=None, params=None",
    "fetch_funding_rate_history": "symbol=None, since=None, limit=None, params=None",
    "create_order": "symbol, type, side, amount, price=None, params=None",
    "create_limit_order": "symbol, side, amount, price, params=None",
    "create_market_buy_order_with_cost": "symbol, cost, params=None",
    "create_market_order_with_cost": "symbol, side, cost, params=None",
    "create_stop_order": "symbol, type, side, amount, price=None, triggerPrice=None, params=None",
    "create_stop_limit_order": "symbol, side, amount, price, triggerPrice, params=None",
    "create_order_with_take_profit_and_stop_loss":
        "symbol, type, side, amount, price=None, takeProfit=None, stopLoss=None, params=None",
    "create_trailing_percent_order":
        "symbol, type, side, amount, price=None, trailingPercent=None, trailingTriggerPrice=None, params=None",
    "create_orders": "orders, params=None",
    "edit_order": "id, symbol, type, side, amount=None, price=None, params=None",
    "cancel_order": "id, symbol=None, params=None",
    "cancel_orders": "ids, symbol=None, params=None",
    "fetch_open_orders": "symbol=None, since=None, limit=None, params=None",
    "fetch_order_trades": "id, symbol=None, since=None, limit=None, params=None",
    "withdraw": "code, amount, address, tag=None, params=None",
    "transfer": "code, amount, fromAccount, toAccount, params=None",
    "fetch_deposit_withdraw_fees": "codes=None, params=None",
    "borrow_isolated_margin": "symbol, code, amount, params=None",
    "fetch_borrow_interest": "code=None, symbol=None, since=None, limit=None, params=None",
    "fetch_borrow_rate_history": "code, since=None, limit=None, params=None",
    "set_leverage": "leverage, symbol=None, params=None",
    "set_margin_mode": "marginMode, symbol=None, params=None",
    "set_position_mode": "hedged, symbol=None, params=None",
    "fetch_position_mode": "symbol=None, params=None",
    "fetch_open_interest_history": "symbol, timeframe='5m', since=None, limit=None, params=None",
    "close_position": "symbol, side=None, params=None",
    "watch_order_book": "symbol, limit=None, params=None",
    "watch_ohlcv": "symbol, timeframe='1m', since=None, limit=None, params=None",
    "watch_positions": "symbols=None, since=None, limit=None, params=None",
    "watch_position": "symbol=None, params=None",
    "un_watch_ohlcv": "symbol, timeframe='1m', params=None",
    "un_watch_order_book_for_symbols": "symbols, params=None",
    "market": "symbol",
    "amount_to_precision": "symbol, amount",
    "parse_timeframe": "timeframe",
    "iso8601": "timestamp=None",
    "milliseconds": "",
    "parse_order": "order, market=None",
    "close": "clean_instance_data=False",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SIGNATURES))
def test_exact_signature(name: str) -> None:
    for cls in CLASSES:
        assert _sig(cls, name) == EXPECTED_SIGNATURES[name], cls.__name__


def test_ccxt_style_positional_call_binds_like_ccxt() -> None:
    bound = inspect.signature(UnifiedExchange.create_order).bind(None, "BTC/USDT", "limit", "buy", "0.1", "30000", {})
    assert dict(bound.arguments) == {"self": None, "symbol": "BTC/USDT", "type": "limit", "side": "buy",
                                     "amount": "0.1", "price": "30000", "params": {}}


# --- abstractness: a face missing any one method cannot be built ------------------------------------

def _concrete(cls: type, leave_out: str | None = None) -> type:
    namespace: dict[str, Callable[..., Any]] = {}
    for name in UNIFIED_METHODS:
        if name == leave_out:
            continue
        if cls is AsyncUnifiedExchange and name not in PLAIN_HELPERS:
            async def coro(self: Any, *args: Any, **kwargs: Any) -> Any:
                return None
            namespace[name] = coro
        else:
            namespace[name] = lambda self, *args, **kwargs: None
    return type(f"Concrete{cls.__name__}", (cls,), namespace)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_complete_subclass_instantiates(cls: type) -> None:
    instance = _concrete(cls)()
    assert isinstance(instance, cls)


@pytest.mark.parametrize("name", UNIFIED_METHODS)
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_subclass_missing_one_method_cannot_instantiate(cls: type, name: str) -> None:
    incomplete = _concrete(cls, leave_out=name)
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        incomplete()


# --- capability names -------------------------------------------------------------------------------

CAPABILITY_NAMES = [
    ("fetch_ohlcv", "fetchOHLCV"),
    ("fetch_l2_order_book", "fetchL2OrderBook"),
    ("fetch_l3_order_book", "fetchL3OrderBook"),
    ("create_market_buy_order_with_cost", "createMarketBuyOrderWithCost"),
    ("watch_ohlcv", "watchOHLCV"),
    ("watch_ohlcv_for_symbols", "watchOHLCVForSymbols"),
    ("un_watch_ohlcv", "unWatchOHLCV"),
    ("fetch_index_ohlcv", "fetchIndexOHLCV"),
    ("fetch_premium_index_ohlcv", "fetchPremiumIndexOHLCV"),
    ("fetch_ohlcv_ws", "fetchOHLCVWs"),
    ("fetch_position_adl_rank", "fetchPositionADLRank"),
    ("fetch_bids_asks", "fetchBidsAsks"),
    ("fetch_ticker", "fetchTicker"),
    ("fetch_time", "fetchTime"),
    ("withdraw", "withdraw"),
    ("transfer", "transfer"),
    ("create_order_with_take_profit_and_stop_loss", "createOrderWithTakeProfitAndStopLoss"),
    ("un_watch_order_book_for_symbols", "unWatchOrderBookForSymbols"),
    ("watch_bids_asks", "watchBidsAsks"),
    ("fetch_deposit_withdraw_fees", "fetchDepositWithdrawFees"),
    ("fetch_deposit_addresses_by_network", "fetchDepositAddressesByNetwork"),
    ("borrow_cross_margin", "borrowCrossMargin"),
    ("set_position_mode", "setPositionMode"),
    ("create_order_ws", "createOrderWs"),
    ("fetch_canceled_and_closed_orders", "fetchCanceledAndClosedOrders"),
    ("fetch_my_trades", "fetchMyTrades"),
    ("un_watch_mark_price", "unWatchMarkPrice"),
]


@pytest.mark.parametrize(("method", "key"), CAPABILITY_NAMES)
def test_capability_name(method: str, key: str) -> None:
    assert capability_name(method) == key


@pytest.mark.parametrize("bad", ["fetchOHLCV", "", "fetch__ohlcv", "_fetch", "fetch_", "fetch-ohlcv", "1fetch"])
def test_capability_name_rejects_non_snake_case(bad: str) -> None:
    with pytest.raises(ValueError):
        capability_name(bad)


def test_every_unified_method_with_a_has_key_maps_into_all_capabilities() -> None:
    keyed = [n for n in UNIFIED_METHODS if n not in HELPER_METHODS]
    assert [n for n in keyed if capability_name(n) not in ALL_CAPABILITIES] == []


# --- the capability list and build_has --------------------------------------------------------------

def test_all_capabilities_is_unique_and_holds_known_keys() -> None:
    assert len(set(ALL_CAPABILITIES)) == len(ALL_CAPABILITIES)
    assert ALL_CAPABILITIES == FLAG_CAPABILITIES + METHOD_CAPABILITIES
    for key in ("fetchOHLCV", "fetchL2OrderBook", "watchOrderBook", "createStopOrder", "unWatchOHLCV",
                "fetchMarkPrice", "watchMarkPrice", "watchFundingRate", "unWatchBidsAsks", "fetchOrderBooks",
                "closeAllPositions", "fetchTradingFees", "fetchDepositAddresses", "fetchCurrenciesWs"):
        assert key in METHOD_CAPABILITIES, key
    for flag in ("spot", "margin", "swap", "future", "option", "CORS", "publicAPI", "privateAPI", "sandbox"):
        assert flag in FLAG_CAPABILITIES, flag


def test_build_has_fills_every_key_in_order() -> None:
    has = build_has(["fetchTicker", "fetchOHLCV"], emulated=["fetchBidsAsks"],
                    market_types={"spot": True, "swap": False, "option": None})
    assert list(has) == list(ALL_CAPABILITIES)
    assert has["fetchTicker"] is True and has["fetchOHLCV"] is True
    assert has["fetchBidsAsks"] == "emulated"
    assert (has["spot"], has["swap"], has["option"]) == (True, False, None)
    assert has["watchOrderBook"] is False and has["margin"] is False and has["CORS"] is False
    assert {k for k, v in has.items() if v is not False} == {"fetchTicker", "fetchOHLCV", "fetchBidsAsks",
                                                             "spot", "option"}


def test_build_has_accepts_generators_and_returns_fresh_dicts() -> None:
    first = build_has(name for name in ("fetchTime",))
    first["fetchTime"] = False
    assert build_has(["fetchTime"])["fetchTime"] is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"implemented": ["fetchOhlcv"]}, "fetchOhlcv"),
        ({"implemented": ["fetch_ohlcv"]}, "fetch_ohlcv"),
        ({"implemented": [], "emulated": ["fetchTickerz"]}, "fetchTickerz"),
        ({"implemented": ["fetchTicker"], "emulated": ["fetchTicker"]}, "fetchTicker"),
        ({"implemented": [], "emulated": ["spot"]}, "spot"),
        ({"implemented": [], "market_types": {"fetchTicker": True}}, "fetchTicker"),
        ({"implemented": [], "market_types": {"spot": "yes"}}, "spot"),
        ({"implemented": ["spot"], "market_types": {"spot": False}}, "spot"),
    ],
)
def test_build_has_rejects_mistakes(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_has(**kwargs)


def test_build_has_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError):
        build_has("fetchTicker")


def test_build_has_from_method_names_via_capability_name() -> None:
    has = build_has(capability_name(n) for n in ("fetch_ohlcv", "watch_order_book", "un_watch_trades"))
    assert (has["fetchOHLCV"], has["watchOrderBook"], has["unWatchTrades"]) == (True, True, True)


# --- layer rule -------------------------------------------------------------------------------------

def test_modules_import_only_pure_stdlib() -> None:
    package = pathlib.Path(interface.__file__).parent
    allowed = {"__future__", "abc", "decimal", "inspect", "typing", "collections.abc"}
    modules = sorted(package.glob("*.py")) + [package.parent / "capabilities.py"]
    relative_ok = {"types", "sync", "async_", "market_data", "trading", "account", "derivatives", "streaming",
                   "helpers"}
    assert len(modules) >= 10
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= allowed, (module, ast.dump(node))
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module in allowed, (module, node.module)
            elif isinstance(node, ast.ImportFrom):  # only its own sibling modules
                assert node.level == 1 and node.module in relative_ok, (module, node.module)


# --- parity with an installed ccxt (marker `parity`; skipped when ccxt is not installed) ------------

@pytest.mark.parity
def test_signatures_match_installed_ccxt() -> None:
    ccxt = pytest.importorskip("ccxt")
    ccxt_pro = pytest.importorskip("ccxt.pro")

    def shape(fn: Callable[..., Any]) -> list[tuple[str, Any]]:
        out = []
        for p in inspect.signature(fn).parameters.values():
            if p.name == "self":
                continue
            default = None if p.default == {} else p.default  # ccxt's params={} is our params=None
            out.append((p.name, "required" if default is inspect.Parameter.empty else default))
        return out

    for ours, theirs in ((UnifiedExchange, ccxt.kucoin), (AsyncUnifiedExchange, ccxt_pro.kucoin)):
        for name in UNIFIED_METHODS:
            expected = shape(getattr(theirs, name))
            if name == "withdraw":  # ccxt 4.5 moved tag into params; we accept both call styles
                expected.insert(3, ("tag", None))
            assert shape(getattr(ours, name)) == expected, (ours.__name__, name)
            assert inspect.iscoroutinefunction(getattr(ours, name)) == inspect.iscoroutinefunction(
                getattr(theirs, name)), (ours.__name__, name)


@pytest.mark.parity
def test_capability_keys_match_installed_ccxt() -> None:
    ccxt_pro = pytest.importorskip("ccxt.pro")
    for exchange in (ccxt_pro.kucoin(), ccxt_pro.kucoinfutures()):
        assert set(exchange.has) - set(ALL_CAPABILITIES) == set()
        for key in exchange.has:
            method = getattr(exchange, key, None)
            snake = getattr(method, "__name__", None)
            if callable(method) and snake and "_" in snake:  # ccxt aliases camelCase to the snake method
                assert capability_name(snake) == key, (snake, key)


def test_the_capability_groups_partition_the_interface() -> None:
    from kucoin_connector.core.interface import GROUPS
    seen: list[str] = []
    for group in GROUPS.values():
        seen += sorted(group.__abstractmethods__)
    assert sorted(seen) == sorted(UNIFIED_METHODS)  # every method in exactly one group
