"""What people do to a ticket once it exists. Each action runs in one transaction, checks the state
machine and who may fire it, records exactly one event, and changes nothing when anything is refused."""

from __future__ import annotations

from dataclasses import replace

from tortoise.exceptions import IntegrityError

from loket.core.desk_registry import DeskInfo
from loket.core.errors import ConflictError, InvalidInputError, LoketError
from loket.core.models import Message, Rating, SlaClock, SlaSegment, Team, Ticket, TicketEvent, User
from loket.core.plugins import gather_results
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.workflow.access import Viewer, require_party, visible_ticket
from loket.core.tickets.create import decide_priority
from loket.core.tickets.drafts import draft_of_ticket, reporter_of_ticket
from loket.core.tickets.events import UnitOfWork, unit_of_work
from loket.core.tickets.rating import clean_answers
from loket.core.workflow.states import TRANSITIONS, Action, Party, Status
from loket.core.tickets.validation import (
    check_message,
    clean_application,
    clean_fields,
    clean_topic,
    collecting,
)


class InvalidStateError(LoketError):
    code = "ACTION_NOT_ALLOWED_IN_STATUS"


def _check_state(ticket: Ticket, action: Action) -> None:
    if Status(ticket.status) not in TRANSITIONS[action].starts:
        raise InvalidStateError(action=action.value, status=ticket.status, number=ticket.number)


async def _open(rt: Runtime, work: UnitOfWork, viewer: Viewer, number: str, action: Action
                ) -> tuple[Ticket, DeskInfo, set[Party]]:
    """The ticket, locked and read as it is now, once the viewer may fire ``action`` on it in its status."""
    ticket = await visible_ticket(viewer, number, work)
    parties = require_party(viewer, ticket, action)
    _check_state(ticket, action)
    return ticket, rt.desks.by_id(ticket.desk_id), parties


async def _message(work: UnitOfWork, ticket: Ticket, author: User | None, body: str, purpose: str, *,
                   internal: bool = False) -> Message:
    return await Message.create(ticket_id=ticket.id, author=author, body=body, purpose=purpose,
                                visibility="internal" if internal else "public", created_at=work.rt.now())


def _first_response(ticket: Ticket, work: UnitOfWork) -> dict:
    return {} if ticket.first_response_at else {"first_response_at": work.rt.now()}


async def take(rt: Runtime, viewer: Viewer, number: str) -> Ticket:
    """Take a ticket from its team's queue: exactly one agent wins; the others learn who did."""
    async with unit_of_work(rt) as work:
        ticket = await visible_ticket(viewer, number, work)
        require_party(viewer, ticket, Action.TAKE)
        if ticket.assignee_id is not None and ticket.status in (Status.IN_PROGRESS.value,
                                                                Status.WAITING_ON_REPORTER.value):
            await _already_taken(ticket)
        _check_state(ticket, Action.TAKE)
        try:
            await work.record(ticket, actor=viewer.user, kind="taken", to_status=Status.IN_PROGRESS.value,
                              updates={"assignee_id": viewer.id, "taken_at": rt.now()})
        except ConflictError:
            await _already_taken(await Ticket.get(id=ticket.id))
            raise
    return ticket


async def _already_taken(ticket: Ticket) -> None:
    if ticket.assignee_id is not None:
        holder = await User.get(id=ticket.assignee_id)
        raise ConflictError("ALREADY_TAKEN", field="number", number=ticket.number, by=holder.display_name)


