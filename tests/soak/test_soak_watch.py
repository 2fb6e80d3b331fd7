"""The futures soak's stream check (``soak_watch``): a watcher client's view of orders and positions is
compared with the exchange's; it converges on the truth and reports what differs."""
from __future__ import annotations

from decimal import Decimal

from kucoin_conformance import soak_futures
from kucoin_conformance.soak_watch import StreamWatcher, stream_problems


def test_the_stream_view_converges_on_the_exchange_and_a_difference_is_reported() -> None:
    from kucoin_conformance.simulator import Simulator
    from kucoin_connector import KucoinFutures

    with Simulator(seed=5, symbols=8, tick_interval=0) as sim:
        sim.pause()
        creds = sim.credentials
        config = {**{k: creds[k] for k in ("apiKey", "secret", "password")},
                  "urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
                  "options": {"numbers": "decimal", "keyVersion": creds["keyVersion"]}}
        with KucoinFutures(config) as ex, KucoinFutures(config) as watching:
            watcher = StreamWatcher(watching).start()
            try:
                symbol = "BTC/USDT:USDT"
                ex.load_markets()
                bid = ex.fetch_order_book(symbol, 20)["bids"][-1][0]
                resting = ex.create_order(symbol, "limit", "buy", 2, ex.price_to_precision(symbol, bid))
                ex.create_order(symbol, "market", "sell", 3)
                ex.cancel_order(resting["id"], symbol)
                by_id = {ex.market(symbol)["id"]: symbol}
                assert soak_futures._stream_checks(sim, watcher, by_id) == []
                orders, positions = watcher.view()
                assert orders[resting["id"]] == ("canceled", Decimal(0)) and positions == {symbol: Decimal(-3)}
                wrong = stream_problems(watcher, {resting["id"]: ("closed", Decimal(2))}, {symbol: Decimal(0)},
                                        converge_s=0)
                assert [p.rsplit(": ", 1)[0] for p in wrong] == [f"stream order {resting['id']}",
                                                           f"stream position {symbol}"]
            finally:
                watcher.stop()
