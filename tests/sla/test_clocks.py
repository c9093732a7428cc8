"""SLA clocks through GraphQL: due times, pauses with reasons, breaches, in plain and in office hours."""

from __future__ import annotations

from datetime import datetime

from loket.core.models import TicketEvent
from loket.core.timekeeping.timers import run_due_timers
from tests.sla.conftest import WIB
from tests.ticket_ops import REPLY, REQUEST_FEEDBACK, TAKE

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
SLA = """query($n: String!) { ticket(number: $n) { status { name } slaDueAt slaBreached sla {
  kind label state targetSeconds usedSeconds leftSeconds dueAt breached countsWorkingTime
  segments { state reason { name } reasonLabel note startedAt endedAt countedSeconds } } } }"""
PAUSE = """mutation($n: String!, $r: String!, $note: String!) { pauseSla(input: {number: $n, reason: $r, note: $note}) {
  ticket { number } } }"""
RESUME = """mutation($n: String!) { resumeSla(input: {number: $n}) { ticket { number } } }"""
H = 3600


async def open_ticket(person, desk="plainsla", topic="general", **extra) -> str:
    values = {"desk": desk, "title": "Cannot reach the portal", "description": "The portal times out since morning."}
    if desk == "plainsla":
        values["topic"] = topic
    values.update(extra)
    return (await person.ok(CREATE, input=values))["createTicket"]["ticket"]["number"]


async def clocks(person, number) -> dict:
    ticket = (await person.ok(SLA, n=number))["ticket"]
    return {clock["kind"]: clock for clock in ticket["sla"]} | {"_ticket": ticket}


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def test_a_new_ticket_gets_both_targets_in_plain_hours(staff, clock):
    number = await open_ticket(staff["reporter"])
    found = await clocks(staff["agent"], number)
    assert found["first_response"]["targetSeconds"] == 24 * H
    assert found["resolution"]["targetSeconds"] == 72 * H
    assert instant(found["resolution"]["dueAt"]) == datetime(2026, 12, 17, 8, 0, tzinfo=WIB)
    assert instant(found["first_response"]["dueAt"]) == datetime(2026, 12, 15, 8, 0, tzinfo=WIB)
    assert found["_ticket"]["slaDueAt"] == found["first_response"]["dueAt"], "the nearest running target"
    clock.advance(hours=5)
    found = await clocks(staff["agent"], number)
    assert (found["resolution"]["usedSeconds"], found["resolution"]["leftSeconds"]) == (5 * H, 67 * H)
    assert found["resolution"]["countsWorkingTime"] is False


async def test_targets_follow_topic_and_priority_most_specific_first(staff, clock):
    network = await clocks(staff["agent"], await open_ticket(staff["reporter"], topic="network"))
    assert network["resolution"]["targetSeconds"] == 120 * H
    assert network["first_response"]["targetSeconds"] == 24 * H, "the desk-wide first response still applies"
    urgent = await clocks(staff["agent"], await open_ticket(staff["reporter"], topic="network",
                                                            fields={"urgent": True}))
    assert (urgent["first_response"]["targetSeconds"], urgent["resolution"]["targetSeconds"]) == (2 * H, 24 * H)


async def test_the_first_response_stops_its_clock(staff, clock):
    number = await open_ticket(staff["reporter"])
    clock.advance(hours=3)
    await staff["agent"].ok(TAKE, n=number)
    clock.advance(hours=1)
    await staff["agent"].ok(REPLY, n=number, m="Looking at the portal logs now.")
    found = await clocks(staff["agent"], number)
    assert found["first_response"]["state"] == "STOPPED" and found["first_response"]["usedSeconds"] == 4 * H
    assert found["first_response"]["breached"] is False
    assert found["resolution"]["state"] == "RUNNING"


