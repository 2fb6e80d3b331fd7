"""KuCoin chain ids -> unified network codes (pure core, a table).

Layer: pure core. Rule: data plus one lookup function; no I/O.

``/api/v3/currencies`` lists each currency's ``chains[]`` with a lowercase ``chainId`` (``eth``,
``trx``, ``bech32``; https://www.kucoin.com/docs-new/api-3470152). ccxt names networks by a unified
code instead (``ERC20``, ``TRC20``, ``BTCNATIVESEGWIT``). The facts below are the chain ids ccxt 4.5
knows for KuCoin: most are just upper-cased, a few are renamed; an unknown chain id is kept as it is
(so ``btcln`` stays ``btcln``, as ccxt reports it). A final alias step maps a few codes that KuCoin
could send upper-cased to the unified name.
"""
from __future__ import annotations

from typing import Dict, FrozenSet, Optional

__all__ = ["network_code", "RENAMED_CHAINS", "UPPERCASED_CHAINS", "NETWORK_ALIASES"]

RENAMED_CHAINS: Dict[str, str] = {
    "aptos": "APT",
    "avax": "AVAXX",
    "bchabc": "BCHA",
    "bchsv": "BSV",
    "bech32": "BTCNATIVESEGWIT",
    "bnb": "BEP2",
    "bsc": "BEP20",
    "eth": "ERC20",
    "heco": "HRC20",
    "iotx": "IOTEX",
    "kai": "KARDIA",
    "oas": "OASYS",
    "optimism": "OP",
    "trx": "TRC20",
    "waxp": "WAX",
}

UPPERCASED_CHAINS: FrozenSet[str] = frozenset(
    """
    NEM TT abbc aca ada aion akt algo ar arbitrum astr atom avaxc band base bch bnc bncdot btc btm
    celo cfg cfx ckb coti cs cspr dcr dfi dgb divi dock doge dot dvpn egld ela eos ergo etc ethw ever
    fil flow flux fsn ftm glmr grin hbar hnt hydra icp icx iost iota kar kava kcc kda klay kma kmd
    ksm loki lsk ltc lto matic meter metis movr nano near nebl neon3 nuls oasis one ont op orai osmo
    pdex pivx pokt pura qkc qtum rvn scrt sdn sero sol statemine steem stx sxp tara theta tlos tomo
    ton true vet vsys waves wemix xch xdc xec xlm xmr xpr xprt xrd xrp xtz xym zec zen zil
    """.split()
)

NETWORK_ALIASES: Dict[str, str] = {
    "ARB": "ARBITRUM",
    "ARBNOVA": "ARBITRUM_NOVA",
    "ARBONE": "ARBITRUM",
    "BSC": "BEP20",
    "BSC20": "BEP20",
    "CRONOS": "CRC20",
    "ETH": "ERC20",
    "TRX": "TRC20",
}


def network_code(chain_id: Optional[str]) -> Optional[str]:
    """Unified network code for a KuCoin ``chainId`` (``None`` for ``None``)."""
    if chain_id is None:
        return None
    if chain_id in RENAMED_CHAINS:
        code = RENAMED_CHAINS[chain_id]
    elif chain_id in UPPERCASED_CHAINS:
        code = chain_id.upper()
    else:
        code = chain_id
    return NETWORK_ALIASES.get(code, code)
