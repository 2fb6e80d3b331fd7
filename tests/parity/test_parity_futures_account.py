"""Parser parity for the futures ledger, trading fee and ADL rank: ours against ccxt's kucoinfutures
``parse_ledger_entry`` / ``parse_adl_rank`` / fee parsing on KuCoin's official examples, field by field,
``info`` aside. Fields left out, each on purpose (conformance docs in futures/parsers/account.py):

* ledger ``id``: ours KuCoin's ``offset`` (the entry's id and paging cursor), ccxt None;
* ledger ``direction`` of a ``RealisedPNL`` entry: ours in/out by the amount's sign, ccxt the raw type;
* ledger ``referenceId`` of a ``RealisedPNL`` entry: ours the contract (``remark``), ccxt None.
"""
from __future__ import annotations

import pathlib
import sys

import pytest
from structdiff import diff

pytestmark = pytest.mark.parity

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "futures"))
from futures_support import example, parser_pair  # noqa: E402


@pytest.fixture(scope="module")
def both():
    return parser_pair()


def _ledger():
    items = example("openapi-account-account.json", "/api/v1/transaction-history")["dataList"]
    loss = {**items[1], "amount": -0.12203352, "fee": 0.12203352}
    return items + [loss, {**items[0], "type": "TransferOut", "amount": -3.5, "status": "Pending"}]


@pytest.mark.parametrize("index", range(4))
def test_ledger_entries_parse_as_ccxt(both, index):
    from kucoin_connector.futures.parsers.account import parse_ledger_entry

    _, num, theirs = both
    item = _ledger()[index]
    ours = parse_ledger_entry(item, num)
    ccxt_entry = theirs.parse_ledger_entry(item)
    assert ccxt_entry["id"] is None and ours["id"] == str(item["offset"])
    skip = ["id"]
    if item["type"] == "RealisedPNL":
        assert ccxt_entry["direction"] == "RealisedPNL" and ccxt_entry["referenceId"] is None
        skip += ["direction", "referenceId"]
    for key in skip:
        ours.pop(key)
        ccxt_entry.pop(key)
    assert diff(ours, ccxt_entry) == []


def test_adl_ranks_parse_as_ccxt(both):
    from kucoin_connector.futures.parsers.account import parse_adl_rank

    by_id, num, theirs = both
    item = example("openapi-futures-positions.json", "/api/v1/position")
    assert diff(parse_adl_rank(item, by_id[item["symbol"]], num), theirs.parse_adl_rank(item)) == []


def test_trading_fee_rates_equal_ccxts(both):
    from kucoin_connector.futures.parsers.account import parse_trading_fee

    by_id, num, theirs = both
    item = example("openapi-account-fee.json", "/api/v1/trade-fees", "patch")
    ours = parse_trading_fee(item, by_id[item["symbol"]], num)
    # ccxt's classic fetch_trading_fee reads the same two keys of the first item as numbers
    assert (ours["maker"], ours["taker"]) == (theirs.safe_number(item, "makerFeeRate"),
                                              theirs.safe_number(item, "takerFeeRate"))
