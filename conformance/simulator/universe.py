"""The simulator's listing: spot symbols, currencies with chains, futures contracts.

Layer: simulator (exchange side). Rule: the universe is a pure function of ``(seed, count)``; realistic
symbols come first in a fixed order, generated ones follow, and every increment is a power of ten so
prices and sizes can be held as integers (see ``wire``). Field sets follow the official examples of
GET /api/v2/symbols (https://www.kucoin.com/docs-new/api-3470154) and GET /api/v3/currencies
(https://www.kucoin.com/docs-new/api-3470152).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from .wire import hex_id, stable_hash, units_to_str

__all__ = ["SymbolSpec", "CurrencySpec", "ChainSpec", "Universe", "build_universe", "USD_PRICE"]

# Reference USD prices of the quote currencies (used to size generated listings only).
USD_PRICE = {"USDT": 1.0, "USDC": 1.0, "BTC": 65000.0, "ETH": 3200.0, "KCS": 10.5}
QUOTE_MIN = {"USDT": "0.1", "USDC": "0.1", "BTC": "0.00001", "ETH": "0.0001", "KCS": "0.01"}
QUOTE_MARKET = {"USDT": "USDS", "USDC": "USDS", "BTC": "BTC", "ETH": "ALTS", "KCS": "KCS"}

# (symbol, price, price decimals, base decimals, market, margin, enabled, volatility, daily USD volume)
_REAL: list[tuple[str, str, int, int, str, bool, bool, float, float]] = [
    ("BTC-USDT", "65000", 1, 8, "USDS", True, True, 1.0, 8e8),
    ("ETH-USDT", "3200", 2, 7, "USDS", True, True, 1.2, 4e8),
    ("ETH-BTC", "0.0492", 5, 7, "BTC", True, True, 0.6, 2e7),
    ("KCS-USDT", "10.5", 3, 4, "KCS", True, True, 1.0, 1e7),
    ("SOL-USDT", "150", 2, 4, "USDS", True, True, 1.5, 1e8),
    ("XRP-USDT", "0.55", 4, 4, "USDS", True, True, 1.4, 6e7),
    ("SHIB-USDT", "0.000018", 9, 0, "Meme", True, True, 1.8, 2e7),
    ("DOGE-USDT", "0.12", 5, 4, "Meme", True, True, 1.7, 5e7),
    ("BTC-USDC", "65000", 1, 8, "USDS", True, True, 1.0, 5e7),
    ("ETH-USDC", "3200", 2, 7, "USDS", True, True, 1.2, 2e7),
    ("USDC-USDT", "1.0001", 4, 4, "USDS", True, True, 0.004, 5e7),
    ("XMR-USDT", "160", 2, 6, "USDS", False, False, 1.0, 1e5),
    ("ADA-USDT", "0.45", 4, 4, "Layer 1", True, True, 1.4, 2e7),
    ("TRX-USDT", "0.12", 5, 4, "Layer 1", True, True, 1.0, 2e7),
    ("LTC-USDT", "80", 2, 6, "USDS", True, True, 1.2, 2e7),
    ("DOT-USDT", "6.5", 3, 4, "Polkadot", True, True, 1.4, 1e7),
    ("LINK-USDT", "14", 3, 4, "DeFi", True, True, 1.5, 1e7),
    ("AVAX-USDT", "30", 2, 4, "Layer 1", True, True, 1.6, 1e7),
    ("TON-USDT", "5.5", 3, 4, "TON", True, True, 1.3, 1e7),
    ("PEPE-USDT", "0.0000095", 10, 0, "Meme", True, True, 2.0, 2e7),
    ("KCS-BTC", "0.00016", 8, 4, "BTC", False, True, 0.8, 5e5),
    ("XRP-BTC", "0.0000085", 10, 4, "BTC", False, True, 1.0, 5e5),
    ("SOL-BTC", "0.0023", 7, 4, "BTC", True, True, 1.0, 2e6),
    ("LINK-ETH", "0.0044", 7, 4, "ALTS", False, True, 1.0, 3e5),
    ("KCS-ETH", "0.0033", 7, 4, "ALTS", False, True, 0.9, 2e5),
    ("SOL-KCS", "14.3", 3, 4, "KCS", False, True, 1.1, 1e5),
    ("XRP-KCS", "0.052", 5, 4, "KCS", False, True, 1.1, 1e5),
    ("NEAR-USDT", "5", 3, 4, "AI", True, True, 1.6, 1e7),
    ("ATOM-USDT", "8", 3, 4, "Layer 1", True, True, 1.4, 8e6),
    ("UNI-USDT", "7.5", 3, 4, "DeFi", True, True, 1.5, 8e6),
    ("SOL-USDC", "150", 2, 4, "USDS", False, True, 1.5, 1e7),
    ("BCH-USDT", "350", 2, 6, "PoW", True, True, 1.3, 1e7),
    ("ETC-USDT", "20", 3, 4, "PoW", True, True, 1.4, 5e6),
    ("FIL-USDT", "4", 3, 4, "DePIN", True, True, 1.6, 5e6),
    ("ARB-USDT", "0.8", 4, 4, "Layer 1", True, True, 1.6, 8e6),
    ("OP-USDT", "1.7", 4, 4, "Layer 1", True, True, 1.6, 8e6),
]

_FULL_NAMES = {
    "BTC": "Bitcoin", "ETH": "Ethereum", "USDT": "Tether", "USDC": "USD Coin", "KCS": "KuCoin Token",
    "SOL": "Solana", "XRP": "XRP", "SHIB": "Shiba Inu", "DOGE": "Dogecoin", "ADA": "Cardano",
    "TRX": "TRON", "LTC": "Litecoin", "DOT": "Polkadot", "LINK": "Chainlink", "AVAX": "Avalanche",
    "TON": "Toncoin", "PEPE": "Pepe", "XMR": "Monero", "NEAR": "NEAR Protocol", "ATOM": "Cosmos",
    "UNI": "Uniswap", "BCH": "Bitcoin Cash", "ETC": "Ethereum Classic", "FIL": "Filecoin",
    "ARB": "Arbitrum", "OP": "Optimism",
}

# Native chains (chainName, chainId, needTag) of currencies that are not plain ERC20 tokens.
_NATIVE_CHAINS: dict[str, list[tuple[str, str, bool]]] = {
    "BTC": [("BTC", "btc", False), ("Lightning Network", "btcln", False), ("KCC", "kcc", False),
            ("BTC-Segwit", "bech32", False)],
    "ETH": [("ERC20", "eth", False), ("ARBITRUM", "arbitrum", False), ("OPTIMISM", "optimism", False)],
    "USDT": [("ERC20", "eth", False), ("TRC20", "trx", False), ("SOL", "sol", False), ("KCC", "kcc", False)],
    "USDC": [("ERC20", "eth", False), ("SOL", "sol", False), ("ARBITRUM", "arbitrum", False)],
    "KCS": [("KCC", "kcc", False), ("ERC20", "eth", False)],
    "XRP": [("XRP", "xrp", True)], "SOL": [("SOL", "sol", False)], "DOGE": [("DOGE", "doge", False)],
    "ADA": [("ADA", "ada", False)], "TRX": [("TRC20", "trx", False)], "LTC": [("LTC", "ltc", False)],
    "DOT": [("DOT", "dot", False)], "AVAX": [("AVAX C-Chain", "avaxc", False)], "TON": [("TON", "ton", True)],
    "XMR": [("XMR", "xmr", False)], "NEAR": [("NEAR", "near", False)], "ATOM": [("ATOM", "atom", True)],
    "BCH": [("BCH", "bch", False)], "ETC": [("ETC", "etc", False)], "FIL": [("FIL", "fil", False)],
}


@dataclass(frozen=True)
class SymbolSpec:
    """One spot symbol; ``price_dec``/``base_dec`` are the decimals of priceIncrement/baseIncrement."""

    symbol: str
    base: str
    quote: str
    market: str
    price: str
    price_dec: int
    base_dec: int
    margin: bool
    enabled: bool
    volatility: float
    daily_usd: float
    index: int

    @property
    def price_increment(self) -> str:
        return units_to_str(1, self.price_dec)

    @property
    def base_increment(self) -> str:
        return units_to_str(1, self.base_dec)

    @property
    def price_ticks(self) -> int:
        """The reference price counted in ticks."""
        whole, _, frac = self.price.partition(".")
        frac = (frac + "0" * self.price_dec)[: self.price_dec]
        return int(whole + frac) if self.price_dec else int(whole)

    def to_json(self) -> dict[str, Any]:
        """The GET /api/v2/symbols item (https://www.kucoin.com/docs-new/api-3470154)."""
        usd = float(self.price) * USD_PRICE.get(self.quote, 1.0)
        min_base_dec = max(0, min(self.base_dec, math.ceil(math.log10(max(usd, 1e-12)))))
        base_min = units_to_str(max(1, 10 ** (self.base_dec - min_base_dec)), self.base_dec)
        quote_inc = units_to_str(1, max(self.price_dec, 6 if self.quote in ("USDT", "USDC") else 8))
        return {
            "symbol": self.symbol, "name": self.symbol, "baseCurrency": self.base,
            "quoteCurrency": self.quote, "feeCurrency": self.quote, "market": self.market,
            "baseMinSize": base_min, "quoteMinSize": QUOTE_MIN[self.quote],
            "baseMaxSize": "10000000000", "quoteMaxSize": "99999999",
            "baseIncrement": self.base_increment, "quoteIncrement": quote_inc,
            "priceIncrement": self.price_increment, "priceLimitRate": "0.1",
            "minFunds": QUOTE_MIN[self.quote], "isMarginEnabled": self.margin,
            "enableTrading": self.enabled, "feeCategory": 1, "makerFeeCoefficient": "1.00",
            "takerFeeCoefficient": "1.00", "st": False, "callauctionIsEnabled": False,
            "callauctionPriceFloor": None, "callauctionPriceCeiling": None,
            "callauctionFirstStageStartTime": None, "callauctionSecondStageStartTime": None,
            "callauctionThirdStageStartTime": None, "tradingStartTime": None,
        }


@dataclass(frozen=True)
class ChainSpec:
    name: str
    chain_id: str
    need_tag: bool
    contract: str
    withdraw_min: str
    withdraw_fee: str
    deposit_min: str | None
    withdraw_enabled: bool
    deposit_enabled: bool
    confirms: int

    def to_json(self, precision: int) -> dict[str, Any]:
        return {
            "chainName": self.name, "withdrawalMinSize": self.withdraw_min,
            "depositMinSize": self.deposit_min, "withdrawFeeRate": "0",
            "withdrawalMinFee": self.withdraw_fee, "isWithdrawEnabled": self.withdraw_enabled,
            "isDepositEnabled": self.deposit_enabled, "confirms": self.confirms,
            "preConfirms": self.confirms, "contractAddress": self.contract,
            "withdrawPrecision": precision, "maxWithdraw": None, "maxDeposit": None,
            "needTag": self.need_tag, "chainId": self.chain_id,
        }


@dataclass(frozen=True)
class CurrencySpec:
    currency: str
    full_name: str
    precision: int
    margin: bool
    chains: tuple[ChainSpec, ...]

    def to_json(self, chain: str | None = None) -> dict[str, Any]:
        """The GET /api/v3/currencies item (https://www.kucoin.com/docs-new/api-3470152)."""
        chains = [c for c in self.chains if chain is None or c.chain_id == chain.lower()]
        return {
            "currency": self.currency, "name": self.currency, "fullName": self.full_name,
            "precision": self.precision, "confirms": None, "contractAddress": None,
            "isMarginEnabled": self.margin, "isDebitEnabled": self.margin,
            "chains": [c.to_json(self.precision) for c in chains],
        }


@dataclass
class Universe:
    symbols: list[SymbolSpec]
    currencies: list[CurrencySpec]
    by_symbol: dict[str, SymbolSpec] = field(default_factory=dict)
    by_currency: dict[str, CurrencySpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_symbol = {s.symbol: s for s in self.symbols}
        self.by_currency = {c.currency: c for c in self.currencies}

    @property
    def markets(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.symbols:
            seen.setdefault(s.market, None)
        return list(seen)


def _generated_name(rng: random.Random, taken: set[str]) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    while True:
        name = "".join(rng.choice(letters) for _ in range(rng.randint(3, 5)))
        if name not in taken:
            taken.add(name)
            return name


def _generated_symbol(rng: random.Random, base: str, index: int) -> SymbolSpec:
    quote = rng.choices(["USDT", "USDC", "BTC", "ETH", "KCS"], weights=[60, 10, 15, 10, 5])[0]
    usd = math.exp(rng.gauss(-1.0, 3.0))
    usd = min(max(usd, 1e-7), 20000.0)
    price = usd / USD_PRICE[quote]
    price_dec = min(12, max(0, 4 - math.floor(math.log10(price))))
    ticks = max(100, round(price * 10**price_dec))
    base_dec = min(8, max(0, round(math.log10(usd)) + 4))
    market = QUOTE_MARKET[quote]
    if market == "USDS":
        market = rng.choice(["USDS", "USDS", "USDS", "Meme", "DeFi", "Layer 1", "AI"])
    return SymbolSpec(
        symbol=f"{base}-{quote}", base=base, quote=quote, market=market,
        price=units_to_str(ticks, price_dec), price_dec=price_dec, base_dec=base_dec,
        margin=rng.random() < 0.2, enabled=rng.random() > 0.01,
        volatility=0.6 + rng.random() * 1.6, daily_usd=10 ** rng.uniform(4.0, 7.0), index=index,
    )


def _chains(seed: int, currency: str, rng: random.Random, delisted: bool) -> tuple[ChainSpec, ...]:
    natives = _NATIVE_CHAINS.get(currency)
    if natives is None:
        natives = [("ERC20", "eth", False)] + ([("BEP20", "bsc", False)] if rng.random() < 0.4 else [])
    out = []
    for name, chain_id, need_tag in natives:
        contract = "" if currency in _NATIVE_CHAINS and chain_id not in ("eth", "kcc", "bsc") else (
            "0x" + hex_id(seed, currency, chain_id, length=40))
        if currency in ("BTC", "ETH") and chain_id in ("btc", "eth", "bech32", "btcln", "arbitrum", "optimism"):
            contract = ""
        out.append(ChainSpec(
            name=name, chain_id=chain_id, need_tag=need_tag, contract=contract,
            withdraw_min=rng.choice(["0.001", "0.01", "1", "10"]),
            withdraw_fee=rng.choice(["0.0005", "0.005", "0.5", "1"]),
            deposit_min=rng.choice([None, "0.0002", "0.01", "1"]),
            withdraw_enabled=not delisted and name != "BTC-Segwit",
            deposit_enabled=not delisted, confirms=rng.choice([1, 3, 6, 12, 20, 64]),
        ))
    return tuple(out)


def build_universe(seed: int, count: int) -> Universe:
    """Build ``count`` symbols (realistic first, then generated) and every currency they use."""
    if count < 1:
        raise ValueError("symbols must be >= 1")
    symbols: list[SymbolSpec] = []
    for i, (sym, price, pdec, bdec, market, margin, enabled, vol, daily) in enumerate(_REAL[:count]):
        base, quote = sym.split("-")
        symbols.append(SymbolSpec(sym, base, quote, market, price, pdec, bdec, margin, enabled,
                                  vol, daily, i))
    rng = random.Random(stable_hash(seed, "universe"))
    taken = set(_FULL_NAMES) | {s.base for s in symbols}
    while len(symbols) < count:
        base = _generated_name(rng, taken)
        symbols.append(_generated_symbol(rng, base, len(symbols)))
    order: dict[str, bool] = {}
    for s in symbols:
        order.setdefault(s.quote, False)
        order.setdefault(s.base, False)
    for s in symbols:
        if s.margin:
            order[s.base] = True
    delisted = {s.base for s in symbols if not s.enabled}
    currencies = []
    for cur, margin in order.items():
        crng = random.Random(stable_hash(seed, "currency", cur))
        currencies.append(CurrencySpec(
            currency=cur, full_name=_FULL_NAMES.get(cur, cur.title() + " Token"),
            precision=8, margin=margin or cur in USD_PRICE,
            chains=_chains(seed, cur, crng, cur in delisted),
        ))
    return Universe(symbols=symbols, currencies=currencies)
