"""Live updates across server processes: separate ``loket serve`` processes (as behind a load balancer) and one
``loket serve --workers 2``, sharing only PostgreSQL and Redis. A subscriber on one process hears what a mutation
on another did; when Redis goes away, queries and mutations go on, subscribers are told, and one that resumes
with the last ``seq`` it saw is given every event it missed."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.databases import throwaway_database
from tests.e2e.live import Person, codes, event_of, live, login, update_of
from tests.plugins.installation import installed_plugin
from tests.redis_server import machine_redis, private_redis, unique_channel
from tests.server_process import loket_env, run_loket, running_server
from tests.ticket_ops import REPLY, TAKE, create

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "across-processes-password"
TICKET_UPDATES = """subscription($n: String!, $after: Int! = 0) { ticketUpdates(number: $n, afterSeq: $after) {
  seq kind toStatus { name } actor { displayName } message { body } } }"""
QUEUE_UPDATES = """subscription { queueUpdates(desk: "testdesk", queue: INCOMING) {
  inQueue resync ticket { number status { name } } event { seq kind } } }"""


@dataclass
class Deployment:
    env: dict[str, str]
    folder: Path

    def person(self, base: str, name: str) -> Person:
        return Person(name, f"{name}@across.example", login(base, f"{name}@across.example", PASSWORD), base)


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """A migrated PostgreSQL database with the test desk installed, a reporter and an agent of its intake team."""
    site = tmp_path / "site"
    with installed_plugin(site, name="testdesk", module="tests.plugins.loket_test_desk",
                          distribution="loket-test-desk"), throwaway_database("postgres", tmp_path) as url:
        python_path = [str(site), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = loket_env(url, tmp_path / "var", PYTHONPATH=os.pathsep.join(python_path),
                        LOKET_NEW_USER_PASSWORD=PASSWORD, LOKET_REDIS_CHANNEL=unique_channel())
        migrated = run_loket("migrate", env=env, cwd=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        yield Deployment(env, tmp_path)


def add_people(deployment: Deployment) -> None:
    """After a server stored the test desk and its teams."""
    for email, team in (("reporter@across.example", None), ("agent@across.example", "testdesk/intake")):
        result = run_loket("createuser", "--email", email, *(["--team", team] if team else []),
                           env=deployment.env, cwd=deployment.folder)
        assert result.returncode == 0, result.stderr


async def test_a_subscriber_on_one_process_hears_a_mutation_on_another(deployment: Deployment):
    env = deployment.env | {"LOKET_REDIS_URL": machine_redis()}
    with running_server(env, deployment.folder) as first, running_server(env, deployment.folder) as second:
        add_people(deployment)
        reporter, agent = deployment.person(first, "reporter"), deployment.person(second, "agent")
        async with AsyncExitStack() as stack:
            incoming = await live(await stack.enter_async_context(agent.subscribe(QUEUE_UPDATES)))
            ticket = await create(reporter)  # on the first process
            arrived = await update_of(incoming, "created")  # heard on the second
            assert arrived["inQueue"] and arrived["ticket"]["number"] == ticket["number"]

            watches = await stack.enter_async_context(reporter.subscribe(TICKET_UPDATES, n=ticket["number"]))
            assert (await event_of(watches, "created"))["seq"] == 1
            await agent.ok(TAKE, n=ticket["number"])  # on the second process
            taken = await event_of(watches, "taken")  # heard on the first
            assert (taken["seq"], taken["toStatus"]["name"], taken["actor"]["displayName"]) == (2, "in_progress", "agent")
            assert not (await update_of(incoming, "taken"))["inQueue"]

            await agent.ok(REPLY, n=ticket["number"], m="Restart it while holding the power button.")
            replied = await event_of(watches, "replied")
            assert (replied["seq"], replied["message"]["body"]) == (3, "Restart it while holding the power button.")


async def test_subscribers_spread_over_two_workers_all_hear_each_event(deployment: Deployment):
    env = deployment.env | {"LOKET_REDIS_URL": machine_redis()}
    with running_server(env, deployment.folder, workers=2) as base:
        add_people(deployment)
        reporter, agent = deployment.person(base, "reporter"), deployment.person(base, "agent")
        ticket = await create(reporter)
        async with AsyncExitStack() as stack:
            # Each subscription is its own connection, which the kernel hands to either worker.
            watchers = [await stack.enter_async_context(reporter.subscribe(TICKET_UPDATES, n=ticket["number"]))
                        for _ in range(8)]
            for watcher in watchers:
                await event_of(watcher, "created")
            for body in ("First answer.", "Second answer."):
                await agent.ok(REPLY, n=ticket["number"], m=body)  # whichever worker takes the request
                for watcher in watchers:
                    assert (await event_of(watcher, "replied"))["message"]["body"] == body


async def resubscribe_when_back(person: Person, stack: AsyncExitStack, query: str, within: float = 15,
                                **variables):
    """Subscribe again, as a client does after LIVE_UPDATES_INTERRUPTED, until the server takes it."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        watcher_stack = AsyncExitStack()
        watcher = await watcher_stack.enter_async_context(person.subscribe(query, **variables))
        message = await watcher._receive("the first result")
        if message["type"] == "next" and not message["payload"].get("errors"):
            watcher.received.append(message["payload"]["data"])
            await stack.enter_async_context(watcher_stack)
            return watcher, message["payload"]["data"]
        await watcher_stack.aclose()
        assert asyncio.get_running_loop().time() < deadline, f"still refused: {message}"
        await asyncio.sleep(0.3)


async def test_when_redis_goes_away_subscribers_are_told_and_resume_without_losing_events(
        deployment: Deployment, tmp_path: Path):
    with ExitStack() as servers, private_redis(tmp_path) as redis_server:
        env = deployment.env | {"LOKET_REDIS_URL": redis_server.url}
        first = servers.enter_context(running_server(env, deployment.folder))
        second = servers.enter_context(running_server(env, deployment.folder))
        add_people(deployment)
        reporter, agent = deployment.person(first, "reporter"), deployment.person(second, "agent")
        ticket = await create(reporter)
        number = ticket["number"]

        async with AsyncExitStack() as stack:
            watches = await stack.enter_async_context(reporter.subscribe(TICKET_UPDATES, n=number))
            last_seq = (await event_of(watches, "created"))["seq"]

            redis_server.stop()
            assert codes(await watches.errors()) == ["LIVE_UPDATES_INTERRUPTED"]

            # Mutations and queries carry on without Redis, on either process.
            await agent.ok(TAKE, n=number)
            await agent.ok(REPLY, n=number, m="Answered while Redis was away.")
            seen = await reporter.ok("query($n: String!) { ticket(number: $n) { status { name } } }", n=number)
            assert seen["ticket"]["status"]["name"] == "in_progress"
            async with reporter.subscribe(TICKET_UPDATES, n=number) as refused:
                assert codes(await refused.errors()) == ["LIVE_UPDATES_UNAVAILABLE"]

            redis_server.start()  # the same address, as after a restart
            resumed, first_result = await resubscribe_when_back(reporter, stack, TICKET_UPDATES, n=number,
                                                                after=last_seq)
            missed = first_result["ticketUpdates"]
            assert (missed["seq"], missed["kind"]) == (2, "TAKEN")
            replied = await event_of(resumed, "replied")
            assert (replied["seq"], replied["message"]["body"]) == (3, "Answered while Redis was away.")

            # Live again across processes once both listeners are back.
            await asyncio.sleep(1)
            await agent.ok(REPLY, n=number, m="And live again.")
            again = await event_of(resumed, "replied")
            assert (again["seq"], again["message"]["body"]) == (4, "And live again.")
