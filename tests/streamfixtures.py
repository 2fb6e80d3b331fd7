"""Scaffolding shared by the stream tests that drive a blocking (or asyncio) face against one paused
in-process Simulator per module: the fixtures, waiting for a fault to be used up, and a bounded wait for a
streamed book at a sequence."""
from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, Iterator


def stream_fixtures(face_class: type, seed: int = 6, symbols: int = 20,
                    watch_timeout: float = 10.0) -> tuple[Callable[..., Any], ...]:
    """``sim`` (module scope: paused, a short ping interval/timeout so a stall shows in about a second),
    an autouse ``_clean`` clearing faults around every test, and ``make_face(cls=face_class, private=False,
    **options)``: a face on ``sim`` with short back-offs and ``watchTimeout`` bounding every blocking call,
    closed after the test. Use at module level: ``sim, _clean, make_face = stream_fixtures(Kucoin)``."""
    import pytest

    from kucoin_conformance.simulator import Simulator

    @pytest.fixture(scope="module")
    def sim() -> Iterator[Any]:
        with Simulator(seed=seed, symbols=symbols, tick_interval=0, ws_ping_interval_ms=1000,
                       ws_ping_timeout_ms=2000) as simulator:
            simulator.pause()
            yield simulator

    @pytest.fixture(autouse=True)
    def _clean(sim: Any) -> Iterator[None]:
        sim.clear_faults()
        yield
        sim.clear_faults()

    @pytest.fixture
    def make_face(sim: Any) -> Iterator[Callable[..., Any]]:
        made: list[Any] = []

        def factory(cls: type = face_class, private: bool = False, **options: Any) -> Any:
            config: dict[str, Any] = {"urls": {"api": {"spot": sim.spot_url, "futures": sim.futures_url}},
                                      "options": {"numbers": "str", "wsBackoffInitialMs": 20, "wsBackoffMaxMs": 100,
                                                  "watchTimeout": watch_timeout, **options}}
            if private:
                config.update({k: sim.credentials[k] for k in ("apiKey", "secret", "password")})
            ex = cls(config)
            made.append(ex)
            return ex
        yield factory
        for ex in made:
            closing = ex.close()
            if asyncio.iscoroutine(closing):
                asyncio.run(closing)

    return sim, _clean, make_face


def consumed(sim: Any) -> None:
    """Wait (bounded) until the server used up every queued fault."""
    for _ in range(500):
        if not sim.faults.pending():
            return
        time.sleep(0.01)
    raise AssertionError(f"fault not consumed: {sim.faults.pending()}")


def book_at(ex: Any, symbol: str, sequence: int) -> dict:
    """The blocking face's streamed book once its nonce reaches ``sequence`` (each wait bounded by
    ``watchTimeout``)."""
    for ob in ex.stream("watch_order_book", symbol):
        if ob["nonce"] is not None and ob["nonce"] >= sequence:
            return ob
    raise AssertionError("unreachable")
