"""Live updates over graphql-transport-ws. Each subscriber re-checks, for every event, what it may see."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.errors import NotFoundError
from loket.core.tickets.display_numbers import stored_number
from loket.core.workflow.access import can_view, visible_ticket
from loket.core.workflow.spec import DONE_CATEGORIES
from loket.schema.inputs import Slug, TicketNumber
from loket.schema.permissions import IsAuthenticated
from loket.schema.subscriptions.live_reads import NoticeReads, events_after
from loket.schema.types.tickets import Ticket, TicketEvent


@strawberry.enum(description="The queues a live subscriber can follow.")
class LiveQueue(Enum):
    INCOMING = strawberry.enum_value("incoming", description="Tickets of my teams that nobody has taken, in a "
                                     "status of category NEW.")
    HANDLED = strawberry.enum_value("handled", description="Tickets I hold, or held and handed on, that are not "
                                    "closed or final.")
    MINE = strawberry.enum_value("mine", description="Tickets I reported, or opened on someone's behalf.")


@strawberry.type(description="A change to a queue: a ticket arrived, left, or changed in it.")
class QueueUpdate:
    in_queue: bool = strawberry.field(description="Whether the ticket is in the queue after this event.")
    ticket: Ticket | None = strawberry.field(description="The ticket as it stands after the event; null on a "
                                             "resync.")
    event: TicketEvent | None = strawberry.field(description="What happened to it; null on a resync.")
    resync: bool = strawberry.field(description="Fetch the queue (again): sent first, once the subscription is "
                                    "live; whenever updates were missed; and when a ticket left your queue for a "
                                    "team you may not see. Carries no ticket.")


async def _held(ticket: models.Ticket, viewer) -> bool:
    """I hold the ticket, or held it and handed it on (the HANDLED queue, whatever its status)."""
    return ticket.assignee_id == viewer.id or await models.TicketParticipant.filter(
        ticket_id=ticket.id, user_id=viewer.id, role="holder").exists()


async def _in_queue(ticket: models.Ticket, viewer, queue: LiveQueue) -> bool:
    if queue is LiveQueue.INCOMING:
        return (ticket.status_category == "new" and ticket.assignee_id is None
                and ticket.team_id in viewer.team_ids)
    if queue is LiveQueue.HANDLED:
        return ticket.status_category not in DONE_CATEGORIES and await _held(ticket, viewer)
    return viewer.id in (ticket.reporter_id, ticket.created_by_id)


async def _touches(event: models.TicketEvent, ticket: models.Ticket, viewer, queue: LiveQueue) -> bool:
    if queue is LiveQueue.INCOMING:
        return bool({event.from_team_id, event.to_team_id} & viewer.team_ids)
    if queue is LiveQueue.HANDLED:
        return (event.kind != "created" and event.actor_id == viewer.id) or await _held(ticket, viewer)
    return await _in_queue(ticket, viewer, queue)


def _resync() -> QueueUpdate:
    return QueueUpdate(in_queue=False, ticket=None, event=None, resync=True)


def _left_my_incoming(event: models.TicketEvent, viewer, workflow) -> bool:
    """The event moved an untaken ticket away from one of the viewer's teams (out of their INCOMING queue)."""
    return (workflow.category_of(event.from_status) == "new" and event.from_team_id in viewer.team_ids
            and event.to_team_id != event.from_team_id)


@strawberry.type
class TicketSubscriptions:
    @strawberry.subscription(description="Every event of one ticket that you may see, in order: first those after "
                             "`afterSeq` (so a client that reconnects with the last `seq` it saw misses nothing), "
                             "then live ones. Ends with TICKET_NOT_FOUND if you can no longer see the ticket.",
                             permission_classes=[IsAuthenticated])
    async def ticket_updates(self, info: Info,
                             number: Annotated[TicketNumber, strawberry.argument(
                                 description="The ticket's number (or its displayNumber).")],
                             after_seq: Annotated[int, strawberry.argument(
                                 description="Send first the events after this `seq` (the last one you saw); 0: "
                                 "the whole timeline.")] = 0) -> AsyncGenerator[TicketEvent, None]:
        context = info.context
        viewer = await context.viewer()
        ticket = await visible_ticket(viewer, await stored_number(context.runtime.desks, number))
        staff = viewer.is_staff_of(ticket.desk_id)
        last = after_seq
        # Listen before reading the backlog: an event committed in between is then read or heard, never neither.
        async with context.runtime.broker.subscribe() as inbox:
            for event in await events_after(ticket.id, last, staff):
                last = event.seq
                context.renew_loaders()
                yield TicketEvent.of(event, ticket.desk_id)
            async for notice in inbox:
                # Notices dropped while this inbox was full may include this ticket's: read from the database.
                missed = inbox.take_missed()
                if not missed and (notice.ticket_id != ticket.id or notice.seq <= last):
                    continue
                # Every subscriber of this ticket in the process wakes for this notice: they read together
                # (one that missed notices catches up on its own).
                reads = NoticeReads() if missed else context.live_reads.of(notice)
                if not await can_view(viewer, await reads.ticket(ticket.id)):
                    raise NotFoundError("TICKET_NOT_FOUND", field="number", number=ticket.number)
                for event in await reads.events_after(ticket.id, last, staff):
                    last = event.seq
                    context.use_loaders(reads.loaders)
                    yield TicketEvent.of(event, ticket.desk_id)

    @strawberry.subscription(description="Changes to one of my queues on a desk (ticket arrived, taken, escalated "
                             "in or out). The first update has `resync: true` once the subscription is live: fetch "
                             "the queue then and apply the updates that follow.",
                             permission_classes=[IsAuthenticated])
    async def queue_updates(self, info: Info,
                            desk: Annotated[Slug, strawberry.argument(description="The desk's slug.")],
                            queue: Annotated[LiveQueue, strawberry.argument(
                                description="The queue to follow; INCOMING unless told.")] = LiveQueue.INCOMING,
                            ) -> AsyncGenerator[QueueUpdate, None]:

        context = info.context
        viewer = await context.viewer()
        desk_id = context.runtime.desks.get(desk).id
        async with context.runtime.broker.subscribe() as inbox:
            yield _resync()
            async for notice in inbox:
                if inbox.take_missed():
                    yield _resync()
                if notice.desk_id != desk_id:
                    continue
                reads = context.live_reads.of(notice)
                event = await reads.event(notice.event_id)
                ticket = await reads.ticket(notice.ticket_id)
                if not await _touches(event, ticket, viewer, queue):
                    continue
                if not await can_view(viewer, ticket):
                    # It left my team for one I may not see (escalated before anyone took it): the client
                    # still shows it, so it must fetch the queue again; the update itself names nothing.
                    if queue is LiveQueue.INCOMING and _left_my_incoming(
                            event, viewer, context.runtime.desks.by_id(desk_id).workflow):
                        yield _resync()
                    continue
                if event.visibility != "public" and not viewer.is_staff_of(desk_id):
                    continue
                context.use_loaders(reads.loaders)
                yield QueueUpdate(in_queue=await _in_queue(ticket, viewer, queue), ticket=Ticket.of(ticket),
                                  event=TicketEvent.of(event, desk_id), resync=False)
