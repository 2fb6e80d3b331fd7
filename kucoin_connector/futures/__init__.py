"""KuCoin Futures, the second product family (pure core): contracts, market-data plans and parsers.

Layer: pure core. Rule: no I/O. The same shape as :mod:`kucoin_connector.spot`; the faces
(:class:`~kucoin_connector.KucoinFutures`, :class:`~kucoin_connector.AsyncKucoinFutures`) drive these plans.
Built so far: market data (issue 9, first slice). Trading, positions and streams are not built yet.

Shared helpers this family borrows from ``spot/`` (``spot.parsers._common``, ``spot.plans.context``,
``spot.plans.validate``, the ccxt ticker derivation) are product-neutral and belong in ``core/``; they are
imported, not copied, until that move.
"""
