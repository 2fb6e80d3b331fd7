"""A Hummingbot spot exchange connector, ``kucoin_lite``, built on kucoin_connector's AsyncKucoin.

Layout (only ``connector/`` imports Hummingbot; everything else is plain Python, unit-tested without it):

* :mod:`.mapping`: ccxt structures -> the fields Hummingbot's order tracker, trading rules and balances
  read (order states as a table, fills with their amounts and fees).
* :mod:`.book_mirror`: the connector's self-healing order book -> Hummingbot snapshot and diff messages;
  a resync (gap, reconnect, token renewal) becomes a snapshot that replaces Hummingbot's copy.
* :mod:`.fills`: fills of one order over REST (the HF ``data.items`` list), used when the private stream
  missed them.
* :mod:`.install`: writes the 3-file shim into Hummingbot's connector folder (``python -m
  kucoin_connector_adapters.hummingbot.install``).
* :mod:`.connector`: the ``ExchangePyBase`` subclass and its two data sources.
* ``e2e.py`` / ``e2e.sh``: the headless end-to-end run against the simulator.
"""

CONNECTOR_NAME = "kucoin_lite"
