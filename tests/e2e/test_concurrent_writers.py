"""Fifty people writing on one ticket at once through two ``loket serve`` processes sharing one PostgreSQL
database (each with its own pool of connections): every reply is accepted, in one order, and a burst of
ratings stores one and refuses the rest as ALREADY_RATED; no answer is an INTERNAL_ERROR."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import throwaway_database
from tests.e2e.live import Person, login
from tests.plugins.installation import installed_plugin
from tests.server_process import loket_env, run_loket, running_server
from tests.ticket_ops import create

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "concurrent-writers-password"
PEOPLE = {"reporter": None, "agent": "intake", "agent2": "intake"}
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { version } } }"
REPLY = """mutation($n: String!, $m: String!, $internal: Boolean!) {
  reply(input: {number: $n, message: $m, internal: $internal}) { ticket { version } } }"""
FORCE_CLOSE = "mutation($n: String!) { forceCloseTicket(input: {number: $n}) { ticket { status { name } } } }"
RATE = ("mutation($n: String!, $answers: JSON!) { rateTicket(input: {number: $n, answers: $answers}) { rating "
        "{ stars } } }")
TIMELINE = "query($n: String!) { ticket(number: $n) { version timeline { nodes { seq kind } } messages { nodes { body } } } }"


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[dict[str, Person]]]:
    """Two server processes on one migrated PostgreSQL database with the test desk; everyone signed in to each."""
    site = tmp_path / "site"
    with installed_plugin(site, name="testdesk", module="tests.plugins.loket_test_desk",
                          distribution="loket-test-desk"), throwaway_database("postgres", tmp_path) as url:
        python_path = [str(site), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = loket_env(url, tmp_path / "var", PYTHONPATH=os.pathsep.join(python_path),
                        LOKET_NEW_USER_PASSWORD=PASSWORD)
        migrated = run_loket("migrate", env=env, cwd=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        with running_server(env, tmp_path) as first, running_server(env, tmp_path) as second:
            for name, team in PEOPLE.items():  # once a server stored the desk and its teams
                result = run_loket("createuser", "--email", f"{name}@writers.example",
                                   *(["--team", f"testdesk/{team}"] if team else []), env=env, cwd=tmp_path)
                assert result.returncode == 0, result.stderr
            yield [{name: Person(name, f"{name}@writers.example", login(base, f"{name}@writers.example", PASSWORD),
                                 base) for name in PEOPLE} for base in (first, second)]


def typed(bodies: list[dict], refusals: set[str]) -> list[dict]:
    """The accepted answers; every other one must be a refusal with an expected code."""
    for body in bodies:
        codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
        assert set(codes) <= refusals, body
    return [body for body in bodies if not body.get("errors")]


async def test_fifty_writers_on_two_processes(servers):
    first, _ = servers
    number = (await create(first["reporter"]))["number"]
    await first["agent"].ok(TAKE, n=number)
    writers = itertools.islice(itertools.cycle(PEOPLE), 50)
    calls = [servers[i % 2][who].run(REPLY, n=number, m=f"Writer {i:02d} ({who}) adds a line.",
                                     internal=who != "reporter" and i % 3 == 0)
             for i, who in enumerate(writers)]
    accepted = typed(await asyncio.wait_for(asyncio.gather(*calls), 240), set())
    assert sorted(body["data"]["reply"]["ticket"]["version"] for body in accepted) == list(range(3, 53))
    ticket = (await first["agent"].ok(TIMELINE, n=number))["ticket"]
    assert [event["seq"] for event in ticket["timeline"]["nodes"]] == list(range(1, 53)) and ticket["version"] == 52
    assert len(ticket["messages"]["nodes"]) == 50

    await first["reporter"].ok(FORCE_CLOSE, n=number)
    ratings = [servers[i % 2]["reporter"].run(RATE, n=number, answers={"stars": 1 + i % 5}) for i in range(20)]
    assert len(typed(await asyncio.wait_for(asyncio.gather(*ratings), 120), {"ALREADY_RATED"})) == 1
