"""What Hummingbot reads from a connector's ``_utils`` module: ``KEYS``, ``DEFAULT_FEES``, ``CENTRALIZED``,
``EXAMPLE_PAIR``. Must not import the exchange class (Hummingbot imports this at start-up).
"""
from decimal import Decimal

from pydantic import ConfigDict, Field, SecretStr

from hummingbot.client.config.config_data_types import BaseConnectorConfigMap
from hummingbot.core.data_type.trade_fee import TradeFeeSchema

__all__ = ["CENTRALIZED", "EXAMPLE_PAIR", "DEFAULT_FEES", "KucoinLiteConfigMap", "KEYS"]

CENTRALIZED = True
EXAMPLE_PAIR = "BTC-USDT"
# KuCoin's base spot rate (VIP 0); the exchange reads the account's real rates when it can.
DEFAULT_FEES = TradeFeeSchema(maker_percent_fee_decimal=Decimal("0.001"), taker_percent_fee_decimal=Decimal("0.001"))


def _secret(prompt: str) -> object:
    return Field(default=..., json_schema_extra={"prompt": prompt, "is_secure": True, "is_connect_key": True,
                                                 "prompt_on_new": True})


class KucoinLiteConfigMap(BaseConnectorConfigMap):
    connector: str = "kucoin_lite"
    kucoin_lite_api_key: SecretStr = _secret("Enter your KuCoin API key")
    kucoin_lite_secret_key: SecretStr = _secret("Enter your KuCoin secret key")
    kucoin_lite_passphrase: SecretStr = _secret("Enter your KuCoin API passphrase")
    model_config = ConfigDict(title="kucoin_lite")


KEYS = KucoinLiteConfigMap.model_construct()
