"""The one REST pipeline, pure: a plan's :class:`~.calls.Call` -> signed request -> decoded data or a typed error.

:mod:`.calls` (the wire form), :mod:`.effects` (what a runner performs), :mod:`.executor` (rate limit,
clock sync, signing, retries), :mod:`.envelope` (KuCoin's ``{"code","data"}`` envelope), :mod:`.retry`,
:mod:`.ratelimit` (weights per pool), :mod:`.paging`, :mod:`.endpoints` + :mod:`.endpoint_table` (every
host's endpoints, generated) and :mod:`.error_codes`. Product families supply plans; this package knows
no family.
"""
