"""What the Freqtrade end-to-end run writes for Freqtrade: its configuration and two small strategies.

Both strategies are written for this test (pandas only, no TA library): ``E2eCross`` trades an EMA cross
on 5m candles for the backtest comparison; ``E2eChurn`` enters on every 1m candle and leaves at the next
iteration, so a short dry run shows entries and exits.
"""
from __future__ import annotations

from typing import Any

__all__ = ["config", "STRATEGIES", "CROSS", "CHURN"]

CROSS, CHURN = "E2eCross", "E2eChurn"

_CROSS = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class E2eCross(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -0.03
    startup_candle_count = 30

    def populate_indicators(self, df: DataFrame, metadata: dict) -> DataFrame:
        df["fast"] = df["close"].ewm(span=8, adjust=False).mean()
        df["slow"] = df["close"].ewm(span=21, adjust=False).mean()
        return df

    def populate_entry_trend(self, df: DataFrame, metadata: dict) -> DataFrame:
        up = (df["fast"] > df["slow"]) & (df["fast"].shift(1) <= df["slow"].shift(1))
        df.loc[up & (df["volume"] > 0), "enter_long"] = 1
        return df

    def populate_exit_trend(self, df: DataFrame, metadata: dict) -> DataFrame:
        down = (df["fast"] < df["slow"]) & (df["fast"].shift(1) >= df["slow"].shift(1))
        df.loc[down, "exit_long"] = 1
        return df
'''

_CHURN = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class E2eChurn(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1m"
    minimal_roi = {"0": 10}
    stoploss = -0.5
    startup_candle_count = 5

    def populate_indicators(self, df: DataFrame, metadata: dict) -> DataFrame:
        return df

    def populate_entry_trend(self, df: DataFrame, metadata: dict) -> DataFrame:
        df["enter_long"] = 1
        return df

    def populate_exit_trend(self, df: DataFrame, metadata: dict) -> DataFrame:
        return df

    def custom_exit(self, pair, trade, current_time, current_rate, current_profit, **kwargs):
        return "e2e_churn"
'''

STRATEGIES = {CROSS: _CROSS, CHURN: _CHURN}


def config(spot_url: str, futures_url: str, user_data_dir: str, pairs: list[str], *,
           credentials: dict[str, str] | None = None, api_port: int = 0) -> dict[str, Any]:
    """One configuration for both runs: ccxt's own ``urls.api`` keys point either backend at the simulator."""
    # every ccxt kucoin key that names a host ccxt calls (with keys, ccxt also reads the unified-account
    # mode through "utaPrivate"); the connector accepts them all (kucoin_connector.clients.config.API_KEYS)
    api = {**dict.fromkeys(("public", "private", "uta", "utaV2", "utaPrivate", "earn"), spot_url),
           "futuresPublic": futures_url, "futuresPrivate": futures_url}
    creds = credentials or {}
    cfg = {
        "user_data_dir": user_data_dir,
        "stake_currency": "USDT",
        "stake_amount": 20,
        "tradable_balance_ratio": 0.99,
        "dry_run": True,
        "dry_run_wallet": 1000,
        "max_open_trades": 3,
        "trading_mode": "spot",
        "timeframe": "5m",
        "unfilledtimeout": {"entry": 10, "exit": 10, "unit": "minutes"},
        "entry_pricing": {"price_side": "other", "use_order_book": True, "order_book_top": 1},
        "exit_pricing": {"price_side": "other", "use_order_book": True, "order_book_top": 1},
        "order_types": {"entry": "market", "exit": "market", "stoploss": "market",
                        "stoploss_on_exchange": False},
        "exchange": {
            "name": "kucoin",
            "key": creds.get("apiKey", ""), "secret": creds.get("secret", ""),
            "password": creds.get("password", ""),
            "ccxt_config": {"urls": {"api": dict(api)}},
            "ccxt_async_config": {"urls": {"api": dict(api)}},
            "pair_whitelist": list(pairs),
            "pair_blacklist": [],
        },
        "pairlists": [{"method": "StaticPairList"}],
        "internals": {"process_throttle_secs": 2, "heartbeat_interval": 30},
        "bot_name": "kucoin-connector-e2e",
        "initial_state": "running",
        "force_entry_enable": False,
        "telegram": {"enabled": False, "token": "", "chat_id": ""},
    }
    if api_port:
        cfg["api_server"] = {"enabled": True, "listen_ip_address": "127.0.0.1", "listen_port": api_port,
                             "jwt_secret_key": "e2e-only-" + "0" * 32, "username": "e2e", "password": "e2e",
                             "ws_token": "e2e-only-" + "0" * 32, "CORS_origins": [], "verbosity": "error"}
    return cfg


VOLUME_PAIRLIST = [{"method": "VolumePairList", "number_assets": 10, "sort_key": "quoteVolume",
                    "min_value": 0, "refresh_period": 1800},
                   {"method": "PriceFilter", "low_price_ratio": 0.001},
                   {"method": "SpreadFilter", "max_spread_ratio": 0.01}]
