"""Drop-in glue between kucoin_connector and host bot frameworks (installed as ``kucoin_connector_adapters``).

Each host lives in its own subpackage and imports the host framework lazily, so importing this package
never needs the host installed. The adapters use only kucoin_connector's public API.
"""
