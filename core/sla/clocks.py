"""SLA clocks follow the ticket's events, in the event's transaction.

- created: the first-response and resolution clocks start (when the desk has targets);
- the first response (feedback request, public agent reply or resolution) stops the first-response clock;
- waiting on the reporter pauses the resolution clock, the reporter's answer resumes it;
- an agent's SLA exception (``sla_paused``, with a reason) pauses it until ``sla_resumed``;
- a resolution pauses it while the reporter is asked to confirm; reopening resumes it;
- closing stops every clock; recategorising re-targets them, keeping the time already used.
Every pause and run is a segment with its reason, so a clock can show its working.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from loket.core.desk_registry import DeskInfo
from loket.core.models import SlaClock, SlaSegment, Ticket, TicketEvent, Timer
from loket.core.plugin_types import SlaPolicy
from loket.core.sla.calendar import BusinessCalendar, add_working_time, working_time_between
from loket.core.tickets.states import Status

KINDS = ("first_response", "resolution")
PAUSE_FOR_STATUS = {Status.WAITING_ON_REPORTER.value: "waiting_on_reporter", Status.RESOLVED.value: "resolved"}
CLOCK_TIMERS = ("sla_warning", "sla_breach")


def _target(policy: SlaPolicy, kind: str) -> timedelta | None:
    return policy.first_response if kind == "first_response" else policy.resolution


def used(clock: SlaClock, now: datetime, calendar: BusinessCalendar | None) -> timedelta:
    """Counted time the clock has used up to ``now``."""
    spent = timedelta(seconds=clock.used_seconds)
    if clock.state == "running" and clock.running_since is not None:
        spent += working_time_between(clock.running_since, now, calendar if clock.working_time else None)
    return spent


class Clocks:
    """The SLA clocks of one ticket, changed inside a unit of work."""

    def __init__(self, work, desk: DeskInfo, ticket: Ticket, policy: SlaPolicy) -> None:
        self.work = work
        self.desk = desk
        self.ticket = ticket
        self.policy = policy
        self.now = work.rt.now()

    @property
    def calendar(self) -> BusinessCalendar | None:
        return self.policy.calendar

    async def start(self) -> None:
        for kind in KINDS:
            target = _target(self.policy, kind)
            if target is None:
                continue
            clock = await SlaClock.create(ticket_id=self.ticket.id, kind=kind, target_seconds=int(target.total_seconds()),
                                          working_time=self.calendar is not None, state="running",
                                          running_since=self.now, used_seconds=0)
            clock.due_at = add_working_time(self.now, target, self.calendar)
            await clock.save(update_fields=["due_at"])
            await SlaSegment.create(clock=clock, state="running", reason="started", started_at=self.now)
        await self._refresh()

    async def react(self, event: TicketEvent) -> None:
        clocks = {clock.kind: clock for clock in await SlaClock.filter(ticket_id=self.ticket.id)}
        if not clocks:
            return
        status = self.ticket.status
        first = clocks.get("first_response")
        if first and first.state != "stopped" and self.ticket.first_response_at is not None:
            await self._stop(first, "responded")
        resolution = clocks.get("resolution")
        if status == Status.CLOSED.value:
            for clock in clocks.values():
                if clock.state != "stopped":
                    await self._stop(clock, self.ticket.close_reason or "closed")
        elif resolution and resolution.state != "stopped":
            await self._follow_status(resolution, event)
        if event.kind == "recategorised":
            await self._retarget(clocks)
        await self._refresh()

    async def _follow_status(self, clock: SlaClock, event: TicketEvent) -> None:
        status_reason = PAUSE_FOR_STATUS.get(self.ticket.status)
        if event.kind == "sla_paused":
            await self._pause(clock, event.payload.get("reason", "exception"), event.payload.get("note", ""))
        elif event.kind == "sla_resumed" and clock.state == "paused":
            await self._resume(clock, "exception_lifted")
        elif status_reason and clock.state == "running":
            await self._pause(clock, status_reason)
        elif clock.state == "paused" and event.from_status in PAUSE_FOR_STATUS and not status_reason:
            current = await SlaSegment.filter(clock=clock, ended_at=None).first()
            if current and current.reason == PAUSE_FOR_STATUS[event.from_status]:
                await self._resume(clock, "feedback_given" if current.reason == "waiting_on_reporter" else "reopened")

    async def _close_segment(self, clock: SlaClock) -> None:
        await SlaSegment.filter(clock=clock, ended_at=None).update(ended_at=self.now)

    async def _pause(self, clock: SlaClock, reason: str, note: str = "") -> None:
        clock.used_seconds = int(used(clock, self.now, self.calendar).total_seconds())
        clock.state, clock.running_since, clock.due_at = "paused", None, None
        await clock.save(update_fields=["used_seconds", "state", "running_since", "due_at"])
        await self._close_segment(clock)
        await SlaSegment.create(clock=clock, state="paused", reason=reason, note=note, started_at=self.now)

    async def _resume(self, clock: SlaClock, reason: str) -> None:
        clock.state, clock.running_since = "running", self.now
        clock.due_at = self._due(clock)
        await clock.save(update_fields=["state", "running_since", "due_at"])
        await self._close_segment(clock)
        await SlaSegment.create(clock=clock, state="running", reason=reason, started_at=self.now)

    async def _stop(self, clock: SlaClock, reason: str) -> None:
        if clock.state == "running":
            clock.used_seconds = int(used(clock, self.now, self.calendar).total_seconds())
        clock.state, clock.running_since, clock.stopped_at = "stopped", None, self.now
        if clock.used_seconds > clock.target_seconds and clock.breached_at is None:
            clock.breached_at = self.now  # missed while no timer was due to notice (e.g. clocks moved)
        await clock.save(update_fields=["used_seconds", "state", "running_since", "stopped_at", "breached_at"])
        await self._close_segment(clock)
        await SlaSegment.filter(clock=clock).order_by("-id").limit(1).update(note=reason)

    async def _retarget(self, clocks: dict[str, SlaClock]) -> None:
        for kind, clock in clocks.items():
            target = _target(self.policy, kind)
            if target is None or clock.state == "stopped":
                continue
            clock.target_seconds = int(target.total_seconds())
            clock.due_at = self._due(clock) if clock.state == "running" else None
            await clock.save(update_fields=["target_seconds", "due_at"])

    def _due(self, clock: SlaClock) -> datetime:
        left = timedelta(seconds=clock.target_seconds) - used(clock, self.now, self.calendar)
        return add_working_time(self.now, max(left, timedelta(0)), self.calendar if clock.working_time else None)

    async def _refresh(self) -> None:
        """Keep the ticket's due time and breach flag current, and re-arm the warning and breach timers."""
        clocks = await SlaClock.filter(ticket_id=self.ticket.id)
        running = [clock for clock in clocks if clock.state == "running" and clock.due_at is not None]
        due = min((clock.due_at for clock in running), default=None)
        breached = any(clock.breached_at is not None for clock in clocks)
        if (due, breached) != (self.ticket.sla_due_at, self.ticket.sla_breached):
            await Ticket.filter(id=self.ticket.id).update(sla_due_at=due, sla_breached=breached)
            self.ticket.sla_due_at, self.ticket.sla_breached = due, breached
        wanted: dict[tuple[str, str], datetime] = {}
        for clock in running:
            if clock.breached_at is None:
                wanted[("sla_breach", clock.kind)] = clock.due_at
            if clock.warned_at is None and clock.breached_at is None and self.policy.warn_before:
                warn_at = _warn_time(clock, self.policy, self.now)
                if warn_at is not None:
                    wanted[("sla_warning", clock.kind)] = warn_at
        for timer in await Timer.filter(ticket_id=self.ticket.id, status="pending", kind__in=CLOCK_TIMERS):
            key = (timer.kind, timer.payload.get("clock"))
            if wanted.get(key) == timer.due_at:
                del wanted[key]  # already armed for the right moment
            else:
                await Timer.filter(id=timer.id, status="pending").update(status="cancelled", outcome="clock_changed")
        for (kind, clock_kind), due in wanted.items():
            await self.work.arm(self.ticket, kind, due, None, {"clock": clock_kind})


def _warn_time(clock: SlaClock, policy: SlaPolicy, now: datetime) -> datetime | None:
    """When to announce the approaching breach: ``warn_before`` (counted time) before it is due."""
    target = timedelta(seconds=clock.target_seconds)
    if policy.warn_before >= target:
        return None
    already = timedelta(seconds=clock.used_seconds)
    lead = target - policy.warn_before - already
    if lead <= timedelta(0):
        return now
    return add_working_time(clock.running_since or now, lead, policy.calendar if clock.working_time else None)
