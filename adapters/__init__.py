"""Adapters that plug this connector into host frameworks (installed as ``kucoin_connector_adapters``).

* :mod:`.ccxt_errors`: the connector's errors as instances of ccxt's classes of the same name;
* :mod:`.ccxt_dropin`: ``install()`` makes ``ccxt.kucoin``, ``ccxt.async_support.kucoin`` and
  ``ccxt.pro.kucoin`` this connector (or ``KUCOIN_CONNECTOR_CCXT=1`` for unmodified programs).

Host frameworks are imported lazily, only by the function that needs them: importing this package costs
nothing and adds no dependency to the core.
"""
from __future__ import annotations

__all__ = ["install", "uninstall"]


def install() -> None:
    """Make ccxt's kucoin classes resolve to this connector's (see :func:`.ccxt_dropin.install`)."""
    from .ccxt_dropin import install as _install
    _install()


def uninstall() -> None:
    """Put ccxt's own kucoin classes back."""
    from .ccxt_dropin import uninstall as _uninstall
    _uninstall()
