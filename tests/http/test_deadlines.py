"""One timer for many read timeouts: each member is told at its own deadline, once, and never after removal."""
from __future__ import annotations

import asyncio

from kucoin_connector.io.aio_deadlines import Deadlines


class Member:
    def __init__(self, name: str, log: list) -> None:
        self.name, self.log = name, log

    def timed_out(self) -> None:
        self.log.append(self.name)


def test_members_time_out_at_their_own_deadlines_in_deadline_order():
    async def main():
        log: list = []
        deadlines = Deadlines(asyncio.get_running_loop())
        late, early, middle, removed = (Member(n, log) for n in ("late", "early", "middle", "removed"))
        deadlines.add(late, 60.0)  # arms the timer far away ...
        deadlines.add(removed, 0.02)
        deadlines.add(middle, 0.1)
        deadlines.add(early, 0.05)  # ... later, shorter deadlines must still fire on time
        deadlines.remove(removed)
        await asyncio.sleep(0.3)
        fired = list(log)
        left = len(deadlines)
        deadlines.remove(late)
        return fired, left, len(deadlines)

    fired, left, after = asyncio.run(asyncio.wait_for(main(), 20))
    assert fired == ["early", "middle"] and left == 1 and after == 0


def test_a_member_added_again_gets_its_new_deadline():
    async def main():
        log: list = []
        deadlines = Deadlines(asyncio.get_running_loop())
        member = Member("m", log)
        deadlines.add(member, 0.05)
        deadlines.remove(member)
        deadlines.add(member, 60.0)  # the next request on the same connection
        await asyncio.sleep(0.2)
        return list(log)

    assert asyncio.run(asyncio.wait_for(main(), 20)) == []