async def request_feedback(rt: Runtime, viewer: Viewer, number: str, message: str,
                           attachment_ids: list[str] = ()) -> Ticket:
    """Ask the reporter for more information; the ticket waits on them."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.REQUEST_FEEDBACK)
        body = check_message(desk, message)
        files = await attachments.take_staged(rt, viewer.user, desk, list(attachment_ids), "message")
        note = await _message(work, ticket, viewer.user, body, "feedback_request")
        await attachments.bind(rt, files, ticket, note)
        await work.record(ticket, actor=viewer.user, kind="feedback_requested", message=note,
                          to_status=Status.WAITING_ON_REPORTER.value, updates=_first_response(ticket, work))
    return ticket


async def reply(rt: Runtime, viewer: Viewer, number: str, message: str, attachment_ids: list[str] = (), *,
                internal: bool = False) -> Ticket:
    """Add to the conversation. A reporter's reply while feedback is awaited answers it (the ticket goes
    back to its handler); an internal note is seen by the desk's agents only."""
    action = Action.NOTE if internal else Action.REPLY
    # Replies commute: under the ticket's lock each one reads the ticket as the previous one left it.
    async with unit_of_work(rt) as work:
        ticket, desk, parties = await _open(rt, work, viewer, number, action)
        body = check_message(desk, message)
        files = await attachments.take_staged(rt, viewer.user, desk, list(attachment_ids), "message")
        answers_feedback = (not internal and Party.REPORTER in parties
                            and ticket.status == Status.WAITING_ON_REPORTER.value)
        by_agent = bool(parties & {Party.ASSIGNEE, Party.HOLDING_TEAM}) and not answers_feedback
        note = await _message(work, ticket, viewer.user, body, "note" if internal else
                              ("feedback" if answers_feedback else "reply"), internal=internal)
        await attachments.bind(rt, files, ticket, note, internal=internal)
        await work.record(
            ticket, actor=viewer.user, message=note, internal=internal,
            kind="note_added" if internal else ("feedback_given" if answers_feedback else "replied"),
            to_status=Status.IN_PROGRESS.value if answers_feedback else None,
            updates=_first_response(ticket, work) if (by_agent and not internal) else {})
    return ticket


async def _team(desk: DeskInfo, slug: str, field: str) -> Team:
    team_id = desk.team_ids.get(slug)
    if team_id is None:
        raise InvalidInputError("UNKNOWN_TEAM", field=field, team=slug, desk=desk.slug)
    return await Team.get(id=team_id)


async def _handover(rt: Runtime, work: UnitOfWork, viewer: Viewer, ticket: Ticket, desk: DeskInfo, target: Team,
                    kind: str, message: str, attachment_ids: list[str]) -> None:
    body = check_message(desk, message)
    files = await attachments.take_staged(rt, viewer.user, desk, list(attachment_ids), "message")
    note = await _message(work, ticket, viewer.user, body, kind, internal=True)
    await attachments.bind(rt, files, ticket, note, internal=True)
    await work.record(ticket, actor=viewer.user, kind=kind, message=note, to_status=Status.NEW.value,
                      to_team=target, updates={"assignee_id": None})


async def escalate(rt: Runtime, viewer: Viewer, number: str, message: str, to_team: str | None = None,
                   attachment_ids: list[str] = ()) -> Ticket:
    """Send the ticket up a tier: to the named team, or to where the current team escalates."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.ESCALATE)
        current = desk.team_spec(ticket.team_id)
        if to_team:
            target = await _team(desk, to_team, "toTeam")
            if target.tier <= current.tier:
                raise InvalidInputError("ESCALATE_UPWARDS_ONLY", field="toTeam", team=target.name, tier=current.tier)
        else:
            target = await _team(desk, _escalation_target(desk, current), "toTeam")
        await _handover(rt, work, viewer, ticket, desk, target, "escalated", message, list(attachment_ids))
    return ticket


def _escalation_target(desk: DeskInfo, current) -> str:
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


async def transfer(rt: Runtime, viewer: Viewer, number: str, to_team: str, message: str,
                   attachment_ids: list[str] = ()) -> Ticket:
    """Hand the ticket to another team of the same tier (another department)."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.TRANSFER)
        current = desk.team_spec(ticket.team_id)
        target = await _team(desk, to_team, "toTeam")
        if target.id == ticket.team_id or target.tier != current.tier:
            raise InvalidInputError("TRANSFER_SAME_TIER_ONLY", field="toTeam", team=target.name, tier=current.tier)
        await _handover(rt, work, viewer, ticket, desk, target, "transferred", message, list(attachment_ids))
    return ticket


