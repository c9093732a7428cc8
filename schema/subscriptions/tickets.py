"""Live updates over graphql-transport-ws. Each subscriber re-checks, for every event, what it may see."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.tickets.access import can_view, visible_ticket
from loket.core.tickets.states import Status
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.tickets import Ticket, TicketEvent


@strawberry.enum(description="The queues a live subscriber can follow.")
class LiveQueue(Enum):
    INCOMING = "incoming"
    HANDLED = "handled"
    MINE = "mine"


@strawberry.type(description="A change to a queue: a ticket arrived, left, or changed in it.")
class QueueUpdate:
    in_queue: bool = strawberry.field(description="Whether the ticket is in the queue after this event.")
    ticket: Ticket | None
    event: TicketEvent | None
    resync: bool = strawberry.field(description="True when updates were missed: fetch the queue again.")


async def _events_after(ticket_id: int, seq: int, staff: bool) -> list[models.TicketEvent]:
    query = models.TicketEvent.filter(ticket_id=ticket_id, seq__gt=seq)
    if not staff:
        query = query.filter(visibility="public")
    return await query.order_by("seq")


def _in_queue(ticket: models.Ticket, viewer, queue: LiveQueue) -> bool:
    if queue is LiveQueue.INCOMING:
        return ticket.status == Status.NEW.value and ticket.assignee_id is None and ticket.team_id in viewer.team_ids
    if queue is LiveQueue.HANDLED:
        return ticket.assignee_id == viewer.id and ticket.status != Status.CLOSED.value
    return viewer.id in (ticket.reporter_id, ticket.created_by_id)


def _touches(event: models.TicketEvent, ticket: models.Ticket, viewer, queue: LiveQueue) -> bool:
    if queue is LiveQueue.INCOMING:
        return bool({event.from_team_id, event.to_team_id} & viewer.team_ids)
    if queue is LiveQueue.HANDLED:
        return ticket.assignee_id == viewer.id or (event.kind != "created" and event.actor_id == viewer.id)
    return _in_queue(ticket, viewer, queue)


@strawberry.type
class TicketSubscriptions:
    @strawberry.subscription(description="Every event of one ticket, in order: first those after `afterSeq` "
                             "(so a client that reconnects misses nothing), then live ones.",
                             permission_classes=[IsAuthenticated])
    async def ticket_updates(self, info: Info, number: str, after_seq: int = 0) -> AsyncGenerator[TicketEvent, None]:
        context = info.context
        viewer = await context.viewer()
        ticket = await visible_ticket(viewer, number)
        staff = viewer.is_staff_of(ticket.desk_id)
        last = after_seq
        async with context.runtime.broker.subscribe() as inbox:
            for event in await _events_after(ticket.id, last, staff):
                last = event.seq
                context.renew_loaders()
                yield TicketEvent.of(event, ticket.desk_id)
            async for notice in inbox:
                if notice.ticket_id != ticket.id or notice.seq <= last:
                    continue
                current = await models.Ticket.get(id=ticket.id)
                if not await can_view(viewer, current):
                    return
                for event in await _events_after(ticket.id, last, staff):
                    last = event.seq
                    context.renew_loaders()
                    yield TicketEvent.of(event, ticket.desk_id)

    @strawberry.subscription(description="Changes to one of my queues on a desk (ticket arrived, taken, "
                             "escalated in or out).", permission_classes=[IsAuthenticated])
    async def queue_updates(self, info: Info, desk: str, queue: LiveQueue = LiveQueue.INCOMING
                            ) -> AsyncGenerator[QueueUpdate, None]:
        context = info.context
        viewer = await context.viewer()
        desk_id = context.runtime.desks.get(desk).id
        async with context.runtime.broker.subscribe() as inbox:
            async for notice in inbox:
                if inbox.take_missed():
                    yield QueueUpdate(in_queue=False, ticket=None, event=None, resync=True)
                if notice.desk_id != desk_id:
                    continue
                event = await models.TicketEvent.get(id=notice.event_id)
                ticket = await models.Ticket.get(id=notice.ticket_id)
                if not _touches(event, ticket, viewer, queue) or not await can_view(viewer, ticket):
                    continue
                if event.visibility != "public" and not viewer.is_staff_of(desk_id):
                    continue
                context.renew_loaders()
                yield QueueUpdate(in_queue=_in_queue(ticket, viewer, queue), ticket=Ticket.of(ticket),
                                  event=TicketEvent.of(event, desk_id), resync=False)
