"""KuCoin Spot and margin, pure: one plan per unified operation, the parsers, order rules and timeframes.

Plans (:mod:`.plans`) are generators of REST calls run by :mod:`kucoin_connector.rest`; parsers turn
KuCoin's ``data`` into ccxt structures; :mod:`.pushes` does the same for WebSocket pushes.
"""
