"""The development server's movable clock over GraphQL: refused unless the setting is on, for superusers and
desk admins alone, bad durations refused with the rule and the field, and advancing fires what falls due at
its own moment. Production refuses the setting at start-up."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from tortoise.contrib.test import truncate_all_models

from loket.core.app import create_app
from loket.core.timekeeping.clock import utcnow
from loket.core.errors import ConfigurationError
from loket.core.timekeeping.movable import MovableClock
from loket.core.plugins import get_plugin_manager
from loket.core.settings import load_settings
from loket.core.testing import Accounts, Client
from loket.core.workflow.timing import Duration
from tests.plugins import loket_sla_desk
from tests.server_process import loket_env, run_loket

ADVANCE = """mutation($by: String!, $desk: String) {
  advanceClock(input: {by: $by, desk: $desk}) { now timersFired } }"""
OPEN = """mutation { createTicket(input: {desk: "plainsla", topic: "general", title: "Cannot reach the portal",
  description: "The portal times out since morning."}) { ticket { number } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } } } }"
ASK = """mutation($n: String!) { requestFeedback(input: {number: $n, message: "Please send the error page."}) {
  ticket { status { name } } } }"""
DETAIL = "query($n: String!) { ticket(number: $n) { status { name } timeline { nodes { kind createdAt } } } }"
DAY = timedelta(days=1)


@pytest.fixture
def loket_plugins():
    return [loket_sla_desk]


@pytest.fixture
async def accounts(loket_settings, loket_plugins):
    """Accounts of an app whose clock is the development server's (not the kit's)."""
    settings = loket_settings.model_copy(update={"movable_clock": True})
    app = create_app(settings, get_plugin_manager(settings, extra_plugins=loket_plugins))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://loket.test") as http:
            try:
                yield Accounts(Client(http))
            finally:
                await truncate_all_models()


@pytest.fixture
async def root(accounts):
    return await accounts.signed_in("root@kit.example", superuser=True)


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_a_server_keeping_real_time_refuses_with_a_code_of_its_own(loket_accounts):
    root = await loket_accounts.signed_in("root@kit.example", superuser=True, language="en")
    refused = await root.execute(ADVANCE, {"by": "1 day"})
    assert refused.error_codes == ["CLOCK_NOT_MOVABLE"]
    assert "LOKET_MOVABLE_CLOCK=true" in refused.errors[0]["message"]


async def test_only_superusers_and_desk_admins_move_the_clock(accounts, root, loket_settings):
    reporter = await accounts.signed_in("reporter@kit.example")
    agent = await accounts.signed_in("agent@kit.example", teams=["plainsla/l1"])
    admin = await accounts.signed_in("admin@kit.example", admin_of=["officesla"])
    for someone in (reporter, agent):
        assert (await someone.execute(ADVANCE, {"by": "1 day"})).error_codes == ["FORBIDDEN"]
    assert (await accounts.client.execute(ADVANCE, {"by": "1 day"})).error_codes == ["UNAUTHENTICATED"]
    assert MovableClock(loket_settings.data_dir).offset() == timedelta(0), "refusals moved nothing"
    for days, someone in enumerate((admin, root), start=1):
        before = utcnow()
        moved = moment((await someone.ok(ADVANCE, {"by": "1 day"}))["advanceClock"]["now"])
        assert before + days * DAY <= moved <= utcnow() + days * DAY


@pytest.mark.parametrize("by, desk, code, field", [
    ("2 fortnights", None, "DURATION_INVALID", "input.by"),
    ("72", None, "DURATION_INVALID", "input.by"),
    ("3 working days", None, "DURATION_NEEDS_CALENDAR", "input.by"),
    ("3 working days", "plainsla", "DURATION_NEEDS_CALENDAR", "input.desk"),
    ("1 day", "nodesk", "UNKNOWN_DESK", "input.desk"),
    ("367 days", None, "DURATION_TOO_LONG", "input.by"),
    ("99999999999999999999 hours", None, "DURATION_TOO_LONG", "input.by"),
    ("9999 working days", "officesla", "DURATION_TOO_LONG", "input.by"),
    ("1" * 1000 + " days", None, "TEXT_TOO_LONG", "input.by"),
], ids=["unknown unit", "no unit", "working time without desk", "desk without calendar", "unknown desk",
        "over a year", "overflowing", "over a year of working days", "too long a text"])
