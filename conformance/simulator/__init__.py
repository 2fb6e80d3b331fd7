"""An offline KuCoin: the spot and futures REST hosts and the WebSocket server on 127.0.0.1.

Layer: simulator (exchange side, an independent implementation). Standard library only, except the
server role of ``kucoin_connector.ws`` (the project's sans-I/O RFC 6455 protocol object, which
issue 4 asks the simulator to share); it never imports the connector's KuCoin logic.
Rule: KuCoin's exact wire format (envelope, string decimals, signatures, ``gw-ratelimit-*`` headers),
deterministic for a seed.

Quick start::

    from kucoin_conformance.simulator import Simulator
    with Simulator(seed=1) as sim:
        sim.spot_url, sim.futures_url, sim.credentials   # point any KuCoin client here

or ``python -m kucoin_conformance.simulator --port 8100 --seed 1`` (prints one JSON line with the URLs
and the funded key, serves until SIGINT/SIGTERM).

WebSocket (issue 4): ``POST /api/v1/bullet-public`` / ``bullet-private`` hand out tokens and
``sim.ws_url``; the server speaks KuCoin's session protocol (welcome, ping/pong, subscribe acks and
errors with KuCoin's codes and limits) and pushes level 2 (same sequence as the REST snapshot), depth
5/50, matches, tickers, candles and private order/balance events; stream faults go through
``/_sim/faults`` with ``"stream"`` instead of ``"path"`` (skip_sequence, drop_connection, stall, delay,
expire_token, refuse).

What it serves: server time and status on both hosts; spot symbols, currencies (with chains), markets,
fiat prices, level1, all tickers, 24h stats, level2_20/level2_100 and the private full book, trade
history (``time`` in ns), candles of every KuCoin type (history of ~1000 days before start, coarse
candles exactly aggregated from fine ones, weeks starting Thursday 00:00 UTC as on KuCoin, months on
the 1st); cross and isolated margin symbols; private accounts, account detail, HF-opened flag and user
info; futures active contracts. Trading (issue 3): HF, stop, classic and margin HF orders through one
price-time matching engine, accounts with holds and ledgers, transfers, deposits, deposit addresses,
withdrawals, cross and isolated borrow/repay (see ``matching``, ``stops``, ``funding``, ``margin_engine``).
Futures trading (issue 9): futures accounts per settle currency (USDT 100000, USDC 10000, XBT 10),
transfers and the futures ledger, orders through the same matching engine with a margin funds policy,
one-way positions with entry price, realised/unrealised PnL, isolated and cross margin, leverage, stop and
TP/SL triggers on last/mark/index price, funding settlement and simple isolated and cross liquidation
(see ``futures_trading``, ``futures_orders``, ``futures_positions``, ``futures_risk``);
``sim.futures_events`` takes listeners of ``(kind, data)``; ``futures_pushes`` turns them (and the futures
engine's fills) into KuCoin's private futures pushes.
Live candles are bounded in memory (``book``): older fine candles are recomputed from the live coarse ones.
The default key (version 3) is funded: ``trade`` and ``trade_hf`` hold 100000 USDT, 10 BTC, 100 ETH,
10000 KCS each and ``main`` holds 50000 USDT. Auth: the six KC-API-* headers, errors 400001/400002
(HTTP 400) and 400003/400004/400005/400009 (HTTP 401). Rate limits per pool and VIP level with 30 s
windows; 429000 on exhaustion.

Admin surface (same hosts; no auth, no rate limit, never faulted; KuCoin envelope, 400100 on bad input):

==========================  =========================================================================
``POST /_sim/faults``       ``{"path": "/api/v1/hf/orders", "method": "POST", "host": "spot",
                            "kind": "...", "count": 1, ...}``: the next ``count`` requests with that
                            exact path (no query), and method/host when given, misbehave. Kinds:
                            ``status`` (+ ``"status": 503``), ``code`` (+ ``"code": "400100"``,
                            optional ``"msg"``, optional ``"status"``, default 200), ``delay``
                            (+ ``"seconds": 2.5``, then answered normally), ``drop`` (connection
                            reset, nothing processed), ``lost_response`` (processed, then the
                            connection is closed without an answer), ``html`` (an HTML error page,
                            default status 502), ``malformed`` (HTTP 200, truncated JSON),
                            ``clock_skew`` (+ ``"seconds": 30``: server time shifted for those
                            requests, in returned timestamps and in the signature window).
                            Answers ``{"code":"200000","data":{"id":"fault-1"}}``.
``GET /_sim/faults``        pending faults.
``DELETE /_sim/faults``     clear them.
``POST /_sim/pause``        freeze market activity (no automatic steps).
``POST /_sim/resume``       resume it.
``POST /_sim/step``         ``{"count": n}``: advance the market n steps now (works while paused).
``GET /_sim/book?symbol=``  the true current book ``{"sequence", "bids", "asks"}`` (strings).
``GET /_sim/state``         ``{"paused", "steps", "seed", "symbols", "time"}``.
==========================  =========================================================================

``POST /_sim/futures/funding`` settles the next futures funding period now (answers the funding rows);
``POST /_sim/futures/deliver`` ``{"symbol": ...}`` delivers the dated contract now (``futures_delivery``:
orders cancelled, positions settled at the index price, status ``Settled``; answers what was done);
``/_sim/fill`` and ``/_sim/cancel`` also take futures order ids (sizes in lots); ``GET /_sim/futures/orders``
and ``GET /_sim/futures/positions`` list every futures order and open position (``futures_orders()``,
``futures_positions()`` in Python).

The same controls exist in Python: ``add_fault``, ``clear_faults``, ``pause``, ``resume``, ``step``,
``book``; ``request_log`` lists ``(method, path_with_query)`` received. New endpoints are added to
``sim.spot_router`` / ``sim.futures_router`` (see ``routing.Router.add``).
"""
from __future__ import annotations

from .simulator import Simulator

__all__ = ["Simulator"]
