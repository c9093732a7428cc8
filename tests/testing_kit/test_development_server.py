"""A development server whose clock is moved, as someone trying a desk would move it: `loket clock` at the
console and `advanceClock` over HTTP, two server processes sharing the time with the command."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.plugins.installation import installed_plugin
from tests.server_process import loket_env, run_loket, server_process

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = {"root@kit.example": ["--superuser"], "agent@kit.example": ["--team", "plainsla/l1"],
          "reporter@kit.example": []}
DAY = timedelta(days=1)


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path):
    with throwaway_database(request.param, tmp_path) as url, \
            installed_plugin(tmp_path / "site", name="sladesk", module="tests.plugins.loket_sla_desk",
                             distribution="loket-sla-desk"):
        environment = loket_env(url, tmp_path / "var", PYTHONPATH=f"{tmp_path / 'site'}:{ROOT}",
                                LOKET_MOVABLE_CLOCK="true", LOKET_TIMER_POLL_SECONDS="0.2")
        assert run_loket("migrate", env=environment, cwd=tmp_path).returncode == 0
        for email, duties in PEOPLE.items():
            created = run_loket("createuser", "--email", email, "--password", "kit-password-1", *duties,
                                env=environment, cwd=tmp_path)
            assert created.returncode == 0, created.stderr
        yield environment


def gql(base: str, query: str, token: str | None = None, **variables) -> dict:
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"} if token else {}
    return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers,
                      timeout=30).json()


def ok(base: str, query: str, token: str | None = None, **variables) -> dict:
    body = gql(base, query, token, **variables)
    assert not body.get("errors"), body
    return body["data"]


def login(base: str, email: str) -> str:
    return ok(base, "mutation($e: String!) { login(input: {email: $e, password: \"kit-password-1\"}) { token } }",
              e=email)["login"]["token"]


def events(base: str, token: str, number: str, kind: str) -> list[datetime]:
    ticket = ok(base, "query($n: String!) { ticket(number: $n) { timeline { nodes { kind createdAt } } } }", token,
                n=number)["ticket"]
    return [datetime.fromisoformat(e["createdAt"]) for e in ticket["timeline"]["nodes"] if e["kind"] == kind.upper()]


def clock(env: dict, cwd: Path, *args: str) -> str:
    result = run_loket("clock", *args, env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_console_and_every_server_process_move_one_clock(env, tmp_path: Path):
    with server_process(env, tmp_path, workers=2) as (base, _process):
        root, agent, reporter = (login(base, email) for email in PEOPLE)
        number = ok(base, """mutation { createTicket(input: {desk: "plainsla", topic: "general",
            title: "Cannot reach the portal", description: "The portal times out since morning."}) {
            ticket { number } } }""", reporter)["createTicket"]["ticket"]["number"]
        ok(base, "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } } } }", agent, n=number)
        ok(base, """mutation($n: String!) { requestFeedback(input: {number: $n, message: "Which page?"}) {
            ticket { status { name } } } }""", agent, n=number)
        asked = events(base, agent, number, "feedback_requested")[0]

        assert "(real time + 2 days, 0:00:00)" in clock(env, tmp_path, "advance", "2", "days")
        status = "query($n: String!) { ticket(number: $n) { status { name } } }"
        assert ok(base, status, agent, n=number)["ticket"]["status"]["name"] == "waiting_on_reporter"

        # The server counts on from the time the console set: one more day reaches the 3x24 hours.
        forbidden = gql(base, "mutation { advanceClock(input: {by: \"1 day\"}) { now } }", agent)
        assert [e["extensions"]["code"] for e in forbidden["errors"]] == ["FORBIDDEN"]
        moved = ok(base, "mutation { advanceClock(input: {by: \"1 day\"}) { now timersFired } }", root)["advanceClock"]
        assert ok(base, status, agent, n=number)["ticket"]["status"]["name"] == "closed"
        closes = events(base, agent, number, "auto_closed")
        assert len(closes) == 1 and timedelta(0) <= closes[0] - (asked + 3 * DAY) < timedelta(seconds=2)

        shown = clock(env, tmp_path, "show")
        assert "(real time + 3 days, 0:00:00)" in shown, shown
        console_time = datetime.fromisoformat(shown.split(" Asia/Jakarta")[0])
        assert abs(console_time - datetime.fromisoformat(moved["now"])) < timedelta(seconds=10)
        assert "the clock is back at real time" in clock(env, tmp_path, "reset")
        assert "(real time)" in clock(env, tmp_path, "show")
