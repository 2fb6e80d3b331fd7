"""Fixtures: one paused simulator per module, its URLs, faults cleared around every test."""
from __future__ import annotations

from simfixtures import face_fixtures

sim, urls, _clean_faults = face_fixtures(seed=7, symbols=40)