async def return_ticket(rt: Runtime, viewer: Viewer, number: str, message: str,
                        attachment_ids: list[str] = ()) -> Ticket:
    """Send the ticket back to the team it came from (it does not fit here)."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.RETURN)
        arrival = await (TicketEvent.filter(ticket_id=ticket.id, to_team_id=ticket.team_id,
                                            kind__in=["escalated", "transferred", "returned"])
                         .exclude(from_team_id=ticket.team_id).order_by("-seq").first())
        if arrival is None or arrival.from_team_id is None:
            raise InvalidInputError("NOTHING_TO_RETURN_TO", field="number", number=ticket.number)
        target = await Team.get(id=arrival.from_team_id)
        await _handover(rt, work, viewer, ticket, desk, target, "returned", message, list(attachment_ids))
    return ticket


async def resolve(rt: Runtime, viewer: Viewer, number: str, solution: str, attachment_ids: list[str] = ()) -> Ticket:
    """Describe the solution (with evidence files); the reporter is asked to confirm it."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.RESOLVE)
        body = check_message(desk, solution, "solution")
        files = await attachments.take_staged(rt, viewer.user, desk, list(attachment_ids), "resolution")
        note = await _message(work, ticket, viewer.user, body, "resolution")
        await attachments.bind(rt, files, ticket, note)
        await work.record(ticket, actor=viewer.user, kind="resolved", message=note,
                          to_status=Status.RESOLVED.value,
                          updates={"resolved_at": rt.now(), **_first_response(ticket, work)})
    return ticket


async def confirm(rt: Runtime, viewer: Viewer, number: str, solved: bool, reason: str | None = None) -> Ticket:
    """The reporter answers a resolution: solved (the ticket closes) or not yet, saying why (it goes back)."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.CONFIRM if solved else Action.REOPEN)
        if solved:
            await work.record(ticket, actor=viewer.user, kind="confirmed", to_status=Status.CLOSED.value,
                              updates={"closed_at": rt.now(), "close_reason": "confirmed"})
        else:
            body = check_message(desk, reason or "", "reason")
            note = await _message(work, ticket, viewer.user, body, "not_solved")
            await work.record(ticket, actor=viewer.user, kind="reopened", message=note,
                              to_status=Status.IN_PROGRESS.value, updates={"resolved_at": None})
    return ticket


async def force_close(rt: Runtime, viewer: Viewer, number: str, reason: str | None = None) -> Ticket:
    """The reporter closes their own ticket, at any time."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.FORCE_CLOSE)
        note = None
        if reason and reason.strip():
            note = await _message(work, ticket, viewer.user, check_message(desk, reason, "reason"), "force_close")
        await work.record(ticket, actor=viewer.user, kind="force_closed", message=note,
                          to_status=Status.CLOSED.value, updates={"closed_at": rt.now(), "close_reason": "force_closed"})
    return ticket


