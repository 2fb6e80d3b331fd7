"""Documented deviations: where an implementation knowingly differs from a contract, and why.

Layer: conformance. Rule: data only. A contract that fails for an implementation listed here is
reported as DEVIATION with the reason below, not as a pass and not as a failure. A documented
deviation that no longer occurs is reported as a pass with a note, so stale entries get noticed.

Keys: implementation name (``report --impl``) -> contract name -> why. Each ccxt reason was observed
on ccxt 4.5.90 against the simulator; the behaviour is described, never ccxt's code.
"""
from __future__ import annotations

from typing import Mapping

__all__ = ["DEVIATIONS", "FUTURES_DIFFERENTIAL", "deviations_for"]

DEVIATIONS: dict[str, dict[str, str]] = {
    # Our own connector must pass every contract outright (tests/conformance asserts this is empty).
    "kucoin_connector": {},
    "ccxt": {
        "markets.key_set":
            "ccxt's spot markets carry the extra fee keys `percentage`, `tierBased` and `tiers` (merged in from "
            "its default fee table) and a precision of only `amount` and `price` (no `cost`, `base`, `quote`), "
            "unlike the market key set in reference/ccxt.md",
        "bids_asks.bids_asks":
            "ccxt's kucoin does not implement fetch_bids_asks (has['fetchBidsAsks'] is None) and raises "
            "NotSupported; the best bid/ask is only available through fetch_ticker(s)",
        "order_book.limit":
            "ccxt raises ExchangeError ('limit argument must be 20 or 100') for any other limit instead of "
            "cutting KuCoin's 20- or 100-level snapshot to the requested depth",
        "trades.truth":
            "ccxt takes a public trade's id from `tradeId`/`id`, which GET /api/v1/market/histories does not "
            "send (it sends `sequence`), so every public trade has id None",
        "trades.tie_order":
            "ccxt sorts public trades by timestamp only; KuCoin lists them newest first, so trades sharing a "
            "millisecond stay newest first and the last trade returned is not the newest one",
        "trades.since_limit":
            "(intermittent) ccxt turns KuCoin's nanosecond trade time into milliseconds with a float product, "
            "which rounds a time within ~100 ns of the next millisecond up (ours truncates, as the wire means); "
            "such a trade then carries a timestamp 1 ms later than the wire's and the since-filtered set "
            "differs (seen once in about ten CI runs)",
        "ohlcv.shape":
            "(intermittent) without since, ccxt asks for the time window [now - limit x timeframe, now] "
            "instead of for `limit` candles, so while the newest period has no candle yet (no trade in it) "
            "limit=50 returns 49",
        "ohlcv.since_limit_cap":
            "ccxt makes a single candles request unless params={'paginate': True}, so KuCoin's cap of 1500 "
            "rows per call limits the answer to 1500 candles whatever the limit",
        "ohlcv.limit_without_since":
            "ccxt makes a single candles request unless params={'paginate': True}, so KuCoin's cap of 1500 "
            "rows per call limits the answer to 1500 candles whatever the limit",
        "errors.unsupported_timeframe":
            "ccxt passes a timeframe it does not know straight through as KuCoin's `type` and lets the "
            "exchange reject it, so the request is sent",
        "errors.malformed_body":
            "ccxt treats a body it cannot parse as JSON as an empty answer and returns a structure whose "
            "fields are all None instead of raising",
        "resilience.retry_503":
            "ccxt does not retry failed reads: a single 503 surfaces to the caller (as ExchangeError, "
            "because the body's code 503000 is not in its table)",
        "resilience.rate_limit":
            "ccxt throttles with its own fixed per-endpoint costs, never reads the gw-ratelimit-* headers "
            "and raises RateLimitExceeded on 429000 instead of waiting for the window reset",
        "resilience.clock_skew":
            "ccxt's adjustForTimeDifference option is off by default, so a server clock 60 s ahead yields "
            "400002 (InvalidNonce) instead of a re-synchronised, re-signed request",
        "order_types.market_buy_cost":
            "ccxt reports any order whose `cancelExist` is true as 'canceled'; a market buy by funds ends with "
            "KuCoin cancelling the dust it cannot spend on a whole baseIncrement (24.99929 of 25 USDT spent, "
            "cancelledFunds 0.00071, cancelExist true), so a filled market buy by cost reads 'canceled', not 'closed'",
        "order_types.batch":
            "ccxt sends the batch to POST /api/v1/hf/orders/multi (HF account) but reads the answer as the classic "
            "/api/v1/orders/multi shape (`data.data`); the HF answer's `data` is the list itself (spec example), so "
            "create_orders returns [] although both orders were placed",
        "rejections.price_out_of_range":
            "ccxt's code table has no entry for KuCoin's 400700 'Price out of range', so the rejection surfaces as "
            "the generic ExchangeError instead of InvalidOrder",
        "rejections.duplicate_cid":
            "ccxt maps 400100 to BadRequest and has no message entry for 'The clientOid already exists', so a "
            "duplicate clientOrderId raises BadRequest, not DuplicateOrderId (the simulator keeps one order)",
        "rejections.wire_rejections":
            "ccxt maps only 'Order size below the minimum requirement.' to InvalidOrder; for 'Order funds below "
            "the minimum requirement.' and 'Price increment invalid.' it falls back to 400100 -> BadRequest, and "
            "it maps 'The amount increment is invalid.' to BadRequest explicitly",
        "rejections.client_validation":
            "ccxt checks no market minimum before sending (only that the amount or cost is not 0 after rounding "
            "to the increment): an amount under baseMinSize and a market-buy cost under minFunds reach KuCoin, "
            "whose 400100 answers become InvalidOrder and BadRequest",
        "margin.cross_borrow_repay":
            "ccxt turns every fetch_balance type except 'main' into 'trade_hf' once its probe GET "
            "/api/v1/hf/accounts/opened says HF, so type 'margin' returns the trade_hf balance; with "
            "marginMode 'cross' it calls the deprecated GET /api/v1/margin/account, not /api/v3/margin/accounts, "
            "so the cross margin balance is not reachable through the v3 endpoint",
        "unknown_outcome.lost_response":
            "ccxt does not reconcile a placement whose answer is lost: it raises NetworkError naming only the "
            "method and URL, not the clientOid it generated or was given, and does not look the order up (it "
            "does not resend either: the simulator holds exactly one order)",
        "unknown_outcome.cancel_timeout":
            "ccxt does not reconcile a cancel that outlives its timeout: it raises RequestTimeout (outcome "
            "unknown) and does not look the order up, although the simulator cancels the order after the delay",
        # ccxt.kucoinfutures (the futures contracts)
        "futures_unknown_outcome.lost_response":
            "ccxt's kucoinfutures does not reconcile a placement whose answer is lost either: it raises "
            "NetworkError naming only the method and URL, not the clientOid, and does not look the order up (it "
            "does not resend: the simulator holds exactly one order)",
        "futures_balance.balance_per_settle_currency":
            "ccxt's kucoinfutures turns the unified code BTC into the spot currency id BTC and asks "
            "GET /api/v1/account-overview?currency=BTC; the futures account currency is XBT (the spec's default "
            "and example values), so the simulator answers 400100 and fetch_balance({'code': 'BTC'}) raises BadRequest",
        "futures_ledger.money_flows":
            "ccxt's kucoinfutures fetch_ledger, on an account migrated to HF (ccxt probes the migration status; the "
            "simulator's account is), sends GET /api/v1/hf/accounts/ledgers, the spot HF account's ledger, instead "
            "of the futures GET /api/v1/transaction-history, so none of the futures account's entries appear "
            "(and its RealisedPNL entries would carry direction 'RealisedPNL' with an unsigned amount)",
        # ccxt.pro.kucoinfutures (the futures stream contracts watch with ccxt's asyncio client)
        "futures_streams.book_after_gap":
            "ccxt.pro's kucoinfutures checks no continuity of /contractMarket/level2 pushes (it compares the book's "
            "nonce with the push's `timestamp`, not its `sequence`), so after skipped pushes it applies the later "
            "changes over the gap without resynchronising and the book keeps the levels the skipped changes moved",
        "futures_streams.book_after_drop":
            "ccxt.pro's kucoinfutures does not reconnect for the caller: a watch_order_book pending when the "
            "connection drops is rejected with NetworkError ('Connection closed by remote server, closing code "
            "1006'); the next call reconnects to the address of its first bullet token (no new POST "
            "/api/v1/bullet-public) and the book then converges, so the contract fails on the missing fresh token "
            "(or errors, when a watch was pending)",
        "futures_streams.book_after_token_expiry":
            "ccxt.pro's kucoinfutures does not reconnect for the caller and keeps its first bullet token: a pending "
            "watch_order_book is rejected with NetworkError ('closing code 1006') when the connection drops, and a "
            "new call reconnects with the cached, now expired token (no new POST /api/v1/bullet-public); the server "
            "answers 'token is expired', ccxt raises AuthenticationError in its message handler and the call fails "
            "(with that NetworkError, or aiohttp's ClientConnectionResetError 'Cannot write to closing transport', "
            "an error outside ccxt's tree)",
    },
}


