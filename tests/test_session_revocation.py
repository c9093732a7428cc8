"""The end of sign-ins carried between server processes: two ``RedisBroker``s on the machine's Redis stand for
two processes; the websockets' side of it is tested over real servers in tests/e2e/test_sessions_end.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from loket.core.live.broker import InProcessBroker, SessionsEnded
from loket.core.live.redis_broker import RedisBroker
from tests.redis_server import machine_redis, unique_channel

ENDED = SessionsEnded(code="TOKEN_REVOKED", session_ids=("6f1c1a52-2f47-4c4e-9d0c-3c1c5b0e8a11",), user_id=7)


@pytest.fixture
async def processes() -> AsyncIterator[tuple[RedisBroker, RedisBroker, list, list]]:
    """Two brokers on one channel, each with a listener recording what its process heard."""
    channel, url = unique_channel(), machine_redis()
    first, second = RedisBroker(url, channel=channel), RedisBroker(url, channel=channel)
    heard_first: list[SessionsEnded] = []
    heard_second: list[SessionsEnded] = []
    first.on_sessions_ended(heard_first.append)
    second.on_sessions_ended(heard_second.append)
    await first.start()
    await second.start()
    try:
        yield first, second, heard_first, heard_second
    finally:
        await first.close()
        await second.close()


async def until(condition, within: float = 1.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "not heard within a second"
        await asyncio.sleep(0.01)


async def test_an_announcement_reaches_its_own_process_at_once_and_the_others_through_redis(processes):
    first, _second, heard_first, heard_second = processes
    await first.announce(ENDED)
    assert heard_first == [ENDED]
    await until(lambda: heard_second == [ENDED])
    await asyncio.sleep(0.2)
    assert heard_first == [ENDED]  # its own echo is ignored


async def test_malformed_messages_are_ignored_and_the_listener_goes_on(processes):
    first, second, heard_first, heard_second = processes
    client = redis.Redis.from_url(machine_redis())
    try:
        for garbage in ('["x","sessions-ended",{}]', '["x","sessions-ended",[]]',
                        '["x","sessions-ended",{"code":5}]', '["x","sessions-ended",{"code":"X","user":"7"}]',
                        '{"origin":"x"}', "not json"):
            await client.publish(second.channel, garbage)
    finally:
        await client.aclose()
    await first.announce(ENDED)
    await until(lambda: heard_second == [ENDED])


async def test_a_failing_listener_keeps_no_other_from_hearing():
    broker = InProcessBroker()
    heard: list[SessionsEnded] = []

    def failing(ended: SessionsEnded) -> None:
        raise RuntimeError("a broken listener")

    broker.on_sessions_ended(failing)
    broker.on_sessions_ended(heard.append)
    await broker.announce(ENDED)
    assert heard == [ENDED]
