"""Taking an action on a ticket: in one transaction, the ticket is locked, the workflow says whether the
actor may take the action in the ticket's status, the action's inputs are checked, the desk's guards are
asked, the effect runs, and exactly one event is recorded. Anything refused changes nothing."""

from __future__ import annotations

from typing import Any

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.models import Message, Ticket, TicketParticipant
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.tickets.effects import (
    EFFECT_HANDLERS,
    INTERNAL_MESSAGES,
    MESSAGE_PURPOSE,
    ActionRequest,
    Outcome,
    Step,
    already_taken,
)
from loket.core.tickets.events import unit_of_work
from loket.core.tickets.validation import clean_fields, clean_text, collecting
from loket.core.workflow import guards, rules, timed
from loket.core.workflow.access import Viewer, visible_ticket
from loket.core.workflow.spec import DONE_CATEGORIES, ActionSpec, WorkflowSpec

# A ticket someone holds in one of these is "already taken" (rather than "not takeable in its status").
TAKEN_CATEGORIES = frozenset({"open", "waiting_on_reporter", "waiting_on_third_party"})


async def perform(rt: Runtime, viewer: Viewer, number: str, request: ActionRequest, *, action: str | None = None,
                  effects: tuple[str, ...] = ()) -> tuple[Ticket, Any]:
    """Take the action named ``action``, or the first of the desk's actions doing one of ``effects`` that
    the viewer may take now. Returns the ticket as it is after the action, and what the effect made (a
    rating)."""
    async with unit_of_work(rt) as work:
        ticket = await visible_ticket(viewer, number, work)
        desk = rt.desks.by_id(ticket.desk_id)
        roles = await rules.roles_of(viewer, ticket, desk)
        candidates = rules.by_name(desk, action) if action else rules.by_effect(desk, *effects)
        if candidates and candidates[0].does == "take" and ticket.assignee_id is not None \
                and ticket.status_category in TAKEN_CATEGORIES and rules.may_take(
                    candidates[0], roles, viewer, ticket, desk):
            await already_taken(ticket)
        try:
            spec = rules.choose(desk, ticket, viewer, roles, candidates, action or effects[-1])
        except rules.InvalidStateError:
            await timed.explain_ended_window(desk, ticket, candidates)
            raise
        timed.check_windows(desk, ticket, spec, rt.now())
        step = Step(rt=rt, work=work, viewer=viewer, ticket=ticket, desk=desk, action=spec, request=request)
        body, files = await _inputs(step)
        await guards.check(step, roles, body, len(files))
        if body or files:
            step.message = await _write_message(step, body, files)
        outcome = await EFFECT_HANDLERS[spec.does](step)
        await _record(step, outcome)
    return ticket, outcome.result


async def _inputs(step: Step) -> tuple[str, list]:
    """The action's message and files, its reason and fields, checked against what the action asks for."""
    action, desk, request = step.action, step.desk, step.request
    body = ""
    if action.message is not None:
        rule = action.message
        text = (request.message or "").strip()
        minimum = desk.spec.message_min_length if rule.min_length is None else rule.min_length
        if rule.required or text:
            with collecting() as problems:
                clean_text(text, minimum, rule.name, problems)
        body = text
    files = []
    if request.attachment_ids:
        if action.files is None:
            raise InvalidInputError("ACTION_TAKES_NO_FILES", field="attachmentIds", action=action.name)
        files = await attachments.take_staged(step.rt, step.viewer.user, desk, list(request.attachment_ids),
                                              action.files.purpose)
    if action.files is not None and len(files) < action.files.min_files:
        raise InvalidInputError("FILES_REQUIRED", field="attachmentIds", min=action.files.min_files)
    choices = reason_choices(desk, action)
    if choices:
        if not action.reasons and request.reason in retired_reasons(desk):
            raise InvalidInputError("PAUSE_REASON_RETIRED", field="reason", reason=request.reason)
        if request.reason not in choices:
            raise InvalidInputError("NOT_A_CHOICE", field="reason", value=request.reason or "-",
                                    choices=", ".join(choices))
    elif request.reason and action.does in ("close", "move"):
        raise InvalidInputError("NOT_A_CHOICE", field="reason", value=request.reason, choices="-")
    if action.fields:
        _check_fields(step)
    return body, files


