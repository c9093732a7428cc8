"""What the system itself does to tickets when timers fire: close, complete, warn, mark a breach, or what
a desk's own timer says. Each is recorded in the timeline with no actor and the rule that fired.

Timers fire in batches, one transaction per batch: the timers' ``firing -> fired`` flip and the
transitions they cause commit together or not at all, so each fires exactly once.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from tortoise.expressions import Q

from loket.core.desks.registry import DeskInfo
from loket.core.errors import ConflictError, InvalidInputError
from loket.core.models import Message, SlaClock, Team, Ticket, Timer
from loket.core.plugin_types import TimerOutcome
from loket.core.plugins import first_answer
from loket.core.runtime import Runtime
from loket.core.tickets.drafts import draft_of_ticket
from loket.core.tickets.effects import escalation_target
from loket.core.tickets.events import Change, UnitOfWork, unit_of_work
from loket.core.workflow.perform import status_updates
from loket.core.workflow.timed import system_action
from loket.core.workflow.spec import DONE_CATEGORIES

logger = logging.getLogger("loket.timers")

async def fire_timers(rt: Runtime, timer_ids: list[int], worker: str) -> int:
    """Fire claimed timers, one per ticket per round; returns how many changed a ticket."""
    remaining, changed = list(timer_ids), 0
    while remaining:
        by_ticket: dict[int, int] = {}
        later = []
        for timer_id, ticket_id in await Timer.filter(id__in=remaining, status="firing", claimed_by=worker) \
                .order_by("due_at", "id").values_list("id", "ticket_id"):
            if ticket_id in by_ticket:
                later.append(timer_id)
            else:
                by_ticket[ticket_id] = timer_id
        if not by_ticket:
            break
        try:
            changed += await _fire_batch(rt, by_ticket, worker)
        except ConflictError:
            # A safety net (the batch locks its tickets before reading them): fire them one by one, so only
            # the ticket that moved on waits.
            for ticket_id, timer_id in by_ticket.items():
                try:
                    changed += await _fire_batch(rt, {ticket_id: timer_id}, worker)
                except ConflictError:
                    await Timer.filter(id=timer_id, claimed_by=worker).update(status="pending", claimed_by=None)
        remaining = later
    return changed


async def _fire_batch(rt: Runtime, by_ticket: dict[int, int], worker: str) -> int:
    """Fire one timer per ticket (``by_ticket``: ticket id -> timer id) in one transaction."""
    timer_ids = list(by_ticket.values())
    async with unit_of_work(rt) as work:
        now = rt.now()
        # The tickets first, read under their locks (actions on them wait for this batch, or it for them).
        tickets = await work.lock_tickets(list(by_ticket))
        await Timer.filter(id__in=timer_ids, status="firing", claimed_by=worker).update(status="fired", fired_at=now)
        timers = await Timer.filter(id__in=timer_ids, status="fired", claimed_by=worker, fired_at=now)
        clocks = {(c.ticket_id, c.kind): c for c in await SlaClock.filter(
            ticket_id__in=[t.ticket_id for t in timers if t.kind in ("sla_warning", "sla_breach")])}
        outcomes: dict[str, list[int]] = defaultdict(list)
        changes: list[Change] = []
        marked_clocks: list[SlaClock] = []
        for timer in timers:
            ticket = tickets[timer.ticket_id]
            change, outcome = await _decide(work, timer, ticket, clocks, marked_clocks)
            outcomes[outcome].append(timer.id)
            if change is not None:
                changes.append(change)
        if marked_clocks:  # before the events, so the clocks' reactions see what was announced
            await SlaClock.bulk_update(marked_clocks, fields=["warned_at", "breached_at"])
        if changes:
            await work.record_many(changes)
        for outcome, ids in outcomes.items():
            await Timer.filter(Q(id__in=ids)).update(outcome=outcome)
    return len(changes)


async def _decide(work: UnitOfWork, timer: Timer, ticket: Ticket, clocks: dict, marked: list[SlaClock]):
    """The change a fired timer makes (or None) and the outcome to note on the timer."""
    rule = {"rule": timer.kind, **timer.payload}
    if timer.expect_status and ticket.status != timer.expect_status:
        return None, "obsolete"
    if timer.kind in ("sla_warning", "sla_breach"):
        return _clock_event(work, timer, ticket, clocks.get((ticket.id, timer.payload.get("clock"))), rule, marked)
    desk = work.rt.desks.by_id(ticket.desk_id)
    workflow_rule = system_action(desk, timer.kind)
    if workflow_rule is not None:
        return await _workflow_outcome(work, desk, ticket, workflow_rule, rule)
    if ticket.status_category in DONE_CATEGORIES:
        return None, "obsolete"
    answer = await first_answer(work.rt.pm.hook.timer_fired, desk=desk.spec, ticket=draft_of_ticket(desk, ticket),
                                kind=timer.kind, payload=dict(timer.payload))
    return await _desk_outcome(work, ticket, answer, rule)


async def _workflow_outcome(work: UnitOfWork, desk: DeskInfo, ticket: Ticket, found: tuple, rule: dict):
    """A workflow's timed transition or window end: the system takes the rule's action, when the ticket's
    status still allows it."""
    name, action = found
    if action is None:
        logger.warning("desk %s has no timed rule %r any more; its timer on %s does nothing", desk.slug, name,
                       ticket.number)
        return None, "unknown_rule"
    workflow = desk.workflow
    if not workflow.starts_from(action, ticket.status):
        return None, "obsolete"
    now = work.rt.now()
    updates: dict = {}
    to_status, to_team = action.to, None
    if action.does in ("close", "confirm") and to_status is None:
        to_status = workflow.closed_status
    if action.does == "escalate":
        try:
            slug = escalation_target(desk, desk.team_spec(ticket.team_id))
        except InvalidInputError:
            return None, "no_target"
        to_team = await Team.get(id=desk.team_ids[slug])
        to_status = to_status or workflow.queued_status
        updates["assignee_id"] = None
    if to_status is not None:
        reason = action.reasons[0].slug if action.reasons else action.event_kind
        status_updates(workflow, ticket, to_status, updates, actor_id=None, now=now, reason=reason)
    payload = {**rule, "rule": name}
    if action.name not in (action.event_kind, action.does):
        payload["action"] = action.name
    return Change(ticket, action.event_kind, to_status=to_status, to_team=to_team, payload=payload,
                  updates=updates), action.event_kind


def _clock_event(work: UnitOfWork, timer: Timer, ticket: Ticket, clock: SlaClock | None, rule: dict,
                 marked: list[SlaClock]):
    if clock is None or clock.state != "running":
        return None, "obsolete"
    now = work.rt.now()
    due = clock.due_at.isoformat() if clock.due_at else None
    if timer.kind == "sla_warning":
        if clock.warned_at is not None:
            return None, "obsolete"
        clock.warned_at = now
        marked.append(clock)
        return Change(ticket, "sla_warning", internal=True, payload={**rule, "due_at": due}), "warned"
    if clock.breached_at is not None:
        return None, "obsolete"
    clock.breached_at = now
    marked.append(clock)
    return Change(ticket, "sla_breached", internal=True, updates={"sla_breached": True},
                  payload={**rule, "due_at": due}), "breached"


async def _desk_outcome(work: UnitOfWork, ticket: Ticket, answer: TimerOutcome | None, rule: dict):
    if answer is None or answer.action == "nothing":
        return None, "nothing"
    now = work.rt.now()
    desk = work.rt.desks.by_id(ticket.desk_id)
    if answer.action == "close":
        return Change(ticket, "auto_closed", to_status=desk.workflow.closed_status, payload=rule,
                      updates={"closed_at": now, "close_reason": answer.close_reason or rule["rule"],
                               "closed_by_id": None}), "closed"
    if answer.action == "escalate":
        team = await Team.get(id=desk.team_ids[answer.to_team])
        return Change(ticket, "escalated", to_status=desk.workflow.queued_status, to_team=team,
                      updates={"assignee_id": None}, payload=rule), "escalated"
    if answer.action == "note":
        note = await Message.create(ticket_id=ticket.id, author=None, body=answer.message or rule["rule"],
                                    purpose="system", visibility="internal", created_at=now)
        return Change(ticket, "note_added", message=note, internal=True, payload=rule), "noted"
    raise ValueError(f"unknown timer outcome {answer.action!r}")