async def test_waiting_on_the_reporter_pauses_the_resolution_clock(staff, clock):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    clock.advance(hours=10)
    await staff["agent"].ok(REQUEST_FEEDBACK, n=number, m="Which browser do you use?")
    clock.advance(hours=30)
    paused = (await clocks(staff["agent"], number))["resolution"]
    assert paused["state"] == "PAUSED" and paused["dueAt"] is None and paused["usedSeconds"] == 10 * H
    await staff["reporter"].ok(REPLY, n=number, m="Firefox 128 on Windows.")
    resumed = await clocks(staff["agent"], number)
    assert resumed["resolution"]["state"] == "RUNNING"
    assert instant(resumed["resolution"]["dueAt"]) == datetime(2026, 12, 18, 14, 0, tzinfo=WIB), "72 h + 30 h paused"
    assert [(s["state"], s["reason"]["name"], s["countedSeconds"]) for s in resumed["resolution"]["segments"]] == [
        ("RUNNING", "started", 10 * H), ("PAUSED", "waiting_on_reporter", 0), ("RUNNING", "feedback_given", 0)]
    assert resumed["resolution"]["segments"][1]["reasonLabel"] == "Waiting for the reporter's feedback"


async def test_an_agent_marks_an_exception_with_a_reason(staff, clock):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    clock.advance(hours=2)
    await staff["agent"].ok(PAUSE, n=number, r="infrastructure", note="Data centre power work until Friday")
    clock.advance(hours=48)
    await staff["agent"].ok(RESUME, n=number)
    clock.advance(hours=1)
    found = await clocks(staff["agent"], number)
    resolution = found["resolution"]
    assert resolution["usedSeconds"] == 3 * H
    assert [(s["reason"]["name"], s["reasonLabel"], s["note"]) for s in resolution["segments"]] == [
        ("started", "Started", ""), ("infrastructure", "Infrastructure", "Data centre power work until Friday"),
        ("exception_lifted", "Exception lifted", "")]
    seen_by_reporter = (await clocks(staff["reporter"], number))["resolution"]["segments"][1]
    assert seen_by_reporter["reasonLabel"] == "Infrastructure" and seen_by_reporter["note"] is None


async def test_exceptions_need_a_reason_the_desk_accepts(staff, clock):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    refused = await staff["agent"].run(PAUSE, n=number, r="lunch", note="")
    assert refused.error_codes == ["NOT_A_CHOICE"] and refused.errors[0]["extensions"]["field"] == "input.reason"
    assert (await staff["agent"].run(RESUME, n=number)).error_codes == ["SLA_CLOCK_NOT_EXCEPTED"]
    assert (await staff["reporter"].run(PAUSE, n=number, r="infrastructure", note="")).error_codes == [
        "ACTION_NOT_ALLOWED_FOR_YOU"]


async def test_warning_then_breach_are_events_subscribers_and_timelines_see(staff, clock, app):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(REPLY, n=number, m="We are on it, hold on.")
    runtime = app.state.runtime
    clock.advance(hours=2)
    assert await run_due_timers(runtime, "w1") == 1, "the desk's own one-hour reminder"
    clock.advance(hours=65)
    assert await run_due_timers(runtime, "w1") == 0
    clock.advance(hours=1)  # 68 h: four hours before the 72 h target
    assert await run_due_timers(runtime, "w1") == 1
    clock.advance(hours=4, seconds=1)
    assert await run_due_timers(runtime, "w1") == 1
    found = await clocks(staff["agent"], number)
    assert found["resolution"]["breached"] is True and found["_ticket"]["slaBreached"] is True
    assert found["resolution"]["leftSeconds"] == -1
    kinds = [e.kind for e in await TicketEvent.filter(ticket__number=number).order_by("seq")]
    assert kinds[-2:] == ["sla_warning", "sla_breached"]
    assert await run_due_timers(runtime, "w1") == 0, "each fires once"


