"""Fixtures for the parser tests (data lives in parser_support.py)."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from kucoin_connector.core.numbers import number_converter
from parser_support import load


@pytest.fixture
def payload() -> Callable[[str], Any]:
    return load


@pytest.fixture
def fnum():
    return number_converter("float")


@pytest.fixture
def dnum():
    return number_converter("decimal")


@pytest.fixture
def snum():
    return number_converter("str")


@pytest.fixture(params=["float", "decimal", "str"])
def any_num(request):
    return number_converter(request.param)
