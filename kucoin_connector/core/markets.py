"""The loaded markets and symbol resolution (pure core).

Unified symbols are ``BASE/QUOTE`` for spot; KuCoin ids look like ``BTC-USDT``. A malformed symbol is
rejected without touching the network; an unknown one once markets are loaded (ccxt.md, "Conventions").
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..errors import BadSymbol

__all__ = ["MarketRegistry", "check_symbol_format"]

# Patterns are compiled on first use (re's own cache), not at import: cold start (issue 8).
_SYMBOL_RE = r"^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)?$"


def check_symbol_format(symbol: object) -> str:
    """Raise BadSymbol unless ``symbol`` looks like ``BASE/QUOTE`` or ``BASE/QUOTE:SETTLE``."""
    if not isinstance(symbol, str):
        raise BadSymbol(f"symbol must be a string like 'BTC/USDT', got {type(symbol).__name__}")
    if not re.match(_SYMBOL_RE, symbol):
        hint = f" (did you mean {symbol.replace('-', '/')!r}?)" if "-" in symbol and "/" not in symbol else ""
        raise BadSymbol(f"malformed symbol {symbol!r}: expected 'BASE/QUOTE'{hint}")
    return symbol


class MarketRegistry:
    """Markets by unified symbol and by KuCoin id, plus currencies. Replaced whole on reload."""

    def __init__(self) -> None:
        self.markets: dict[str, dict[str, Any]] | None = None
        self.markets_by_id: dict[str, dict[str, Any]] = {}
        self.symbols: list[str] = []
        self.ids: list[str] = []
        self._currencies: dict[str, dict[str, Any]] = {}
        self._pending_currencies: Callable[[], dict[str, dict[str, Any]]] | None = None

    @property
    def loaded(self) -> bool:
        return self.markets is not None

    def clear(self) -> None:
        """Forget the loaded markets and currencies (the next operation loads them again)."""
        self.__init__()  # type: ignore[misc]

    @property
    def currencies(self) -> dict[str, dict[str, Any]]:
        """Currencies by code. load_markets fetches them like ccxt but parses them on first use:
        most bots never read them, and parsing ~1000 currencies with their networks costs more than
        parsing the markets."""
        pending = self._pending_currencies
        if pending is not None:
            self._currencies = pending()
            self._pending_currencies = None
        return self._currencies

    def set_markets(self, markets: Iterable[dict[str, Any]],
                    currencies: "dict[str, dict[str, Any]] | Callable[[], dict[str, dict[str, Any]]] | None" = None,
                    ) -> dict[str, dict[str, Any]]:
        by_symbol = {m["symbol"]: m for m in markets}
        self.markets_by_id = {m["id"]: m for m in by_symbol.values()}
        self.symbols = sorted(by_symbol)
        self.ids = sorted(self.markets_by_id)
        self.markets = by_symbol
        if callable(currencies):
            self._pending_currencies = currencies
        elif currencies is not None:
            self._currencies, self._pending_currencies = currencies, None
        return by_symbol

    def market(self, symbol: str) -> dict[str, Any]:
        check_symbol_format(symbol)
        markets = self.markets or {}
        found = markets.get(symbol)
        if found is None:
            raise BadSymbol(f"kucoin does not have market symbol {symbol!r}")
        return found

    def by_id(self, market_id: str) -> dict[str, Any] | None:
        return self.markets_by_id.get(market_id)
