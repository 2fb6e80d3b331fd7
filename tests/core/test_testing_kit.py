"""The public testing kit (kucoin_connector.testing): stepping plans, scripted transports, a fake clock."""
from __future__ import annotations

import asyncio

import pytest

from kucoin_connector import AsyncKucoin, Kucoin
from kucoin_connector.errors import BadSymbol, ExchangeNotAvailable
from kucoin_connector.rest.calls import Call
from kucoin_connector.rest.effects import Sleep
from kucoin_connector.testing import AsyncScriptedTransport, FakeClock, ScriptedTransport, envelope, step


def test_step_answers_calls_in_order_throws_exceptions_and_records_sleeps():
    def plan():
        first = yield Call("GET", "/api/v1/timestamp")
        yield Sleep(0.5)
        try:
            yield Call("GET", "/api/v1/status")
        except ExchangeNotAvailable:
            return first, "recovered"

    run = step(plan(), 7, ExchangeNotAvailable("down"))
    assert run.result == (7, "recovered")
    assert [c.path for c in run.calls] == ["/api/v1/timestamp", "/api/v1/status"] and run.sleeps == [0.5]


def test_step_refuses_unused_answers_and_unanswered_calls():
    def plan():
        yield Call("GET", "/api/v1/timestamp")

    with pytest.raises(AssertionError, match="unused answers"):
        step(plan(), 1, 2)
    with pytest.raises(AssertionError, match="unexpected call"):
        step(plan())


def test_a_face_on_a_scripted_transport_and_a_fake_clock():
    clock = FakeClock(1_700_000_000_000)
    transport = ScriptedTransport([envelope(1_700_000_000_123)])
    ex = Kucoin(transport=transport, clock=clock)
    assert ex.fetch_time() == 1_700_000_000_123
    assert ex.milliseconds() == 1_700_000_000_000
    clock.advance(5)
    assert ex.milliseconds() == 1_700_000_000_005
    method, url, _, body = transport.requests[0]
    assert (method, url, body) == ("GET", "https://api.kucoin.com/api/v1/timestamp", None)
    with pytest.raises(AssertionError, match="unexpected request"):
        ex.fetch_time()


def test_the_async_scripted_transport_answers_data_and_raises_errors():
    async def main():
        transport = AsyncScriptedTransport(lambda method, url, headers, body: {"code": 1} if "status" in url
                                           else BadSymbol("no"))
        async with AsyncKucoin({"options": {"maxRetries": 0}}, transport=transport) as ex:
            return await ex.call_api("GET", "/api/v1/status"), transport
    data, transport = asyncio.run(main())
    assert data == {"code": 1} and transport.closed
