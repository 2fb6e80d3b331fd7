"""KuCoin Futures, the second product family (pure core): contracts, market-data plans and parsers.

Layer: pure core. Rule: no I/O. The same shape as :mod:`kucoin_connector.spot`; the faces
(:class:`~kucoin_connector.KucoinFutures`, :class:`~kucoin_connector.AsyncKucoinFutures`) drive these plans.
Built so far: market data (issue 9, first slice). Trading, positions and streams are not built yet.

Product-neutral helpers come from the shared core (``core.fields``, ``core.checks``, ``core.ticker_math``,
``core.book_levels``, ``core.candles``, ``core.server_status``, ``rest.plan``), never from ``spot/``.
"""
