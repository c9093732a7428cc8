"""Plain snapshots of tickets and events for plugins (which never see core's models)."""

from __future__ import annotations

from loket.core.desks.registry import DeskInfo
from loket.core.models import Ticket, TicketEvent, User
from loket.core.plugin_types import EventView, ReporterView, TicketDraft
from loket.core.tickets.audience import public_payload


def reporter_of(user: User, phone: str | None = None) -> ReporterView:
    """The reporter as plugins see them: a guest or an account, with name, email and the phone left."""
    return ReporterView(kind="guest" if user.is_guest else "account", name=user.display_name, email=user.email,
                        phone=phone)


async def reporter_of_ticket(ticket: Ticket) -> ReporterView:
    """The ticket's reporter (read from the database unless already loaded)."""
    return reporter_of(await ticket.reporter, ticket.reporter_phone)


def draft_of_ticket(desk: DeskInfo, ticket: Ticket, reporter: ReporterView | None = None) -> TicketDraft:
    """The ticket as plugins see it. Without ``reporter``, the reporter is filled in when the ticket's
    reporter row is already loaded (no query is made here)."""
    if reporter is None:
        loaded = ticket.__dict__.get("_reporter")  # what tortoise keeps of a fetched relation
        if isinstance(loaded, User):
            reporter = reporter_of(loaded, ticket.reporter_phone)
    topic = desk.topic_slug(ticket.topic_id)
    team = desk.team_spec(ticket.team_id) if ticket.team_id is not None else None
    return TicketDraft(desk=desk.slug, title=ticket.title, description=ticket.description,
                       topic_path=desk.topic_path(topic) if topic else (), application=ticket.application,
                       application_version=ticket.application_version, fields=ticket.fields_data or {},
                       channel=ticket.channel, reporter_category=ticket.reporter_category, origin=ticket.origin,
                       number=ticket.number, status=ticket.status,
                       status_category=ticket.status_category, priority=ticket.priority,
                       by_agent=ticket.created_by_id != ticket.reporter_id, reporter=reporter,
                       team=team.slug if team else None, tier=team.tier if team else 0)


def view_of_event(event: TicketEvent) -> EventView:
    internal = event.visibility != "public"
    return EventView(kind=event.kind, seq=event.seq, from_status=event.from_status, to_status=event.to_status,
                     by_system=event.actor_id is None, payload=dict(event.payload or {}), internal=internal,
                     public_payload={} if internal else public_payload(event.kind, event.payload))
