"""A desk's catalogue changed through one server process is what every other process shows within moments: this
app and a ``loket serve`` process share one PostgreSQL database and the machine's Redis; a topic a superuser adds
here appears in the other process's ``desk { topics }``, and leaves it when retired, without a restart."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from loket.core.settings import Settings
from tests.conftest import TEST_SECRET
from tests.people import sign_up
from tests.redis_server import machine_redis, unique_channel
from tests.server_process import loket_env, server_process

pytestmark = [pytest.mark.asyncio, pytest.mark.postgres_only]

DESK = "helpus"
ADD = """mutation($input: AddTopicInput!) { addTopic(input: $input) { desk { slug } } }"""
RETIRE = """mutation { retireTopic(input: {desk: "helpus", topic: "run-time-topic"}) { desk { slug } } }"""
TOPICS = """{ desk(slug: "helpus") { topics { slug name } } }"""
WAIT_SECONDS = 5.0  # a notice normally arrives within milliseconds; a busy machine gets a margin


@pytest.fixture
def channel() -> str:
    return unique_channel()


@pytest.fixture
def settings(migrated_database_url: str, tmp_path: Path, channel: str) -> Settings:
    return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET, plugins="all",
                    run_timers=False, redis_url=machine_redis(), redis_channel=channel)


async def slugs_seen(http: httpx.AsyncClient) -> list[str]:
    answer = (await http.post("/graphql", json={"query": TOPICS})).json()
    assert not answer.get("errors"), answer
    return [topic["slug"] for topic in answer["data"]["desk"]["topics"]]


async def seen_within(http: httpx.AsyncClient, wanted) -> float:
    """Seconds until the other process's topics satisfy ``wanted`` (fails after ``WAIT_SECONDS``)."""
    started = time.monotonic()
    while not wanted(await slugs_seen(http)):
        if time.monotonic() - started > WAIT_SECONDS:
            raise AssertionError(f"the other process still shows {await slugs_seen(http)}")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_a_topic_added_in_one_process_appears_in_another(client, settings, app, channel, tmp_path,
                                                               migrated_database_url) -> None:
    root = await sign_up(client, settings, "root@across.example", "Root", superuser=True)
    env = loket_env(migrated_database_url, tmp_path / "other", LOKET_REDIS_URL=machine_redis(),
                    LOKET_REDIS_CHANNEL=channel, LOKET_SECRET_KEY=TEST_SECRET, LOKET_RUN_TIMERS="false")
    with server_process(env, tmp_path) as (base, _process):
        async with httpx.AsyncClient(base_url=base, timeout=30) as other:
            before = await slugs_seen(other)
            assert "run-time-topic" not in before
            await root.ok(ADD, input={"desk": DESK, "slug": "run-time-topic", "position": 0,
                                      "name": [{"language": "id", "text": "Topik baru"}]})
            waited = await seen_within(other, lambda slugs: slugs[:1] == ["run-time-topic"])
            assert waited < WAIT_SECONDS
            await root.ok(RETIRE)
            await seen_within(other, lambda slugs: slugs == before)
