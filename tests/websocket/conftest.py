"""WebSocket tests: ``chunking`` runs every decoder test whole and one byte at a time (habit 5)."""
from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


@pytest.fixture(params=["whole", "bytewise"])
def chunking(request: pytest.FixtureRequest) -> str:
    return request.param
