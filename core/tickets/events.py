"""Recording what happens to tickets: every change bumps the ticket's version and appends one event with
that version as its sequence number, in the same transaction; subscribers hear of it after commit.

Changes are recorded in batches (a user's action is a batch of one; the timer runner records hundreds at
once), so a batch costs a fixed number of statements however many tickets it touches.

Every change locks its tickets' rows first (``lock_ticket``/``lock_tickets``), in ticket id order, and reads
them under that lock, before it writes any row that refers to them (a message, a file, a rating, a clock's
segment). Concurrent changes of one ticket then queue at that lock instead of deadlocking. (On PostgreSQL
an insert referring to a ticket takes a key-share lock on its row: two replies that each inserted their
message first, then each asked for the row's update lock, waited for each other.) ``FOR NO KEY UPDATE`` is
the lock an ``UPDATE`` of the ticket takes anyway; it queues changes without blocking rows that merely refer
to the ticket. On SQLite the transaction holds the database's write lock from its start. The version check
of ``record_many`` stays as a safety net.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from loket.core.live.broker import EventNotice
from loket.core.errors import ConflictError
from loket.core.models import Message, Team, Ticket, TicketEvent, User
from loket.core.plugins import gather_results
from loket.core.runtime import Runtime
from loket.core.tickets.display_numbers import stored_number
from loket.core.tickets.writes import WriteSet

logger = logging.getLogger("loket.events")


@dataclass
class Change:
    """One event to record on a ticket, and what it changes."""

    ticket: Ticket
    kind: str
    actor: User | None = None
    to_status: str | None = None
    to_team: Team | None = None
    updates: dict[str, Any] = field(default_factory=dict)
    message: Message | None = None
    internal: bool = False
    payload: dict[str, Any] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        values = dict(self.updates)
        if self.to_status is not None:
            values["status"] = self.to_status
        if self.to_team is not None:
            values["team_id"] = self.to_team.id
        return values


@dataclass
class UnitOfWork:
    """One transaction: the connection to run raw SQL on, the writes reactions collect, and the events to
    announce once it commits."""

    rt: Runtime
    connection: Any
    events: list[TicketEvent] = field(default_factory=list)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    writes: WriteSet = field(default_factory=WriteSet)
    locked: set[int] = field(default_factory=set)

    async def lock_ticket(self, number: str) -> Ticket | None:
        """The ticket with this number as it is now, its row locked until the transaction ends (None when
        there is no such ticket). The first thing an action on a ticket does. ``number`` may be in its desk's
        displayed form."""
        number = await stored_number(self.rt.desks, number)
        ticket = await Ticket.filter(number=number).select_for_update(no_key=True).first()
        if ticket is not None:
            self.locked.add(ticket.id)
        return ticket

    async def lock_tickets(self, ticket_ids: list[int]) -> dict[int, Ticket]:
        """The tickets as they are now, their rows locked in id order (so two batches never wait on each
        other in a circle) until the transaction ends."""
        tickets = await Ticket.filter(id__in=sorted(set(ticket_ids))).order_by("id").select_for_update(no_key=True)
        self.locked.update(ticket.id for ticket in tickets)
        return {ticket.id: ticket for ticket in tickets}

    async def record(self, ticket: Ticket, *, actor: User | None, kind: str, **details: Any) -> TicketEvent:
        """Apply the change if nobody changed the ticket since it was read, and append its event.

        Raises ConflictError when the ticket's version moved on (another change won the race).
        """
        [event] = await self.record_many([Change(ticket=ticket, kind=kind, actor=actor, **details)])
        return event

    async def record_many(self, changes: list[Change]) -> list[TicketEvent]:
        """Record one change per ticket; all or none (ConflictError when any ticket moved on)."""
        if len({change.ticket.id for change in changes}) != len(changes):
            raise ValueError("record_many takes at most one change per ticket")
        if any(change.ticket.id not in self.locked for change in changes):
            raise RuntimeError("lock a ticket (lock_ticket, lock_tickets) before changing it")
        now = self.rt.now()
        for change in changes:
            self._follow_status(change)
        await self._update_tickets(changes, now)
        events = []
        for change in changes:
            ticket = change.ticket
            from_status, from_team_id = ticket.status, ticket.team_id
            for name, value in change.values().items():
                setattr(ticket, name, value)
            ticket.version, ticket.updated_at = ticket.version + 1, now
            events.append(TicketEvent(
                ticket_id=ticket.id, seq=ticket.version, actor=change.actor, kind=change.kind, created_at=now,
                from_status=from_status, to_status=change.to_status or from_status, from_team_id=from_team_id,
                to_team_id=change.to_team.id if change.to_team else from_team_id, message=change.message,
                visibility="internal" if change.internal else "public", payload=change.payload))
        await self._insert(events)
        await self._react([(change.ticket, event) for change, event in zip(changes, events)])
        return events

    def _follow_status(self, change: Change) -> None:
        """A change of status also changes the status's category, and settles a question nobody waits for."""
        if change.to_status is None or change.to_status == change.ticket.status:
            return
        category = self.rt.desks.by_id(change.ticket.desk_id).workflow.category_of(change.to_status)
        change.updates.setdefault("status_category", category)
        change.updates.setdefault("status_since", self.rt.now())
        if category != "waiting_on_reporter" and change.ticket.asked_id is not None:
            change.updates.setdefault("asked_id", None)

    async def _update_tickets(self, changes: list[Change], now) -> None:
        """Lock the tickets, check nobody changed them since they were read, then write each group of
        identical changes with one statement. (On SQLite the transaction already holds the write lock.)"""
        current = await self._lock_versions([change.ticket.id for change in changes])
        for change in changes:
            if current.get(change.ticket.id) != change.ticket.version:
                raise ConflictError("TICKET_CHANGED", number=change.ticket.number)
        groups: dict[tuple, list[Change]] = defaultdict(list)
        for change in changes:
            groups[tuple(sorted((key, repr(value)) for key, value in change.values().items()))].append(change)
        for members in groups.values():
            await self._update_group([change.ticket.id for change in members], {"updated_at": now,
                                                                                 **members[0].values()})

    async def _update_group(self, ticket_ids: list[int], values: dict[str, Any]) -> None:
        """One UPDATE for tickets getting the same values. Raw SQL because tortoise's query builder copies
        the query once per id of a long IN list; values go through each field's own conversion."""
        postgres = self.connection.capabilities.dialect == "postgres"
        fields = Ticket._meta.fields_map
        assignments, params = ["version = version + 1"], []
        for name, value in values.items():
            field = fields[name]
            params.append(field.to_db_value(value, Ticket))
            assignments.append(f'"{field.source_field or name}" = {f"${len(params)}" if postgres else "?"}')
        if postgres:
            params.append(ticket_ids)
            where = f"id = ANY(${len(params)}::int[])"
        else:
            params.extend(ticket_ids)
            where = f"id IN ({','.join('?' * len(ticket_ids))})"
        await self.connection.execute_query(f"UPDATE loket_ticket SET {', '.join(assignments)} WHERE {where}", params)

    async def _lock_versions(self, ticket_ids: list[int]) -> dict[int, int]:
        # Raw SQL: tortoise drops FOR UPDATE from values_list() queries. The rows are locked already.
        if self.connection.capabilities.dialect == "postgres":
            sql, params = ("SELECT id, version FROM loket_ticket WHERE id = ANY($1::int[]) ORDER BY id "
                           "FOR NO KEY UPDATE", [ticket_ids])
        else:
            sql, params = f"SELECT id, version FROM loket_ticket WHERE id IN ({','.join('?' * len(ticket_ids))})", ticket_ids
        return {row["id"]: row["version"] for row in await self.connection.execute_query_dict(sql, params)}

    async def _insert(self, events: list[TicketEvent]) -> None:
        if len(events) == 1:
            await events[0].save()
        else:
            await TicketEvent.bulk_create(events)
            ids = {(ticket_id, seq): event_id for event_id, ticket_id, seq in await TicketEvent.filter(
                ticket_id__in=[e.ticket_id for e in events], seq__gte=min(e.seq for e in events)
            ).values_list("id", "ticket_id", "seq")}
            for event in events:
                event.id = ids[(event.ticket_id, event.seq)]
        self.events.extend(events)

    async def _react(self, happened: list[tuple[Ticket, TicketEvent]]) -> None:
        from loket.core.tickets.reactions import react  # reactions build on this module

        for ticket, _ in happened:
            self.tickets[ticket.id] = ticket
        await react(self, happened)
        await self.writes.flush()

    async def created(self, ticket: Ticket, *, actor: User, payload: dict[str, Any]) -> TicketEvent:
        event = TicketEvent(ticket_id=ticket.id, seq=1, actor=actor, kind="created", created_at=ticket.created_at,
                            from_status=None, to_status=ticket.status, from_team_id=None, to_team_id=ticket.team_id,
                            visibility="public", payload=payload)
        self.locked.add(ticket.id)  # nobody else sees it before this transaction commits
        await self._insert([event])
        await self._react([(ticket, event)])
        return event


@asynccontextmanager
async def unit_of_work(rt: Runtime) -> AsyncIterator[UnitOfWork]:
    """Run a state change in one transaction; publish its events only after the commit succeeded."""
    async with in_transaction() as connection:
        work = UnitOfWork(rt=rt, connection=connection)
        yield work
    if work.events:
        await rt.broker.publish([EventNotice(event_id=e.id, ticket_id=e.ticket_id,
                                             desk_id=work.tickets[e.ticket_id].desk_id, seq=e.seq)
                                 for e in work.events])
        await _tell_plugins(rt, work.tickets, work.events)


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
