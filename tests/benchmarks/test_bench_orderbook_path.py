"""The order-book benchmark times the stream path itself: the session's decoder, then ``L2Book.on_delta``."""
from __future__ import annotations

import importlib.util
import json
import pathlib

from kucoin_connector.spot import l2 as orderbook

from kucoin_connector.streaming import session

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "bench_orderbook.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_orderbook_path", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(module)
    return module


def _spy(monkeypatch, owner, name, calls):
    original = getattr(owner, name)

    def spy(*args):
        calls.append(name)
        return original(*args)
    monkeypatch.setattr(owner, name, spy)


def test_session_receive_and_run_ours_use_the_same_decoder_and_book_method(monkeypatch):
    calls: list[str] = []
    _spy(monkeypatch, session, "decode_message", calls)
    _spy(monkeypatch, orderbook.L2Book, "on_delta", calls)
    s = session.KucoinSession("cid", now_ms=0)
    s.receive('{"id":"cid","type":"welcome"}', 1)
    push = session.Push(json.loads('{"type":"message","topic":"/market/level2:BTC-USDT","data":{}}'))
    assert s.receive(json.dumps(push.message, separators=(",", ":")), 2) == [push]
    assert calls == ["decode_message", "decode_message"]  # the session decodes every message with it
    calls.clear()
    bench = _load()
    snapshot, texts = bench.stream(5, seed=2)
    _, book = bench.run_ours(snapshot, texts)
    assert calls == ["decode_message", "on_delta"] * 5
    assert book.sequence == json.loads(texts[-1])["data"]["sequenceEnd"]
