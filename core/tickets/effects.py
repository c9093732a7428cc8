"""What each of core's action effects does to a ticket (``EFFECTS`` in ``loket.core.workflow.spec``). The
workflow decides who may take an action and where it leads; an effect does the rest, under the ticket's lock,
and returns what to record. Effects check their own inputs and refuse before anything is written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from loket.core.desks.registry import DeskInfo
from loket.core.errors import ConflictError, InvalidInputError
from loket.core.models import (
    Message,
    Rating,
    SlaClock,
    SlaSegment,
    Team,
    TeamMembership,
    Ticket,
    TicketEvent,
    TicketParticipant,
    User,
)
from loket.core.plugin_types import RatingForm
from loket.core.plugins import first_answer, gather_results
from loket.core.runtime import Runtime
from loket.core.tickets.create import decide_priority
from loket.core.tickets.drafts import draft_of_ticket, reporter_of_ticket
from loket.core.tickets.events import UnitOfWork
from loket.core.tickets.rating import clean_answers
from loket.core.tickets.validation import clean_application, clean_fields, clean_topic, collecting
from loket.core.workflow.access import Viewer
from loket.core.workflow.spec import ActionSpec


@dataclass
class ActionRequest:
    """What the actor gives with an action; each effect reads the parts it needs."""

    message: str = ""
    attachment_ids: list[str] = field(default_factory=list)
    reason: str | None = None
    to_team: str | None = None
    to_person: str | None = None  # an email: whom to ask, or the agent to assign
    fields: dict[str, Any] | None = None
    answers: dict[str, Any] | None = None  # a rating form's answers
    topic: str | None = None
    application: str | None = None
    application_version: str | None = None
    note: str = ""
    language: str = "en"


@dataclass
class Step:
    """One action being taken: everything an effect may read."""

    rt: Runtime
    work: UnitOfWork
    viewer: Viewer
    ticket: Ticket
    desk: DeskInfo
    action: ActionSpec
    request: ActionRequest
    message: Message | None = None  # the action's message, written before the effect runs


@dataclass
class Outcome:
    """What an effect changes, beyond the action's status."""

    kind: str | None = None  # another event kind than the action's (a reply that answers a question)
    to_team: Team | None = None
    updates: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)
    holders: list[int] = field(default_factory=list)  # people who now hold or held the ticket
    asked: int | None = None
    result: Any = None


MESSAGE_PURPOSE = {"ask": "feedback_request", "answer": "feedback", "note": "note", "escalate": "escalated",
                   "transfer": "transferred", "return": "returned", "resolve": "resolution", "reopen": "not_solved",
                   "close": "force_close"}
INTERNAL_MESSAGES = frozenset({"note", "escalate", "transfer", "return"})
PUBLIC_ANSWERS = frozenset({"ask", "resolve"})  # a first response to the reporter when an agent does them


async def _take(step: Step) -> Outcome:
    ticket = step.ticket
    if ticket.assignee_id is not None:
        await already_taken(ticket)
    return Outcome(updates={"assignee_id": step.viewer.id, "taken_at": step.rt.now()}, holders=[step.viewer.id])


async def already_taken(ticket: Ticket) -> None:
    if ticket.assignee_id is not None:
        holder = await User.get(id=ticket.assignee_id)
        raise ConflictError("ALREADY_TAKEN", field="number", number=ticket.number, by=holder.display_name)


async def _assign(step: Step) -> Outcome:
    email = (step.request.to_person or "").strip().lower()
    agent = await User.get_or_none(email=email, is_active=True) if email else None
    if agent is None or not await TeamMembership.filter(user_id=agent.id, team_id=step.ticket.team_id).exists():
        raise InvalidInputError("NOT_AN_AGENT_OF_TEAM", field="toPerson", value=email or "-")
    return Outcome(updates={"assignee_id": agent.id, "taken_at": step.rt.now()}, holders=[agent.id],
                   payload={"assignee": agent.display_name})


