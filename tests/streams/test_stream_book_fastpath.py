"""The level-2 hot path stays exact: the session's JSON decoder equals ``json.loads``, the book's price
cache and zero-size shortcut give the same book as plain ``Decimal`` arithmetic (kucoin.md "Level-2
order book synchronisation")."""
from __future__ import annotations

import json
import random
from decimal import Decimal as D

import pytest

from kucoin_connector.core.numbers import number_converter
from kucoin_connector.spot import l2
from kucoin_connector.spot.l2 import L2Book
from kucoin_connector.streaming.book import APPLIED, IGNORED
from kucoin_connector.streaming.session import decode_message

SNAP = {"sequence": "10", "time": 5, "bids": [["100", "1"], ["99", "2"]], "asks": [["101", "1"], ["102", "3"]]}


def delta(start, end, bids=(), asks=(), time=1):
    return {"sequenceStart": start, "sequenceEnd": end, "symbol": "BTC-USDT", "time": time,
            "changes": {"bids": [list(b) for b in bids], "asks": [list(a) for a in asks]}}


@pytest.mark.parametrize("text", [
    '{"type":"message","data":{"changes":{"asks":[["1.50","0","3"]]},"sequenceEnd":3}}',
    '  {"a": 1}  ', '{"a": 1}\n', '[1, 2.50, "x", null, true]', '"\\u00e9"', "NaN", "12", '{"a":"\u00e9"}',
    b'{"type":"pong"}', '{"a":{"b":[{"c":[]}]}}',
])
def test_decode_message_equals_json_loads(text):
    got, want = decode_message(text), json.loads(text)
    assert got == want or (got != got and want != want)  # NaN is not equal to itself
    assert type(got) is type(want)


@pytest.mark.parametrize("text", ['{"a":1} x', '{"a":1}{"b":2}', '{"a":', "", "   ", "\ufeff{}", "{'a':1}",
                                  '{"a":1,}', "[1,2"])
def test_decode_message_rejects_what_json_loads_rejects(text):
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        decode_message(text)


def test_equal_decimals_with_different_strings_are_one_level():
    book = L2Book("BTC-USDT")
    book.on_snapshot(SNAP)
    assert book.on_delta(delta(11, 12, bids=[("100.00", "1.50", "11")], asks=[("101.0", "2", "12")])) == APPLIED
    assert book.bids == {D("100"): D("1.5"), D("99"): D("2")} and len(book.bids) == 2
    assert book.on_delta(delta(13, 14, bids=[("1.5E+2", "7", "13"), ("100.0", "0.000", "14")])) == APPLIED
    assert book.bids == {D("150"): D("7"), D("99"): D("2")}  # "0.000" deletes like "0"
    assert book.on_delta(delta(15, 15, asks=[("0.0", "5", "15")])) == APPLIED  # price "0.0": sequence only
    assert book.asks == {D("101"): D("2"), D("102"): D("3")} and book.sequence == 15
    out = book.to_ccxt(number_converter("str"))
    assert out["bids"] == [["150", "7"], ["99", "2"]] and out["asks"] == [["101", "2"], ["102", "3"]]


def test_changes_at_or_below_the_book_sequence_are_skipped_in_an_overlapping_message():
    book = L2Book("BTC-USDT")
    book.on_snapshot(SNAP)
    assert book.on_delta(delta(11, 12, bids=[("98", "1", "11"), ("97", "1", "12")])) == APPLIED
    assert book.on_delta(delta(12, 13, bids=[("97", "9", "12"), ("96", "4", "13")])) == APPLIED
    assert book.bids[D("97")] == D("1") and book.bids[D("96")] == D("4") and book.sequence == 13
    assert book.on_delta(delta(12, 13, bids=[("96", "0", "13")])) == IGNORED
    assert book.bids[D("96")] == D("4")


def test_invalid_numbers_still_raise():
    book = L2Book("BTC-USDT")
    book.on_snapshot(SNAP)
    with pytest.raises(Exception):
        book.on_delta(delta(11, 11, bids=[("abc", "1", "11")]))
    with pytest.raises(Exception):
        book.on_delta(delta(11, 11, bids=[("98", "x", "11")]))


def reference(snapshot, datas):
    """The plain algorithm: every number through Decimal, no cache, no shortcut."""
    bids = {D(p): D(s) for p, s in snapshot["bids"] if D(s)}
    asks = {D(p): D(s) for p, s in snapshot["asks"] if D(s)}
    sequence = int(snapshot["sequence"])
    for data in datas:
        if data["sequenceEnd"] <= sequence:
            continue
        assert data["sequenceStart"] <= sequence + 1
        for levels, rows in ((bids, data["changes"]["bids"]), (asks, data["changes"]["asks"])):
            for p, s, q in rows:
                if int(q) <= sequence or not D(p):
                    continue
                if D(s):
                    levels[D(p)] = D(s)
                else:
                    levels.pop(D(p), None)
        sequence = data["sequenceEnd"]
    return bids, asks, sequence


def test_seeded_stream_with_spellings_overlaps_and_a_full_cache_equals_the_reference(monkeypatch):
    monkeypatch.setattr(l2, "_PRICE_CACHE_SIZE", 16)  # force many cache clears
    rng = random.Random(7)
    spell = [lambda d: format(d, "f"), lambda d: format(d, "f") + "0", lambda d: str(d.normalize()),
             lambda d: format(d, ".3f")]
    seq, datas = 10, []
    for _ in range(3000):
        start = seq + 1 - rng.choice((0, 0, 0, 1))  # sometimes overlap the previous message
        rows = {"bids": [], "asks": []}
        first = start
        for q in range(first, first + rng.randint(1, 3)):
            side = rng.choice(("bids", "asks"))
            price = D(rng.randint(1, 80)) / 4 + (0 if side == "bids" else 50)
            size = D(0) if rng.random() < 0.25 else D(rng.randint(1, 9999)) / 100
            rows[side].append([rng.choice(spell)(price), rng.choice(spell)(size), str(q)])
        seq = max(seq, first + sum(map(len, rows.values())) - 1)
        datas.append({"sequenceStart": start, "sequenceEnd": seq, "changes": rows, "time": 1})
    texts = [json.dumps({"type": "message", "topic": "/market/level2:X-Y", "data": d}) for d in datas]
    book = L2Book("X-Y")
    book.on_snapshot(SNAP)
    for text in texts:
        book.on_delta(decode_message(text)["data"])
    bids, asks, sequence = reference(SNAP, datas)
    assert book.bids == bids and book.asks == asks and book.sequence == sequence
    assert len(book.prices) <= 16
    plain = L2Book("X-Y")  # the same levels, as the plain algorithm stored them (same key spellings)
    plain.bids, plain.asks, plain.sequence, plain.timestamp = bids, asks, sequence, 1
    for kind in ("str", "float", "decimal"):
        assert book.to_ccxt(number_converter(kind)) == plain.to_ccxt(number_converter(kind))
