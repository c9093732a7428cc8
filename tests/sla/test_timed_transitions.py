"""Timed transitions: run by the server, exactly once, recorded with the system as actor and the rule."""

from __future__ import annotations

import asyncio

from loket.core import db
from loket.core.app import create_app
from loket.core.models import Ticket, TicketEvent, Timer
from loket.core.plugins import get_plugin_manager
from loket.core.timekeeping.timers import run_due_timers
from tests.sla.test_clocks import open_ticket
from tests.ticket_ops import CONFIRM, DETAIL, REPLY, REQUEST_FEEDBACK, RESOLVE, TAKE, action_names

H = 3600


async def _waiting(staff, number=None) -> str:
    number = number or await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(REQUEST_FEEDBACK, n=number, m="Please send the error page.")
    return number


async def test_waiting_too_long_closes_the_ticket_by_itself(staff, clock, app):
    number = await _waiting(staff)
    clock.advance(hours=72, seconds=-1)
    await run_due_timers(app.state.runtime, "w1")
    assert (await Ticket.get(number=number)).status == "waiting_on_reporter", "not before 3x24 hours have passed"
    clock.advance(seconds=1)
    await run_due_timers(app.state.runtime, "w1")
    ticket = (await staff["reporter"].ok(DETAIL, n=number))["ticket"]
    assert ticket["status"]["name"] == "closed" and ticket["closeReason"] == "no_feedback"
    last = ticket["timeline"]["nodes"][-1]
    assert (last["kind"], last["actor"], last["fromStatus"]["name"], last["toStatus"]["name"]) == (
        "AUTO_CLOSED", None, "waiting_on_reporter", "closed")
    event = await TicketEvent.get(ticket__number=number, kind="auto_closed")
    assert event.payload == {"rule": "auto_close", "after": "72 hours", "action": "auto_close"}


async def test_an_answer_in_time_cancels_the_close(staff, clock, app):
    number = await _waiting(staff)
    clock.advance(hours=70)
    await staff["reporter"].ok(REPLY, n=number, m="Here is the error page.")
    clock.advance(hours=10)
    await run_due_timers(app.state.runtime, "w1")
    assert (await Ticket.get(number=number)).status == "in_progress"
    assert (await Timer.get(ticket__number=number, kind="transition:auto_close")).status == "cancelled"


async def test_an_unconfirmed_resolution_completes_after_the_window(staff, clock, app):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(RESOLVE, n=number, m="Cleared the portal cache.")
    clock.advance(hours=24, seconds=1)
    await run_due_timers(app.state.runtime, "w1")
    ticket = (await staff["reporter"].ok(DETAIL, n=number))["ticket"]
    assert ticket["status"]["name"] == "closed" and ticket["closeReason"] == "completed"
    assert ticket["timeline"]["nodes"][-1]["kind"] == "AUTO_COMPLETED"
    assert "rate" in action_names(ticket["availableActions"]), "the reporter is asked to rate"


async def test_a_confirmation_in_the_window_leaves_nothing_to_fire(staff, clock, app):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(RESOLVE, n=number, m="Cleared the portal cache.")
    await staff["reporter"].ok(CONFIRM, n=number, solved=True)
    clock.advance(hours=48)
    await run_due_timers(app.state.runtime, "w1")
    assert [e.kind for e in await TicketEvent.filter(ticket__number=number).order_by("seq")][-1] == "confirmed"


async def test_a_desk_defined_timer_goes_through_the_same_mechanism(staff, clock, app):
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    clock.advance(hours=1, seconds=1)
    assert await run_due_timers(app.state.runtime, "w1") == 1
    detail = (await staff["agent"].ok(DETAIL, n=number))["ticket"]
    note = detail["messages"]["nodes"][-1]
    assert (note["body"], note["internal"], note["author"]) == ("Still in progress after an hour (reminder)", True, None)
    assert detail["timeline"]["nodes"][-1]["kind"] == "NOTE_ADDED" and detail["timeline"]["nodes"][-1]["actor"] is None


async def test_two_workers_racing_fire_each_timer_once(staff, clock, app):
    numbers = [await _waiting(staff, await open_ticket(staff["reporter"])) for _ in range(8)]
    clock.advance(hours=73)
    runtime = app.state.runtime
    fired = await asyncio.gather(*(run_due_timers(runtime, f"worker-{i}", limit=3) for i in range(4)))
    fired += await asyncio.gather(*(run_due_timers(runtime, f"worker-{i}", limit=50) for i in range(4)))
    closes = await TicketEvent.filter(kind="auto_closed").count()
    assert closes == 8
    assert await Ticket.filter(number__in=numbers, status="closed").count() == 8
    assert await Timer.filter(status__in=["pending", "firing"], kind="transition:auto_close").count() == 0
    assert sum(fired) >= 8


