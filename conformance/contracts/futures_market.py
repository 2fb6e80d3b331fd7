"""Contracts for futures market data: contracts as markets, ticker, book, trades, candles, funding, mark.

Layer: conformance. Rule: the futures client of ``Env.futures_client`` through the unified interface; the
truth is the futures host's wire answer for the same question (the simulator is paused, so both agree).
Facts: KuCoin Futures contracts (https://www.kucoin.com/docs-new/api-3470220): ``multiplier`` is the
contract size (negative for inverse contracts), ``expireDate`` is null for perpetuals; ccxt's unified
market (reference/ccxt.md): ``contractSize``, ``linear``/``inverse``, ``settle``, ``expiry``, ``swap``/``future``.
"""
from __future__ import annotations

from .check import expect, same_number, short
from .env import Env
from .futureskit import COMMON_CODES, FUTURES, INVERSE, LINEAR, raw_contracts
from .registry import contract
from .tradekit import D

__all__: list[str] = []


def _code(kucoin_code: str) -> str:
    return COMMON_CODES.get(kucoin_code, kucoin_code)


@contract("futures markets", "every active contract is a market: contractSize = |multiplier|, linear/inverse, "
          "settle, expiry and swap/future as GET /api/v1/contracts/active says",
          requires=FUTURES)
def check_contracts(env: Env) -> None:
    ex = env.futures_client()
    wire = {c["symbol"]: c for c in raw_contracts(env)}
    by_id = {m["id"]: m for m in ex.markets.values()}
    expect(set(by_id) == set(wire), f"market ids {sorted(by_id)} != active contracts {sorted(wire)}")
    for mid, c in wire.items():
        m = by_id[mid]
        what = f"{m['symbol']} ({mid})"
        expect(same_number(m["contractSize"], abs(D(c["multiplier"]))),
               f"{what}: contractSize {m['contractSize']} != |multiplier| {c['multiplier']}")
        expect(m["contract"] is True and m["spot"] is False, f"{what}: not a contract market: {short(m)}")
        expect((m["inverse"], m["linear"]) == (bool(c["isInverse"]), not c["isInverse"]),
               f"{what}: linear {m['linear']} / inverse {m['inverse']} but isInverse is {c['isInverse']}")
        expect(m["settle"] == _code(c["settleCurrency"]) and m["settleId"] == c["settleCurrency"],
               f"{what}: settle {m['settle']}/{m['settleId']} != settleCurrency {c['settleCurrency']}")
        expect(m["base"] == _code(c["baseCurrency"]) and m["quote"] == _code(c["quoteCurrency"]),
               f"{what}: base/quote {m['base']}/{m['quote']} != {c['baseCurrency']}/{c['quoteCurrency']}")
        perpetual = c["expireDate"] is None
        expect(m["expiry"] == (None if perpetual else int(c["expireDate"])),
               f"{what}: expiry {m['expiry']} != expireDate {c['expireDate']}")
        expect((m["swap"], m["future"], m["type"]) == (perpetual, not perpetual, "swap" if perpetual else "future"),
               f"{what}: swap {m['swap']} future {m['future']} type {m['type']!r} for expireDate {c['expireDate']}")
        expect(same_number(m["precision"]["price"], c["tickSize"]) and
               same_number(m["precision"]["amount"], c["lotSize"]),
               f"{what}: precision {m['precision']} != tickSize {c['tickSize']} / lotSize {c['lotSize']}")
    expect(by_id["XBTUSDTM"]["symbol"] == LINEAR and by_id["XBTUSDM"]["symbol"] == INVERSE,
           "the perpetuals are not BTC/USDT:USDT and BTC/USD:BTC")


@contract("futures ticker", "fetch_ticker's bid, ask, their sizes and last equal GET /api/v1/ticker",
          requires=FUTURES + ("futures:fetchTicker",))
def check_ticker(env: Env) -> None:
    ex = env.futures_client()
    for symbol in (LINEAR, INVERSE):
        mid = ex.market(symbol)["id"]
        wire = env.raw("/api/v1/ticker", {"symbol": mid}, host="futures")
        t = ex.fetch_ticker(symbol)
        expect(t["symbol"] == symbol, f"ticker symbol {t['symbol']!r} != {symbol!r}")
        for key, wire_key in (("bid", "bestBidPrice"), ("ask", "bestAskPrice"), ("bidVolume", "bestBidSize"),
                              ("askVolume", "bestAskSize"), ("last", "price")):
            expect(same_number(t[key], wire[wire_key]), f"{symbol}: {key} {t[key]} != wire {wire_key} {wire[wire_key]}")


@contract("futures order book", "fetch_order_book(limit=20) equals GET /api/v1/level2/depth20 level by level "
          "(sizes in contracts) with its sequence as nonce",
          requires=FUTURES + ("futures:fetchOrderBook",))
