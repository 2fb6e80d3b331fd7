"""Futures payloads -> ccxt structures (pure core). One module per structure."""