# Where ccxt's kucoinfutures answers differently from KucoinFutures on the SAME simulator state (the
# differential tests, tests/parity/test_parity_futures_orders.py, allow exactly these names and assert that
# each still occurs). Not contracts: field-level differences of one call. Observed on ccxt 4.5.90.
FUTURES_DIFFERENTIAL: dict[str, str] = {
    "create_order.side_type":
        "KuCoin's POST /api/v1/orders answers only `orderId` and `clientOid`; ccxt parses that answer alone and "
        "returns side and type None, ours fills both from the request it sent",
    "cancel_order.id_symbol":
        "DELETE /api/v1/orders/{orderId} answers `cancelledOrderIds`; ccxt parses it as an order and returns id "
        "and symbol None, ours returns the cancelled order's id and symbol",
    "close_position.answer":
        "ccxt parses the whole envelope ({code, data}) of the closing order's answer instead of `data`, so its "
        "order has id and clientOrderId None; ours returns the market order it placed (id, clientOrderId, type)",
    "position.derived":
        "ccxt derives `marginRatio` (maintenance margin / collateral) and `percentage` (unrealised PnL over initial "
        "margin) with its own rounding to a few digits; ours leaves both None rather than report a rounded ratio, "
        "and carries `hedged` (None: KuCoin's one-way positions), a key ccxt's position lacks",
    "position.timestamp":
        "not a difference of the clients: GET /api/v1/position(s) stamps `currentTimestamp` with the server's "
        "clock, so two requests made one after the other differ by the time between them",
    "margin_modification.fields":
        "ccxt's add_margin parses the position KuCoin answers into only symbol, marginMode, code and time (type, "
        "total and status None) and adds a `direction` key ('in') that its own MarginModification structure does "
        "not define (reduce_margin, answered with the amount only, reads the same in both); ours fills type "
        "'add', total (the position margin after the change, from the answer) and status 'ok', no `direction`",
    "balance.inverse_code":
        "for an inverse contract's settle currency (unified BTC) ccxt sends GET /api/v1/account-overview?currency="
        "BTC, which KuCoin's futures account does not know (KuCoin documents XBT and USDT there; the simulator "
        "answers 400100 'not a futures account currency'); ours sends the currency's exchange id XBT and "
        "returns the BTC balance",
}


def deviations_for(impl: str) -> Mapping[str, str]:
    """The documented deviations of ``impl`` (empty for an unknown implementation)."""
    return DEVIATIONS.get(impl, {})
