"""The two attempt counters behind throttling: this process's memory, and the machine's real Redis (shared by
every process of a deployment, falling back to memory while Redis is away)."""

from __future__ import annotations

import asyncio
import logging

import pytest
import redis

from loket.core.auth.attempts import MemoryAttemptCounter, build_attempt_counter
from loket.core.auth.attempts_redis import RedisAttemptCounter
from loket.core.settings import Settings
from tests.redis_server import machine_redis, private_redis, unique_channel


@pytest.fixture(params=["memory", "redis"])
async def counter(request):
    made = MemoryAttemptCounter() if request.param == "memory" else \
        RedisAttemptCounter(machine_redis(), prefix=unique_channel() + ":attempts:")
    yield made
    await made.close()


async def test_hits_count_within_a_window_and_say_how_long_it_lasts(counter):
    counts = [await counter.hit("signin:account:a", 60) for _ in range(3)]
    assert [count.attempts for count in counts] == [1, 2, 3]
    assert all(58 <= count.retry_after <= 60 for count in counts)
    assert (await counter.hit("signin:account:b", 60)).attempts == 1, "keys are counted apart"


async def test_forget_starts_over_and_release_takes_one_back(counter):
    for _ in range(3):
        await counter.hit("k", 60)
    await counter.release("k")
    assert (await counter.hit("k", 60)).attempts == 3
    await counter.forget("k")
    assert (await counter.hit("k", 60)).attempts == 1
    await counter.release("k")
    await counter.release("k")  # nothing left: no count below zero
    assert (await counter.hit("k", 60)).attempts == 1


async def test_a_window_closes_by_itself(counter):
    await counter.hit("short", 1)
    await counter.hit("short", 1)
    await asyncio.sleep(1.1)
    assert (await counter.hit("short", 1)).attempts == 1


async def test_in_redis_every_key_expires_and_processes_share_counts():
    prefix = unique_channel() + ":attempts:"
    first, second = (RedisAttemptCounter(machine_redis(), prefix=prefix) for _ in range(2))
    direct = redis.Redis.from_url(machine_redis())
    try:
        await first.hit("signin:address:192.0.2.1", 900)
        assert (await second.hit("signin:address:192.0.2.1", 900)).attempts == 2
        assert 0 < direct.ttl(prefix + "signin:address:192.0.2.1") <= 900
        await second.release("never-counted")
        assert not direct.exists(prefix + "never-counted"), "releasing creates no key"
        await first.forget("signin:address:192.0.2.1")
        assert not direct.exists(prefix + "signin:address:192.0.2.1")
    finally:
        await first.close()
        await second.close()
        direct.close()


async def test_without_redis_this_process_counts_until_it_is_back(tmp_path, caplog):
    with private_redis(tmp_path) as server:
        counter = RedisAttemptCounter(server.url, prefix="loket:attempts:")
        try:
            assert (await counter.hit("k", 60)).attempts == 1
            server.stop()
            with caplog.at_level(logging.WARNING, logger="loket.auth"):
                counts = [await counter.hit("k", 60) for _ in range(3)]
            assert [count.attempts for count in counts] == [1, 2, 3], "still throttled, in memory"
            assert "Redis is not reachable" in caplog.text
            server.start()
            assert (await counter.hit("k", 60)).attempts == 1, "Redis (fresh) counts again"
        finally:
            await counter.close()


def test_the_deployment_chooses_redis_when_it_has_one(tmp_path):
    assert isinstance(build_attempt_counter(Settings(data_dir=tmp_path)), MemoryAttemptCounter)
    chosen = build_attempt_counter(Settings(data_dir=tmp_path, redis_url=machine_redis(), redis_channel="desk-a"))
    assert isinstance(chosen, RedisAttemptCounter) and chosen.prefix == "desk-a:attempts:"


async def test_memory_keeps_a_bounded_number_of_windows():
    now = [0.0]
    counter = MemoryAttemptCounter(clock=lambda: now[0], max_keys=100)
    for i in range(1000):
        now[0] += 0.001
        await counter.hit(f"k{i}", 60)
    assert len(counter._windows) <= 100
    assert (await counter.hit("k999", 60)).attempts == 2, "the newest windows are kept"