async def recategorise(rt: Runtime, viewer: Viewer, number: str, topic: str | None, application: str | None,
                       application_version: str | None, language: str) -> Ticket:
    """Correct the category (and application); the priority is computed again."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.RECATEGORISE)
        with collecting() as problems:
            application, application_version = clean_application(desk, application, application_version, problems)
            topic = clean_topic(desk, topic, application, problems)
            fields = clean_fields(desk, topic, ticket.fields_data or {}, problems, by_agent=True,
                                  recategorising=True)
        draft = replace(draft_of_ticket(desk, ticket, await reporter_of_ticket(ticket)),
                        topic_path=desk.topic_path(topic) if topic else (),
                        application=application, application_version=application_version, fields=fields)
        await gather_results(rt.pm.hook.validate_ticket(desk=desk.spec, ticket=draft, language=language))
        priority, reason = await decide_priority(rt, desk, draft)
        before = {"topic": desk.topic_slug(ticket.topic_id), "application": ticket.application,
                  "applicationVersion": ticket.application_version, "priority": ticket.priority}
        after = {"topic": topic, "application": application, "applicationVersion": application_version,
                 "priority": priority}
        await work.record(ticket, actor=viewer.user, kind="recategorised", payload={"from": before, "to": after},
                          updates={"topic_id": desk.topic_ids.get(topic) if topic else None,
                                   "application": application, "application_version": application_version,
                                   "priority": priority, "priority_reason": reason, "fields_data": fields})
    return ticket


async def rate(rt: Runtime, viewer: Viewer, number: str, answers: dict) -> tuple[Ticket, Rating]:
    """Rate a closed ticket with the desk's form, once."""
    try:
        async with unit_of_work(rt) as work:
            ticket, desk, _ = await _open(rt, work, viewer, number, Action.RATE)
            if await Rating.filter(ticket_id=ticket.id).exists():
                raise ConflictError("ALREADY_RATED", field="number", number=ticket.number)
            form = rating_form_for(rt, desk, ticket)
            cleaned, stars = clean_answers(form, answers or {})
            rating = await Rating.create(ticket_id=ticket.id, form=form.slug, answers=cleaned, stars=stars,
                                         rated_by=viewer.user, created_at=rt.now())
            await work.record(ticket, actor=viewer.user, kind="rated", payload={"form": form.slug, "stars": stars})
    except IntegrityError:
        # The ticket's lock makes raters queue; should a rating still slip in first, the loser hears why.
        if await Rating.filter(ticket__number=number.strip()).exists():
            raise ConflictError("ALREADY_RATED", field="number", number=number.strip()) from None
        raise
    return ticket, rating


def rating_form_for(rt: Runtime, desk: DeskInfo, ticket: Ticket):
    return rt.pm.hook.rating_form(desk=desk.spec, ticket=draft_of_ticket(desk, ticket))


async def pause_clock(rt: Runtime, viewer: Viewer, number: str, reason: str, note: str = "") -> Ticket:
    """Mark an SLA exception: the resolution clock stands still, for one of the desk's pause reasons."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.PAUSE_CLOCK)
        reasons = [pause.slug for pause in desk.spec.pause_reasons]
        if reason not in reasons:
            raise InvalidInputError("NOT_A_CHOICE", field="reason", value=reason, choices=", ".join(reasons) or "-")
        clock = await SlaClock.get_or_none(ticket_id=ticket.id, kind="resolution")
        if clock is None or clock.state != "running":
            raise InvalidInputError("SLA_CLOCK_NOT_RUNNING", field="number", number=ticket.number)
        await work.record(ticket, actor=viewer.user, kind="sla_paused", payload={"reason": reason, "note": note.strip()})
    return ticket


async def resume_clock(rt: Runtime, viewer: Viewer, number: str) -> Ticket:
    """Lift an SLA exception: the resolution clock runs again."""
    async with unit_of_work(rt) as work:
        ticket, desk, _ = await _open(rt, work, viewer, number, Action.RESUME_CLOCK)
        clock = await SlaClock.get_or_none(ticket_id=ticket.id, kind="resolution")
        exception = await SlaSegment.filter(clock=clock, ended_at=None).first() if clock else None
        if clock is None or clock.state != "paused" or exception is None or exception.reason not in {
                pause.slug for pause in desk.spec.pause_reasons}:
            raise InvalidInputError("SLA_CLOCK_NOT_EXCEPTED", field="number", number=ticket.number)
        await work.record(ticket, actor=viewer.user, kind="sla_resumed", payload={"reason": exception.reason})
    return ticket
