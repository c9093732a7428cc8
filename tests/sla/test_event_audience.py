"""Staff-only parts of ticket events never reach the reporter: not through the timeline, the live ticket and
queue updates, an export, the printed ticket, a mail or what plugins are told to pass on; the desk's staff
see all of it. One case for every kind of event that carries something staff-only: an agent's note on an SLA
exception, and what a desk's own timer carries when it escalates, closes or leaves a note."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from pypdf import PdfReader

from loket.core.auth.tokens import authenticate_token
from loket.core.hookspecs import hookimpl
from loket.core.models import OutboxMessage, Ticket
from loket.core.plugin_types import EventView, TimerOutcome, TimerRequest
from loket.core.tickets.audience import PAYLOAD_AUDIENCE
from loket.core.timekeeping.timers import run_due_timers
from loket.schema.context import LoketContext
from loket.schema.subscriptions.live_reads import LiveReads
from tests.exports.helpers import export, get
from tests.sla.test_clocks import PAUSE, open_ticket
from tests.ticket_ops import REPLY, TAKE

SECRET = "Vendor contract lapsed, do not tell the reporter"
EVENT = "seq kind payload"
TIMELINE = """query($n: String!) { ticket(number: $n) { version timeline { nodes { %s } } } }""" % EVENT
TICKET_UPDATES = "subscription($n: String!) { ticketUpdates(number: $n) { %s } }" % EVENT
QUEUE_UPDATES = """subscription($q: LiveQueue!) { queueUpdates(desk: "plainsla", queue: $q) {
  resync event { %s } } }""" % EVENT


@dataclass
class MemoTimers:
    """A desk's own timers that carry an internal memo: armed when a ticket is created with a title naming
    the outcome, they escalate, close or leave a note an hour later. Also hears every event, as plugins do."""

    heard: list[EventView] = field(default_factory=list)

    @hookimpl
    def ticket_timers(self, desk, ticket, event):
        for outcome in ("escalate", "close", "note"):
            if desk.slug == "plainsla" and event.kind == "created" and ticket.title.startswith(f"memo-{outcome}"):
                return [TimerRequest(f"memo_{outcome}", timedelta(hours=1), expect_status="new",
                                     payload={"memo": SECRET})]
        return []

    @hookimpl
    def timer_fired(self, desk, kind, payload):
        if desk.slug != "plainsla" or not kind.startswith("memo_"):
            return None
        return {"memo_escalate": TimerOutcome("escalate", to_team="l2"),
                "memo_close": TimerOutcome("close", close_reason="duplicate"),
                "memo_note": TimerOutcome("note", message="Checked by the night shift.")}[kind]

    @hookimpl
    def on_ticket_event(self, desk, ticket, event):
        if desk.slug == "plainsla":
            self.heard.append(event)


MEMO = MemoTimers()


@pytest.fixture
def plugins():
    from tests.plugins import loket_sla_desk

    MEMO.heard.clear()
    return [loket_sla_desk, MEMO]


async def pause_with_note(staff, clock, app) -> str:
    number = await open_ticket(staff["reporter"], title="Portal down at night")
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(PAUSE, n=number, r="infrastructure", note=SECRET)
    return number


def memo_timer(outcome: str):
    async def fire(staff, clock, app) -> str:
        number = await open_ticket(staff["reporter"], title=f"memo-{outcome}: portal down")
        clock.advance(hours=1, seconds=1)
        assert await run_due_timers(app.state.runtime, "w1") == 1
        return number
    return fire


TIMER = {"after_seconds": 3600}
# (event kind, how it happens, whether it is internal as a whole, the payload a reporter reads)
CASES = {
    "sla_paused": ("sla_paused", pause_with_note, False, {"reason": "infrastructure"}),
    "escalated by a desk timer": ("escalated", memo_timer("escalate"), False, {"rule": "memo_escalate", **TIMER}),
    "auto_closed by a desk timer": ("auto_closed", memo_timer("close"), False, {"rule": "memo_close", **TIMER}),
    "note_added by a desk timer": ("note_added", memo_timer("note"), True, None),
}


def test_every_kind_of_event_has_its_audience_decided():
    from loket.core.locale import en

    named = {key.removeprefix("EVENT_").lower() for key in en.MESSAGES if key.startswith("EVENT_")}
    assert named == set(PAYLOAD_AUDIENCE)
    assert all(audience.why for audience in PAYLOAD_AUDIENCE.values())


@asynccontextmanager
async def watching(app, person, document: str, **variables) -> AsyncIterator:
    """A live subscription run by the app's schema, for a person signed in as a websocket would be."""
    runtime = app.state.runtime
    context = LoketContext(request=None, response=None, runtime=runtime, language="en", live_reads=LiveReads())
    context.user, context.session = await authenticate_token(person.client.token, runtime.settings)
    stream = await app.state.schema.subscribe(document, variable_values=variables, context_value=context)
    try:
        yield stream
    finally:
        await stream.aclose()


