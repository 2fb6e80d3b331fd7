"""Futures plans: each unified operation written once as a generator of
:class:`~kucoin_connector.rest.calls.Call` (every call names ``host="futures"``)."""
