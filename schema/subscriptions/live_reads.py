"""Reads shared by every subscriber of one process for one committed event.

When an event is published, each live subscriber in the process wakes for the same notice and needs the same
rows: the ticket as it now is, the events after the last one it sent, the actor, the message. Read once per
notice instead of once per subscriber, 2,500 subscribers of a ticket cost a handful of queries rather than
thousands. What is shared is only what the database holds, keyed as the per-request loaders key it (the
visibility is part of every key); each subscriber still decides for itself what its user may see.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from loket.core import models
from loket.core.live.broker import EventNotice
from loket.schema.loaders import Loaders

KEEP_SECONDS = 10.0
KEEP_NOTICES = 1000


class NoticeReads:
    """The rows read for one notice, each read at most once (concurrent callers await the same read)."""

    def __init__(self) -> None:
        self.loaders = Loaders()
        self.created = time.monotonic()
        self._reads: dict[tuple[Any, ...], asyncio.Future[Any]] = {}

    def _once(self, key: tuple[Any, ...], read: Callable[[], Awaitable[Any]]) -> asyncio.Future[Any]:
        if key not in self._reads:
            self._reads[key] = asyncio.ensure_future(read())
        return self._reads[key]

    async def ticket(self, ticket_id: int) -> models.Ticket:
        return await asyncio.shield(self._once(("ticket", ticket_id), lambda: models.Ticket.get(id=ticket_id)))

    async def event(self, event_id: int) -> models.TicketEvent:
        return await asyncio.shield(self._once(("event", event_id), lambda: models.TicketEvent.get(id=event_id)))

    async def events_after(self, ticket_id: int, seq: int, staff: bool) -> list[models.TicketEvent]:
        return await asyncio.shield(self._once(("events", ticket_id, seq, staff),
                                               lambda: events_after(ticket_id, seq, staff)))


async def events_after(ticket_id: int, seq: int, staff: bool) -> list[models.TicketEvent]:
    """The ticket's events after ``seq`` in order; internal ones only for the desk's staff."""
    query = models.TicketEvent.filter(ticket_id=ticket_id, seq__gt=seq)
    if not staff:
        query = query.filter(visibility="public")
    return await query.order_by("seq")


class LiveReads:
    """The process's recent ``NoticeReads``, by event, dropped after a few seconds."""

    def __init__(self) -> None:
        self._by_event: OrderedDict[int, NoticeReads] = OrderedDict()

    def of(self, notice: EventNotice) -> NoticeReads:
        now = time.monotonic()
        while self._by_event and (len(self._by_event) >= KEEP_NOTICES
                                  or now - next(iter(self._by_event.values())).created > KEEP_SECONDS):
            self._by_event.popitem(last=False)
        reads = self._by_event.get(notice.event_id)
        if reads is None:
            reads = self._by_event[notice.event_id] = NoticeReads()
        return reads
