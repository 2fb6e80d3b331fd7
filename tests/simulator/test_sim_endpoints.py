"""Content of the simulator's endpoints: listing, accounts, books, errors, futures."""
from __future__ import annotations

from decimal import Decimal

from kucoin_conformance.simulator import Simulator
from kucoin_conformance.simulator.universe import build_universe


def test_default_listing_is_realistic_and_varied(spot):
    symbols = spot.get("/api/v2/symbols").data
    ids = [s["symbol"] for s in symbols]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert ids[:6] == ["BTC-USDT", "ETH-USDT", "ETH-BTC", "KCS-USDT", "SOL-USDT", "XRP-USDT"]
    by_id = {s["symbol"]: s for s in symbols}
    assert by_id["SHIB-USDT"]["priceIncrement"] == "0.000000001"
    assert by_id["SHIB-USDT"]["baseIncrement"] == "1"
    assert by_id["BTC-USDT"]["baseIncrement"] == "0.00000001"
    assert {s["quoteCurrency"] for s in symbols} >= {"USDT", "USDC", "BTC", "ETH", "KCS"}
    assert any(s["isMarginEnabled"] for s in symbols) and not all(s["isMarginEnabled"] for s in symbols)
    assert [s["symbol"] for s in symbols if not s["enableTrading"]] == ["XMR-USDT"]
    for s in symbols:
        for field in ("priceIncrement", "baseIncrement", "quoteIncrement", "baseMinSize"):
            assert "e" not in s[field].lower() and Decimal(s[field]) > 0


def test_symbol_count_scales_and_default_is_120():
    assert len(Simulator().symbol_ids) == 120
    big = build_universe(1, 2000)
    assert len({s.symbol for s in big.symbols}) == 2000
    assert len(big.by_currency) > 1000


def test_symbols_market_filter_and_detail(spot):
    btc_market = spot.get("/api/v2/symbols?market=BTC").data
    assert btc_market and all(s["market"] == "BTC" for s in btc_market)
    detail = spot.get("/api/v2/symbols/ETH-BTC").data
    assert detail["symbol"] == "ETH-BTC" and detail["quoteCurrency"] == "BTC"
    missing = spot.get("/api/v2/symbols/FOO-BAR")
    assert (missing.status, missing.json()) == (200, {"code": "900001", "msg": "symbol not exists"})
    markets = spot.get("/api/v1/markets").data
    assert "USDS" in markets and "BTC" in markets and len(markets) == len(set(markets))


def test_currencies_have_chains(spot):
    currencies = {c["currency"]: c for c in spot.get("/api/v3/currencies").data}
    assert {"BTC", "USDT", "ETH", "KCS"} <= set(currencies)
    assert [ch["chainId"] for ch in currencies["BTC"]["chains"]][:2] == ["btc", "btcln"]
    assert all(c["chains"] for c in currencies.values())
    one = spot.get("/api/v3/currencies/USDT?chain=trx").data
    assert [ch["chainName"] for ch in one["chains"]] == ["TRC20"]
    assert spot.get("/api/v3/currencies/NOPE").json()["code"] == "400100"


def test_accounts_are_funded(sim, spot, clock):
    accounts = spot.signed("GET", "/api/v1/accounts", sim.credentials, now=clock.ms).data
    table = {(a["type"], a["currency"]): a["balance"] for a in accounts}
    assert table == {
        ("main", "USDT"): "50000",
        ("trade", "USDT"): "100000", ("trade", "BTC"): "10", ("trade", "ETH"): "100", ("trade", "KCS"): "10000",
        ("trade_hf", "USDT"): "100000", ("trade_hf", "BTC"): "10", ("trade_hf", "ETH"): "100",
        ("trade_hf", "KCS"): "10000",
    }
    hf_usdt = spot.signed("GET", "/api/v1/accounts?currency=USDT&type=trade_hf", sim.credentials, now=clock.ms).data
    assert len(hf_usdt) == 1 and hf_usdt[0]["available"] == "100000" and hf_usdt[0]["holds"] == "0"
    detail = spot.signed("GET", f"/api/v1/accounts/{hf_usdt[0]['id']}", sim.credentials, now=clock.ms).data
    assert detail == {"currency": "USDT", "balance": "100000", "available": "100000", "holds": "0"}
    assert spot.signed("GET", "/api/v1/hf/accounts/opened", sim.credentials, now=clock.ms).data is True
    assert spot.signed("GET", "/api/v2/user-info", sim.credentials, now=clock.ms).data["level"] == 0
    bad = spot.signed("GET", "/api/v1/accounts/000000000000000000000000", sim.credentials, now=clock.ms)
    assert bad.json()["code"] == "400100"


