"""Headless end-to-end run of the ``kucoin_lite`` Hummingbot connector against the KuCoin simulator.

Run through ``e2e.sh`` (it builds the cached Python 3.12 venv with Hummingbot). In order:

1. the shim is installed and ``kucoin_lite`` is in Hummingbot's connector list;
2. the connector becomes ``ready`` (rules, balances, book, user stream) on Hummingbot's clock;
3. Hummingbot's order book equals the simulator's true book, then again after an injected sequence gap
   and after a dropped WebSocket connection (the market is paused and stepped, so the truth is exact);
4. a limit order is placed and cancelled (created and cancelled events);
5. a resting order is filled while both of its private pushes are suppressed: the fill must still reach
   Hummingbot, over REST, as an ``OrderFilledEvent`` with the order's amount, and the order completes;
6. Hummingbot's own ``pure_market_making`` strategy runs on the moving market for ``--pmm-seconds``
   with no error logged.

Prints one figure line; exit 0 when every check passed.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from decimal import Decimal
from typing import Any, Callable, Dict, List

PAIR, SYMBOL_ID = "BTC-USDT", "BTC-USDT"


class ErrorLog(logging.Handler):
    """Every ERROR record (and above) logged anywhere while the run is on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


async def wait_for(what: str, cond: Callable[[], Any], timeout: float, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(every)


def book_difference(connector: Any, truth: Dict[str, Any]) -> str | None:
    """None when Hummingbot's book holds exactly the true levels, else what differs."""
    book = connector.order_books.get(PAIR)
    if book is None:
        return "no book"
    bids_df, asks_df = book.snapshot
    for side, df in (("bids", bids_df), ("asks", asks_df)):
        held = {float(p): float(a) for p, a in zip(df["price"], df["amount"])}
        want = {float(p): float(s) for p, s in truth[side]}
        if held != want:
            extra = sorted(set(held) - set(want))
            missing = sorted(set(want) - set(held))
            wrong = [p for p in set(held) & set(want) if held[p] != want[p]]
            return f"{side}: {len(extra)} stale, {len(missing)} missing, {len(wrong)} wrong sizes"
    return None


async def book_converges(sim: Any, connector: Any, label: str, timeout: float = 30.0) -> None:
    before = sim.book(SYMBOL_ID)["sequence"]
    for _ in range(200):  # move the book at least once: a skipped push shows only at the next one
        sim.step(1)
        if sim.book(SYMBOL_ID)["sequence"] != before:
            break
    last = ["?"]

    def equal() -> bool:
        last[0] = book_difference(connector, sim.book(SYMBOL_ID)) or ""
        return not last[0]
    try:
        await wait_for(f"the book to equal the true book ({label})", equal, timeout)
    except AssertionError:
        raise AssertionError(f"{label}: book differs from the true book: {last[0]}") from None


async def run(pmm_seconds: float) -> Dict[str, Any]:
    from hummingbot.client.settings import AllConnectorSettings
    from hummingbot.core.clock import Clock, ClockMode
    from hummingbot.core.data_type.common import OrderType
    from hummingbot.core.event.event_forwarder import SourceInfoEventForwarder
    from hummingbot.core.event.events import MarketEvent
    from hummingbot.strategy.market_trading_pair_tuple import MarketTradingPairTuple
    from hummingbot.strategy.pure_market_making import PureMarketMakingStrategy

    from kucoin_conformance.simulator import Simulator
    from kucoin_connector_adapters.hummingbot import install

    out: Dict[str, Any] = {}
    install.install(install.exchange_dir())
    AllConnectorSettings.create_connector_settings()
    assert "kucoin_lite" in AllConnectorSettings.get_connector_settings(), "kucoin_lite is not in the connector list"
    setting = AllConnectorSettings.get_connector_settings()["kucoin_lite"]
    import importlib
    exchange_cls = getattr(importlib.import_module(setting.module_path()), setting.class_name())

    sim = Simulator(seed=1, symbols=20, ws_ping_interval_ms=1000, ws_ping_timeout_ms=3000).start()
    sim.pause()
    creds = sim.credentials
    connector = exchange_cls(kucoin_lite_api_key=creds["apiKey"], kucoin_lite_secret_key=creds["secret"],
                             kucoin_lite_passphrase=creds["password"], trading_pairs=[PAIR], trading_required=True,
                             api_url=sim.spot_url)
    events: Dict[str, List[Any]] = {}
    forwarders = []
    for tag in (MarketEvent.BuyOrderCreated, MarketEvent.SellOrderCreated, MarketEvent.OrderCancelled,
                MarketEvent.OrderFilled, MarketEvent.BuyOrderCompleted, MarketEvent.SellOrderCompleted,
                MarketEvent.OrderFailure):
        fwd = SourceInfoEventForwarder(lambda t, _src, ev, name=tag.name: events.setdefault(name, []).append(ev))
        forwarders.append(fwd)
        connector.add_listener(tag, fwd)

    clock = Clock(ClockMode.REALTIME, tick_size=1.0)
    clock.add_iterator(connector)
    errors = ErrorLog()  # any ERROR logged by Hummingbot, the connector or asyncio fails the run
    logging.getLogger().addHandler(errors)
    clock_task = None
    try:
        with clock:
            clock_task = asyncio.ensure_future(clock.run())
            started = time.monotonic()
            await connector.start_network()
            await wait_for("the connector to be ready", lambda: connector.ready, 90)
            out["ready_s"] = round(time.monotonic() - started, 1)

            # -- the book, across a gap and a dropped connection ----------------------------------------
            await book_converges(sim, connector, "initial sync")
            resyncs0 = connector.client.stream_stats()["resyncs"]
            sim.add_fault({"stream": f"/market/level2:{SYMBOL_ID}", "kind": "skip_sequence", "count": 1})
            for _ in range(5):
                sim.step(1)
                await asyncio.sleep(0.05)
            await book_converges(sim, connector, "after a sequence gap")
            sim.add_fault({"stream": "/market/level2", "kind": "drop_connection", "count": 1})
            for _ in range(5):
                sim.step(1)
                await asyncio.sleep(0.2)
            await book_converges(sim, connector, "after a dropped connection")
            out["book_checks"] = 3
            out["resyncs"] = connector.client.stream_stats()["resyncs"] - resyncs0
            assert out["resyncs"] >= 2, f"expected a resync after the gap and after the drop, saw {out['resyncs']}"

            # -- place and cancel -----------------------------------------------------------------------
            mid = Decimal(str(connector.get_mid_price(PAIR)))
            rule = connector.trading_rules[PAIR]
            amount = max(rule.min_order_size, Decimal("0.001"))
            low = connector.quantize_order_price(PAIR, mid * Decimal("0.8"))
            oid = connector.buy(PAIR, amount, OrderType.LIMIT, low)
            await wait_for("BuyOrderCreated", lambda: any(e.order_id == oid for e in events.get("BuyOrderCreated", [])), 30)
            connector.cancel(PAIR, oid)
            await wait_for("OrderCancelled", lambda: any(e.order_id == oid for e in events.get("OrderCancelled", [])), 30)
            out["place_cancel"] = "ok"

            # -- a fill whose WebSocket pushes are suppressed --------------------------------------------
            oid = connector.buy(PAIR, amount, OrderType.LIMIT, low)
            await wait_for("BuyOrderCreated", lambda: any(e.order_id == oid for e in events.get("BuyOrderCreated", [])), 30)
            exchange_id = connector.in_flight_orders[oid].exchange_order_id
            sim.add_fault({"stream": "/spotMarket/tradeOrdersV2", "kind": "skip_sequence", "count": 2})  # match+filled
            sim.fill(exchange_id)
            started = time.monotonic()
            fills = await wait_for("the suppressed fill to be reported",
                                   lambda: [e for e in events.get("OrderFilled", []) if e.order_id == oid], 200, 0.5)
            await wait_for("BuyOrderCompleted", lambda: any(e.order_id == oid for e in events.get("BuyOrderCompleted", [])), 30)
            assert not sim.faults.streams.pending(), "the private pushes were not suppressed"
            got = sum(Decimal(str(f.amount)) for f in fills)
            assert got == amount, f"filled amount {got} != order amount {amount}"
            out["recovered_fill"] = f"{got} in {time.monotonic() - started:.0f}s"

            # -- pure_market_making on a moving market ---------------------------------------------------
            before = {k: len(v) for k, v in events.items()}
            base, quote = PAIR.split("-")
            strategy = PureMarketMakingStrategy()
            strategy.init_params(MarketTradingPairTuple(connector, PAIR, base, quote), bid_spread=Decimal("0.001"),
                                 ask_spread=Decimal("0.001"), order_amount=amount, order_refresh_time=5.0,
                                 filled_order_delay=2.0, hb_app_notification=False)
            # The recovered fill above traded at 80% of the mid, so KuCoin's price band (10% around the last
            # trade) would refuse quotes at the mid: let the market trade back near its mid first.
            sim.resume()
            await wait_for("the market to trade back near its mid", lambda: abs(
                sim.market.last_price(SYMBOL_ID) / Decimal(str(connector.get_mid_price(PAIR))) - 1) < Decimal("0.02"),
                120, 0.5)
            clock.add_iterator(strategy)
            await asyncio.sleep(pmm_seconds)
            sim.pause()
            clock.remove_iterator(strategy)
            delta = {k: len(v) - before.get(k, 0) for k, v in events.items()}
            out["pmm"] = {"seconds": pmm_seconds, "created": delta.get("BuyOrderCreated", 0) + delta.get("SellOrderCreated", 0),
                          "cancelled": delta.get("OrderCancelled", 0), "filled": delta.get("OrderFilled", 0),
                          "failed": delta.get("OrderFailure", 0)}
            assert out["pmm"]["created"] > 0, "pure_market_making placed no order"
            assert out["pmm"]["failed"] == 0, "orders failed during pure_market_making"
            await stop_task(clock_task)  # inside the clock's context: its loop must end before the context
    finally:
        await stop_task(clock_task)
        await connector.stop_network()
        await connector.close()
        sim.stop()
        logging.getLogger().removeHandler(errors)
    assert not errors.records, f"{len(errors.records)} errors logged: " + "; ".join(errors.records[:5])
    return out


async def stop_task(task: Any) -> None:
    if task is not None and not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def main(argv: List[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pmm-seconds", type=float, default=120.0, help="how long pure_market_making runs")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    started = time.monotonic()
    try:
        out = asyncio.run(run(args.pmm_seconds))
    except AssertionError as exc:
        print(f"hummingbot e2e: FAIL - {exc}")
        return 1
    pmm = out["pmm"]
    print(f"hummingbot e2e: PASS - ready in {out['ready_s']}s; book equal to the true book {out['book_checks']}/3 "
          f"(gap + dropped connection, {out['resyncs']} resyncs); place+cancel ok; suppressed fill recovered over "
          f"REST: {out['recovered_fill']}; pure_market_making {pmm['seconds']:.0f}s: {pmm['created']} created, "
          f"{pmm['cancelled']} cancelled, {pmm['filled']} filled, 0 errors; total {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
