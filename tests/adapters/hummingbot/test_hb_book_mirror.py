"""adapters/hummingbot/book_mirror.py: a resync always reaches Hummingbot as a snapshot; the diffs alone
rebuild the book exactly (even across resyncs); update ids only grow."""
from __future__ import annotations

import random

import pytest

from kucoin_connector_adapters.hummingbot.book_mirror import BookMirror


def book(bids, asks, resyncs=0, ts=1_700_000_000_000):
    return {"bids": [list(x) for x in bids], "asks": [list(x) for x in asks], "resyncs": resyncs, "timestamp": ts}


def apply_to(copy: dict, update) -> None:
    """What Hummingbot does with a message: a snapshot replaces, a diff sets (0 deletes)."""
    if update.kind == "snapshot":
        copy["bids"], copy["asks"] = dict(map(tuple, update.bids)), dict(map(tuple, update.asks))
        return
    for side, rows in (("bids", update.bids), ("asks", update.asks)):
        for price, size in rows:
            if size == 0:
                copy[side].pop(price, None)
            else:
                copy[side][price] = size


def test_first_book_is_a_snapshot_then_diffs_name_only_the_changed_levels():
    m = BookMirror()
    [first] = m.apply(book([(100, 1), (99, 2)], [(101, 1)]))
    assert first.kind == "snapshot" and first.update_id == 1 and first.timestamp == 1_700_000_000
    assert first.bids == [[100, 1], [99, 2]] and first.asks == [[101, 1]]
    [d] = m.apply(book([(100, 3)], [(101, 1), (102, 5)]))
    assert d.kind == "diff" and d.update_id == 2
    assert sorted(d.bids) == [[99, 0], [100, 3]]  # 99 deleted, 100 changed
    assert d.asks == [[102, 5]]
    assert m.apply(book([(100, 3)], [(101, 1), (102, 5)])) == []  # nothing changed: nothing sent


def test_a_resync_replaces_the_copy_so_a_level_deleted_during_a_gap_does_not_survive():
    # The defect of Hummingbot's own KuCoin connector: after a drop with a missed update, a deleted level
    # stays in its book. Here the connector re-snapshots (resyncs + 1) and the mirror sends a snapshot.
    m = BookMirror()
    copy: dict = {}
    for u in m.apply(book([(100, 1), (99, 2)], [(101, 1)], resyncs=0)):
        apply_to(copy, u)
    copy["bids"][98] = 7  # Hummingbot's copy went wrong somehow (a diff it dropped)
    after_gap = m.apply(book([(100, 1)], [(101, 1)], resyncs=1))
    assert [u.kind for u in after_gap] == ["diff", "snapshot"]
    assert after_gap[0].update_id < after_gap[1].update_id
    for u in after_gap:
        apply_to(copy, u)
    assert copy == {"bids": {100: 1}, "asks": {101: 1}}


def test_reset_makes_the_next_book_a_snapshot_even_with_the_same_resync_count():
    m = BookMirror()
    m.apply(book([(1, 1)], [(2, 1)]))
    m.reset()
    assert [u.kind for u in m.apply(book([(1, 1)], [(2, 1)]))] == ["snapshot"]
    assert (m.snapshots, m.diffs) == (2, 0)


def test_snapshot_before_any_book_is_an_error_and_after_is_the_current_book():
    m = BookMirror()
    with pytest.raises(LookupError):
        m.snapshot()
    m.apply(book([(1, 1)], [(2, 1)]))
    m.apply(book([(1, 2)], [(2, 1)]))
    snap = m.snapshot()
    assert (snap.kind, snap.update_id, snap.bids, snap.asks) == ("snapshot", 2, [[1, 2]], [[2, 1]])


@pytest.mark.parametrize("use_snapshots", [True, False])
def test_random_books_are_rebuilt_exactly_and_update_ids_strictly_increase(use_snapshots):
    rng = random.Random(7)
    m = BookMirror()
    copy: dict = {}
    last_id = 0
    resyncs = 0
    for i in range(300):
        bids = {rng.randint(90, 100): rng.randint(1, 3) for _ in range(rng.randint(0, 8))}
        asks = {rng.randint(101, 110): rng.randint(1, 3) for _ in range(rng.randint(0, 8))}
        resyncs += rng.random() < 0.05
        if rng.random() < 0.02:
            m.reset()
        for update in m.apply(book(sorted(bids.items(), reverse=True), sorted(asks.items()), resyncs)):
            assert update.update_id > last_id
            last_id = update.update_id
            if use_snapshots or update.kind == "diff" or i == 0:
                apply_to(copy, update)
        assert copy == {"bids": bids, "asks": asks}
