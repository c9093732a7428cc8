"""What the system itself does to tickets when a timer fires: close, complete, warn, mark a breach, or
what a desk's own timer says. Each is recorded in the timeline with no actor and the rule that fired."""

from __future__ import annotations

from loket.core.models import Message, SlaClock, Team, Ticket, Timer
from loket.core.plugin_types import TimerOutcome
from loket.core.runtime import Runtime
from loket.core.tickets.drafts import draft_of_ticket
from loket.core.tickets.events import UnitOfWork, unit_of_work
from loket.core.tickets.states import OPEN_STATUSES, Status


async def fire_timer(rt: Runtime, timer_id: int, worker: str) -> int:
    """Fire one claimed timer; 1 when it changed something, 0 when it was obsolete or already fired."""
    async with unit_of_work(rt) as work:
        now = rt.now()
        won = await Timer.filter(id=timer_id, status="firing", claimed_by=worker).update(status="fired", fired_at=now)
        if not won:
            return 0  # another worker took it over after our lease ran out
        timer = await Timer.get(id=timer_id)
        ticket = await Ticket.get(id=timer.ticket_id)
        if timer.expect_status and ticket.status != timer.expect_status:
            await Timer.filter(id=timer_id).update(outcome="obsolete")
            return 0
        outcome = await _apply(work, timer, ticket)
        await Timer.filter(id=timer_id).update(outcome=outcome)
        return 0 if outcome == "obsolete" else 1


async def _apply(work: UnitOfWork, timer: Timer, ticket: Ticket) -> str:
    rule = {"rule": timer.kind, **timer.payload}
    if timer.kind in ("sla_warning", "sla_breach"):
        return await _clock_event(work, timer, ticket, rule)
    if ticket.status not in {status.value for status in OPEN_STATUSES}:
        return "obsolete"
    if timer.kind == "close_unanswered":
        await work.record(ticket, actor=None, kind="auto_closed", to_status=Status.CLOSED.value, payload=rule,
                          updates={"closed_at": work.rt.now(), "close_reason": "no_feedback"})
        return "closed"
    if timer.kind == "complete_unconfirmed":
        await work.record(ticket, actor=None, kind="auto_completed", to_status=Status.CLOSED.value, payload=rule,
                          updates={"closed_at": work.rt.now(), "close_reason": "completed"})
        return "completed"
    desk = work.rt.desks.by_id(ticket.desk_id)
    answer = work.rt.pm.hook.timer_fired(desk=desk.spec, ticket=draft_of_ticket(desk, ticket), kind=timer.kind,
                                         payload=dict(timer.payload))
    return await _desk_outcome(work, ticket, answer, rule)


async def _clock_event(work: UnitOfWork, timer: Timer, ticket: Ticket, rule: dict) -> str:
    clock = await SlaClock.get_or_none(ticket_id=ticket.id, kind=timer.payload.get("clock"))
    if clock is None or clock.state != "running":
        return "obsolete"
    now = work.rt.now()
    if timer.kind == "sla_warning":
        if clock.warned_at is not None:
            return "obsolete"
        await SlaClock.filter(id=clock.id).update(warned_at=now)
        await work.record(ticket, actor=None, kind="sla_warning", internal=True,
                          payload={**rule, "due_at": clock.due_at.isoformat() if clock.due_at else None})
        return "warned"
    if clock.breached_at is not None:
        return "obsolete"
    await SlaClock.filter(id=clock.id).update(breached_at=now)
    await work.record(ticket, actor=None, kind="sla_breached", internal=True, updates={"sla_breached": True},
                      payload={**rule, "due_at": clock.due_at.isoformat() if clock.due_at else None})
    return "breached"


async def _desk_outcome(work: UnitOfWork, ticket: Ticket, answer: TimerOutcome | None, rule: dict) -> str:
    if answer is None or answer.action == "nothing":
        return "nothing"
    now = work.rt.now()
    if answer.action == "close":
        await work.record(ticket, actor=None, kind="auto_closed", to_status=Status.CLOSED.value, payload=rule,
                          updates={"closed_at": now, "close_reason": answer.close_reason or rule["rule"]})
        return "closed"
    if answer.action == "escalate":
        desk = work.rt.desks.by_id(ticket.desk_id)
        team = await Team.get(id=desk.team_ids[answer.to_team])
        await work.record(ticket, actor=None, kind="escalated", to_status=Status.NEW.value, to_team=team,
                          updates={"assignee_id": None}, payload=rule)
        return "escalated"
    if answer.action == "note":
        note = await Message.create(ticket_id=ticket.id, author=None, body=answer.message or rule["rule"],
                                    purpose="system", visibility="internal", created_at=now)
        await work.record(ticket, actor=None, kind="note_added", message=note, internal=True, payload=rule)
        return "noted"
    raise ValueError(f"unknown timer outcome {answer.action!r}")