def reason_choices(desk: DeskInfo, action: ActionSpec) -> list[str]:
    """The reasons an action offers: its own list, or the desk's pause reasons for an SLA exception."""
    if action.reasons:
        return [choice.slug for choice in action.reasons]
    if action.does == "pause_clock":
        return [pause.slug for pause in desk.spec.pause_reasons if not pause.retired]
    return []


def retired_reasons(desk: DeskInfo) -> set[str]:
    """The desk's pause reasons no longer offered."""
    return {pause.slug for pause in desk.spec.pause_reasons if pause.retired}


def _check_fields(step: Step) -> None:
    """The desk fields the action asks for must be filled; their values are stored with the ticket's."""
    given = dict(step.request.fields or {})
    merged = {**(step.ticket.fields_data or {}), **given}
    with collecting() as problems:
        for key in step.action.fields:
            if merged.get(key) in (None, ""):
                problems.add("FIELD_REQUIRED", f"fields.{key}", key=key)
        topic = step.desk.topic_slug(step.ticket.topic_id)
        cleaned = clean_fields(step.desk, topic, merged, problems, by_agent=step.viewer.is_staff_of(
            step.ticket.desk_id), recategorising=True)
    step.request.fields = cleaned


async def _write_message(step: Step, body: str, files: list) -> Message:
    does = step.action.does
    internal = does in INTERNAL_MESSAGES
    purpose = MESSAGE_PURPOSE.get(does, "reply")
    message = await Message.create(ticket_id=step.ticket.id, author=step.viewer.user, body=body, purpose=purpose,
                                   visibility="internal" if internal else "public", created_at=step.rt.now())
    await attachments.bind(step.rt, files, step.ticket, message, internal=internal)
    return message


async def _record(step: Step, outcome: Outcome) -> None:
    ticket, action, now = step.ticket, step.action, step.rt.now()
    workflow = step.desk.workflow
    updates = dict(outcome.updates)
    to_status = action.to
    if to_status is not None:
        status_updates(workflow, ticket, to_status, updates, actor_id=step.viewer.id, now=now,
                       reason=step.request.reason or action.event_kind)
    if outcome.asked is not None:
        updates["asked_id"] = outcome.asked
    if action.fields and step.request.fields is not None:
        updates["fields_data"] = step.request.fields
    message = step.message
    await step.work.record(ticket, actor=step.viewer.user, kind=outcome.kind or action.event_kind, message=message,
                           internal=action.does == "note", to_status=to_status, to_team=outcome.to_team,
                           updates=updates, payload={**outcome.payload, **_action_payload(action), **(
                               {"extends": [{"clock": e.clock, "to": str(e.to)} for e in action.extends]}
                               if action.extends else {})})
    await _join(ticket, outcome, now)


def status_updates(workflow: WorkflowSpec, ticket: Ticket, to_status: str, updates: dict[str, Any], *,
                   actor_id: int | None, now, reason: str) -> None:
    """Who closed or resolved the ticket and when, as its status's category changes (added to ``updates``)."""
    before, after = workflow.category_of(ticket.status), workflow.category_of(to_status)
    if after in DONE_CATEGORIES and before not in DONE_CATEGORIES:
        updates.update(closed_at=now, closed_by_id=actor_id)
        updates.setdefault("close_reason", reason)
    elif before in DONE_CATEGORIES and after not in DONE_CATEGORIES:
        updates.update(closed_at=None, closed_by_id=None, close_reason=None)
    if after == "resolved" and before != "resolved":
        updates.update(resolved_at=now, resolved_by_id=actor_id)
    elif before == "resolved" and after not in DONE_CATEGORIES:
        updates.update(resolved_at=None, resolved_by_id=None)


def _action_payload(action: ActionSpec) -> dict:
    """The action's name when it differs from its event kind (a desk's own action), so timelines tell them apart."""
    return {} if action.name in (action.event_kind, action.does) else {"action": action.name}


async def _join(ticket: Ticket, outcome: Outcome, now) -> None:
    """Record who now takes part in the ticket (idempotent: a person holds a role on a ticket once)."""
    wanted = [(user_id, "holder") for user_id in outcome.holders]
    if outcome.asked is not None and outcome.asked not in (ticket.reporter_id, ticket.created_by_id):
        wanted.append((outcome.asked, "asked"))
    for user_id, role in wanted:
        if not await TicketParticipant.filter(ticket_id=ticket.id, user_id=user_id, role=role).exists():
            await TicketParticipant.create(ticket_id=ticket.id, user_id=user_id, role=role, created_at=now)
