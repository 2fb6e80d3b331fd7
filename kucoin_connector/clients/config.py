"""Reading a ccxt-style config dict into face settings (clients layer; no I/O).

Recognised keys: ``apiKey``, ``secret``, ``password``, ``timeout`` (ms), ``enableRateLimit``, ``options``
(checked against :data:`kucoin_connector.options.OPTIONS`, defaults filled in), ``urls``
(``{"api": {"spot": URL, "futures": URL, "broker": URL}}``, or ccxt's keys ``public``/``private``/
``futuresPublic``/``futuresPrivate``/...: :data:`API_KEYS`), ``headers``, ``httpsProxy`` / ``httpProxy``.
Collaborators (transport, clock, limiter, ...) are the faces' keyword arguments, never config keys.
"""
from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlsplit

from ..core.credentials import Credentials, mask_headers, mask_url
from ..errors import BadRequest, InvalidProxySettings
from ..options import read_options

__all__ = ["Settings", "read_config", "check_proxy_url", "ccxt_api_urls", "API_KEYS", "DEFAULT_URLS"]

DEFAULT_URLS = {
    "spot": "https://api.kucoin.com",
    "futures": "https://api-futures.kucoin.com",
    "broker": "https://api-broker.kucoin.com",
}

# ccxt config keys we accept without acting on them (so ccxt-style configs work unchanged).
_IGNORED_CCXT_KEYS = frozenset({
    "uid", "verbose", "rateLimit", "userAgent", "newUpdates", "enableLastJsonResponse", "enableLastHttpResponse",
    "enableLastResponseHeaders", "proxies", "aiohttp_trust_env", "requests_trust_env", "session", "asyncio_loop",
    "walletAddress", "privateKey", "token", "twofa", "login", "hostname", "id", "name", "countries",
    "precisionMode", "substituteCommonCurrencyCodes", "reduceFees", "commonCurrencies", "markets", "sandbox",
    "accountId",  # Freqtrade passes it for every exchange (None for KuCoin)
})
_KNOWN_KEYS = frozenset({"apiKey", "secret", "password", "timeout", "enableRateLimit", "options", "urls",
                         "headers", "httpsProxy", "httpProxy", "socksProxy"}) | _IGNORED_CCXT_KEYS
# Collaborators are keyword arguments of the faces (Kucoin(config, transport=...)), not config keys.
COLLABORATORS = ("transport", "clock", "limiter", "client_order_ids", "sleep", "rand")


class Settings:
    """A config dict, read and checked (a plain class: constructing a client loads no ``dataclasses``)."""

    _FIELDS = ("credentials", "urls", "timeout_ms", "enable_rate_limit", "options", "headers", "proxy")

    def __init__(self, credentials: Credentials | None, urls: dict[str, str], timeout_ms: int = 10_000,
                 enable_rate_limit: bool = True, options: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, proxy: str | None = None) -> None:
        self.credentials = credentials
        self.urls = urls
        self.timeout_ms = timeout_ms
        self.enable_rate_limit = enable_rate_limit
        self.options = options if options is not None else {}
        self.headers = headers if headers is not None else {}
        self.proxy = proxy

    def __eq__(self, other: object) -> bool:
        if type(other) is not Settings:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._FIELDS)

    __hash__ = None  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:  # the proxy URL may carry a password: shown as http://user:***@host:port
        shown = []
        for name in self._FIELDS:
            value = getattr(self, name)
            if name == "proxy" and value is not None:
                value = mask_url(value)
            elif name == "headers":
                value = mask_headers(value)
            shown.append(f"{name}={value!r}")
        return f"Settings({', '.join(shown)})"


def check_proxy_url(proxy: object, name: str = "httpsProxy") -> str:
    """An ``http://`` or ``https://`` proxy URL with a host and a valid port, else
    ``InvalidProxySettings``; messages show the URL with its password masked."""
    if not isinstance(proxy, str):
        raise InvalidProxySettings(f"{name} must be a URL string like 'http://user:pass@host:port', "
                                   f"got {type(proxy).__name__}")
    try:
        parts = urlsplit(proxy)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0..65535
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise InvalidProxySettings(f"{name} must be an http:// or https:// URL with a host and a valid port, "
                                   f"got {mask_url(proxy)[:200]!r}")
    return proxy


