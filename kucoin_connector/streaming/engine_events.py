"""What the stream engine asks of its driver and tells its consumer (pure core: data only).

Actions for the driver: :class:`OpenConnection`, :class:`SendText`, :class:`CloseSocket`.
Events for the consumer: :class:`Message`, :class:`Subscribed`, :class:`SubscriptionFailed`,
:class:`Interrupted`, :class:`GaveUp`. :mod:`.engine` (the :class:`~.engine.StreamEngine`) re-exports them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..errors import BaseError
from .topics import ConnectionKey, Unit

__all__ = ["OpenConnection", "SendText", "CloseSocket", "Message", "Subscribed", "SubscriptionFailed",
           "Interrupted", "GaveUp", "Action", "EngineEvent"]


@dataclass(frozen=True)
class OpenConnection:
    """Fetch a fresh bullet token (private or public) of the key's family, connect with ``connect_id``,
    then call :meth:`StreamEngine.opened` (or :meth:`StreamEngine.open_failed`)."""

    key: ConnectionKey
    private: bool
    connect_id: str

    @property
    def family(self) -> str:
        return self.key.family


@dataclass(frozen=True)
class SendText:
    key: ConnectionKey
    connect_id: str
    text: str


@dataclass(frozen=True)
class CloseSocket:
    key: ConnectionKey
    connect_id: str
    reason: str


@dataclass(frozen=True)
class Message:
    key: ConnectionKey
    message: dict


@dataclass(frozen=True)
class Subscribed:
    key: ConnectionKey
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class SubscriptionFailed:
    units: tuple[Unit, ...]
    error: BaseError


@dataclass(frozen=True)
class Interrupted:
    """The connection carrying ``units`` was lost: data was missed (order books must resync)."""

    key: ConnectionKey
    units: tuple[Unit, ...]
    reason: str


@dataclass(frozen=True)
class GaveUp:
    key: ConnectionKey
    units: tuple[Unit, ...]
    error: BaseError


Action = Union[OpenConnection, SendText, CloseSocket]
EngineEvent = Union[Message, Subscribed, SubscriptionFailed, Interrupted, GaveUp]
