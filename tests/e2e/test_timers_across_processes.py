"""Timed transitions with two server processes on PostgreSQL: the due timer fires exactly once, whichever
process gets to it, and a server started after the due time still fires it."""

from __future__ import annotations

import time
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.databases import throwaway_database
from tests.plugins.installation import installed_plugin
from tests.server_process import loket_env, run_loket, running_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path):
    with throwaway_database("postgres", tmp_path) as url, \
            installed_plugin(tmp_path / "site", name="quick", module="tests.plugins.loket_quick_desk",
                             distribution="loket-quick-desk"):
        environment = loket_env(url, tmp_path / "var", PYTHONPATH=f"{tmp_path / 'site'}:{ROOT}",
                                LOKET_TIMER_POLL_SECONDS="0.2")
        assert run_loket("migrate", env=environment, cwd=tmp_path).returncode == 0
        created = run_loket("createuser", "--email", "agent@quick.example", "--password", "agent-password",
                            "--team", "quickdesk/l1", env=environment, cwd=tmp_path)
        assert created.returncode == 0, created.stderr
        assert run_loket("createuser", "--email", "reporter@quick.example", "--password", "reporter-password",
                         env=environment, cwd=tmp_path).returncode == 0
        yield environment, url


def gql(base: str, query: str, token: str | None = None, **variables) -> dict:
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"} if token else {}
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers,
                      timeout=10).json()
    assert not body.get("errors"), body
    return body["data"]


def login(base: str, email: str, password: str) -> str:
    return gql(base, "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
               e=email, p=password)["login"]["token"]


def waiting_ticket(base: str) -> str:
    reporter = login(base, "reporter@quick.example", "reporter-password")
    agent = login(base, "agent@quick.example", "agent-password")
    number = gql(base, """mutation { createTicket(input: {desk: "quickdesk", title: "Printer jam",
        description: "The printer jams on every page."}) { ticket { number } } }""", reporter)["createTicket"]["ticket"]["number"]
    gql(base, "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { number } } }", agent, n=number)
    gql(base, """mutation($n: String!) { requestFeedback(input: {number: $n, message: "Which tray?"}) {
        ticket { status { name } } } }""", agent, n=number)
    return number


async def auto_closes(url: str, number: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(
            "SELECT count(*) FROM loket_ticket_event e JOIN loket_ticket t ON t.id = e.ticket_id "
            "WHERE t.number = $1 AND e.kind = 'auto_closed'", number)
    finally:
        await connection.close()


def wait_for_status(base: str, token: str, number: str, status: str, within: float = 15) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = gql(base, "query($n: String!) { ticket(number: $n) { status { name } } }", token, n=number)["ticket"]["status"]["name"]
        if found == status:
            return
        time.sleep(0.2)
    raise AssertionError(f"ticket {number} did not become {status} within {within} s")


async def test_two_processes_fire_the_timer_exactly_once(env, tmp_path: Path):
    environment, url = env
    with running_server(environment, tmp_path) as first, running_server(environment, tmp_path) as second:
        numbers = [waiting_ticket(first) for _ in range(3)] + [waiting_ticket(second) for _ in range(3)]
        reporter = login(second, "reporter@quick.example", "reporter-password")
        for number in numbers:
            wait_for_status(second, reporter, number, "closed")
        time.sleep(1)  # both runners keep polling: give a double fire every chance to show
        assert [await auto_closes(url, number) for number in numbers] == [1] * 6


async def test_a_server_started_after_the_due_time_fires_it(env, tmp_path: Path):
    environment, url = env
    stopped = environment | {"LOKET_RUN_TIMERS": "false"}
    with running_server(stopped, tmp_path) as base:
        number = waiting_ticket(base)
        reporter = login(base, "reporter@quick.example", "reporter-password")
    time.sleep(2.5)  # the timeout passes while no server runs timers
    with running_server(environment, tmp_path) as base:
        wait_for_status(base, reporter, number, "closed")
    assert await auto_closes(url, number) == 1