# Every ``urls["api"]`` key accepted: the connector's own host names and ccxt's kucoin keys, each mapped
# onto the connector host whose requests it names (None: a host the connector never calls).
API_KEYS: dict[str, str | None] = {
    "spot": "spot", "futures": "futures", "broker": "broker",
    "public": "spot", "private": "spot", "uta": "spot", "utaV2": "spot", "utaPrivate": "spot", "earn": "spot",
    "futuresPublic": "futures", "futuresPrivate": "futures",
    "webExchange": None,  # kucoin.com's web API: ccxt reads currency details there; never called here
}
# A host is named by its own key, or by ccxt's public+private pair together: given one half alone, ccxt
# would send the other half's calls to the real exchange, so the connector refuses rather than guess.
_NAMING_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "spot": (("spot",), ("public", "private")),
    "futures": (("futures",), ("futuresPublic", "futuresPrivate")),
    "broker": (("broker",),),
}


def _urls(config: Mapping[str, Any]) -> dict[str, str]:
    """The base URL of each connector host from ``urls["api"]`` (a URL for every host, or a dict of
    :data:`API_KEYS`). Unknown keys, keys of one host that disagree and a host named by half of ccxt's
    public/private pair raise BadRequest: no mistake may send a request to a host the user did not name."""
    urls = dict(DEFAULT_URLS)
    api = (config.get("urls") or {}).get("api") if isinstance(config.get("urls"), Mapping) else None
    if api is None:
        return urls
    if isinstance(api, str):
        return {name: _checked_url("urls.api", api) for name in urls}
    if not isinstance(api, Mapping):
        raise BadRequest("config urls.api must be a URL or a dict like {'spot': URL, 'futures': URL}")
    unknown = sorted(str(k)[:40] for k in api if k not in API_KEYS)
    if unknown:
        raise BadRequest(f"config urls.api has unknown key(s) {', '.join(unknown)}; "
                         f"known: {', '.join(API_KEYS)}")
    given: dict[str, dict[str, str]] = {}
    for key, url in api.items():
        url = _checked_url(f"urls.api.{key}", url)
        host = API_KEYS[key]
        if host is not None:
            given.setdefault(host, {})[key] = url
    for host, by_key in given.items():
        if len(set(by_key.values())) > 1:
            shown = ", ".join(f"{k}={v!r}" for k, v in by_key.items())
            raise BadRequest(f"config urls.api names different URLs for the {host} host ({shown}); "
                             f"the connector sends every {host} request to one URL")
        if not any(all(k in by_key for k in keys) for keys in _NAMING_KEYS[host]):
            named = " or ".join(" and ".join(f"urls.api.{k}" for k in keys) for keys in _NAMING_KEYS[host])
            raise BadRequest(f"config urls.api.{', urls.api.'.join(by_key)} does not name the {host} host on "
                             f"its own (ccxt would send the other {host} calls to {DEFAULT_URLS[host]}); "
                             f"give {named}")
        urls[host] = next(iter(by_key.values()))
    return urls


def _checked_url(name: str, url: object) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise BadRequest(f"config {name} must be an http(s) URL, got {url!r}")
    return url.rstrip("/")


def ccxt_api_urls(urls: Mapping[str, str]) -> dict[str, str]:
    """``urls["api"]`` as a ccxt host reads it: the connector's hosts under every key of :data:`API_KEYS`."""
    return {key: urls[host] for key, host in API_KEYS.items() if host is not None}


def read_config(config: Mapping[str, Any] | None, env: Mapping[str, str]) -> Settings:
    if config is not None and not isinstance(config, Mapping):
        raise BadRequest(f"config must be a dict, got {type(config).__name__}")
    config = dict(config or {})
    misplaced = sorted(k for k in COLLABORATORS if k in config)
    if misplaced:
        raise BadRequest(f"{', '.join(misplaced)} must be passed as keyword arguments "
                         f"(Kucoin(config, {misplaced[0]}=...)), not inside the config dict")
    unknown = sorted(str(k)[:40] for k in set(config) - _KNOWN_KEYS)
    if unknown:
        from ..logs import get_logger  # logging loads only when there is something to say
        get_logger(__name__).warning("ignoring unknown config keys: %s", ", ".join(unknown))
    options = read_options(config.get("options"))
    try:
        credentials = Credentials.from_config(config, env, int(options["keyVersion"]))
    except ValueError as exc:
        from ..errors import AuthenticationError
        raise AuthenticationError(str(exc)) from None
    timeout = config.get("timeout", 10_000)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise BadRequest(f"timeout must be a positive number of milliseconds, got {timeout!r}")
    if config.get("socksProxy"):
        raise InvalidProxySettings("SOCKS proxies are not supported; use an HTTP(S) proxy (httpsProxy)")
    name = "httpsProxy" if config.get("httpsProxy") else "httpProxy"
    proxy = config.get(name) or None
    if proxy is not None:
        check_proxy_url(proxy, name)
    headers = dict(config.get("headers") or {})
    return Settings(credentials, _urls(config), int(timeout), bool(config.get("enableRateLimit", True)),
                    options, headers, proxy)
