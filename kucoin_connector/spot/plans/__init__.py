"""Plans: each unified operation written once as a generator of :class:`~kucoin_connector.rest.calls.Call`.

A plan yields unsigned calls, receives each call's decoded ``data`` and returns the unified structure.
The sync and asyncio faces drive the same plans; tests drive them with ``next()`` and ``.send()``.
"""
from ...rest.plan import PlanContext

__all__ = ["PlanContext"]
