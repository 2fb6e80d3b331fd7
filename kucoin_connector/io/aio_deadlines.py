"""Many read timeouts, one timer (transport layer).

A ``loop.call_later`` per request costs a timer handle, a heap push, a cancel and the loop's clean-up of
the cancelled handle, on every request. :class:`Deadlines` keeps each waiting member's deadline in a dict
and arms one timer at the earliest; as requests share one read timeout, later deadlines never move the
timer, so a request costs a clock read and a dict insert and delete. When the timer fires, every member
whose deadline has come is told (``member.timed_out()``) and the timer is re-armed at the earliest
remaining deadline, so each member times out at its own deadline, whatever the order of arrival.
"""
from __future__ import annotations

import asyncio
import math
from typing import Any

__all__ = ["Deadlines"]

_SLACK = 0.001  # seconds: a deadline this close to "now" when the timer fires counts as reached


class Deadlines:
    """Deadlines on one event loop: ``add(member, seconds)``, ``remove(member)``; the member's
    ``timed_out()`` is called (once, from the loop) when its deadline passes while it is still added."""

    __slots__ = ("loop", "_members", "_timer", "_armed_at")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._members: dict[Any, float] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._armed_at = math.inf

    def add(self, member: Any, seconds: float) -> None:
        deadline = self.loop.time() + seconds
        self._members[member] = deadline
        if deadline < self._armed_at:
            self._arm(deadline)

    def remove(self, member: Any) -> None:
        self._members.pop(member, None)

    def __len__(self) -> int:
        return len(self._members)

    def _arm(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._armed_at = when
        self._timer = self.loop.call_at(when, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._armed_at = math.inf
        now = self.loop.time() + _SLACK
        members = self._members
        expired = [member for member, deadline in members.items() if deadline <= now]
        for member in expired:
            del members[member]
        if members:
            self._arm(min(members.values()))
        for member in expired:
            member.timed_out()
