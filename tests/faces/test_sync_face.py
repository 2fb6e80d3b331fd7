"""The sync face against the simulator: market data end to end, validation before sending."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kucoin_connector import (AuthenticationError, BadRequest, BadSymbol, Kucoin, NotSupported)


def requests_to(sim, path):
    return [p for m, p in list(sim.request_log) if p.split("?")[0] == path]


def test_lazy_markets_and_ticker(sim, urls):
    ex = Kucoin({"urls": urls})
    assert ex.markets is None  # no I/O in the constructor
    t = ex.fetch_ticker("BTC/USDT")
    assert ex.markets and "BTC/USDT" in ex.symbols
    assert t["symbol"] == "BTC/USDT" and isinstance(t["last"], float)
    book = sim.book("BTC-USDT")
    assert t["bid"] == float(book["bids"][0][0]) and t["ask"] == float(book["asks"][0][0])


def test_order_book_public_limits_and_full_depth_with_key(sim, urls):
    ex = Kucoin({"urls": urls})
    truth = sim.book("ETH-USDT")
    b = ex.fetch_order_book("ETH/USDT", 20)
    assert len(b["bids"]) == 20 and b["nonce"] == int(truth["sequence"])
    assert b["bids"] == [[float(p), float(s)] for p, s in truth["bids"][:20]]
    assert ex.fetch_order_book("ETH/USDT", 5)["asks"] == [[float(p), float(s)] for p, s in truth["asks"][:5]]
    with pytest.raises(BadRequest, match="credentials"):
        ex.fetch_order_book("ETH/USDT", 500)
    private = Kucoin({"urls": urls, **{k: sim.credentials[k] for k in ("apiKey", "secret", "password")}})
    full = private.fetch_l2_order_book("ETH/USDT")
    assert len(full["bids"]) == len(truth["bids"]) > 100
    assert requests_to(sim, "/api/v3/market/orderbook/level2")


def test_bad_input_fails_fast_without_a_request(sim, urls):
    ex = Kucoin({"urls": urls})
    ex.load_markets()
    before = len(sim.request_log)
    with pytest.raises(BadSymbol, match="did you mean 'BTC/USDT'"):
        ex.fetch_ticker("BTC-USDT")
    with pytest.raises(BadSymbol, match="does not have market symbol"):
        ex.fetch_order_book("NOPE/USDT")
    with pytest.raises(BadSymbol):
        ex.fetch_trades(42)
    with pytest.raises(BadRequest, match="unsupported timeframe '7m'"):
        ex.fetch_ohlcv("BTC/USDT", "7m")
    with pytest.raises(BadRequest, match="limit"):
        ex.fetch_ohlcv("BTC/USDT", "1m", limit=0)
    with pytest.raises(BadRequest, match="since"):
        ex.fetch_trades("BTC/USDT", since="yesterday")
    with pytest.raises(BadRequest, match="params"):
        ex.fetch_ticker("BTC/USDT", ["x"])
    with pytest.raises(BadRequest, match="symbols"):
        ex.fetch_tickers("BTC/USDT")
    with pytest.raises(BadSymbol):
        ex.fetch_tickers(["BTC/USDT", "NOPE/USDT"])
    assert len(sim.request_log) == before


def test_tickers_subset_and_bids_asks(urls):
    ex = Kucoin({"urls": urls})
    tickers = ex.fetch_tickers(["BTC/USDT", "ETH/BTC"])
    assert set(tickers) == {"BTC/USDT", "ETH/BTC"}
    everything = ex.fetch_bids_asks()
    assert len(everything) >= 100 and all(t["bid"] is None or t["bid"] < t["ask"] for t in everything.values()
                                          if t["ask"] is not None)


def test_ohlcv_pages_across_the_1500_cap(sim, urls):
    ex = Kucoin({"urls": urls})
    now = ex.fetch_time()
    since = (now - 4000 * 60_000) // 60_000 * 60_000
    rows = ex.fetch_ohlcv("BTC/USDT", "1m", since=since, limit=3200)
    assert len(rows) == 3200
    assert rows[0][0] == since
    assert all(b[0] - a[0] == 60_000 for a, b in zip(rows, rows[1:]))
    latest = ex.fetch_ohlcv("BTC/USDT", "1h", limit=2000)
    assert len(latest) == 2000 and latest == sorted(latest)
    assert all(b[0] - a[0] == 3_600_000 for a, b in zip(latest, latest[1:]))
    for tf in ex.timeframes:
        got = ex.fetch_ohlcv("BTC/USDT", tf, limit=3)
        assert 1 <= len(got) <= 3 and all(len(r) == 6 and r[2] >= max(r[1], r[4]) for r in got), tf


def test_number_modes(urls):
    dec = Kucoin({"urls": urls, "options": {"numbers": "decimal"}})
    t = dec.fetch_ticker("BTC/USDT")
    assert isinstance(t["last"], Decimal)
    m = dec.market("SHIB/USDT") if "SHIB/USDT" in dec.markets else None
    s = Kucoin({"urls": urls, "options": {"numbers": "str"}})
    assert isinstance(s.fetch_order_book("BTC/USDT", 20)["bids"][0][0], str)
    with pytest.raises(BadRequest):
        Kucoin({"options": {"numbers": "double"}})
    assert m is None or isinstance(m["precision"]["price"], Decimal)


def test_precision_helpers(urls):
    ex = Kucoin({"urls": urls})
    m = ex.market("BTC/USDT")  # the sync face loads markets lazily here too
    step = Decimal(str(m["precision"]["amount"]))
    assert ex.amount_to_precision("BTC/USDT", 0.123456789123) == format(
        (Decimal("0.123456789123") // step) * step, "f").rstrip("0").rstrip(".")
    from kucoin_connector import InvalidOrder
    with pytest.raises(InvalidOrder):
        ex.amount_to_precision("BTC/USDT", 1e-12)
    with pytest.raises(BadRequest):
        ex.price_to_precision("BTC/USDT", "abc")
    assert ex.market_id("BTC/USDT") == "BTC-USDT"


def test_unimplemented_methods_tell_the_truth(urls):
    ex = Kucoin({"urls": urls})
    assert ex.has["fetchOrderBook"] is True and ex.has["fetchPositions"] is False
    with pytest.raises(NotSupported, match="fetch_positions"):
        ex.fetch_positions(["BTC/USDT"])


def test_config_errors():
    with pytest.raises(AuthenticationError, match="missing secret, password"):
        Kucoin({"apiKey": "only-a-key"})
    with pytest.raises(BadRequest):
        Kucoin({"timeout": -1})
    with pytest.raises(BadRequest):
        Kucoin({"urls": {"api": {"spot": "ftp://x"}}})


def test_generic_endpoint_call(sim, urls):
    ex = Kucoin({"urls": urls})
    stats = ex.call_api("GET", "/api/v1/market/stats", {"symbol": "BTC-USDT"})
    assert stats["symbol"] == "BTC-USDT"
    assert any(e.path == "/api/v1/hf/orders" for e in ex.endpoints())
    with pytest.raises(AuthenticationError):
        ex.call_api("GET", "/api/v1/accounts")
    keyed = Kucoin({"urls": urls, **{k: sim.credentials[k] for k in ("apiKey", "secret", "password")}})
    assert {a["type"] for a in keyed.call_api("GET", "/api/v1/accounts")} >= {"main", "trade"}


def test_injected_client_order_ids_are_used(sim, urls):
    ids = iter(["bot-1", "bot-2"])
    creds = {k: sim.credentials[k] for k in ("apiKey", "secret", "password")}
    ex = Kucoin({"urls": urls, **creds}, client_order_ids=lambda: next(ids))
    order = ex.create_order("KCS/USDT", "limit", "buy", 1, 0.5)
    assert order["clientOrderId"] == "bot-1"
    assert ex.cancel_order(order["id"], "KCS/USDT")["id"] == order["id"]
