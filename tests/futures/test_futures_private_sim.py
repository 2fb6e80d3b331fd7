"""Private futures watches against the simulator's own pushes (``futures_pushes``), on both faces: what
watch_orders / watch_my_trades / watch_positions / watch_balance show after real orders, fills, a cancel, a
funding settlement and a close equals what the exchange reports over REST; another user's connection never
sees the account's orders. Fills come from a counter-party (``Simulator.fill``: a participant takes the
resting order as maker).

Every watch is subscribed first (a short watch that times out), then the exchange acts, then the watch is
read until the expected state arrives (pushes arrive in order, so the last one read is the exchange's
latest)."""
from __future__ import annotations

import asyncio
import inspect
from decimal import Decimal
from typing import Any, Callable

import pytest
from futures_ws_support import futures_config

from kucoin_conformance.simulator import Simulator
from kucoin_connector import AsyncKucoinFutures, KucoinFutures
from kucoin_connector.core.numbers import number_converter
from kucoin_connector.futures.parsers.contracts import parse_contract
from kucoin_connector.futures.topics import FUTURES_TOPICS, KINDS

SYMBOL = "BTC/USDT:USDT"
T = 10.0
WATCHES = ("watch_orders", "watch_my_trades", "watch_positions", "watch_balance")


class Face:
    """One client, sync or asyncio, behind one blocking ``call``."""

    def __init__(self, cls: type, config: dict[str, Any]) -> None:
        self.ex = cls(config)
        self.loop = asyncio.new_event_loop() if cls is AsyncKucoinFutures else None

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(self.ex, name)(*args, **kwargs)
        if self.loop is None or not inspect.isawaitable(result):
            return result
        return self.loop.run_until_complete(asyncio.wait_for(result, T + 5))

    def subscribe(self, *names: str) -> None:
        """Open the watches (nothing has happened yet, so each one times out; the asyncio face's watch is
        given up by ``wait_for``, its subscription stays)."""
        self.ex.options["watchTimeout"] = 0.5
        for name in names:
            with pytest.raises(TimeoutError):
                if self.loop is None:
                    self.call(name)
                else:
                    self.loop.run_until_complete(asyncio.wait_for(getattr(self.ex, name)(), 0.5))
        self.ex.options["watchTimeout"] = T

    def until(self, name: str, done: Callable[[Any], bool], *args: Any) -> Any:
        for _ in range(50):
            got = self.call(name, *args)
            if done(got):
                return got
        raise AssertionError(f"{name} never showed the expected state")

    def close(self) -> None:
        if self.loop is None:
            self.ex.close()
        else:
            self.loop.run_until_complete(self.ex.close())
            self.loop.close()


@pytest.fixture
def sim():
    with Simulator(seed=11, symbols=12, tick_interval=0) as s:
        s.step(5)
        s.pause()
        yield s


@pytest.fixture
def faces(sim):
    made: list[Face] = []

    def make(cls: type, credentials: dict[str, Any] | None = None) -> Face:
        config = futures_config(sim, watchTimeout=T, numbers="decimal")
        config.update({k: (credentials or sim.credentials)[k] for k in ("apiKey", "secret", "password")})
        made.append(Face(cls, config))
        return made[-1]
    yield make
    for face in made:
        face.close()


def far_bid(face: Face) -> str:
    book = face.call("fetch_order_book", SYMBOL, 20)
    return face.call("price_to_precision", SYMBOL, Decimal(str(book["bids"][-1][0])) * Decimal("0.95"))


def latest(orders: dict[str, dict], update: list[dict]) -> dict[str, dict]:
    orders.update({o["id"]: o for o in update})
    return orders


