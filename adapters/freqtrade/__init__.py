"""Freqtrade on this connector (issue 10, part 2).

* :mod:`.activate`: ``python -m kucoin_connector_adapters freqtrade <args>`` runs the stock ``freqtrade``
  command with ``ccxt.kucoin`` (sync, asyncio and pro) replaced by this connector, refusing to start if the
  connector cannot be built, and checking that every KuCoin object Freqtrade builds is the connector's;
* :mod:`.e2e`: the end-to-end comparison (its own venv with Freqtrade; the same commands on this connector
  and on ccxt, both against the simulator).

Freqtrade (GPL-3.0) is imported lazily and only its interfaces are used; nothing of it is copied.
"""
from __future__ import annotations

# Freqtrade releases the activation and the e2e were run against (the guard wraps a private method).
VERIFIED_VERSIONS = ("2026.9",)
