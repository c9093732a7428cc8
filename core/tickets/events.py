"""Recording what happens to tickets: every change bumps the ticket's version and appends one event with
that version as its sequence number, in the same transaction; subscribers hear of it after commit."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from loket.core.broker import EventNotice
from loket.core.errors import ConflictError
from loket.core.models import Message, Team, Ticket, TicketEvent, Timer, User
from loket.core.plugins import gather_results
from loket.core.runtime import Runtime

logger = logging.getLogger("loket.events")


@dataclass
class UnitOfWork:
    """One transaction: the connection to run raw SQL on, and the events to announce once it commits."""

    rt: Runtime
    connection: Any
    events: list[TicketEvent] = field(default_factory=list)

    async def record(
        self,
        ticket: Ticket,
        *,
        actor: User | None,
        kind: str,
        updates: dict[str, Any] | None = None,
        to_status: str | None = None,
        to_team: Team | None = None,
        message: Message | None = None,
        internal: bool = False,
        payload: dict[str, Any] | None = None,
    ) -> TicketEvent:
        """Apply ``updates`` to the ticket if nobody changed it since it was read, and append the event.

        Raises ConflictError when the ticket's version moved on (another change won the race).
        """
        now = self.rt.now()
        changes = dict(updates or {})
        if to_status is not None:
            changes["status"] = to_status
        if to_team is not None:
            changes["team_id"] = to_team.id
        version = ticket.version + 1
        changed = await Ticket.filter(id=ticket.id, version=ticket.version).update(
            version=version, updated_at=now, **changes)
        if changed == 0:
            raise ConflictError("TICKET_CHANGED", number=ticket.number)
        from_status, from_team_id = ticket.status, ticket.team_id
        for name, value in changes.items():
            setattr(ticket, name, value)
        ticket.version, ticket.updated_at = version, now
        event = await TicketEvent.create(
            ticket_id=ticket.id, seq=version, actor=actor, kind=kind, created_at=now,
            from_status=from_status, to_status=to_status or from_status,
            from_team_id=from_team_id, to_team_id=to_team.id if to_team else from_team_id,
            message=message, visibility="internal" if internal else "public", payload=payload or {})
        self.events.append(event)
        await self._react(ticket, event)
        return event

    async def _react(self, ticket: Ticket, event: TicketEvent) -> None:
        from loket.core.tickets.reactions import react  # reactions build on this module

        await react(self, ticket, event)

    async def arm(self, ticket: Ticket, kind: str, due_at: datetime, expect_status: str | None,
                  payload: dict[str, Any]) -> Timer:
        """Arm a timer for the ticket, in this transaction."""
        return await Timer.create(ticket_id=ticket.id, kind=kind, due_at=due_at, expect_status=expect_status,
                                  payload=payload, armed_at=self.rt.now())

    async def created(self, ticket: Ticket, *, actor: User, payload: dict[str, Any]) -> TicketEvent:
        event = await TicketEvent.create(
            ticket_id=ticket.id, seq=1, actor=actor, kind="created", created_at=ticket.created_at,
            from_status=None, to_status=ticket.status, from_team_id=None, to_team_id=ticket.team_id,
            visibility="public", payload=payload)
        self.events.append(event)
        await self._react(ticket, event)
        return event


@asynccontextmanager
async def unit_of_work(rt: Runtime) -> AsyncIterator[UnitOfWork]:
    """Run a state change in one transaction; publish its events only after the commit succeeded."""
    async with in_transaction() as connection:
        work = UnitOfWork(rt=rt, connection=connection)
        yield work
    if work.events:
        tickets = {t.id: t for t in await Ticket.filter(id__in={e.ticket_id for e in work.events})}
        await rt.broker.publish([EventNotice(event_id=e.id, ticket_id=e.ticket_id, desk_id=tickets[e.ticket_id].desk_id,
                                             seq=e.seq) for e in work.events])
        await _tell_plugins(rt, tickets, work.events)


async def _tell_plugins(rt: Runtime, tickets: dict[int, Ticket], events: list[TicketEvent]) -> None:
    """The on_ticket_event hook, after commit: a failing plugin is logged and changes nothing."""
    from loket.core.tickets.drafts import draft_of_ticket, view_of_event

    for event in events:
        ticket = tickets[event.ticket_id]
        desk = rt.desks.by_id(ticket.desk_id)
        try:
            await gather_results(rt.pm.hook.on_ticket_event(
                desk=desk.spec, ticket=draft_of_ticket(desk, ticket), event=view_of_event(event)))
        except Exception:
            logger.exception("a plugin failed on event %s of ticket %s", event.kind, ticket.number)
