"""Fixtures of the futures trading tests: a paused simulator on a frozen clock and a signed caller."""
from __future__ import annotations

import pytest
from fsimhelpers import api_for


@pytest.fixture
def api(sim, futures, clock):
    sim.pause()
    return api_for(sim, futures, clock)
