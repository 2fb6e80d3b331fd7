"""The Hummingbot-facing modules of ``kucoin_lite`` (these import Hummingbot; nothing else here does).

``kucoin_lite_utils`` must not import ``kucoin_lite_exchange``: Hummingbot imports every connector's
``_utils`` at start-up, and the exchange module imports Hummingbot's connector machinery.
"""
