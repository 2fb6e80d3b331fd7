"""kucoin_conformance: contracts and the KuCoin simulator."""