async def _ask(step: Step) -> Outcome:
    ticket, email = step.ticket, (step.request.to_person or "").strip().lower()
    if not email:
        return Outcome(asked=ticket.reporter_id, updates=_first_response(step))
    person = await User.get_or_none(email=email)
    if person is None or person.id not in await askable(ticket, step.action, step.viewer.id):
        raise InvalidInputError("NOT_A_PARTICIPANT", field="toPerson", value=email)
    updates = _first_response(step) if person.id == ticket.reporter_id else {}
    return Outcome(asked=person.id, updates=updates, payload={"asked": person.display_name})


async def askable(ticket: Ticket, action: ActionSpec, actor_id: int,
                  participants: list[TicketParticipant] | None = None) -> list[int]:
    """Whom an ask action may address (user ids): the reporter, and other participants when the action
    allows it. ``participants``: the ticket's participant rows when the caller has them."""
    ids = [ticket.reporter_id] if "reporter" in action.asks else []
    if "participant" in action.asks:
        if participants is None:
            participants = await TicketParticipant.filter(ticket_id=ticket.id)
        ids += [ticket.created_by_id] + [row.user_id for row in participants]
    return [user_id for user_id in dict.fromkeys(ids) if user_id != actor_id]


async def _answer(step: Step) -> Outcome:
    return Outcome()


async def _reply(step: Step) -> Outcome:
    staff = step.viewer.is_staff_of(step.ticket.desk_id) and step.viewer.id not in (
        step.ticket.reporter_id, step.ticket.created_by_id)
    return Outcome(updates=_first_response(step) if staff else {})


async def _note(step: Step) -> Outcome:
    return Outcome()


async def _team(desk: DeskInfo, slug: str, field_name: str) -> Team:
    team_id = desk.team_ids.get(slug)
    if team_id is None:
        raise InvalidInputError("UNKNOWN_TEAM", field=field_name, team=slug, desk=desk.slug)
    return await Team.get(id=team_id)


def _handover(step: Step, target: Team) -> Outcome:
    return Outcome(to_team=target, updates={"assignee_id": None}, holders=[step.viewer.id])


async def _escalate(step: Step) -> Outcome:
    desk, ticket = step.desk, step.ticket
    current = desk.team_spec(ticket.team_id)
    if step.request.to_team:
        target = await _team(desk, step.request.to_team, "toTeam")
        if target.tier <= current.tier:
            raise InvalidInputError("ESCALATE_UPWARDS_ONLY", field="toTeam", team=target.name, tier=current.tier)
    else:
        target = await _team(desk, escalation_target(desk, current), "toTeam")
    return _handover(step, target)


def escalation_target(desk: DeskInfo, current) -> str:
    if current.escalates_to:
        return current.escalates_to
    higher = [team for team in desk.spec.teams if team.tier > current.tier]
    next_tier = min((team.tier for team in higher), default=None)
    candidates = [team.slug for team in higher if team.tier == next_tier]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InvalidInputError("NO_HIGHER_TIER", field="toTeam", team=current.name)
    raise InvalidInputError("ESCALATION_TARGET_REQUIRED", field="toTeam", teams=", ".join(candidates))


async def _transfer(step: Step) -> Outcome:
    current = step.desk.team_spec(step.ticket.team_id)
    target = await _team(step.desk, step.request.to_team or "", "toTeam")
    if target.id == step.ticket.team_id or target.tier != current.tier:
        raise InvalidInputError("TRANSFER_SAME_TIER_ONLY", field="toTeam", team=target.name, tier=current.tier)
    return _handover(step, target)


async def _return(step: Step) -> Outcome:
    ticket = step.ticket
    arrival = await (TicketEvent.filter(ticket_id=ticket.id, to_team_id=ticket.team_id,
                                        kind__in=["escalated", "transferred", "returned"])
                     .exclude(from_team_id=ticket.team_id).order_by("-seq").first())
    if arrival is None or arrival.from_team_id is None:
        raise InvalidInputError("NOTHING_TO_RETURN_TO", field="number", number=ticket.number)
    return _handover(step, await Team.get(id=arrival.from_team_id))


async def _resolve(step: Step) -> Outcome:
    return Outcome(updates=_first_response(step), holders=[step.viewer.id])


async def _confirm(step: Step) -> Outcome:
    return Outcome(updates={"close_reason": "confirmed"})


async def _reopen(step: Step) -> Outcome:
    return Outcome()