async def test_a_timer_due_while_the_server_was_down_fires_after_restart(staff, clock, app, settings, plugins):
    number = await _waiting(staff)
    clock.advance(hours=80)
    # The server stops before anything fires (its connection closes), and a new one starts later.
    await db.close_database()
    fresh = create_app(settings, get_plugin_manager(settings, extra_plugins=plugins))
    async with fresh.router.lifespan_context(fresh):
        fresh.state.runtime.clock = clock.now
        assert await run_due_timers(fresh.state.runtime, "after-restart") >= 1
        assert (await Ticket.get(number=number)).status == "closed"
        assert await TicketEvent.filter(ticket__number=number, kind="auto_closed").count() == 1
    await db.open_database(settings)


async def test_a_claim_left_by_a_dead_worker_is_taken_over_once(staff, clock, app):
    from tortoise.transactions import in_transaction

    from loket.core.timekeeping.timers import claim_due

    number = await _waiting(staff)
    clock.advance(hours=73)
    async with in_transaction() as connection:
        claimed = await claim_due(connection, "dead-worker", app.state.runtime.now(), 10)
    assert claimed, "the dead worker claimed the timer, then died before firing it"
    assert await run_due_timers(app.state.runtime, "w2") == 0, "its lease still holds"
    clock.advance(minutes=2)
    assert await run_due_timers(app.state.runtime, "w2") == 1
    assert await TicketEvent.filter(ticket__number=number, kind="auto_closed").count() == 1


async def test_warnings_and_breaches_reach_live_subscribers_and_desk_hooks(staff, clock, app):
    from tests.plugins import loket_sla_desk

    loket_sla_desk.HEARD.clear()
    number = await open_ticket(staff["reporter"])
    runtime = app.state.runtime
    async with runtime.broker.subscribe() as inbox:
        clock.advance(hours=20)  # four hours before the 24 h first-response target
        assert await run_due_timers(runtime, "w1") == 1
        clock.advance(hours=4)
        assert await run_due_timers(runtime, "w1") == 1
        notices = [inbox.queue.get_nowait() for _ in range(inbox.queue.qsize())]
    kinds = [(await TicketEvent.get(id=notice.event_id)).kind for notice in notices]
    assert kinds == ["sla_warning", "sla_breached"]
    assert {notice.seq for notice in notices} == {2, 3}
    assert loket_sla_desk.HEARD == [("plainsla", number, "sla_warning"), ("plainsla", number, "sla_breached")]
    seen_by_agent = (await staff["agent"].ok(DETAIL, n=number))["ticket"]["timeline"]["nodes"]
    assert [e["kind"] for e in seen_by_agent][-2:] == ["SLA_WARNING", "SLA_BREACHED"]
    seen_by_reporter = (await staff["reporter"].ok(DETAIL, n=number))["ticket"]["timeline"]["nodes"]
    assert "SLA_BREACHED" not in [e["kind"] for e in seen_by_reporter], "internal to the desk's staff"


async def test_timers_firing_while_reporters_answer_settle_each_ticket_one_way(staff, clock, app, caplog):
    """Two timer runners close unanswered tickets while their reporters answer (three times each): every ticket is
    either closed by its timer or answered, never both, and no runner's batch fails."""
    numbers = [await _waiting(staff, await open_ticket(staff["reporter"])) for _ in range(8)]
    clock.advance(hours=73)
    runtime = app.state.runtime
    answers = [staff["reporter"].run(REPLY, n=number, m=f"Here is the error page, take {take}.")
               for number in numbers for take in (1, 2, 3)]
    runners = [run_due_timers(runtime, f"worker-{i}", limit=4) for i in range(2)]
    results = await asyncio.wait_for(asyncio.gather(*runners, *answers), 120)
    assert not [r for r in caplog.records if r.name == "loket.timers" and r.levelname == "ERROR"]
    replies = results[len(runners):]
    assert {code for reply in replies for code in reply.error_codes} <= {"ACTION_NOT_ALLOWED_IN_STATUS"}
    await run_due_timers(runtime, "worker-late")  # whatever the racing runners left (they claim 4 each)
    for number in numbers:
        kinds = [e.kind for e in await TicketEvent.filter(ticket__number=number).order_by("seq")]
        assert kinds[:3] == ["created", "taken", "feedback_requested"]
        assert kinds[3:] in (["auto_closed"], ["feedback_given", "replied", "replied"]), kinds
        ticket = await Ticket.get(number=number)
        assert ticket.version == len(kinds)
        assert ticket.status == ("closed" if kinds[3] == "auto_closed" else "in_progress")
    assert await Timer.filter(status__in=["pending", "firing"], kind="transition:auto_close").count() == 0
