"""What the calendar, holiday and SLA-target tests share: the calendar desk beside the test desk, people in
every role at it, a clock the tests move, and the GraphQL documents."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from loket.core.models import Desk, DeskAdmin
from tests.people import Person, sign_up
from tests.sla.conftest import FakeClock

WIB = ZoneInfo("Asia/Jakarta")
DESK = "kalender"

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
TICKET = """query($n: String!) { ticket(number: $n) { slaDueAt
  sla { kind state dueAt targetSeconds usedSeconds countsWorkingTime }
  deadlines { kind rule at } } }"""
CALENDAR = """query($desk: String!, $year: Int!) { businessCalendar(desk: $desk) { timeZone nationalHolidays
  workingDays hours { weekday opens closes } daysOff(year: $year) { date name kind source } } }"""
SET_HOLIDAY = """mutation($desk: String!, $date: Date!, $name: String!, $kind: DayOffKind) {
  setHoliday(input: {desk: $desk, date: $date, name: $name, kind: $kind}) {
    calendar { daysOff(year: 2026) { date name kind source } } } }"""
REMOVE_HOLIDAY = """mutation($desk: String!, $date: Date!) { removeHoliday(input: {desk: $desk, date: $date}) {
  calendar { workingDays daysOff(year: 2026) { date name kind source } } } }"""
SET_HOURS = """mutation($desk: String!, $hours: [OfficeHoursInput!]!) {
  setOfficeHours(input: {desk: $desk, hours: $hours}) { calendar { timeZone hours { weekday opens closes } } } }"""
LOG = """query($filter: AuditFilterInput) { auditLog(filter: $filter) {
  edges { node { actor desk action target before after } } } }"""


def at(day: int, hour: int, month: int = 2, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@pytest.fixture
def plugins(test_desk_plugins):
    from tests.plugins import loket_calendar_desk

    return [*test_desk_plugins, loket_calendar_desk]


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(at(2, 8))  # Monday 2 February 2026, 08:00 in Jakarta
    app.state.runtime.clock = fake.now
    return fake


@pytest.fixture
async def staff(client, settings, app, people: dict[str, Person]) -> dict[str, Person]:
    """Roles at the calendar desk; ``other_admin`` administers the test desk only."""
    agent = await sign_up(client, settings, "agent@kalender.example", "Agent", teams=((DESK, "l1"),))
    expert = await sign_up(client, settings, "expert@kalender.example", "Expert", teams=((DESK, "l2"),))
    admin = await sign_up(client, settings, "admin@kalender.example", "Admin")
    await DeskAdmin.create(user=admin.user, desk=await Desk.get(slug=DESK))
    return {"reporter": people["reporter"], "agent": agent, "expert": expert, "admin": admin,
            "other_admin": people["admin"], "superuser": people["superuser"], "outsider": people["outsider"]}


async def open_ticket(person: Person, topic: str = "general") -> str:
    values = {"desk": DESK, "title": "Cannot reach the portal", "description": "The portal times out since morning.",
              "topic": topic}
    return (await person.ok(CREATE, input=values))["createTicket"]["ticket"]["number"]


async def ticket(person: Person, number: str) -> dict:
    return (await person.ok(TICKET, n=number))["ticket"]


def clock_of(found: dict, kind: str) -> dict:
    return next(clock for clock in found["sla"] if clock["kind"] == kind)