async def received_until(stream, done) -> list[dict]:
    """The results of a subscription up to the one ``done`` accepts (each within seconds)."""
    results = []
    while True:
        result = await asyncio.wait_for(stream.__anext__(), 10)
        assert not result.errors, result.errors
        results.append(result.data)
        if done(result.data):
            return results


def leaks(found: object) -> bool:
    return SECRET in (found if isinstance(found, str) else json.dumps(found, ensure_ascii=False))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("case", CASES)
async def test_staff_only_parts_of_an_event_reach_staff_alone(staff, clock, app, client, case):
    kind, happen, internal, for_reporter = CASES[case]
    assert "memo" not in PAYLOAD_AUDIENCE[kind].public and "note" not in PAYLOAD_AUDIENCE[kind].public
    reporter, expert = staff["reporter"], staff["expert"]  # the expert (level 2) sees every ticket of the desk
    async with (watching(app, reporter, QUEUE_UPDATES, q="MINE") as reporter_queue,
                watching(app, staff["agent"], QUEUE_UPDATES, q="INCOMING") as agent_queue):
        for queue in (reporter_queue, agent_queue):
            await received_until(queue, lambda data: data["queueUpdates"]["resync"])
        number = await happen(staff, clock, app)
        if (await Ticket.get(number=number)).status != "closed":
            await reporter.ok(REPLY, n=number, m="Any news on this?")  # a public event after it, for everyone
        last = (await Ticket.get(number=number)).version

        # The timeline, and the ticket's live updates from its start.
        for person, staff_member in ((reporter, False), (expert, True)):
            timeline = (await person.ok(TIMELINE, n=number))["ticket"]["timeline"]["nodes"]
            async with watching(app, person, TICKET_UPDATES, n=number) as updates:
                live = [data["ticketUpdates"] for data in
                        await received_until(updates, lambda data: data["ticketUpdates"]["seq"] == last)]
            assert live == timeline
            seen = [event["payload"] for event in timeline if event["kind"] == kind.upper()]
            assert len(seen) == (internal and not staff_member) ^ 1
            assert leaks(timeline) is staff_member, (person.user.email, timeline)
            if not staff_member and not internal:
                assert seen == [for_reporter], "the public parts reach the reporter"

        # The queue updates of the reporter's own tickets; an agent's queue while the ticket is in their team.
        mine = await received_until(reporter_queue, lambda data: data["queueUpdates"]["event"]["seq"] == last)
        assert not leaks(mine) and (f'"{kind.upper()}"' in json.dumps(mine)) is not internal
        if kind == "sla_paused":
            queue = await received_until(agent_queue, lambda data: data["queueUpdates"]["event"]["seq"] == last)
            assert leaks(queue), "the desk's staff see the note"

    # What plugins are told, and may pass on to a reporter.
    told = [view for view in MEMO.heard if view.kind == kind]
    assert len(told) == 1 and leaks(told[0].payload)
    assert not leaks(told[0].public_payload) and told[0].internal is internal

    # The printed ticket and an export of the reporter's tickets.
    url = f"/tickets/{number}/print.pdf"
    printed = {who: pdf_text((await get(staff[who], client, url)).content) for who in ("reporter", "expert")}
    assert "Vendor contract" not in printed["reporter"]
    if kind == "sla_paused":
        assert "Vendor contract" in printed["expert"], "the agent's note is printed for staff"
        assert "Infrastructure" in printed["reporter"], "the reason is printed for everyone"
    _, exported = await export(reporter, "CSV")
    assert number in exported.decode() and not leaks(exported.decode())

    # Mails.
    assert not [mail for mail in await OutboxMessage.all() if leaks(mail.body_text) or leaks(mail.body_html or "")]
