"""arguments._parameters reads a method's parameters from its code object (cheaper than inspect.signature
when 84 face methods are wrapped at import); it must agree with inspect.signature on every shape."""
from __future__ import annotations

import functools
import inspect

import pytest

from kucoin_connector.clients import base
from kucoin_connector.core import arguments as A

KINDS = {inspect.Parameter.POSITIONAL_ONLY: A._POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD: A._POSITIONAL,
         inspect.Parameter.KEYWORD_ONLY: A._KEYWORD}


def by_signature(function):
    return [(p.name, KINDS[p.kind], p.default is p.empty)
            for p in inspect.signature(function).parameters.values() if p.kind in KINDS]


def shapes():
    def plain(self, symbol, limit=1, *args, since, params=None, **kw): ...
    def posonly(self, code, /, symbol, limit=None): ...
    def kwonly(self, *, since=None, limit): ...
    def bare(self): ...

    @functools.wraps(plain)
    def wrapper(*args, **kwargs): ...

    return [plain, posonly, kwonly, bare, wrapper]


@pytest.mark.parametrize("function", shapes(), ids=lambda f: f.__name__)
def test_matches_inspect_signature_on_every_shape(function):
    assert A._parameters(function) == by_signature(function)


def test_matches_inspect_signature_on_every_checked_face_method():
    for name in base.CHECKED:
        method = getattr(base.KucoinBase, name).__wrapped__
        assert A._parameters(method) == by_signature(method), name
