"""Hummingbot's order-book data source fed by ``AsyncKucoin.watch_order_book`` / ``watch_trades``.

One pump task per trading pair awaits the connector's book (which syncs, checks continuity and
re-snapshots by itself) and hands Hummingbot what :class:`~..book_mirror.BookMirror` says: a snapshot
for the first book and after every resync, else a diff. A pump that fails is restarted and its next
book is a snapshot, so Hummingbot's copy is never left stale (its own KuCoin connector keeps applying
diffs to the old book after a reconnect). Hummingbot's tracker, queues and routers are unchanged.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from hummingbot.core.data_type.common import TradeType
from hummingbot.core.data_type.order_book_message import OrderBookMessage, OrderBookMessageType
from hummingbot.core.data_type.order_book_tracker_data_source import OrderBookTrackerDataSource

from ..book_mirror import BookMirror, BookUpdate
from ..mapping import to_ccxt_symbol

__all__ = ["KucoinLiteOrderBookDataSource"]

RETRY_DELAY_S = 1.0
_KIND = {"snapshot": OrderBookMessageType.SNAPSHOT, "diff": OrderBookMessageType.DIFF}


def book_message(pair: str, update: BookUpdate) -> OrderBookMessage:
    return OrderBookMessage(_KIND[update.kind], {"trading_pair": pair, "update_id": update.update_id,
                                                 "bids": update.bids, "asks": update.asks}, update.timestamp)


class KucoinLiteOrderBookDataSource(OrderBookTrackerDataSource):
    def __init__(self, trading_pairs: List[str], client: Any) -> None:
        super().__init__(trading_pairs)
        self._client = client
        self._mirrors: Dict[str, BookMirror] = {}
        self._first_book: Dict[str, asyncio.Event] = {}
        self._pumps: Dict[str, List[asyncio.Task]] = {}

    # -- what the tracker calls -----------------------------------------------------------------------
    async def get_last_traded_prices(self, trading_pairs: List[str], domain: Optional[str] = None) -> Dict[str, float]:
        await self._client.load_markets()
        tickers = await self._client.fetch_tickers([to_ccxt_symbol(p) for p in trading_pairs])
        return {p: float(tickers[to_ccxt_symbol(p)]["last"]) for p in trading_pairs
                if to_ccxt_symbol(p) in tickers and tickers[to_ccxt_symbol(p)].get("last") is not None}

    async def _order_book_snapshot(self, trading_pair: str) -> OrderBookMessage:
        """The current streamed book (starting its pump if needed), as a snapshot message."""
        self._start(trading_pair)
        await self._first_book[trading_pair].wait()
        return book_message(trading_pair, self._mirrors[trading_pair].snapshot())

    async def listen_for_subscriptions(self):
        for pair in list(self._trading_pairs):
            self._start(pair)
        try:
            await asyncio.Event().wait()  # the pumps do the work; this task only owns their lifetime
        finally:
            for pair in list(self._pumps):
                self._stop(pair)

    async def _parse_order_book_diff_message(self, raw_message: Any, message_queue: asyncio.Queue):
        message_queue.put_nowait(raw_message)  # already an OrderBookMessage

    _parse_order_book_snapshot_message = _parse_order_book_diff_message
    _parse_trade_message = _parse_order_book_diff_message

    async def subscribe_to_trading_pair(self, trading_pair: str) -> bool:
        self.add_trading_pair(trading_pair)
        self._start(trading_pair)
        return True

    async def unsubscribe_from_trading_pair(self, trading_pair: str) -> bool:
        self._stop(trading_pair)
        self.remove_trading_pair(trading_pair)
        try:
            await self._client.un_watch_order_book(to_ccxt_symbol(trading_pair))
            await self._client.un_watch_trades(to_ccxt_symbol(trading_pair))
        except Exception:  # noqa: BLE001 - the pumps are gone either way
            self.logger().debug(f"un-watching {trading_pair} failed", exc_info=True)
        return True

    # -- pumps ----------------------------------------------------------------------------------------
    def _start(self, pair: str) -> None:
        if pair in self._pumps:
            return
        self._mirrors.setdefault(pair, BookMirror())
        self._first_book.setdefault(pair, asyncio.Event())
        self._pumps[pair] = [asyncio.ensure_future(self._pump_book(pair)),
                             asyncio.ensure_future(self._pump_trades(pair))]

    def _stop(self, pair: str) -> None:
        for task in self._pumps.pop(pair, ()):
            task.cancel()

    async def _pump_book(self, pair: str) -> None:
        symbol, mirror = to_ccxt_symbol(pair), self._mirrors[pair]
        snapshots = self._message_queue[self._snapshot_messages_queue_key]
        diffs = self._message_queue[self._diff_messages_queue_key]
        while True:
            try:
                book = await self._client.watch_order_book(symbol)
                for update in mirror.apply(book):
                    (snapshots if update.kind == "snapshot" else diffs).put_nowait(book_message(pair, update))
                self._first_book[pair].set()
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().warning(f"order book stream for {pair} failed; restarting it", exc_info=True)
                mirror.reset()
                await self._sleep(RETRY_DELAY_S)

    async def _pump_trades(self, pair: str) -> None:
        symbol = to_ccxt_symbol(pair)
        out = self._message_queue[self._trade_messages_queue_key]
        while True:
            try:
                for t in await self._client.watch_trades(symbol):
                    side = TradeType.BUY if t["side"] == "buy" else TradeType.SELL
                    out.put_nowait(OrderBookMessage(OrderBookMessageType.TRADE, {
                        "trading_pair": pair, "trade_type": float(side.value), "trade_id": t["id"],
                        "update_id": t["timestamp"], "price": t["price"], "amount": t["amount"]},
                        (t["timestamp"] or 0) / 1000.0))
            except asyncio.CancelledError:
                raise
            except Exception:
                self.logger().warning(f"trade stream for {pair} failed; restarting it", exc_info=True)
                await self._sleep(RETRY_DELAY_S)