async def test_a_duration_the_clock_cannot_take_is_refused_with_its_rule(root, loket_settings, by, desk, code, field):
    refused = await root.execute(ADVANCE, {"by": by, "desk": desk})
    assert refused.error_codes == [code]
    assert refused.errors[0]["extensions"]["field"] == field
    assert MovableClock(loket_settings.data_dir).offset() == timedelta(0)


async def test_working_time_counts_in_the_named_desks_calendar(root):
    calendar = loket_sla_desk.OFFICE.calendar
    earliest = Duration.working_days(5).after(utcnow(), calendar)
    moved = moment((await root.ok(ADVANCE, {"by": "5 working days", "desk": "officesla"}))["advanceClock"]["now"])
    # the clock goes on ticking after it moved: a second or so later than counted is still right
    assert earliest <= moved <= Duration.working_days(5).after(utcnow(), calendar) + timedelta(seconds=5)


async def test_advancing_fires_what_falls_due_at_its_own_moment_for_every_process(accounts, root, loket_settings):
    reporter = await accounts.signed_in("reporter@kit.example")
    agent = await accounts.signed_in("agent@kit.example", teams=["plainsla/l1"])
    number = (await reporter.ok(OPEN))["createTicket"]["ticket"]["number"]
    await agent.ok(TAKE, {"n": number})
    await agent.ok(ASK, {"n": number})
    asked = moment([e for e in (await agent.ok(DETAIL, {"n": number}))["ticket"]["timeline"]["nodes"]
                    if e["kind"] == "FEEDBACK_REQUESTED"][0]["createdAt"])

    assert (await root.ok(ADVANCE, {"by": "2 days"}))["advanceClock"]["timersFired"] == 0
    assert (await agent.ok(DETAIL, {"n": number}))["ticket"]["status"]["name"] == "waiting_on_reporter"
    moved = (await root.ok(ADVANCE, {"by": "1 day"}))["advanceClock"]
    assert moved["timersFired"] >= 1
    ticket = (await agent.ok(DETAIL, {"n": number}))["ticket"]
    closes = [moment(e["createdAt"]) for e in ticket["timeline"]["nodes"] if e["kind"] == "AUTO_CLOSED"]
    assert ticket["status"]["name"] == "closed" and len(closes) == 1
    assert timedelta(0) <= closes[0] - (asked + 3 * DAY) < timedelta(seconds=1), "at the timeout's own moment"
    another_process = MovableClock(loket_settings.data_dir)
    assert abs(another_process() - moment(moved["now"])) < timedelta(seconds=5)


def test_production_refuses_a_movable_clock(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOKET_ENV", "production")
    monkeypatch.setenv("LOKET_SECRET_KEY", "a-production-secret-of-forty-characters!")
    monkeypatch.setenv("LOKET_MOVABLE_CLOCK", "true")
    with pytest.raises(ConfigurationError, match="LOKET_MOVABLE_CLOCK is for development only"):
        load_settings()


@pytest.mark.parametrize("command", [["serve"], ["clock", "advance", "1", "day"]])
def test_production_refuses_to_start_with_a_movable_clock(tmp_path, command):
    env = loket_env(f"sqlite://{tmp_path / 'loket.sqlite3'}", tmp_path / "var", LOKET_ENV="production",
                    LOKET_SECRET_KEY="a-production-secret-of-forty-characters!", LOKET_MOVABLE_CLOCK="true")
    result = run_loket(*command, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"loket {command[0]}: error: LOKET_MOVABLE_CLOCK is for development only; production keeps real time"]
