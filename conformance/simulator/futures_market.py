"""The simulated futures market: contracts, each with its own book, trades and price process.

Layer: simulator (exchange side). Rule: the contracts reuse the spot machinery (:class:`~.market.Market`,
:class:`~.book.SymbolState`, :class:`~.history.History`) through a second universe whose "symbols" are the
contracts: prices in ticks of ``tickSize``, sizes in whole contracts (``lotSize`` 1, so ``base_dec`` 0).
What is futures-only lives here: the contract fields, mark and index prices, funding rates and the expiry
of the dated contract. Answers use JSON numbers, as KuCoin Futures does
(https://www.kucoin.com/docs-new/api-3470220), and never need an exponent (every rate is a multiple of
0.0001 or 0).

Simple documented models:

* index price = last trade price x (1 - 0.0001), to 0.01; mark price = the book's mid price to 0.01;
* funding: every 8 h (``FUNDING_MS``), the settled rate of period ``p`` is a deterministic function of the
  seed, the contract and ``p``, in -0.0003..0.0005 by steps of 0.0001; the current period's rate is that of
  the next settlement, the predicted one that of the settlement after it;
* the dated contract expires on the quarterly 25th (08:00 UTC) at least 30 days after the simulator starts;
  once delivered (:mod:`.futures_delivery`) its status is ``Settled``, it leaves /api/v1/contracts/active
  (GET /api/v1/contracts/{symbol} still answers), its book stays empty, and the next quarter's contract is
  listed (its price history is generated like the others', from the simulator's start).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable

from .book import NS
from .market import Market
from .universe import SymbolSpec, Universe
from .wire import stable_hash, units_to_str

__all__ = ["Contract", "FuturesMarket", "FUNDING_MS", "GRANULARITY_TYPES", "MAX_KLINES"]

FUNDING_MS = 8 * 3600 * 1000
MAX_KLINES = 500  # "at most 500 pieces of data" per /api/v1/kline/query call
GRANULARITY_TYPES = {1: "1min", 5: "5min", 15: "15min", 30: "30min", 60: "1hour", 120: "2hour", 240: "4hour",
                     480: "8hour", 720: "12hour", 1440: "1day", 10080: "1week"}
_MONTH_CODES = {3: "H", 6: "M", 9: "U", 12: "Z"}
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class Contract:
    """One contract: KuCoin id, currencies, reference price and tick decimals, multiplier, leverage."""

    symbol: str
    base: str
    quote: str
    settle: str
    price: str
    price_dec: int
    multiplier: str  # KuCoin's sign: negative for inverse contracts (1 contract = 1 USD)
    inverse: bool
    max_leverage: int
    daily_contracts: int
    expiry_ms: int | None = None  # None: a perpetual

    def spec(self, index: int) -> SymbolSpec:
        # History sizes a day as daily_usd / (price x USD_PRICE[quote]) lots: daily_contracts x price gives
        # daily_contracts lots of one contract each.
        return SymbolSpec(self.symbol, self.base, self.quote, "Futures", self.price, self.price_dec, 0, False,
                          True, 1.0, float(self.daily_contracts) * float(self.price), index)


def dated_expiry_ms(now_ms: int) -> int:
    """The first quarterly 25th, 08:00 UTC, at least 30 days after ``now_ms``."""
    day = datetime.fromtimestamp(now_ms / 1000, timezone.utc)
    year, month = day.year, day.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if month in _MONTH_CODES:
            expiry = calendar.timegm((year, month, 25, 8, 0, 0)) * 1000
            if expiry - now_ms >= 30 * _DAY_MS:
                return expiry


def dated_contract(after_ms: int) -> Contract:
    """The dated (quarterly) linear XBT contract expiring on the first quarterly 25th at least 30 days after
    ``after_ms`` (KuCoin's ids: XBTUSDTM + month code + year, e.g. XBTUSDTMZ26)."""
    expiry = dated_expiry_ms(after_ms)
    moment = datetime.fromtimestamp(expiry / 1000, timezone.utc)
    dated_id = f"XBTUSDTM{_MONTH_CODES[moment.month]}{moment.year % 100:02d}"
    return Contract(dated_id, "XBT", "USDT", "USDT", "65300", 1, "0.001", False, 50, 2_000_000, expiry)


def build_contracts(now_ms: int) -> tuple[Contract, ...]:
    return (
        Contract("XBTUSDTM", "XBT", "USDT", "USDT", "65000", 1, "0.001", False, 125, 30_000_000),
        Contract("ETHUSDTM", "ETH", "USDT", "USDT", "3200", 2, "0.01", False, 100, 20_000_000),
        Contract("XBTUSDM", "XBT", "USD", "XBT", "65000", 1, "-1", True, 75, 60_000_000),
        dated_contract(now_ms),
    )


def _num(text: str) -> float | int:
    """A decimal string as the JSON number KuCoin Futures sends (an int when whole)."""
    return int(text) if "." not in text else float(text)


class FuturesMarket:
    """Every contract's live state (a :class:`Market` over the contracts) plus the futures-only facts."""

    def __init__(self, seed: int, anchor_s: float, clock: Callable[[], float]) -> None:
        self.seed = seed
        self.contracts = build_contracts(int(anchor_s * 1000))
        self.by_symbol = {c.symbol: c for c in self.contracts}
        universe = Universe(symbols=[c.spec(i) for i, c in enumerate(self.contracts)], currencies=[])
        self.market = Market(stable_hash(seed, "futures"), universe, anchor_s, clock)
        self.first_ms = self.market.state(self.contracts[0].symbol).history.first_s * 1000  # type: ignore[union-attr]
        self.settled: dict[str, tuple[int, Decimal]] = {}  # delivered contract -> (time ms, settlement price)

    def is_open(self, symbol: str) -> bool:
        """Whether ``symbol`` still trades (not delivered)."""
        return symbol not in self.settled

    def list_next_dated(self, delivered: Contract) -> Contract:
        """List the dated contract of the quarter after ``delivered`` (KuCoin keeps quarterlies listed)."""
        assert delivered.expiry_ms is not None
        contract = dated_contract(delivered.expiry_ms)
        if contract.symbol not in self.by_symbol:
            self.contracts = (*self.contracts, contract)
            self.by_symbol[contract.symbol] = contract
            self.market.list_symbol(contract.spec(len(self.contracts) - 1))
        return contract

    def open_contracts(self) -> list[Contract]:
        """The contracts GET /api/v1/contracts/active lists: every one not yet delivered."""
        return [c for c in self.contracts if c.symbol not in self.settled]

    def step(self, count: int = 1) -> int:
        return self.market.step(count)

    # ---- prices -----------------------------------------------------------------------------------
    def _state(self, symbol: str):
        st = self.market.state(symbol)
        if st is None:
            raise KeyError(symbol)
        return st

    def last(self, symbol: str) -> Decimal:
        return self.market.last_price(symbol) or Decimal(self.by_symbol[symbol].price)

    def index_price(self, symbol: str) -> Decimal:
        return (self.last(symbol) * Decimal("0.9999")).quantize(Decimal("0.01"))

    def mark_price(self, symbol: str) -> Decimal:
        st = self._state(symbol)
        with self.market.lock:
            st.ensure_book()
            bid, _, ask, _ = st.best()
        if bid is None or ask is None:
            return self.last(symbol).quantize(Decimal("0.01"))
        mid = Decimal(bid + ask).scaleb(-st.spec.price_dec) / 2
        return mid.quantize(Decimal("0.01"))

    # ---- funding ----------------------------------------------------------------------------------
    def settled_rate(self, symbol: str, period: int) -> Decimal:
        """The rate settled at ``period * FUNDING_MS`` (deterministic)."""
        return Decimal(stable_hash(self.seed, symbol, "funding", period) % 9 - 3).scaleb(-4)

    def funding_history(self, symbol: str, start_ms: int, end_ms: int, now_ms: int) -> list[dict[str, Any]]:
        """Settlements in ``[start_ms, end_ms]`` (none after now or before the history), newest first, <= 100."""
        last = min(end_ms, now_ms) // FUNDING_MS
        first = max(start_ms, self.first_ms)
        out = []
        period = last
        while period * FUNDING_MS >= first and len(out) < 100:
            out.append({"symbol": symbol, "fundingRate": float(self.settled_rate(symbol, period)),
                        "timepoint": period * FUNDING_MS})
            period -= 1
        return out

    def funding_current(self, symbol: str, now_ms: int) -> dict[str, Any]:
        period = now_ms // FUNDING_MS
        return {"symbol": f".{symbol}FPI8H", "granularity": FUNDING_MS, "timePoint": period * FUNDING_MS,
                "value": float(self.settled_rate(symbol, period + 1)),
                "predictedValue": float(self.settled_rate(symbol, period + 2)), "fundingRateCap": 0.003,
                "fundingRateFloor": -0.003, "period": 0, "fundingTime": (period + 1) * FUNDING_MS}

    # ---- market data in KuCoin Futures' shapes -------------------------------------------------------
    def ticker(self, symbol: str, now_ms: int) -> dict[str, Any]:
        """GET /api/v1/ticker data (https://www.kucoin.com/docs-new/api-3470222)."""
        st = self._state(symbol)
        pd = st.spec.price_dec
        with self.market.lock:
            st.ensure_book()
            bid, bid_size, ask, ask_size = st.best()
            seq, price, size, side, t_ns = st.trades[-1] if st.trades else (st.sequence, st.last_price, 0, "buy", 0)
        return {"sequence": seq, "symbol": symbol, "side": side, "size": size, "tradeId": str(seq),
                "price": units_to_str(price, pd),
                "bestBidPrice": units_to_str(bid, pd) if bid is not None else "0", "bestBidSize": bid_size,
                "bestAskPrice": units_to_str(ask, pd) if ask is not None else "0", "bestAskSize": ask_size,
                "ts": max(t_ns, now_ms * 1_000_000)}

    def book(self, symbol: str, depth: int | None, now_ms: int) -> dict[str, Any]:
        """GET /api/v1/level2/snapshot and /api/v1/level2/depth{20,100} data."""
        seq, bids, asks = self.market.book_strings(symbol, depth)
        return {"sequence": seq, "symbol": symbol, "bids": [[_num(p), int(s)] for p, s in bids],
                "asks": [[_num(p), int(s)] for p, s in asks], "ts": now_ms * 1_000_000}

    def trades(self, symbol: str) -> list[dict[str, Any]]:
        """GET /api/v1/trade/history: the last 100 trades, newest first."""
        index = self.contracts.index(self.by_symbol[symbol]) + 1
        return [{"sequence": int(t["sequence"]), "contractId": index, "tradeId": str(t["sequence"]),
                 "makerOrderId": str(stable_hash(self.seed, symbol, "maker", t["sequence"])),
                 "takerOrderId": str(stable_hash(self.seed, symbol, "taker", t["sequence"])),
                 "ts": t["time"], "size": int(t["size"]), "price": t["price"], "side": t["side"]}
                for t in self.market.trades(symbol, 100)]

    def klines(self, symbol: str, granularity: int, start_ms: int, end_ms: int, now_ms: int) -> list[list[Any]]:
        """GET /api/v1/kline/query rows ``[time_ms, open, high, low, close, volume]`` whose start lies in
        ``[start_ms, end_ms]``, ascending; when more than 500 match, the newest 500."""
        start_s = -(-start_ms // 1000)
        rows = self.market.candles(symbol, GRANULARITY_TYPES[granularity], start_s, end_ms // 1000 + 1,
                                   now_ms // 1000)[:MAX_KLINES]
        return [[int(r[0]) * 1000, _num(r[1]), _num(r[3]), _num(r[4]), _num(r[2]), _num(r[5])]
                for r in reversed(rows)]

    def contract_item(self, symbol: str, now_ms: int) -> dict[str, Any]:
        """One GET /api/v1/contracts/active item (https://www.kucoin.com/docs-new/api-3470220)."""
        c = self.by_symbol[symbol]
        st = self._state(symbol)
        t = self.market.ticker(symbol, now_ms // 1000)
        last = self.last(symbol)
        tick = units_to_str(1, c.price_dec)
        change = Decimal(t["changePrice"] or "0")
        opened = last - change
        pct = (change / opened).quantize(Decimal("0.0001")) if opened else Decimal(0)
        period = now_ms // FUNDING_MS
        dated = c.expiry_ms is not None
        base, quote = c.base, c.quote
        return {
            "symbol": symbol, "rootSymbol": "XBT" if c.inverse else quote, "type": "FFICSX" if dated else "FFWCSX",
            "firstOpenDate": 1585555200000 if not dated else c.expiry_ms - 90 * _DAY_MS,
            "expireDate": c.expiry_ms, "settleDate": c.expiry_ms, "baseCurrency": base, "quoteCurrency": quote,
            "settleCurrency": c.settle, "maxOrderQty": 1000000, "maxPrice": 1000000.0, "lotSize": 1,
            "tickSize": _num(tick), "indexPriceTickSize": 0.01, "multiplier": _num(c.multiplier),
            "initialMargin": float(Decimal(1) / c.max_leverage), "maintainMargin": 0.004,
            "maxRiskLimit": 100000, "minRiskLimit": 100000, "riskStep": 50000, "makerFeeRate": 0.0002,
            "takerFeeRate": 0.0006, "takerFixFee": 0.0, "makerFixFee": 0.0, "settlementFee": None,
            "isDeleverage": True, "isQuanto": not c.inverse, "isInverse": c.inverse, "markMethod": "FairPrice",
            "fairMethod": None if dated else "FundingRate",
            "fundingBaseSymbol": None if dated else f".{base}INT8H",
            "fundingQuoteSymbol": None if dated else f".{quote}INT8H",
            "fundingRateSymbol": None if dated else f".{symbol}FPI8H", "indexSymbol": f".K{base}{quote}",
            "settlementSymbol": f".K{base}{quote}" if dated else "",
            "status": "Open" if self.is_open(symbol) else "Settled",
            "fundingFeeRate": None if dated else float(self.settled_rate(symbol, period + 1)),
            "predictedFundingFeeRate": None if dated else float(self.settled_rate(symbol, period + 2)),
            "fundingRateGranularity": None if dated else FUNDING_MS,
            "openInterest": str(1_000_000 + stable_hash(self.seed, symbol, "oi", st.version) % 9_000_000),
            "turnoverOf24h": _num(t["volValue"]), "volumeOf24h": _num(t["vol"]),
            "markPrice": float(self.mark_price(symbol)), "indexPrice": float(self.index_price(symbol)),
            "lastTradePrice": float(last),
            "nextFundingRateTime": None if dated else (period + 1) * FUNDING_MS - now_ms,
            "maxLeverage": c.max_leverage,
            "sourceExchanges": ["okex", "binance", "kucoin", "bybit", "bitmart", "gateio"],
            "premiumsSymbol1M": f".{symbol}PI", "premiumsSymbol8H": f".{symbol}PI8H",
            "fundingBaseSymbol1M": f".{base}INT", "fundingQuoteSymbol1M": f".{quote}INT",
            "lowPrice": _num(t["low"]), "highPrice": _num(t["high"]), "priceChgPct": float(pct),
            "priceChg": float(change), "k": 490.0, "m": 300.0, "f": 1.3, "mmrLimit": 0.3,
            "mmrLevConstant": float(c.max_leverage), "supportCross": True,
            "buyLimit": float((last * Decimal("1.05")).quantize(Decimal(tick))),
            "sellLimit": float((last * Decimal("0.95")).quantize(Decimal(tick))),
        }
