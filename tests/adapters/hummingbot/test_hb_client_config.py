"""The config kucoin_lite builds: keys, host and the fleet's shared Redis rate limiter from the environment."""
from __future__ import annotations

import pytest

from kucoin_connector import AsyncKucoin
from kucoin_connector.io.limiter_local import SharedLimiter
from kucoin_connector_adapters.hummingbot.client_config import client_config


def test_keys_and_host():
    config = client_config("k", "s", "p", {"KUCOIN_LITE_API_URL": "http://127.0.0.1:9"})
    assert config["apiKey"] == "k" and config["urls"] == {"api": {"spot": "http://127.0.0.1:9",
                                                                    "futures": "http://127.0.0.1:9"}}
    assert config["options"]["numbers"] == "decimal" and "rateLimiter" not in config["options"]
    assert isinstance(AsyncKucoin(config).limiter, SharedLimiter)  # one bot: its own budget


def test_a_fleet_turns_on_the_shared_redis_limiter_from_the_environment():
    pytest.importorskip("redis", reason="the redis client (test extra) is needed to build the Redis limiter")
    env = {"KUCOIN_LITE_RATE_LIMITER": "redis://127.0.0.1:9/0", "KUCOIN_LITE_RATE_LIMITER_ACCOUNT": "uid-1"}
    config = client_config("k", "s", "p", env)
    assert config["options"]["rateLimiter"] == "redis://127.0.0.1:9/0"
    assert config["options"]["rateLimiterAccount"] == "uid-1"
    limiter = AsyncKucoin(config).limiter  # no I/O until the first reservation
    assert type(limiter).__name__ == "RedisLimiter" and limiter.key("Spot").startswith("kucoin:uid-1:")
