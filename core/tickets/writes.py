"""Writes collected while reacting to a batch of events, flushed with a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tortoise.expressions import Q

from loket.core.models import OutboxMessage, SlaClock, SlaSegment, Ticket, Timer


@dataclass
class WriteSet:
    """What reactions want written. Objects are changed in memory first; ``flush`` writes each kind at once.

    Order on flush: new clocks (so their segments can refer to them), changed clocks and segments, new
    segments, tickets' SLA fields, timer cancellations, then new timers (so a cancellation never hits a
    timer armed by the same batch), then outbox messages.
    """

    new_clocks: list[SlaClock] = field(default_factory=list)
    clocks: dict[int, SlaClock] = field(default_factory=dict)
    segments: dict[int, SlaSegment] = field(default_factory=dict)
    new_segments: list[tuple[SlaSegment, SlaClock]] = field(default_factory=list)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    cancel_stale: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    cancel: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    replaced: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # timer kind -> ticket ids
    arm: list[Timer] = field(default_factory=list)
    outbox: list[OutboxMessage] = field(default_factory=list)

    def changed_clock(self, clock: SlaClock) -> None:
        if clock.id is not None:
            self.clocks[clock.id] = clock

    def add_segment(self, segment: SlaSegment, clock: SlaClock) -> None:
        self.new_segments.append((segment, clock))

    async def flush(self) -> None:
        if self.new_clocks:
            await SlaClock.bulk_create(self.new_clocks)
            ids = {(c.ticket_id, c.kind): c.id for c in await SlaClock.filter(
                ticket_id__in=[c.ticket_id for c in self.new_clocks])}
            for clock in self.new_clocks:
                clock.id = ids[(clock.ticket_id, clock.kind)]
        if self.clocks:
            await SlaClock.bulk_update(list(self.clocks.values()), fields=[
                "state", "used_seconds", "running_since", "due_at", "stopped_at", "breached_at", "warned_at",
                "target_seconds", "working_time"])
        if self.segments:
            await SlaSegment.bulk_update(list(self.segments.values()), fields=["ended_at", "note"])
        if self.new_segments:
            for segment, clock in self.new_segments:
                segment.clock_id = clock.id
            await SlaSegment.bulk_create([segment for segment, _ in self.new_segments])
        if self.tickets:
            await Ticket.bulk_update(list(self.tickets.values()), fields=["sla_due_at", "sla_breached"])
        for status, ticket_ids in self.cancel_stale.items():
            await (Timer.filter(ticket_id__in=ticket_ids, status="pending").exclude(expect_status=None)
                   .exclude(expect_status=status).update(status="cancelled", outcome="status_changed"))
        for kind, ticket_ids in self.replaced.items():
            await Timer.filter(ticket_id__in=ticket_ids, kind=kind, status="pending").update(
                status="cancelled", outcome="replaced")
        for outcome, timer_ids in self.cancel.items():
            await Timer.filter(Q(id__in=timer_ids), status="pending").update(status="cancelled", outcome=outcome)
        if self.arm:
            await Timer.bulk_create(self.arm)
        if self.outbox:
            await OutboxMessage.bulk_create(self.outbox)
        self.__init__()
