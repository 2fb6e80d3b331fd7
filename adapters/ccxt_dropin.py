"""ccxt drop-in: ``ccxt.kucoin`` and ``ccxt.kucoinfutures`` (and their ``async_support`` and ``pro`` twins)
become this connector's ``Kucoin`` / ``AsyncKucoin`` and ``KucoinFutures`` / ``AsyncKucoinFutures``.

Two ways in:

* ``kucoin_connector_adapters.install()`` in the program (before it builds its exchange objects);
* ``KUCOIN_CONNECTOR_CCXT=1`` (or true/yes/on) in the environment, for unmodified programs: the ``.pth``
  file the package installs (adapters/kucoin_connector_adapters.pth) calls :func:`activate_on_import`, which patches each of those modules as it is imported (or at
  once if it already is). A failure to build the connector's classes then surfaces from ``import ccxt``
  itself: the program never silently runs on ccxt's own kucoin.

The classes are the connector's faces whose errors are also ccxt's (:mod:`.ccxt_errors`). Module level
stays stdlib-only: the ``.pth`` imports this module at every interpreter start when the variable is set.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any

__all__ = ["install", "uninstall", "faces", "activate_on_import", "ENV_VAR", "TARGETS", "FACES"]

ENV_VAR = "KUCOIN_CONNECTOR_CCXT"
# module -> {ccxt class name -> which face replaces it}
TARGETS: dict[str, dict[str, str]] = {
    "ccxt": {"kucoin": "sync", "kucoinfutures": "futures_sync"},
    "ccxt.async_support": {"kucoin": "async", "kucoinfutures": "futures_async"},
    "ccxt.pro": {"kucoin": "async", "kucoinfutures": "futures_async"},
}
# face -> (the connector's class name, the ccxt class name it takes)
FACES = {"sync": ("Kucoin", "kucoin"), "async": ("AsyncKucoin", "kucoin"),
         "futures_sync": ("KucoinFutures", "kucoinfutures"), "futures_async": ("AsyncKucoinFutures", "kucoinfutures")}

_faces: dict[str, type] = {}
_originals: dict[tuple[str, str], Any] = {}


def faces() -> dict[str, type]:
    """``{face: class}`` for every :data:`FACES` key: the connector's faces raising ccxt-compatible errors."""
    if not _faces:
        import kucoin_connector

        from .ccxt_errors import translating
        for key, (ours, theirs) in FACES.items():
            cls = translating(getattr(kucoin_connector, ours), theirs)  # named like ccxt's class; hosts print it
            cls.__module__ = f"{__name__}.{key}"
            _no_import_error_from_init(cls)
            _faces[key] = cls
    return _faces


def _no_import_error_from_init(cls: type) -> None:
    """An ``ImportError`` while building the connector (a missing extra, a broken install) leaves as
    ``NotSupported`` (also ccxt's): hosts read ``ImportError`` as "no such class" and silently take another
    path (Freqtrade's exchange resolver then builds its generic exchange), where this must stop them."""
    import functools

    from kucoin_connector.errors import NotSupported

    from .ccxt_errors import as_ccxt
    init = cls.__init__

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except ImportError as exc:
            raise as_ccxt(NotSupported(f"kucoin-connector could not be built: {type(exc).__name__}: {exc}")) from exc

    cls.__init__ = __init__


def _patch(module: Any) -> None:
    built = faces()
    for name, face in TARGETS[module.__name__].items():
        cls = built[face]
        current = getattr(module, name, None)
        if current is not cls:
            _originals.setdefault((module.__name__, name), current)
            setattr(module, name, cls)


def install() -> None:
    """Import ccxt (and its asyncio and pro halves) and make their ``kucoin`` and ``kucoinfutures`` this
    connector's classes."""
    import importlib
    for name in TARGETS:
        _patch(importlib.import_module(name))


def uninstall() -> None:
    """Put back what :func:`install` replaced and stop patching modules imported later."""
    for (module_name, name), original in list(_originals.items()):
        module = sys.modules.get(module_name)
        if module is not None:
            setattr(module, name, original)
        del _originals[(module_name, name)]
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _PatchOnImport)]


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        _patch(module)

    def __getattr__(self, name: str) -> Any:  # get_resource_reader, is_package, ... of the real loader
        return getattr(self._loader, name)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds the TARGETS modules the normal way and patches each once it has executed."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in TARGETS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader)
        return spec


def activate_on_import() -> None:
    """Patch the TARGETS modules already imported and every one imported from now on."""
    if not any(isinstance(f, _PatchOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
    for name in TARGETS:
        if name in sys.modules:
            _patch(sys.modules[name])
