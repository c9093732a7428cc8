"""Plain snapshots of tickets and events for plugins (which never see core's models)."""

from __future__ import annotations

from loket.core.desk_registry import DeskInfo
from loket.core.models import Ticket, TicketEvent
from loket.core.plugin_types import EventView, TicketDraft
from loket.core.tickets.audience import public_payload


def draft_of_ticket(desk: DeskInfo, ticket: Ticket) -> TicketDraft:
    topic = desk.topic_slug(ticket.topic_id)
    return TicketDraft(desk=desk.slug, title=ticket.title, description=ticket.description,
                       topic_path=desk.topic_path(topic) if topic else (), application=ticket.application,
                       application_version=ticket.application_version, fields=ticket.fields_data or {},
                       channel=ticket.channel, reporter_category=ticket.reporter_category, origin=ticket.origin,
                       number=ticket.number, status=ticket.status,
                       status_category=ticket.status_category, priority=ticket.priority,
                       by_agent=ticket.created_by_id != ticket.reporter_id)


def view_of_event(event: TicketEvent) -> EventView:
    internal = event.visibility != "public"
    return EventView(kind=event.kind, seq=event.seq, from_status=event.from_status, to_status=event.to_status,
                     by_system=event.actor_id is None, payload=dict(event.payload or {}), internal=internal,
                     public_payload={} if internal else public_payload(event.kind, event.payload))
