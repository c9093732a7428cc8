"""Existing tickets join the workflow model: the migration's fill reproduces, from a ticket's status and
timeline, what the running system records itself (status category, pending question, who resolved and who
closed, participants), on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from loket.core import db
from loket.core.models import Ticket, TicketParticipant
from tests.ticket_ops import CONFIRM, DETAIL, ESCALATE, REPLY, REQUEST_FEEDBACK, RESOLVE, TAKE, create

MIGRATION = importlib.import_module("loket.core.migrations.0015_workflow_participants")


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def _state() -> tuple[list[tuple], set[tuple]]:
    tickets = await Ticket.all().order_by("id").values_list(
        "number", "status", "status_category", "asked_id", "resolved_by_id", "closed_by_id")
    participants = set(await TicketParticipant.all().values_list("ticket_id", "user_id", "role"))
    return tickets, participants


async def test_the_fill_gives_existing_tickets_what_the_system_records(people):
    agent, reporter = people["agent"], people["reporter"]
    working, waiting, resolved, closed, escalated, _fresh = [(await create(reporter))["number"] for _ in range(6)]
    for number in (working, waiting, resolved, closed, escalated):
        await agent.ok(TAKE, n=number)
    await agent.ok(REQUEST_FEEDBACK, n=waiting, m="Which model is the laptop, please?")
    for number in (resolved, closed):
        await agent.ok(RESOLVE, n=number, m="Replaced the broken power board.")
    await reporter.ok(CONFIRM, n=closed, solved=True)
    await agent.ok(ESCALATE, n=escalated, m="Needs the experts' eyes on this one.")
    recorded = await _state()
    assert {row[2] for row in recorded[0]} == {"open", "waiting_on_reporter", "resolved", "closed", "new"}
    assert len(recorded[1]) == 5, "the agent held five tickets"

    connection = db.connection()
    await connection.execute_script("UPDATE loket_ticket SET status_category = 'new', asked_id = NULL, "
                                    "resolved_by_id = NULL, closed_by_id = NULL")
    await connection.execute_script("DELETE FROM loket_ticket_participant")
    assert await _state() != recorded
    await MIGRATION.fill(None, SimpleNamespace(client=connection))
    assert await _state() == recorded


TIME = importlib.import_module("loket.core.migrations.0016_status_since")


async def test_existing_tickets_learn_since_when_they_are_in_their_status(people, app):
    moment = [datetime(2026, 12, 14, 1, 0, tzinfo=UTC)]
    app.state.runtime.clock = lambda: moment[0]
    agent, reporter = people["agent"], people["reporter"]
    fresh, working, waiting = [(await create(reporter))["number"] for _ in range(3)]
    moment[0] += timedelta(hours=1)
    for number in (working, waiting):
        await agent.ok(TAKE, n=number)
    moment[0] += timedelta(hours=1)
    await agent.ok(REQUEST_FEEDBACK, n=waiting, m="Which model is the laptop, please?")
    moment[0] += timedelta(hours=1)
    await agent.ok(REPLY, n=waiting, m="Or a photo of its label will do.")  # the status stays: so does its start
    recorded = await Ticket.all().order_by("id").values_list("number", "status_since")
    assert [since for _, since in recorded] == [moment[0] - timedelta(hours=3), moment[0] - timedelta(hours=2),
                                                moment[0] - timedelta(hours=1)]

    connection = db.connection()
    await connection.execute_script("UPDATE loket_ticket SET status_since = NULL")
    await TIME.fill(None, SimpleNamespace(client=connection))
    assert await Ticket.all().order_by("id").values_list("number", "status_since") == recorded


async def test_a_completion_armed_before_the_upgrade_still_fires_after_it(people, app, loket_clock):
    """The previous release armed ``complete_unconfirmed`` on every resolution; after migration 0016 it takes the
    workflow's ``auto_complete`` action, even at a desk that declares no such transition."""
    from loket.core.models import Timer

    loket_clock.attach(app.state.runtime)
    agent, reporter = people["agent"], people["reporter"]
    number = (await create(reporter))["number"]
    await agent.ok(TAKE, n=number)
    await agent.ok(RESOLVE, n=number, m="Replaced the broken power board.")
    ticket = await Ticket.get(number=number)
    await Timer.create(ticket=ticket, kind="complete_unconfirmed", expect_status="resolved", payload={},
                       due_at=loket_clock.now + timedelta(hours=24), armed_at=loket_clock.now)
    await TIME.fill(None, SimpleNamespace(client=db.connection()))
    assert await loket_clock.advance("24 hours") == 1
    closed = (await reporter.ok(DETAIL, n=number))["ticket"]
    assert (closed["status"]["name"], closed["closeReason"], closed["timeline"]["nodes"][-1]["kind"]) == (
        "closed", "completed", "AUTO_COMPLETED")
