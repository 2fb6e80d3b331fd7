"""Activation for Freqtrade: the stock command, with KuCoin on this connector and no way back to ccxt's.

``python -m kucoin_connector_adapters freqtrade trade -c config.json`` (or ``KUCOIN_CONNECTOR_CCXT=1
freqtrade ...``, which does the first step only) does, in order:

1. sets ``KUCOIN_CONNECTOR_CCXT=1`` in the environment, so processes Freqtrade starts are patched too (the
   ``.pth`` file reads it);
2. installs the ccxt drop-in (:mod:`..ccxt_dropin`); if the connector cannot be built, stops with the
   cause (exit status 2) before Freqtrade starts;
3. guards Freqtrade's exchange construction: every ccxt object it builds for ``kucoin`` must be this
   connector's, else the command stops with an ``OperationalException`` naming what it got;
4. runs Freqtrade's own ``main`` with the remaining arguments.

Facts used about Freqtrade (2026.9): ``freqtrade.main.main(sysargv)`` is the console entry point;
``Exchange._init_ccxt(exchange_config, sync, ccxt_kwargs)`` builds each ccxt object by name from ``ccxt``,
``ccxt.pro`` or ``ccxt.async_support``; its exchange resolver treats an ``ImportError`` raised while
building the KuCoin class as "no such class" and silently builds the generic one instead, which is why the
drop-in turns an ``ImportError`` from the connector's constructor into ``NotSupported``.
"""
from __future__ import annotations

import functools
import os
import sys
from typing import Any

from . import VERIFIED_VERSIONS

__all__ = ["activate", "guard_exchange_construction", "main", "ActivationError"]

GUARDED = "_kucoin_connector_guarded"


class ActivationError(RuntimeError):
    """The connector could not be put in place; Freqtrade must not start."""


def activate() -> None:
    """Steps 1-3 above. Raises :class:`ActivationError` with the cause when any fails."""
    from ..ccxt_dropin import ENV_VAR, install
    os.environ[ENV_VAR] = "1"
    try:
        install()
    except Exception as exc:  # noqa: BLE001 - whatever stops the connector stops the command
        raise ActivationError(f"kucoin-connector could not be built, so Freqtrade will not start "
                              f"(it would otherwise run on ccxt's own kucoin): {type(exc).__name__}: {exc}") from exc
    guard_exchange_construction()


def _connector_classes() -> tuple[type, ...]:
    from kucoin_connector import AsyncKucoin, Kucoin
    return (Kucoin, AsyncKucoin)


def guard_exchange_construction() -> None:
    """Make Freqtrade's ``Exchange._init_ccxt`` refuse a KuCoin object that is not this connector's."""
    try:
        from freqtrade.exceptions import OperationalException
        from freqtrade.exchange.exchange import Exchange
    except ImportError as exc:
        raise ActivationError(f"Freqtrade is not installed in this environment ({exc}): "
                              "pip install 'kucoin-connector[freqtrade]'") from exc
    original = Exchange._init_ccxt
    if getattr(original, GUARDED, False):
        return

    @functools.wraps(original)
    def _init_ccxt(self: Any, exchange_config: dict, *args: Any, **kwargs: Any) -> Any:
        api = original(self, exchange_config, *args, **kwargs)
        name = str(exchange_config.get("name", "")).lower()
        if name == "kucoin" and not isinstance(api, _connector_classes()):
            raise OperationalException(f"kucoin-connector is active but Freqtrade built {type(api).__module__}."
                                       f"{type(api).__qualname__} for kucoin; refusing to run on it")
        return api

    setattr(_init_ccxt, GUARDED, True)
    Exchange._init_ccxt = _init_ccxt


def _freqtrade_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("freqtrade")
    except PackageNotFoundError:
        return None


def main(argv: list[str]) -> int:
    """Activate, then run Freqtrade's own command line with ``argv``; its exit status is returned."""
    try:
        activate()
    except ActivationError as exc:
        print(f"kucoin_connector_adapters: {exc}", file=sys.stderr)
        return 2
    found = _freqtrade_version()
    if found is not None and found not in VERIFIED_VERSIONS:
        print(f"kucoin_connector_adapters: Freqtrade {found} is not one of the verified releases "
              f"({', '.join(VERIFIED_VERSIONS)}); the connector is active, report what breaks", file=sys.stderr)
    from freqtrade.main import main as freqtrade_main
    try:
        freqtrade_main(argv)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