@pytest.mark.parametrize("cls", [KucoinFutures, AsyncKucoinFutures], ids=["sync", "asyncio"])
def test_watches_show_the_exchanges_orders_fills_position_and_balance(sim, faces, cls):
    face = faces(cls)
    face.subscribe(*WATCHES)
    params = {"leverage": 5, "marginMode": "isolated"}
    price = far_bid(face)
    partly = face.call("create_order", SYMBOL, "limit", "buy", 3, price, params)
    fully = face.call("create_order", SYMBOL, "limit", "buy", 2, price, params)
    sim.fill(partly["id"], "1")
    sim.fill(fully["id"])
    face.call("cancel_order", partly["id"], SYMBOL)

    seen: dict[str, dict] = {}
    face.until("watch_orders", lambda update: latest(seen, update).get(partly["id"], {}).get("status") == "canceled")
    for order in (partly, fully):
        rest = face.call("fetch_order", order["id"], SYMBOL)
        watched = seen[order["id"]]
        assert (watched["status"], watched["filled"], watched["remaining"], watched["amount"]) == \
            (rest["status"], rest["filled"], rest["amount"] - rest["filled"], rest["amount"])
        assert (watched["clientOrderId"], watched["price"], watched["side"]) == \
            (rest["clientOrderId"], rest["price"], "buy")
    assert (seen[partly["id"]]["status"], seen[fully["id"]]["status"]) == ("canceled", "closed")

    rest_trades = face.call("fetch_my_trades", SYMBOL)
    trades: list[dict] = []
    face.until("watch_my_trades", lambda update: trades.extend(update) or len(trades) >= len(rest_trades))
    as_rows = lambda ts: sorted((t["id"], t["order"], t["price"], t["amount"], t["takerOrMaker"])  # noqa: E731
                                for t in ts)
    assert as_rows(trades) == as_rows(rest_trades) and len(trades) == 2
    for order in (partly, fully):  # the fills give the average the exchange reports
        mine = [t for t in trades if t["order"] == order["id"]]
        average = sum(t["price"] * t["amount"] for t in mine) / sum(t["amount"] for t in mine)
        assert average == face.call("fetch_order", order["id"], SYMBOL)["average"]

    (rest_position,) = face.call("fetch_positions")
    positions = face.until("watch_positions", lambda ps: any(p["contracts"] == 3 for p in ps))
    watched = positions[-1]
    for key in ("symbol", "side", "contracts", "entryPrice", "marginMode", "initialMargin", "leverage"):
        assert watched[key] == rest_position[key], key
    assert (watched["side"], watched["contracts"]) == ("long", 3)

    rest_balance = face.call("fetch_balance")["USDT"]
    balance = face.until("watch_balance", lambda b: b.get("USDT", {}).get("free") == rest_balance["free"])
    assert balance["USDT"]["used"] == rest_position["initialMargin"]  # ccxt: holdBalance + isolated position margin

    sim.settle_futures_funding()
    (funded,) = face.call("fetch_positions")
    assert funded["realizedPnl"] != rest_position["realizedPnl"]
    watched = face.until("watch_positions", lambda ps: ps[-1]["realizedPnl"] == funded["realizedPnl"])[-1]
    assert (watched["contracts"], watched["entryPrice"]) == (3, funded["entryPrice"])

    face.call("close_position", SYMBOL)
    closed = face.until("watch_positions", lambda ps: ps[-1]["contracts"] == 0)[-1]
    assert closed["side"] is None and face.call("fetch_positions") == []
    rest_balance = face.call("fetch_balance")["USDT"]
    balance = face.until("watch_balance", lambda b: b["USDT"]["free"] == rest_balance["free"])
    assert balance["USDT"] == rest_balance  # no position, no order: free, used and total agree


@pytest.mark.parametrize("cls", [KucoinFutures, AsyncKucoinFutures], ids=["sync", "asyncio"])
def test_another_users_connection_never_sees_the_accounts_orders(sim, faces, cls):
    owner, other = faces(cls), faces(cls, sim.add_api_key(3, uid="another-user"))
    owner.subscribe("watch_orders")
    other.subscribe("watch_orders")
    price = far_bid(owner)
    mine = owner.call("create_order", SYMBOL, "limit", "buy", 1, price, {"leverage": 5})
    theirs = other.call("create_order", SYMBOL, "limit", "buy", 1, price, {"leverage": 5})
    # pushes arrive in order: had the owner's order reached the other user, it would come before theirs
    assert [o["id"] for o in other.call("watch_orders")] == [theirs["id"]]
    seen: dict[str, dict] = {}
    owner.until("watch_orders", lambda update: mine["id"] in latest(seen, update))
    assert theirs["id"] not in seen


def test_a_funding_settlement_push_is_not_read_as_a_position():
    from futures_support import contract_items

    from kucoin_connector.core.markets import MarketRegistry
    from kucoin_connector.streaming.channels import ChannelKey
    from kucoin_connector.streaming.engine import Message
    from kucoin_connector.streaming.state import StreamState
    from kucoin_connector.streaming.topics import ConnectionKey

    num = number_converter("decimal")
    registry = MarketRegistry()
    registry.set_markets([parse_contract(i, num) for i in contract_items()])
    state = StreamState(registry, num, FUTURES_TOPICS)
    every = ChannelKey(KINDS.POSITIONS)
    state.channel(every)
    settlement = {"topic": "/contract/position:XBTUSDTM", "type": "message", "subject": "position.settlement",
                  "userId": "1", "channelType": "private",
                  "data": {"fundingTime": 1551770400000, "qty": 100, "markPrice": 3610.85, "fundingRate": -0.002966,
                           "fundingFee": -296, "ts": 1547697294838004923, "settleCurrency": "USDT"}}
    updated, _ = state.apply([Message(ConnectionKey("futures", "private", 0), settlement)])
    assert updated == set() and state.bad_pushes == 0 and state.channel(every).take() == []
