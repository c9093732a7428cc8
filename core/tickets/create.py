"""Opening a ticket, by its reporter or by an agent on a reporter's behalf (phone, walk-in, email)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth.accounts import create_user, normalise_email, validate_email
from loket.core.auth.invitations import invite_caller
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.models import Team, Ticket, User
from loket.core.plugin_types import PriorityDecision, ReporterView, TicketDraft, label
from loket.core.plugins import first_answer, gather_results
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.tickets.drafts import reporter_of
from loket.core.tickets.events import unit_of_work
from loket.core.tickets.numbering import ticket_number
from loket.core.tickets.validation import (
    Problems,
    clean_application,
    clean_choice,
    clean_fields,
    clean_text,
    clean_title,
    clean_topic,
    collecting,
)
from loket.core.workflow.access import Viewer


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
             by_agent: bool = False, reporter: ReporterView | None = None) -> TicketDraft:
    return TicketDraft(desk=desk.slug, title=new.title, description=new.description,
                       topic_path=desk.topic_path(topic) if topic else (), application=new.application,
                       application_version=new.application_version, fields=fields, channel=new.channel,
                       reporter_category=new.reporter_category, origin=new.origin, by_agent=by_agent,
                       reporter=reporter)


async def decide_priority(rt: Runtime, desk: DeskInfo, draft: TicketDraft) -> tuple[str | None, str]:
    decision = await first_answer(rt.pm.hook.ticket_priority, desk=desk.spec, ticket=draft)
    if decision is None:
        return None, ""
    if not isinstance(decision, PriorityDecision) or (
            desk.spec.priorities and decision.priority not in {p.slug for p in desk.spec.priorities}):
        raise RuntimeError(f"the ticket_priority hook of desk {desk.slug} answered {decision!r}")
    return decision.priority, label(decision.reason, desk.spec.language)


def clean_new_ticket(desk: DeskInfo, new: NewTicket, problems: Problems, *,
                     by_agent: bool) -> tuple[str | None, dict[str, Any]]:
    """Check what a new ticket says against the desk's rules (into ``problems``); its topic and fields."""
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
    return topic, fields


@dataclass
class Checked:
    """A new ticket that passed core's and the plugins' checks, with what they decided."""

    draft: TicketDraft
    topic: str | None
    fields: dict[str, Any]
    priority: str | None
    priority_reason: str


async def check_with_plugins(rt: Runtime, desk: DeskInfo, draft: TicketDraft, topic: str | None,
                             fields: dict[str, Any], language: str) -> Checked:
    """The plugins' ``validate_ticket`` checks, then the priority the desk's rule computes."""
    await gather_results(rt.pm.hook.validate_ticket(desk=desk.spec, ticket=draft, language=language))
    priority, reason = await decide_priority(rt, desk, draft)
    return Checked(draft, topic, fields, priority, reason)


async def create_ticket(rt: Runtime, viewer: Viewer, new: NewTicket, language: str) -> Ticket:
    """Open ``new`` as ``viewer``: for themselves, or (an agent) for someone else, who is registered and
    invited to choose a password when the address has no account yet. A guest may file only at desks with
    guest intake."""
    desk = rt.desks.get(new.desk)
    by_agent = viewer.is_staff_of(desk.id)
    if viewer.user.is_guest and not desk.spec.guest_intake:
        raise PermissionDeniedError("GUEST_INTAKE_CLOSED", field="desk", desk=desk.slug)
    with collecting() as problems:
        topic, fields = clean_new_ticket(desk, new, problems, by_agent=by_agent)
        if not by_agent and (new.channel != "web" or new.on_behalf_of_email):
            problems.add("ON_BEHALF_NEEDS_AGENT", "onBehalfOf" if new.on_behalf_of_email else "channel")
        if new.on_behalf_of_email:
            problems.check(validate_email, new.on_behalf_of_email, field="onBehalfOf.email")
    checked = await check_with_plugins(rt, desk, draft_of(desk, new, topic, fields, by_agent=by_agent,
                                                          reporter=await _reporter_view(viewer, new)),
                                       topic, fields, language)
    files = await attachments.take_staged(rt, viewer.user, desk, new.attachment_ids, "ticket")

    async with unit_of_work(rt) as work:
        reporter, invited = await _reporter(viewer, new)
        ticket = await insert_ticket(rt, work, desk, new, checked, reporter=reporter, created_by=viewer.user)
        await attachments.bind(rt, files, ticket)
        await assign_number(rt, work, desk, checked.draft, ticket)
        if invited:
            await invite_caller(rt, reporter, desk, ticket, agent=viewer.user)
    ticket.team = await Team.get(id=ticket.team_id)
    return ticket


async def insert_ticket(rt: Runtime, work, desk: DeskInfo, new: NewTicket, checked: Checked, *, reporter: User,
                        created_by: User, phone: str | None = None, guest: bool = False) -> Ticket:
    """Store the checked ticket (under a provisional number, see ``assign_number``) and its creation event."""
    team_spec = desk.team_for_new_ticket(checked.topic)
    now = rt.now()
    topic = checked.topic
    ticket = await Ticket.create(
        number=_provisional_number(), desk_id=desk.id, topic_id=desk.topic_ids.get(topic) if topic else None,
        application=new.application, application_version=new.application_version,
        title=new.title, description=new.description, reporter=reporter, created_by=created_by,
        reporter_phone=phone, channel=new.channel, reporter_category=new.reporter_category, origin=new.origin,
        status=desk.workflow.initial, status_category=desk.workflow.category_of(desk.workflow.initial),
        status_since=now,
        team_id=desk.team_ids[team_spec.slug], priority=checked.priority,
        priority_reason=checked.priority_reason, fields_data=checked.fields, version=1, created_at=now,
        updated_at=now)
    payload = {"channel": new.channel, "priority": checked.priority, "on_behalf": reporter.id != created_by.id}
    if guest:
        payload["guest"] = True
    await work.created(ticket, actor=created_by, payload=payload)
    return ticket


async def assign_number(rt: Runtime, work, desk: DeskInfo, draft: TicketDraft, ticket: Ticket) -> None:
    """Give the ticket the desk's number. Done last in the creating transaction: a desk's counter row stays
    locked from its increment until the commit, so concurrent creations queue for this final step alone."""
    ticket.number = await _number(rt, work, desk, draft, ticket.created_at, ticket)


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


async def _reporter_view(viewer: Viewer, new: NewTicket) -> ReporterView:
    """Who the ticket will be for, as the plugins' checks see it."""
    if not new.on_behalf_of_email:
        return reporter_of(viewer.user)
    email = normalise_email(new.on_behalf_of_email)
    known = await User.get_or_none(email=email)
    if known is not None:
        return reporter_of(known)
    return ReporterView(kind="account", name=_caller_name(new, email), email=email)


def _caller_name(new: NewTicket, email: str) -> str:
    return (new.on_behalf_of_name or "").strip() or email.split("@")[0]


async def _reporter(viewer: Viewer, new: NewTicket) -> tuple[User, bool]:
    """The ticket's reporter, and whether the account was created just now for a caller (who is invited)."""
    if not new.on_behalf_of_email:
        return viewer.user, False
    email = normalise_email(new.on_behalf_of_email)
    user = await User.get_or_none(email=email)
    if user is not None:
        return user, False
    try:
        async with in_transaction():  # a savepoint: another agent may be creating the same caller
            return await create_user(email=email, display_name=_caller_name(new, email), password=None), True
    except (IntegrityError, InvalidInputError):
        user = await User.get_or_none(email=email)
        if user is None:
            raise
    return user, False
