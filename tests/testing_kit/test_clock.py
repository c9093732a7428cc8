"""The kit's clock: time stands still until a test moves it, and letting time pass fires each timer at its own
moment, as the background runner would."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from loket.core.errors import InvalidInputError
from loket.core.testing import START
from loket.core.workflow.timing import Duration
from tests.plugins import loket_sla_desk
from tests.testing_kit import reminder_desk

OPEN = """mutation($desk: String!, $topic: String) { createTicket(input: {desk: $desk, topic: $topic,
  title: "Cannot reach the portal", description: "The portal times out since morning."}) {
  ticket { number createdAt } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } } } }"
ASK = """mutation($n: String!) { requestFeedback(input: {number: $n, message: "Please send the error page."}) {
  ticket { status { name } } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { status { name } closeReason
  messages { nodes { body createdAt } } timeline { nodes { kind createdAt } } } }"""
H = timedelta(hours=1)


@pytest.fixture
def loket_plugins():
    return [loket_sla_desk, reminder_desk]


@pytest.fixture
async def people(loket_accounts):
    return {"reporter": await loket_accounts.signed_in("reporter@kit.example"),
            "agent": await loket_accounts.signed_in("agent@kit.example", teams=["plainsla/l1", "reminders/l1"])}


async def waiting_on_reporter(people) -> str:
    number = (await people["reporter"].ok(OPEN, {"desk": "plainsla", "topic": "general"}))["createTicket"]["ticket"]
    await people["agent"].ok(TAKE, {"n": number["number"]})
    await people["agent"].ok(ASK, {"n": number["number"]})
    return number["number"]


async def ticket(people, number: str) -> dict:
    return (await people["agent"].ok(DETAIL, {"n": number}))["ticket"]


def moments(detail: dict, kind: str) -> list[datetime]:
    return [datetime.fromisoformat(event["createdAt"]) for event in detail["timeline"]["nodes"] if event["kind"] == kind.upper()]


async def test_the_clock_starts_on_a_monday_morning_in_jakarta_and_stands_still(loket_clock, people):
    assert (loket_clock.now, loket_clock.now.weekday(), loket_clock.now.hour) == (START, 0, 8)
    assert START.tzname() == "WIB"
    created = (await people["reporter"].ok(OPEN, {"desk": "plainsla", "topic": "general"}))["createTicket"]["ticket"]
    assert datetime.fromisoformat(created["createdAt"]) == START
    assert loket_clock.now == START, "nothing moves the clock but the test"


async def test_two_days_fire_nothing_and_the_third_closes_the_ticket_once(loket_clock, people):
    number = await waiting_on_reporter(people)
    assert await loket_clock.advance("2 days") == 0
    assert (await ticket(people, number))["status"]["name"] == "waiting_on_reporter"
    assert await loket_clock.advance("1 day") == 1
    closed = await ticket(people, number)
    assert (closed["status"]["name"], closed["closeReason"]) == ("closed", "no_feedback")
    assert moments(closed, "auto_closed") == [START + 72 * H], "at the timeout's own moment"
    assert await loket_clock.advance("3x24 hours") == 0
    assert len(moments(await ticket(people, number), "auto_closed")) == 1


@pytest.mark.parametrize("step", [Duration.days(3), "3x24 jam", timedelta(hours=72)],
                         ids=["Duration", "text", "timedelta"])
async def test_a_step_is_a_duration_a_text_or_a_timedelta(loket_clock, people, step):
    number = await waiting_on_reporter(people)
    assert await loket_clock.advance(step) == 1
    assert loket_clock.now == START + 72 * H
    assert moments(await ticket(people, number), "auto_closed") == [START + 72 * H]


async def test_move_and_set_fire_nothing_until_time_passes(loket_clock, people):
    number = await waiting_on_reporter(people)
    assert loket_clock.move("4 days") == START + 96 * H
    assert (await ticket(people, number))["status"]["name"] == "waiting_on_reporter"
    loket_clock.set(START + 100 * H)
    assert (await ticket(people, number))["status"]["name"] == "waiting_on_reporter"
    assert await loket_clock.advance(timedelta(0)) == 1, "an overdue timer fires as soon as time passes"
    assert moments(await ticket(people, number), "auto_closed") == [START + 100 * H]


async def test_timers_due_on_the_way_fire_in_order_each_at_its_own_moment(loket_clock, people):
    number = (await people["reporter"].ok(OPEN, {"desk": "plainsla", "topic": "general"}))["createTicket"]["ticket"]
    assert await loket_clock.advance("3 days") == 4
    detail = await ticket(people, number["number"])
    # first response: 1x24 h, warned 4 h before; resolution: 3x24 h, warned 4 h before
    assert moments(detail, "sla_warning") == [START + 20 * H, START + 68 * H]
    assert moments(detail, "sla_breached") == [START + 24 * H, START + 72 * H]


async def test_a_timer_armed_by_a_firing_fires_at_its_own_moment(loket_clock, loket_client, people):
    number = (await people["reporter"].ok(OPEN, {"desk": "reminders", "topic": None}))["createTicket"]["ticket"]
    await people["agent"].ok(TAKE, {"n": number["number"]})
    assert await loket_clock.advance("1 day") == 3
    notes = [(message["body"], datetime.fromisoformat(message["createdAt"]))
             for message in (await ticket(people, number["number"]))["messages"]["nodes"]]
    assert notes == [(f"Reminder {n}: the ticket is still in progress", START + moment * H)
                     for n, moment in ((1, 1), (2, 3), (3, 5))]
    assert loket_clock.now == START + 24 * H


async def test_working_time_is_counted_in_the_named_desks_calendar(loket_clock, loket_app):
    # officesla works 08:00-12:00 and 13:00-16:00 on weekdays: a working day is 7 hours.
    assert loket_clock.move("1 working day", desk="officesla") == START + 8 * H  # Monday 16:00
    assert loket_clock.move("2 working days", desk="officesla") == START + 56 * H  # Wednesday 16:00
    with pytest.raises(InvalidInputError) as refused:
        loket_clock.move("1 working day")
    assert (refused.value.code, refused.value.field) == ("DURATION_NEEDS_CALENDAR", "duration")
    with pytest.raises(InvalidInputError) as refused:
        loket_clock.move("1 working day", desk="plainsla")
    assert (refused.value.code, refused.value.field) == ("DURATION_NEEDS_CALENDAR", "desk")


async def test_the_clock_refuses_to_let_time_pass_backwards_or_without_a_time_zone(loket_clock, loket_app):
    with pytest.raises(ValueError, match="before the clock's time"):
        await loket_clock.advance_to(START - H)
    with pytest.raises(ValueError, match="no time zone"):
        loket_clock.set(datetime(2026, 3, 2, 8, 0))
    with pytest.raises(InvalidInputError, match="not a duration"):
        await loket_clock.advance("3 fortnights")
    assert loket_clock.now == START
