"""KuCoin Futures, the second product family (pure core): contracts, market data, orders, positions.

Layer: pure core. Rule: no I/O. The same shape as :mod:`kucoin_connector.spot`; the faces
(:class:`~kucoin_connector.KucoinFutures`, :class:`~kucoin_connector.AsyncKucoinFutures`) drive these plans.
Built so far: market data, trading (``routes.py``, ``order_rules.py``, ``plans/orders/``) and positions,
margin, balance and transfers (``plans/positions.py``). Streams are not built here yet.

Product-neutral helpers come from the shared core (``core.fields``, ``core.checks``, ``core.ticker_math``,
``core.book_levels``, ``core.candles``, ``core.server_status``, ``rest.plan``, ``rest.order_routes``,
``rest.order_lookup``), never from ``spot/``.
"""
