"""Opening a ticket, by its reporter or by an agent on a reporter's behalf (phone, walk-in, email)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth.accounts import create_user, normalise_email, validate_email
from loket.core.desk_registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.models import Team, Ticket, User
from loket.core.plugin_types import PriorityDecision, TicketDraft, label
from loket.core.plugins import await_me_maybe, gather_results
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.workflow.access import Viewer
from loket.core.tickets.events import unit_of_work
from loket.core.tickets.numbering import ticket_number
from loket.core.tickets.validation import (
    clean_application,
    clean_choice,
    clean_fields,
    clean_text,
    clean_title,
    clean_topic,
    collecting,
)


@dataclass
class NewTicket:
    desk: str
    title: str
    description: str
    topic: str | None = None
    application: str | None = None
    application_version: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    attachment_ids: list[str] = field(default_factory=list)
    channel: str = "web"
    reporter_category: str | None = None
    origin: str | None = None
    on_behalf_of_email: str | None = None
    on_behalf_of_name: str | None = None


def draft_of(desk: DeskInfo, new: NewTicket, topic: str | None, fields: dict[str, Any],
             by_agent: bool = False) -> TicketDraft:
    return TicketDraft(desk=desk.slug, title=new.title, description=new.description,
                       topic_path=desk.topic_path(topic) if topic else (), application=new.application,
                       application_version=new.application_version, fields=fields, channel=new.channel,
                       reporter_category=new.reporter_category, origin=new.origin, by_agent=by_agent)


async def decide_priority(rt: Runtime, desk: DeskInfo, draft: TicketDraft) -> tuple[str | None, str]:
    decision = await await_me_maybe(rt.pm.hook.ticket_priority(desk=desk.spec, ticket=draft))
    if decision is None:
        return None, ""
    if not isinstance(decision, PriorityDecision) or (
            desk.spec.priorities and decision.priority not in {p.slug for p in desk.spec.priorities}):
        raise RuntimeError(f"the ticket_priority hook of desk {desk.slug} answered {decision!r}")
    return decision.priority, label(decision.reason, desk.spec.language)


async def create_ticket(rt: Runtime, viewer: Viewer, new: NewTicket, language: str) -> Ticket:
    desk = rt.desks.get(new.desk)
    by_agent = viewer.is_staff_of(desk.id)
    with collecting() as problems:
        new.title = clean_title(desk, new.title, problems)
        new.description = clean_text(new.description, desk.spec.description_min_length, "description", problems)
        new.application, new.application_version = clean_application(
            desk, new.application, new.application_version, problems)
        topic = clean_topic(desk, new.topic, new.application, problems)
        fields = clean_fields(desk, topic, new.fields or {}, problems, by_agent=by_agent)
        new.reporter_category = clean_choice(new.reporter_category, desk.spec.reporter_categories,
                                             "reporterCategory", "NOT_A_CHOICE", problems)
        new.origin = clean_choice(new.origin, desk.spec.origins, "origin", "NOT_A_CHOICE", problems)
        if new.channel not in desk.spec.channels:
            problems.add("NOT_A_CHOICE", "channel", value=new.channel, choices=", ".join(desk.spec.channels))
        if not by_agent and (new.channel != "web" or new.on_behalf_of_email):
            problems.add("ON_BEHALF_NEEDS_AGENT", "onBehalfOf" if new.on_behalf_of_email else "channel")
        if new.on_behalf_of_email:
            problems.check(validate_email, new.on_behalf_of_email, field="onBehalfOf.email")
    draft = draft_of(desk, new, topic, fields, by_agent=by_agent)
    await gather_results(rt.pm.hook.validate_ticket(desk=desk.spec, ticket=draft, language=language))
    priority, reason = await decide_priority(rt, desk, draft)
    files = await attachments.take_staged(rt, viewer.user, desk, new.attachment_ids, "ticket")
    team_spec = desk.team_for_new_ticket(topic)

    async with unit_of_work(rt) as work:
        reporter = await _reporter(viewer, new)
        now = rt.now()
        ticket = await Ticket.create(
            number=_provisional_number(), desk_id=desk.id, topic_id=desk.topic_ids.get(topic) if topic else None,
            application=new.application, application_version=new.application_version,
            title=new.title, description=new.description, reporter=reporter, created_by=viewer.user,
            channel=new.channel, reporter_category=new.reporter_category, origin=new.origin,
            status=desk.workflow.initial, status_category=desk.workflow.category_of(desk.workflow.initial),
            team_id=desk.team_ids[team_spec.slug], priority=priority, priority_reason=reason, fields_data=fields, version=1, created_at=now, updated_at=now)
        await work.created(ticket, actor=viewer.user, payload={
            "channel": new.channel, "priority": priority, "on_behalf": reporter.id != viewer.id})
        await attachments.bind(rt, files, ticket)
        # The number comes last: a desk's counter row stays locked from its increment until the commit, so
        # concurrent creations queue for this final step alone, not for everything above.
        ticket.number = await _number(rt, work, desk, draft, now, ticket)
    ticket.team = await Team.get(id=ticket.team_id)
    return ticket


def _provisional_number() -> str:
    """A unique placeholder, replaced by the desk's number before the creating transaction commits."""
    return f"~{uuid.uuid4().hex}"


async def _number(rt: Runtime, work, desk: DeskInfo, draft: TicketDraft, now, ticket: Ticket) -> str:
    """The desk's number for the ticket, stored; asked again (up to five times) when it is taken."""
    for _attempt in range(5):
        number = await ticket_number(rt, work.connection, desk, draft, now)
        try:
            async with in_transaction():  # a savepoint: a colliding number must not abort the whole
                await Ticket.filter(id=ticket.id).update(number=number)
            return number
        except IntegrityError:
            if await Ticket.filter(number=number).exists():
                continue
            raise
    raise InvalidInputError("TICKET_NUMBER_EXHAUSTED", field="desk", desk=desk.slug)


async def _reporter(viewer: Viewer, new: NewTicket) -> User:
    if not new.on_behalf_of_email:
        return viewer.user
    email = normalise_email(new.on_behalf_of_email)
    user = await User.get_or_none(email=email)
    if user is None:
        try:
            async with in_transaction():  # a savepoint: another agent may be creating the same caller
                user = await create_user(email=email, display_name=(new.on_behalf_of_name or email.split("@")[0]),
                                         password=None)
        except (IntegrityError, InvalidInputError):
            user = await User.get_or_none(email=email)
            if user is None:
                raise
    return user
