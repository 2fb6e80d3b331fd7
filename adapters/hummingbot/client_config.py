"""The kucoin_connector config a kucoin_lite connector builds (pure; no Hummingbot import).

Hummingbot gives the connector its keys; the environment may add:

* ``KUCOIN_LITE_API_URL``: the REST host (the simulator, a proxy);
* ``KUCOIN_LITE_RATE_LIMITER``: a ``redis://`` URL, so every bot of a fleet on one KuCoin account shares
  one rate-limit budget (README, "Many bots, one account"), with ``KUCOIN_LITE_RATE_LIMITER_ACCOUNT`` (the
  KuCoin UID or any non-secret label the bots share; default: a hash of the API key).
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

__all__ = ["client_config"]


def client_config(api_key: str, secret: str, passphrase: str, env: Mapping[str, str],
                  api_url: Optional[str] = None, options: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    config: Dict[str, Any] = {"options": {"numbers": "decimal", **(options or {})}}
    if api_key:
        config.update(apiKey=api_key, secret=secret, password=passphrase)
    url = api_url or env.get("KUCOIN_LITE_API_URL")
    if url:
        config["urls"] = {"api": {"spot": url, "futures": url}}
    limiter = env.get("KUCOIN_LITE_RATE_LIMITER")
    if limiter:
        config["options"].setdefault("rateLimiter", limiter)
        account = env.get("KUCOIN_LITE_RATE_LIMITER_ACCOUNT")
        if account:
            config["options"].setdefault("rateLimiterAccount", account)
    return config
