"""Implementations the suite can judge, each behind ``factory(urls, credentials) -> exchange``.

Layer: conformance. Rule: a factory only configures a client through its public constructor; the
suite then uses nothing but the unified interface. ``urls`` is ``{"spot": URL, "futures": URL}``;
``credentials`` is ``{}`` or ``{"apiKey", "secret", "password", "keyVersion"}``. A factory may accept
an optional keyword ``timeout_ms`` (the unknown-outcome contracts use a short client timeout).

* ``kucoin_connector`` (default): ``kucoin_connector.Kucoin`` with its defaults (float numbers).
* ``ccxt``: ``ccxt.kucoin`` (the ``parity`` extra) with every ``urls['api']`` entry that names a KuCoin
  host pointed at the simulator. ccxt always signs with ``KC-API-KEY-VERSION: 2`` (observed on 4.5.90),
  so its factory says ``key_version = 2`` and the suite asks the simulator for a v2 key. The option
  ``uta: False`` says the account is a classic (non-unified) one, as it is on the simulator; without it
  ccxt probes ``GET /api/ua/v1/account/mode`` before fetching currencies with credentials.
* ``module:attr``: any callable with the factory signature, e.g. ``mypkg.tests:make_exchange``.

Product families: a spot factory may carry an attribute ``futures``, the factory of the same
implementation's futures client (same signature; ``KucoinFutures`` / ``ccxt.kucoinfutures``). The
futures contracts use it (``Env.futures_client``) and are skipped when it is absent. :data:`FAMILIES`
is that table for the built-in implementations.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

__all__ = ["kucoin_connector_factory", "kucoin_connector_futures_factory", "ccxt_factory", "ccxt_futures_factory",
           "load_factory", "BUILTIN", "FAMILIES"]


def _connector_config(urls: dict, credentials: dict, timeout_ms: int | None) -> dict[str, Any]:
    config: dict[str, Any] = {"urls": {"api": {"spot": urls["spot"], "futures": urls["futures"]}},
                              "options": {"numbers": "float"}}
    if timeout_ms is not None:
        config["timeout"] = int(timeout_ms)
    if credentials:
        config.update(apiKey=credentials["apiKey"], secret=credentials["secret"], password=credentials["password"])
        if credentials.get("keyVersion") is not None:
            config["options"]["keyVersion"] = int(credentials["keyVersion"])
    return config


def kucoin_connector_factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> Any:
    from kucoin_connector import Kucoin

    return Kucoin(_connector_config(urls, credentials, timeout_ms))


def kucoin_connector_futures_factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> Any:
    from kucoin_connector import KucoinFutures

    return KucoinFutures(_connector_config(urls, credentials, timeout_ms))


def ccxt_exchange(class_name: str, urls: dict, credentials: dict, timeout_ms: int | None = None,
                  pro: bool = False) -> Any:
    """ccxt's (``pro``: ccxt.pro's) ``class_name`` on a classic account, every ``urls["api"]`` entry naming a
    KuCoin host pointed at the simulator (the futures host's at ``urls["futures"]``, the rest at its spot URL)."""
    import importlib

    module = importlib.import_module("ccxt.pro" if pro else "ccxt")  # the `parity` extra
    config: dict[str, Any] = {"options": {"uta": False}}
    if timeout_ms is not None:
        config["timeout"] = int(timeout_ms)
    if credentials:
        config.update(apiKey=credentials["apiKey"], secret=credentials["secret"], password=credentials["password"])
    exchange = getattr(module, class_name)(config)
    api = dict(exchange.urls["api"])
    for key, value in api.items():
        if isinstance(value, str) and "kucoin.com" in value:
            api[key] = urls["futures"] if "api-futures." in value else urls["spot"]
    exchange.urls["api"] = api
    return exchange


def ccxt_factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> Any:
    return ccxt_exchange("kucoin", urls, credentials, timeout_ms)


def ccxt_futures_factory(urls: dict, credentials: dict, timeout_ms: int | None = None) -> Any:
    return ccxt_exchange("kucoinfutures", urls, credentials, timeout_ms)


# Each implementation's factory per product family; the spot factory names its futures sibling.
FAMILIES: dict[str, dict[str, Callable[..., Any]]] = {
    "kucoin_connector": {"spot": kucoin_connector_factory, "futures": kucoin_connector_futures_factory},
    "ccxt": {"spot": ccxt_factory, "futures": ccxt_futures_factory},
}
for _family in FAMILIES.values():
    _family["spot"].futures = _family["futures"]  # type: ignore[attr-defined]
ccxt_factory.key_version = ccxt_futures_factory.key_version = 2  # type: ignore[attr-defined]

BUILTIN: dict[str, Callable[[dict, dict], Any]] = {name: family["spot"] for name, family in FAMILIES.items()}


def load_factory(spec: str) -> tuple[str, Callable[[dict, dict], Any]]:
    """``(implementation name, factory)`` for ``kucoin_connector``, ``ccxt`` or ``module:attr``."""
    if spec in BUILTIN:
        return spec, BUILTIN[spec]
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"--impl must be kucoin_connector, ccxt or module:factory, got {spec!r}")
    factory = getattr(importlib.import_module(module_name), attr)
    if not callable(factory):
        raise ValueError(f"{spec} is not callable")
    return spec, factory