async def test_office_hours_skip_nights_weekends_and_holidays(staff, clock):
    clock.set(datetime(2026, 12, 18, 15, 0, tzinfo=WIB))  # Friday 15:00
    number = await open_ticket(staff["reporter"], desk="officesla")
    found = await clocks(staff["office"], number)
    # 21 working hours: Fri 15-16 (1), Mon 21 (7), Tue 22 (7), Wed 23 08-12,13-15 (6): due Wed 23rd 15:00.
    assert instant(found["resolution"]["dueAt"]) == datetime(2026, 12, 23, 15, 0, tzinfo=WIB)
    assert found["resolution"]["countsWorkingTime"] is True
    # 7 working hours of first response: Fri 1 h, Monday 6 h (08-12, 13-15).
    assert instant(found["first_response"]["dueAt"]) == datetime(2026, 12, 21, 15, 0, tzinfo=WIB)
    clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=WIB))  # Monday 09:00: Friday's hour plus one
    assert (await clocks(staff["office"], number))["resolution"]["usedSeconds"] == 2 * H


async def test_office_hours_pause_across_the_holidays(staff, clock):
    clock.set(datetime(2026, 12, 21, 8, 0, tzinfo=WIB))
    number = await open_ticket(staff["reporter"], desk="officesla")
    await staff["office"].ok(TAKE, n=number)
    clock.set(datetime(2026, 12, 22, 8, 0, tzinfo=WIB))  # 7 h used
    await staff["office"].ok(REQUEST_FEEDBACK, n=number, m="Send a screenshot?")
    clock.set(datetime(2026, 12, 23, 10, 0, tzinfo=WIB))
    await staff["reporter"].ok(REPLY, n=number, m="Screenshot sent by mail.")
    # 14 h left from Wednesday 23rd 10:00: 5 h that day, 24-25 off, weekend, Monday 28th 7 h, Tuesday 2 h.
    found = await clocks(staff["office"], number)
    assert instant(found["resolution"]["dueAt"]) == datetime(2026, 12, 29, 10, 0, tzinfo=WIB)


async def test_queues_can_be_filtered_and_sorted_by_due_time_and_breach(staff, clock, app):
    later = await open_ticket(staff["reporter"], topic="network")  # 120 h
    sooner = await open_ticket(staff["reporter"])  # 72 h
    for number in (later, sooner):
        await staff["agent"].ok(TAKE, n=number)
        await staff["agent"].ok(REPLY, n=number, m="Looking into it now.")
    clock.advance(hours=73)
    await run_due_timers(app.state.runtime, "w1")
    by_due = await staff["agent"].ok("""{ tickets(orderBy: SLA_DUE) { edges { node { number slaDueAt } } } }""")
    assert [e["node"]["number"] for e in by_due["tickets"]["edges"]] == [sooner, later]
    breached = await staff["agent"].ok("""{ tickets(filter: {slaBreached: true}) { totalCount edges { node { number } } } }""")
    assert [e["node"]["number"] for e in breached["tickets"]["edges"]] == [sooner]
    overdue = await staff["agent"].ok("""{ tickets(filter: {overdue: true}) { edges { node { number } } } }""")
    assert [e["node"]["number"] for e in overdue["tickets"]["edges"]] == [sooner]


async def test_paging_by_due_time_walks_every_ticket_once(staff, clock):
    numbers = [await open_ticket(staff["reporter"], topic="network" if i % 2 else "general") for i in range(5)]
    await staff["agent"].ok(TAKE, n=numbers[0])
    await staff["agent"].ok(REQUEST_FEEDBACK, n=numbers[0], m="Which browser do you use?")  # paused: no due time
    seen, after = [], None
    while True:
        page = (await staff["agent"].ok("""query($after: String) { tickets(orderBy: SLA_DUE, first: 2, after: $after) {
            edges { node { number slaDueAt } } pageInfo { hasNextPage endCursor } } }""", after=after))["tickets"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(t["number"] for t in seen) == sorted(numbers)
    dues = [instant(t["slaDueAt"]) for t in seen if t["slaDueAt"]]
    assert dues == sorted(dues) and len(dues) == 4
    assert seen[-1]["number"] == numbers[0] and seen[-1]["slaDueAt"] is None
