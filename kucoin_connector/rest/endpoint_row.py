"""One row of the REST endpoint table (pure core): the shape both the table and its generator use.

Apart from :mod:`.endpoints` so that ``tools/gen_endpoints.py`` can build rows of this exact type
without importing the (generated) table it is about to write.
"""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["Endpoint"]


class Endpoint(NamedTuple):
    """One REST operation: where it lives, what it costs, who may call it.

    ``weight`` is the quota cost in ``pool`` per call; ``permission`` is the API-key permission the
    spec names (``General``, ``Spot``, ``Futures``...) or None for public routes. The field order is
    the tuple order of ``endpoint_table.ENDPOINT_ROWS`` (a ``NamedTuple``: the table's rows are cheap to wrap).
    """

    method: str
    path: str
    host: str
    pool: str
    weight: int
    private: bool
    deprecated: bool
    permission: str | None
    doc_url: str | None
    name: str