async def _close(step: Step) -> Outcome:
    reason = step.request.reason
    return Outcome(updates={"close_reason": reason or step.action.event_kind},
                   payload={"reason": reason} if reason else {})


async def _move(step: Step) -> Outcome:
    return Outcome(payload={"reason": step.request.reason} if step.request.reason else {})


async def _recategorise(step: Step) -> Outcome:
    desk, ticket, request = step.desk, step.ticket, step.request
    with collecting() as problems:
        application, version = clean_application(desk, request.application, request.application_version, problems)
        topic = clean_topic(desk, request.topic, application, problems,
                            kept=desk.topic_slug(ticket.topic_id))
        fields = clean_fields(desk, topic, ticket.fields_data or {}, problems, by_agent=True, recategorising=True)
    draft = replace(draft_of_ticket(desk, ticket, await reporter_of_ticket(ticket)), topic_path=desk.topic_path(topic) if topic else (),
                    application=application, application_version=version, fields=fields)
    await gather_results(step.rt.pm.hook.validate_ticket(desk=desk.spec, ticket=draft, language=request.language))
    priority, reason = await decide_priority(step.rt, desk, draft)
    before = {"topic": desk.topic_slug(ticket.topic_id), "application": ticket.application,
              "applicationVersion": ticket.application_version, "priority": ticket.priority}
    after = {"topic": topic, "application": application, "applicationVersion": version, "priority": priority}
    return Outcome(payload={"from": before, "to": after},
                   updates={"topic_id": desk.topic_ids.get(topic) if topic else None, "application": application,
                            "application_version": version, "priority": priority, "priority_reason": reason,
                            "fields_data": fields})


async def _rate(step: Step) -> Outcome:
    ticket = step.ticket
    if await Rating.filter(ticket_id=ticket.id).exists():
        raise ConflictError("ALREADY_RATED", field="number", number=ticket.number)
    form = await rating_form_for(step.rt, step.desk, ticket)
    cleaned, stars = clean_answers(form, step.request.answers or {})
    rating = await Rating.create(ticket_id=ticket.id, form=form.slug, answers=cleaned, stars=stars,
                                 rated_by=step.viewer.user, created_at=step.rt.now())
    return Outcome(payload={"form": form.slug, "stars": stars}, result=rating)


async def rating_form_for(rt: Runtime, desk: DeskInfo, ticket: Ticket) -> RatingForm:
    """The form ``ticket`` is rated with (``rating_form``)."""
    return await first_answer(rt.pm.hook.rating_form, desk=desk.spec, ticket=draft_of_ticket(desk, ticket))


async def _pause_clock(step: Step) -> Outcome:
    clock = await SlaClock.get_or_none(ticket_id=step.ticket.id, kind="resolution")
    if clock is None or clock.state != "running":
        raise InvalidInputError("SLA_CLOCK_NOT_RUNNING", field="number", number=step.ticket.number)
    return Outcome(payload={"reason": step.request.reason, "note": step.request.note.strip()})


async def _resume_clock(step: Step) -> Outcome:
    clock = await SlaClock.get_or_none(ticket_id=step.ticket.id, kind="resolution")
    exception = await SlaSegment.filter(clock=clock, ended_at=None).first() if clock else None
    if clock is None or clock.state != "paused" or exception is None or exception.reason not in {
            pause.slug for pause in step.desk.spec.pause_reasons}:
        raise InvalidInputError("SLA_CLOCK_NOT_EXCEPTED", field="number", number=step.ticket.number)
    return Outcome(payload={"reason": exception.reason})


def _first_response(step: Step) -> dict:
    return {} if step.ticket.first_response_at else {"first_response_at": step.rt.now()}


EFFECT_HANDLERS: dict[str, Callable[[Step], Awaitable[Outcome]]] = {
    "take": _take, "assign": _assign, "ask": _ask, "answer": _answer, "reply": _reply, "note": _note,
    "escalate": _escalate, "transfer": _transfer, "return": _return, "resolve": _resolve, "confirm": _confirm,
    "reopen": _reopen, "close": _close, "recategorise": _recategorise, "rate": _rate, "pause_clock": _pause_clock,
    "resume_clock": _resume_clock, "move": _move,
}
