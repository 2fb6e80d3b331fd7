"""Contract for the futures ledger: every change of the futures account is an entry with its exact amount.

Layer: conformance. Rule: the futures client through the unified interface (``transfer``, ``create_order``,
``fetch_ledger``); the truth is the simulator's futures account (``balances()``, key ``contract:USDT``) and
the funding it settles. KuCoin facts: GET /api/v1/transaction-history (api-3470124) lists the account's
changes, ``RealisedPNL`` for fills (fee included), funding and liquidations, ``TransferIn``/``TransferOut``;
each entry's ``offset`` is its id. Entries are told apart by ``info.offset`` (ccxt's ledger ``id`` is None).
"""
from __future__ import annotations

from decimal import Decimal

from .check import expect, same_number, short
from .env import Env
from .futureskit import FUTURES_TRADING, LINEAR, flat, open_position, settle_funding
from .registry import contract
from .tradekit import sim_balance

__all__: list[str] = []

_LIMIT = 100


def _entries(ex) -> dict:
    return {str(e["info"].get("offset")): e for e in ex.fetch_ledger("USDT", None, _LIMIT)}


def _signed(entry: dict) -> Decimal:
    direction = entry.get("direction")
    expect(direction in ("in", "out"), f"ledger entry {entry['info'].get('offset')} ({entry['info'].get('type')}) "
                                       f"has direction {direction!r}, not in/out: its sign is lost")
    amount = Decimal(str(entry["amount"]))
    return amount if direction == "in" else -amount


@contract("futures ledger", "a transfer in, an opening fill's fee, a funding payment and a closing fill are each a "
          "fetch_ledger entry, and their signed amounts add up to the simulator's futures account change",
          requires=FUTURES_TRADING + ("futures:fetchLedger", "futures:transfer"))
def check_money_flows(env: Env) -> None:
    ex = env.futures_client(private=True)
    mid = ex.market(LINEAR)["id"]
    flat(env, ex, LINEAR)
    before, seen = sim_balance(env, "contract", "USDT")["balance"], set(_entries(ex))
    try:
        ex.transfer("USDT", 12.5, "spot", "future")
        open_position(env, ex, LINEAR, "sell", 3)
        rows = [r for r in settle_funding(env) if r["symbol"] == mid]
    finally:
        flat(env, ex, LINEAR)
    after = sim_balance(env, "contract", "USDT")["balance"]
    new = [e for key, e in _entries(ex).items() if key not in seen]
    expect(len(new) >= 4, f"expected a transfer, fills and a funding entry; new entries: "
                          f"{short([(e['info'].get('type'), e['amount']) for e in new], 600)}")
    transfers = [e for e in new if e["type"] == "transfer"]
    expect(len(transfers) == 1 and same_number(transfers[0]["amount"], Decimal("12.5")),
           f"the transfer in: {short(transfers)}")
    expect(all(e["currency"] == "USDT" and e["status"] == "ok" for e in new),
           f"currency/status: {short([(e['currency'], e['status']) for e in new])}")
    funding = [Decimal(str(r["funding"])) for r in rows]
    signed = [_signed(e) for e in new]
    expect(len(funding) == 1 and funding[0] in signed,
           f"the funding settled ({funding}) is not a ledger amount ({signed})")
    expect(sum(signed) == after - before, f"the entries add up to {sum(signed)}, the futures account moved by "
                                          f"{after - before}")
