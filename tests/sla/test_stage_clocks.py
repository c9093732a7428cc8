"""Clocks per stage, over GraphQL, at the sample stage desk (tests/plugins/loket_stage_desk.py): reaching tier 2
starts a fresh limit of 2 working days, awaiting a leadership decision extends it to 5 working days from then,
leaving tier 2 stops it, and the desk's service levels are asked again whenever the ticket changes tier.

The desk's calendar: Monday to Friday 08:00-16:00 (8 working hours a day), 25 December and 1 January off.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from loket.core.models import DeskAdmin, Desk
from loket.core.timekeeping.timers import run_due_timers
from tests.people import sign_up
from tests.sla.conftest import WIB
from tests.ticket_ops import ESCALATE, REPLY, RETURN, TAKE

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
ACT = """mutation($input: PerformActionInput!) { performAction(input: $input) { ticket { status { name } statusCategory } } }"""
SLA = """query($n: String!) { ticket(number: $n) { status { name } slaDueAt slaBreached
  sla { kind label state targetSeconds usedSeconds dueAt breached countsWorkingTime segments { state reason { name } note } }
  timeline { nodes { kind payload } } } }"""
BREACHED = """{ tickets(filter: {slaBreached: true}) { edges { node { number } } } }"""
REPORT = """query($start: Date!, $end: Date!) { deskReport(desk: "stagedesk", period: {start: $start, end: $end}) {
  breaches { tickets breached rate byClock { clock label tickets breached rate } series { tickets breached } }
  resolution { breached } } }"""
H = 3600


@pytest.fixture
def plugins():
    from tests.plugins import loket_stage_desk

    return [loket_stage_desk]


@pytest.fixture
async def desk_people(client, settings, app):
    roles = (("reporter", ()), ("front", (("stagedesk", "front"),)), ("expert", (("stagedesk", "second"),)),
             ("admin", ()))
    people = {role: await sign_up(client, settings, f"{role}@stage.example", role.title(), teams=teams)
              for role, teams in roles}
    await DeskAdmin.create(user=people["admin"].user, desk=await Desk.get(slug="stagedesk"))
    return people


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def state(person, number: str, language: str | None = None) -> dict:
    response = await person.client.execute(SLA, {"n": number}, language=language)
    ticket = response.ok()["ticket"]
    return {clock["kind"]: clock for clock in ticket["sla"]} | {"_ticket": ticket}


async def opened(people, clock) -> str:
    """A ticket filed on Monday 21 December 09:00 and answered by the front office at once."""
    clock.set(at(21, 9))
    number = (await people["reporter"].ok(CREATE, input={
        "desk": "stagedesk", "title": "Permit record missing", "description": "My permit is not in the register."
    }))["createTicket"]["ticket"]["number"]
    await people["front"].ok(TAKE, n=number)
    await people["front"].ok(REPLY, n=number, m="We are checking the register.")
    return number


async def escalated(people, clock, moment: datetime) -> str:
    number = await opened(people, clock)
    clock.set(moment)
    await people["front"].ok(ESCALATE, n=number, m="Needs the records office.")
    return number


async def test_reaching_tier_2_starts_a_fresh_clock_due_in_working_days(desk_people, clock):
    number = await escalated(desk_people, clock, at(23, 14))  # Wednesday 14:00
    found = await state(desk_people["expert"], number)
    tier2 = found["tier2"]
    assert (tier2["label"], tier2["state"], tier2["usedSeconds"], tier2["targetSeconds"]) == (
        "Tier-2 handling", "RUNNING", 0, 16 * H)
    # 16 working hours: Wednesday 14-16 (2), Thursday (8), Friday 25th off, the weekend, Monday 28th 08-14 (6).
    assert instant(tier2["dueAt"]) == at(28, 14)
    assert tier2["countsWorkingTime"] is True and tier2["segments"] == [
        {"state": "RUNNING", "reason": {"name": "started"}, "note": ""}]
    assert instant(found["_ticket"]["slaDueAt"]) == at(28, 14), "the nearest running limit"
    assert found["first_response"]["countsWorkingTime"] is False, "4 hours, in calendar time"
    assert found["resolution"]["countsWorkingTime"] is True
    indonesian = await state(desk_people["expert"], number, language="id")
    assert indonesian["tier2"]["label"] == "Penanganan tingkat 2"
    assert set(await state(desk_people["reporter"], number)) == {"first_response", "resolution", "_ticket"}, \
        "the tier-2 clock is the staff's"


async def test_the_policy_is_asked_again_when_the_tier_changes(desk_people, clock):
    number = await opened(desk_people, clock)
    clock.set(at(22, 9))  # Tuesday 09:00: 8 working hours used
    before = (await state(desk_people["front"], number))["resolution"]
    assert (before["targetSeconds"], before["usedSeconds"]) == (80 * H, 8 * H), "10 working days: core's default"
    await desk_people["front"].ok(ESCALATE, n=number, m="Needs the records office.")
    after = (await state(desk_people["expert"], number))["resolution"]
    assert (after["targetSeconds"], after["usedSeconds"]) == (120 * H, 8 * H), "15 working days at tier 2"
    # 112 working hours from Tuesday 22nd 09:00, 25 December and 1 January off: Wednesday 13 January 09:00.
    assert instant(after["dueAt"]) == at(13, 9, month=1, year=2027)
    await desk_people["expert"].ok(RETURN, n=number, m="Back to the front office.")
    back = (await state(desk_people["front"], number))["resolution"]
    assert (back["targetSeconds"], back["usedSeconds"]) == (80 * H, 8 * H)


async def test_an_extension_moves_the_tier_2_limit_and_only_the_new_one_is_breached(desk_people, clock, app):
    runtime = app.state.runtime
    expert = desk_people["expert"]
    number = await escalated(desk_people, clock, at(23, 14))
    clock.set(at(24, 9))
    await expert.ok(TAKE, n=number)
    clock.set(at(24, 10))  # 4 working hours of the tier-2 limit used
    waiting = await expert.ok(ACT, input={"number": number, "action": "await_decision",
                                          "message": "The permit needs the head of office's decision."})
    assert waiting["performAction"]["ticket"] == {"status": {"name": "awaiting_decision"},
                                                  "statusCategory": "WAITING_ON_THIRD_PARTY"}
    tier2 = (await state(expert, number))["tier2"]
    # 5 working days from Thursday 24th 10:00: 6 h that day, 28-31 December (32 h), 1 January off, 2 h on the 4th.
    assert instant(tier2["dueAt"]) == at(4, 10, month=1, year=2027)
    assert (tier2["state"], tier2["targetSeconds"]) == ("RUNNING", 44 * H), "an extension is not a pause"
    assert [(s["reason"]["name"], s["note"]) for s in tier2["segments"]] == [("started", ""), ("extended", "5 working days")]

    clock.set(at(28, 14, 1))  # past the old limit
    await run_due_timers(runtime, "w1")
    found = await state(expert, number)
    assert found["tier2"]["breached"] is False and found["_ticket"]["slaBreached"] is False
    assert found["tier2"]["usedSeconds"] == 16 * H + 60, "still running while leadership decides"
    assert "SLA_BREACHED" not in [event["kind"] for event in found["_ticket"]["timeline"]["nodes"]]

    clock.set(at(4, 10, 1, month=1, year=2027))  # past the new one
    await run_due_timers(runtime, "w1")
    found = await state(expert, number)
    assert found["tier2"]["breached"] is True and found["_ticket"]["slaBreached"] is True
    assert found["resolution"]["breached"] is False
    clock_events = [(e["kind"], e["payload"]["clock"]) for e in found["_ticket"]["timeline"]["nodes"]
                    if e["kind"] in ("SLA_WARNING", "SLA_BREACHED")]
    assert clock_events == [("SLA_WARNING", "tier2"), ("SLA_BREACHED", "tier2")]
    assert number in [edge["node"]["number"] for edge in (await expert.ok(BREACHED))["tickets"]["edges"]]
    report = (await desk_people["admin"].ok(REPORT, start="2026-12-21", end="2026-12-21"))["deskReport"]
    assert report["breaches"] == {
        "tickets": 1, "breached": 1, "rate": 1.0, "series": [{"tickets": 1, "breached": 1}],
        "byClock": [{"clock": "first_response", "label": "First response", "tickets": 1, "breached": 0, "rate": 0.0},
                    {"clock": "resolution", "label": "Resolution", "tickets": 1, "breached": 0, "rate": 0.0},
                    {"clock": "tier2", "label": "Tier-2 handling", "tickets": 1, "breached": 1, "rate": 1.0}]}

    # After the decision, back to the front office and up again: a fresh limit; the report remembers the breach.
    await expert.ok(ACT, input={"number": number, "action": "record_decision"})
    await expert.ok(RETURN, n=number, m="Decision recorded, please inform the reporter.")
    clock.set(at(5, 9, month=1, year=2027))
    await desk_people["front"].ok(ESCALATE, n=number, m="The reporter asks for a copy.")
    fresh = (await state(expert, number))["tier2"]
    assert (fresh["state"], fresh["usedSeconds"], fresh["breached"]) == ("RUNNING", 0, False)
    assert instant(fresh["dueAt"]) == at(7, 9, month=1, year=2027)
    report = (await desk_people["admin"].ok(REPORT, start="2026-12-21", end="2026-12-21"))["deskReport"]
    assert report["breaches"]["byClock"][2] == {"clock": "tier2", "label": "Tier-2 handling", "tickets": 1,
                                                "breached": 1, "rate": 1.0}
    assert report["resolution"]["breached"] == 0


async def test_leaving_tier_2_stops_its_clock_and_coming_back_starts_it_fresh(desk_people, clock, app):
    number = await escalated(desk_people, clock, at(23, 14))
    clock.set(at(24, 9))
    await desk_people["expert"].ok(RETURN, n=number, m="The front office can answer this.")
    stopped = (await state(desk_people["expert"], number))["tier2"]
    assert (stopped["state"], stopped["usedSeconds"], stopped["dueAt"]) == ("STOPPED", 3 * H, None)
    assert stopped["segments"] == [{"state": "RUNNING", "reason": {"name": "started"}, "note": "left_stage"}]

    clock.set(at(28, 14, 1))  # past the limit it had
    await run_due_timers(app.state.runtime, "w1")
    found = await state(desk_people["expert"], number)
    assert found["tier2"]["breached"] is False and found["_ticket"]["slaBreached"] is False

    clock.set(at(29, 9))
    await desk_people["front"].ok(ESCALATE, n=number, m="Needs the records office after all.")
    fresh = (await state(desk_people["expert"], number))["tier2"]
    assert (fresh["state"], fresh["usedSeconds"], fresh["targetSeconds"]) == ("RUNNING", 0, 16 * H)
    assert instant(fresh["dueAt"]) == at(31, 9), "Tuesday 7 h, Wednesday 8 h, Thursday 1 h"
    assert fresh["segments"] == [{"state": "RUNNING", "reason": {"name": "started"}, "note": ""}], "the current run"
