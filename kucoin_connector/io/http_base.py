"""The transport seam (transport layer): what a face needs from HTTP, and nothing KuCoin-specific.

Tests, the conformance suite and host frameworks may pass their own implementation to a face.
A transport returns :class:`~kucoin_connector.rest.effects.Response` for any HTTP status and raises only
``kucoin_connector.errors.NetworkError`` subclasses, with ``outcome_unknown`` False when the request
certainly never reached the server.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from ..rest.effects import Response

__all__ = ["Transport", "AsyncTransport", "Response"]


@runtime_checkable
class Transport(Protocol):
    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                timeout: tuple[float, float]) -> Response: ...

    def close(self) -> None: ...


@runtime_checkable
class AsyncTransport(Protocol):
    async def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                      timeout: tuple[float, float]) -> Response: ...

    async def close(self) -> None: ...


def __getattr__(name: str):  # ``Response`` stays importable from here; the effects load on first use
    if name == "Response":
        from ..rest.effects import Response
        return Response
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
