"""The product-agnostic pure core: what every KuCoin product family (spot, futures) shares.

Numbers and precision (Decimal-exact), time, credentials and signing, the ``has`` capabilities, the
argument table that refuses bad input before anything is sent, the loaded markets, and the ccxt-compatible
interface (the abstract classes the faces implement). No I/O, no clock, no randomness.
"""
