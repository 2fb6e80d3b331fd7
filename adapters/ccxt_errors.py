"""The connector's errors as instances of ccxt's classes of the same name (and still of the connector's own).

Why a second class per error and not a registered virtual base: ``except ccxt.InsufficientFunds`` matches
by the real class hierarchy (``PyErr_GivenExceptionMatches`` -> ``PyType_IsSubtype``) and ignores
``__subclasscheck__``, so ``isinstance`` would say yes while ``except`` lets the error through (checked in
tests/adapters/test_ccxt_errors.py). So each connector class C gets a subclass ``(C, ccxt.<same name>)``
(:func:`ccxt_class_for`), and :func:`translating` builds a face whose public methods switch an escaping
error's class to it in place: same object, same message, same context and traceback.

Needs ccxt (the ``parity`` extra, or the host's own ccxt); importing this module imports ``ccxt``.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

from ccxt.base import errors as _ccxt_errors

from kucoin_connector import errors as _connector

__all__ = ["ccxt_class_for", "as_ccxt", "translating", "DUAL_CLASSES"]

# connector class -> its (connector class, ccxt class) subclass; filled at import for every known class
DUAL_CLASSES: dict[type, type] = {}
# Module attributes named like each error (``InsufficientFunds``, ...) are the dual classes; the connector's
# own classes are reached as ``_connector.<name>``.


def _ccxt_base_for(cls: type) -> type:
    """ccxt's class named like ``cls``, else like its nearest ancestor (a class older ccxt lacks)."""
    for ancestor in cls.__mro__:
        found = getattr(_ccxt_errors, ancestor.__name__, None)
        if isinstance(found, type) and issubclass(found, Exception):
            return found
    return _ccxt_errors.BaseError


def ccxt_class_for(cls: type) -> type:
    """The class that is both ``cls`` and ccxt's class of the same name (built once, module attribute so
    that pickling finds it)."""
    dual = DUAL_CLASSES.get(cls)
    if dual is None:
        dual = type(cls.__name__, (cls, _ccxt_base_for(cls)), {"__module__": __name__,
                                                                "__doc__": cls.__doc__})
        if cls is _connector.ERROR_CLASSES.get(cls.__name__):
            globals()[cls.__name__] = dual
        else:  # a subclass defined elsewhere: keep it findable under a unique name
            dual.__qualname__ = f"{cls.__module__.replace('.', '_')}_{cls.__qualname__}"
            globals()[dual.__qualname__] = dual
        DUAL_CLASSES[cls] = dual
    return dual


for _cls in _connector.ERROR_CLASSES.values():
    ccxt_class_for(_cls)


def as_ccxt(exc: BaseException) -> BaseException:
    """Give a connector error the class that is also ccxt's (in place); anything else is left alone."""
    cls = type(exc)
    if isinstance(exc, _connector.BaseError) and cls.__module__ != __name__:
        exc.__class__ = ccxt_class_for(cls)
    return exc


def _wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def call_async(*args, **kwargs):
            try:
                return await fn(*args, **kwargs)
            except _connector.BaseError as exc:
                raise as_ccxt(exc)
        return call_async
    if inspect.isasyncgenfunction(fn):
        @functools.wraps(fn)
        async def agen(*args, **kwargs):
            try:
                async for item in fn(*args, **kwargs):
                    yield item
            except _connector.BaseError as exc:
                raise as_ccxt(exc)
        return agen
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(*args, **kwargs):
            try:
                return (yield from fn(*args, **kwargs))
            except _connector.BaseError as exc:
                raise as_ccxt(exc)
        return gen

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _connector.BaseError as exc:
            raise as_ccxt(exc)
    return call


def translating(face: type, name: str) -> type:
    """A subclass of ``face`` whose public methods (and constructor, static methods and property getters)
    raise ccxt-compatible errors. Private methods stay untouched: the boundary is what a host calls."""
    namespace: dict[str, Any] = {"__module__": face.__module__, "__doc__": face.__doc__}
    for attr in dir(face):
        if attr.startswith("_") and attr != "__init__":
            continue
        raw = inspect.getattr_static(face, attr)
        if isinstance(raw, staticmethod):
            namespace[attr] = staticmethod(_wrap(raw.__func__))
        elif isinstance(raw, classmethod):
            namespace[attr] = classmethod(_wrap(raw.__func__))
        elif isinstance(raw, property):
            namespace[attr] = property(_wrap(raw.fget) if raw.fget else None,
                                       _wrap(raw.fset) if raw.fset else None, raw.fdel, raw.__doc__)
        elif inspect.isfunction(raw):
            namespace[attr] = _wrap(raw)
    cls = type(face)(name, (face,), namespace)  # the face's metaclass (ABCMeta)
    cls.__qualname__ = name
    return cls