def test_book_depths_and_level1(sim, spot, clock):
    sim.step(5)
    l20 = spot.get("/api/v1/market/orderbook/level2_20?symbol=BTC-USDT").data
    l100 = spot.get("/api/v1/market/orderbook/level2_100?symbol=BTC-USDT").data
    full = spot.signed("GET", "/api/v3/market/orderbook/level2?symbol=BTC-USDT", sim.credentials, now=clock.ms).data
    assert (len(l20["bids"]), len(l20["asks"]), len(l100["bids"]), len(l100["asks"])) == (20, 20, 100, 100)
    assert len(full["bids"]) > 100 and full["bids"][:100] == l100["bids"] and full["asks"][:20] == l20["asks"]
    assert l20["sequence"] == full["sequence"] == str(sim.book("BTC-USDT")["sequence"])
    level1 = spot.get("/api/v1/market/orderbook/level1?symbol=BTC-USDT").data
    assert [level1["bestBid"], level1["bestBidSize"]] == l20["bids"][0]
    assert [level1["bestAsk"], level1["bestAskSize"]] == l20["asks"][0]
    assert level1["time"] == clock.ms()
    assert spot.get("/api/v1/market/orderbook/level2_50?symbol=BTC-USDT").status == 404


def test_disabled_symbol_has_no_book(spot):
    level1 = spot.get("/api/v1/market/orderbook/level1?symbol=XMR-USDT").data
    assert level1["bestBid"] is None and level1["bestAsk"] is None and Decimal(level1["price"]) > 0
    assert spot.get("/api/v1/market/orderbook/level2_20?symbol=XMR-USDT").data["bids"] == []


def test_errors(spot):
    nf = spot.get("/api/v9/nothing")
    assert (nf.status, nf.json()) == (404, {"code": "404000", "msg": "Not Found"})
    assert nf.headers["content-type"] == "application/json"
    for path in ("/api/v1/market/orderbook/level1?symbol=FOO-BAR", "/api/v1/market/stats?symbol=FOO-BAR",
                 "/api/v1/market/histories?symbol=FOO-BAR", "/api/v1/market/candles?symbol=FOO-BAR&type=1min",
                 "/api/v1/market/orderbook/level2_20?symbol=FOO-BAR"):
        r = spot.get(path)
        assert (r.status, r.json()) == (200, {"code": "400100", "msg": "This pair is not provided at present"}), path
    for path in ("/api/v1/market/orderbook/level1", "/api/v1/market/candles?symbol=BTC-USDT",
                 "/api/v1/market/candles?symbol=BTC-USDT&type=2min",
                 "/api/v1/market/candles?symbol=BTC-USDT&type=1min&startAt=abc"):
        r = spot.get(path)
        assert r.status == 400 and r.json()["code"] == "400100" and r.json()["msg"], path


def test_prices_follow_last_trades(sim, spot):
    sim.step(3)
    prices = spot.get("/api/v1/prices").data
    btc_last = spot.get("/api/v1/market/orderbook/level1?symbol=BTC-USDT").data["price"]
    assert Decimal(prices["BTC"]) == Decimal(btc_last) and Decimal(prices["USDT"]) == 1
    some = spot.get("/api/v1/prices?currencies=BTC,ETH&base=EUR").data
    assert set(some) == {"BTC", "ETH"} and Decimal(some["BTC"]) == (Decimal(btc_last) * Decimal("0.92"))
    assert spot.get("/api/v1/prices?base=XXX").json()["code"] == "400100"


def test_futures_host(sim, futures, spot, clock):
    assert futures.get("/api/v1/timestamp").data == clock.ms()
    assert futures.get("/api/v1/status").data == {"msg": "", "status": "open"}
    contracts = futures.get("/api/v1/contracts/active").data
    assert [c["symbol"] for c in contracts][:3] == ["XBTUSDTM", "ETHUSDTM", "XBTUSDM"]
    assert [c["isInverse"] for c in contracts] == [False, False, True, False]
    dated = contracts[3]  # the quarterly contract: an expiry, no funding
    assert dated["expireDate"] > clock.ms() and dated["nextFundingRateTime"] is None
    assert dated["symbol"].startswith("XBTUSDTM") and dated["type"] == "FFICSX"
    assert futures.get("/api/v2/symbols").status == 404  # spot paths are not on the futures host
    # each contract trades on its own book: the listed last price is that book's last trade
    for c in contracts:
        last = Decimal(futures.get(f"/api/v1/ticker?symbol={c['symbol']}").data["price"])
        assert Decimal(str(c["lastTradePrice"])) == last


def test_all_tickers_match_stats(sim, spot, clock):
    sim.step(4)
    doc = spot.get("/api/v1/market/allTickers").data
    assert doc["time"] == clock.ms() and len(doc["ticker"]) == 60
    item = next(t for t in doc["ticker"] if t["symbol"] == "ETH-USDT")
    stats = spot.get("/api/v1/market/stats?symbol=ETH-USDT").data
    for field in ("buy", "sell", "changeRate", "changePrice", "high", "low", "vol", "volValue", "last",
                  "averagePrice"):
        assert item[field] == stats[field], field
    assert Decimal(stats["low"]) <= Decimal(stats["last"]) <= Decimal(stats["high"])
    assert Decimal(stats["low"]) <= Decimal(stats["averagePrice"]) <= Decimal(stats["high"])
