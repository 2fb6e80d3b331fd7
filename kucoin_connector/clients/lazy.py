"""Modules the faces load on first use, so that constructing a client stays cheap (faces & drivers layer).

``Kucoin()`` needs its configuration, contexts and limiter, not the trading plans, the parsers or the
stream code: a face names those modules with :func:`lazy_module` and each loads on its first attribute
access (then stays a plain attribute lookup away). Nothing is put in ``sys.modules`` before that, so
``"kucoin_connector.streaming" in sys.modules`` tells whether stream code was loaded.
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Any

__all__ = ["lazy_module", "lazy_function"]


class LazyModule:
    """Stands for a module until an attribute is read; then imports it and answers from it."""

    __slots__ = ("_lazy_name", "_lazy_module")

    def __init__(self, name: str) -> None:
        self._lazy_name = name
        self._lazy_module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:  # only called for names other than the two slots
        module = self._lazy_module
        if module is None:
            module = self._lazy_module = importlib.import_module(self._lazy_name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        state = "loaded" if self._lazy_module is not None else "not loaded yet"
        return f"<lazy module {self._lazy_name!r} ({state})>"


def lazy_module(name: str, package: str | None = None) -> Any:
    """``lazy_module("..spot.plans.orders", __package__)``: the module, imported on first attribute access."""
    if name.startswith("."):
        if not package:
            raise ValueError(f"relative module name {name!r} needs a package")
        name = importlib.util.resolve_name(name, package)
    return LazyModule(name)


def lazy_function(name: str, attr: str, package: str | None = None) -> Any:
    """A stand-in for ``module.attr`` (a function) that imports the module on the first call."""
    module = lazy_module(name, package)

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(module, attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    return call