def check_order_book(env: Env) -> None:
    ex = env.futures_client()
    for symbol in (LINEAR, INVERSE):
        mid = ex.market(symbol)["id"]
        wire = env.raw("/api/v1/level2/depth20", {"symbol": mid}, host="futures")
        book = ex.fetch_order_book(symbol, 20)
        for side in ("bids", "asks"):
            got = [(D(p), D(s)) for p, s, *_ in book[side]]
            want = [(D(p), D(s)) for p, s in wire[side]]
            expect(got == want, f"{symbol} {side}: {short(got)} != wire {short(want)}")
        expect(same_number(book.get("nonce"), wire["sequence"]),
               f"{symbol}: nonce {book.get('nonce')} != sequence {wire['sequence']}")


@contract("futures trades", "fetch_trades returns GET /api/v1/trade/history's trades: id, side, price, amount "
          "in contracts and cost = amount x contractSize x price (linear)",
          requires=FUTURES + ("futures:fetchTrades",))
def check_trades(env: Env) -> None:
    ex = env.futures_client()
    mid = ex.market(LINEAR)["id"]
    size = D(ex.market(LINEAR)["contractSize"])
    wire = {t["tradeId"]: t for t in env.raw("/api/v1/trade/history", {"symbol": mid}, host="futures")}
    trades = ex.fetch_trades(LINEAR)
    expect(trades and {t["id"] for t in trades} == set(wire),
           f"trade ids {short(sorted(t['id'] for t in trades))} != wire {short(sorted(wire))}")
    for t in trades:
        w = wire[t["id"]]
        expect(t["symbol"] == LINEAR and t["side"] == w["side"], f"trade {t['id']}: {short(t)} vs wire {short(w)}")
        expect(same_number(t["price"], w["price"]) and same_number(t["amount"], w["size"]),
               f"trade {t['id']}: price/amount {t['price']}/{t['amount']} != wire {w['price']}/{w['size']}")
        expect(same_number(t["cost"], D(w["price"]) * D(w["size"]) * size),
               f"trade {t['id']}: cost {t['cost']} != price x size x contractSize")


@contract("futures ohlcv", "fetch_ohlcv('1m', since) candles are GET /api/v1/kline/query's candles for the "
          "same minutes (OHLC and volume in contracts)",
          requires=FUTURES + ("futures:fetchOHLCV",))
def check_ohlcv(env: Env) -> None:
    ex = env.futures_client()
    mid = ex.market(LINEAR)["id"]
    now = env.server_ms()
    since = (now // 60_000 - 30) * 60_000
    candles = ex.fetch_ohlcv(LINEAR, "1m", since, 10)
    wire = {int(r[0]): r for r in env.raw("/api/v1/kline/query", {"symbol": mid, "granularity": 1, "from": since,
                                                                   "to": since + 9 * 60_000}, host="futures")}
    expect(candles, "no candle for the last half hour")
    expect(len(candles) <= 10 and all(c[0] >= since for c in candles),
           f"candles outside since/limit: {short([c[0] for c in candles])}")
    expect([c[0] for c in candles] == sorted(wire), f"candle times {short([c[0] for c in candles])} != wire "
                                                     f"{short(sorted(wire))}")
    for c in candles:
        expect([D(x) for x in c[1:6]] == [D(x) for x in wire[c[0]][1:6]],
               f"candle {c[0]}: {c[1:6]} != wire {wire[c[0]][1:6]}")


@contract("futures funding rate", "fetch_funding_rate: fundingRate and fundingTimestamp are the current "
          "period's value and fundingTime (GET /api/v1/funding-rate/{symbol}/current)",
          requires=FUTURES + ("futures:fetchFundingRate",))
def check_funding_rate(env: Env) -> None:
    ex = env.futures_client()
    for symbol in (LINEAR, INVERSE):
        mid = ex.market(symbol)["id"]
        wire = env.raw(f"/api/v1/funding-rate/{mid}/current", host="futures")
        rate = ex.fetch_funding_rate(symbol)
        expect(rate["symbol"] == symbol, f"funding rate symbol {rate['symbol']!r} != {symbol!r}")
        expect(same_number(rate["fundingRate"], wire["value"]),
               f"{symbol}: fundingRate {rate['fundingRate']} != wire value {wire['value']}")
        expect(rate["fundingTimestamp"] == wire["fundingTime"],
               f"{symbol}: fundingTimestamp {rate['fundingTimestamp']} != wire fundingTime {wire['fundingTime']}")


@contract("futures mark price", "fetch_mark_price: markPrice and indexPrice equal "
          "GET /api/v1/mark-price/{symbol}/current",
          requires=FUTURES + ("futures:fetchMarkPrice",))
def check_mark_price(env: Env) -> None:
    ex = env.futures_client()
    for symbol in (LINEAR, INVERSE):
        mid = ex.market(symbol)["id"]
        wire = env.raw(f"/api/v1/mark-price/{mid}/current", host="futures")
        mark = ex.fetch_mark_price(symbol)
        expect(mark["symbol"] == symbol, f"mark price symbol {mark['symbol']!r} != {symbol!r}")
        expect(same_number(mark["markPrice"], wire["value"]) and same_number(mark["indexPrice"], wire["indexPrice"]),
               f"{symbol}: mark/index {mark['markPrice']}/{mark['indexPrice']} != wire {wire['value']}/"
               f"{wire['indexPrice']}")
