"""The ``kucoin-connector`` command (application layer).

    kucoin-connector sim [--host 127.0.0.1] [--port 0] [--seed N] [--symbols N]
    kucoin-connector conformance [--impl MODULE:FACTORY] [--json]
    kucoin-connector ticker BTC/USDT [--sim]
    kucoin-connector book BTC/USDT [--limit 20] [--sim]
    kucoin-connector candles BTC/USDT 1h [--limit 20] [--sim]
    kucoin-connector markets [--quote USDT] [--sim]
    kucoin-connector time|status [--sim]
    kucoin-connector options-table     (the README's options table, from kucoin_connector/options.py)

Market-data commands talk to the real KuCoin unless ``--sim`` (start the embedded simulator) or
``--spot-url URL`` is given.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
from decimal import Decimal
from typing import Any, Iterator, Sequence

__all__ = ["main"]


@contextlib.contextmanager
def _client(args: argparse.Namespace) -> Iterator[Any]:
    from . import Kucoin
    config: dict[str, Any] = {"timeout": args.timeout}
    if args.sim:
        from kucoin_conformance.simulator import Simulator
        with Simulator(seed=args.seed) as sim:
            config["urls"] = {"api": {"spot": sim.spot_url, "futures": sim.futures_url}}
            with Kucoin(config) as ex:
                yield ex
        return
    if args.spot_url:
        config["urls"] = {"api": {"spot": args.spot_url}}
    with Kucoin(config) as ex:
        yield ex


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text.removesuffix(".0")
    return str(value)


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    cells = [list(map(str, header))] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cmd_ticker(ex: Any, args: argparse.Namespace) -> str:
    t = ex.fetch_ticker(args.symbol)
    keys = ("symbol", "datetime", "last", "bid", "bidVolume", "ask", "askVolume", "high", "low", "open",
            "change", "percentage", "baseVolume", "quoteVolume", "vwap")
    return "\n".join(f"{k:>12}  {_fmt(t.get(k))}" for k in keys)


def _cmd_book(ex: Any, args: argparse.Namespace) -> str:
    book = ex.fetch_order_book(args.symbol, args.limit)
    asks = list(reversed(book["asks"][: args.limit]))
    bids = book["bids"][: args.limit]
    rows = [("ask", p, a) for p, a in asks] + [("bid", p, a) for p, a in bids]
    head = f"{book['symbol']}  {book['datetime'] or ''}  nonce {book['nonce']}\n"
    return head + _table(rows, ("side", "price", "amount"))


def _cmd_candles(ex: Any, args: argparse.Namespace) -> str:
    rows = ex.fetch_ohlcv(args.symbol, args.timeframe, limit=args.limit)
    shown = [(ex.iso8601(r[0]), *r[1:]) for r in rows]
    return _table(shown, ("time", "open", "high", "low", "close", "volume"))


def _cmd_markets(ex: Any, args: argparse.Namespace) -> str:
    markets = ex.load_markets()
    rows = [(m["symbol"], m["id"], "yes" if m["active"] else "no", m["precision"]["amount"],
             m["precision"]["price"], m["limits"]["amount"]["min"])
            for m in markets.values() if not args.quote or m["quote"] == args.quote]
    return _table(rows, ("symbol", "id", "active", "amount step", "price step", "min amount")) + \
        f"\n{len(rows)} markets"


def _cmd_time(ex: Any, args: argparse.Namespace) -> str:
    ms = ex.fetch_time()
    return f"{ms}  {ex.iso8601(ms)}"


def _cmd_status(ex: Any, args: argparse.Namespace) -> str:
    s = ex.fetch_status()
    return f"status {s['status']}  updated {_fmt(s.get('updated'))}"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kucoin-connector", description="KuCoin connector and simulator")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("sim", help="run the KuCoin simulator (prints one JSON line with URLs and a funded key)",
                   add_help=False)
    sub.add_parser("conformance", help="run the conformance suite and print the report", add_help=False)
    sub.add_parser("options-table", help="print the README's options table (from kucoin_connector/options.py)")

    def market_cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text)
        sp.add_argument("--sim", action="store_true", help="use the embedded simulator instead of KuCoin")
        sp.add_argument("--seed", type=int, default=1, help="simulator seed (with --sim)")
        sp.add_argument("--spot-url", help="base URL of a KuCoin-compatible spot API")
        sp.add_argument("--timeout", type=int, default=10_000, help="request timeout in ms")
        return sp

    market_cmd("ticker", "24h ticker").add_argument("symbol")
    sp = market_cmd("book", "level-2 order book")
    sp.add_argument("symbol")
    sp.add_argument("--limit", type=int, default=20)
    sp = market_cmd("candles", "OHLCV candles")
    sp.add_argument("symbol")
    sp.add_argument("timeframe", nargs="?", default="1h")
    sp.add_argument("--limit", type=int, default=20)
    market_cmd("markets", "list markets").add_argument("--quote")
    market_cmd("time", "server time")
    market_cmd("status", "exchange status")
    return p


_COMMANDS = {"ticker": _cmd_ticker, "book": _cmd_book, "candles": _cmd_candles, "markets": _cmd_markets,
             "time": _cmd_time, "status": _cmd_status}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "sim":
        from kucoin_conformance.simulator.cli import main as sim_main
        return sim_main(argv[1:])
    if argv and argv[0] == "conformance":
        from kucoin_conformance.report import main as conformance_main
        return conformance_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "options-table":
        from .options import markdown_table
        print(markdown_table())
        return 0
    from .errors import BaseError
    try:
        with _client(args) as ex:
            print(_COMMANDS[args.command](ex, args))
    except BaseError as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
