"""A real ``redis-server`` per test on a free port of 127.0.0.1 (Debian's ``redis-server`` package).

Missing server or client: the test FAILS under CI=true (``.ci/run`` installs both) and is skipped with
the reason elsewhere.
"""
from __future__ import annotations

import os
import shutil

import pytest

from kucoin_conformance.fleet import RedisServer


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        _unavailable("redis-server is not installed (apt-get install redis-server)")
    try:
        import redis  # noqa: F401
    except ImportError:
        _unavailable("the redis client is not installed (pip install 'kucoin-connector[redis]')")
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.close()
