"""SLA clocks follow the ticket's events, in the event's transaction.

- created: the first-response and resolution clocks start (when the desk has targets), and the clock of
  every stage the ticket starts at;
- the first response (feedback request, public agent reply or resolution) stops the first-response clock;
- waiting on the reporter pauses the resolution and stage clocks, the reporter's answer resumes them;
- an agent's SLA exception (``sla_paused``, with a reason) pauses them until ``sla_resumed``;
- a resolution pauses them while the reporter is asked to confirm; reopening resumes them;
- reaching a stage (``WorkflowSpec.clocks``: a team of a tier, or named teams) starts that stage's clock
  fresh; leaving the stage stops it;
- an action that extends a clock (``ActionSpec.extends``) gives it a new target, due that long from now;
- closing stops every clock; recategorising or moving to another team asks the policy again and re-targets
  the first-response and resolution clocks, keeping the time already used.
Each clock counts the way its target says: calendar time, or working time of the desk's calendar. Every
pause and run is a segment with its reason, so a clock can show its working. The clocks of a whole batch of tickets are loaded at once (``ClockState``); changes are made in memory
and written through the unit of work's ``WriteSet``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from loket.core.desks.registry import DeskInfo
from loket.core.models import SlaClock, SlaSegment, Ticket, TicketEvent, Timer
from loket.core.plugin_types import SlaPolicy
from loket.core.sla.calendar import BusinessCalendar, add_working_time, working_time_between
from loket.core.sla.stages import CORE_CLOCKS, stages_at
from loket.core.tickets.writes import WriteSet
from loket.core.workflow.spec import DONE_CATEGORIES, PAUSED_CATEGORIES
from loket.core.workflow.timing import Duration

KINDS = CORE_CLOCKS
CLOCK_TIMERS = ("sla_warning", "sla_breach")


def _target(policy: SlaPolicy, kind: str) -> Duration | None:
    return policy.first_response if kind == "first_response" else policy.resolution


def used(clock: SlaClock, now: datetime, calendar: BusinessCalendar | None) -> timedelta:
    """Counted time the clock has used up to ``now`` (``calendar``: the desk's, used when the clock counts
    working time)."""
    spent = timedelta(seconds=clock.used_seconds)
    if clock.state == "running" and clock.running_since is not None:
        spent += working_time_between(clock.running_since, now, calendar if clock.working_time else None)
    return spent


@dataclass
class ClockState:
    """The clocks, open segments and pending clock timers of a batch of tickets, read in three queries."""

    clocks: dict[int, dict[str, SlaClock]] = field(default_factory=lambda: defaultdict(dict))
    open_segments: dict[int, SlaSegment] = field(default_factory=dict)
    timers: dict[int, list[Timer]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    async def load(cls, ticket_ids: list[int]) -> ClockState:
        state = cls()
        clocks = await SlaClock.filter(ticket_id__in=ticket_ids)
        for clock in clocks:
            state.clocks[clock.ticket_id][clock.kind] = clock
        if clocks:
            for segment in await SlaSegment.filter(clock_id__in=[c.id for c in clocks], ended_at=None):
                state.open_segments[segment.clock_id] = segment
            for timer in await Timer.filter(ticket_id__in=ticket_ids, status="pending", kind__in=CLOCK_TIMERS):
                state.timers[timer.ticket_id].append(timer)
        return state


class Clocks:
    """The SLA clocks of one ticket, changed in memory; the writes go to ``writes``. ``desk`` brings the
    workflow's stage clocks (none without it)."""

    def __init__(self, now: datetime, ticket: Ticket, policy: SlaPolicy, state: ClockState, writes: WriteSet,
                 desk: DeskInfo | None = None) -> None:
        self.now = now
        self.ticket = ticket
        self.policy = policy
        self.state = state
        self.writes = writes
        self.desk = desk
        self.opened: dict[str, SlaSegment] = {}  # segments opened by this reaction, by clock kind

    @property
    def calendar(self) -> BusinessCalendar | None:
        return self.policy.calendar

    @property
    def mine(self) -> dict[str, SlaClock]:
        return self.state.clocks[self.ticket.id]

    def start(self) -> None:
        for kind in KINDS:
            target = _target(self.policy, kind)
            if target is not None:
                self._begin(kind, target)
        for stage in stages_at(self.desk, self.ticket.team_id):
            self._begin(stage.name, stage.target)
        self._refresh()

    def react(self, event: TicketEvent) -> None:
        clocks = self.mine
        if not clocks and not (self.desk and self.desk.workflow.clocks):
            return
        first = clocks.get("first_response")
        if first and first.state != "stopped" and self.ticket.first_response_at is not None:
            self._stop(first, "responded")
        if self.ticket.status_category in DONE_CATEGORIES:
            for clock in clocks.values():
                if clock.state != "stopped":
                    self._stop(clock, self.ticket.close_reason or "closed")
        else:
            if event.from_team_id != event.to_team_id:
                self._follow_stages(event)
            for kind, clock in clocks.items():
                if kind != "first_response" and clock.state != "stopped":
                    self._follow_status(clock, event)
            for extension in (event.payload or {}).get("extends") or ():
                self._extend(clocks.get(extension.get("clock")), Duration.parse(extension["to"]))
        if event.kind == "recategorised" or event.from_team_id != event.to_team_id:
            self._retarget(clocks)
        self._refresh()

    def recount(self, before: BusinessCalendar | None) -> None:
        """The desk's calendar changed from ``before`` to the policy's: each running clock that counts working
        time keeps the time it used so far, counted in ``before``, and counts the rest in the new calendar."""
        for clock in self.mine.values():
            if clock.state != "running" or not clock.working_time:
                continue
            clock.used_seconds = int(used(clock, self.now, before).total_seconds())
            clock.running_since = self.now
            clock.due_at = self._due(clock)
            self.writes.changed_clock(clock)
        self._refresh()

    def _follow_stages(self, event: TicketEvent) -> None:
        """Reaching a stage starts its clock fresh; leaving it stops the clock."""
        before = {stage.name for stage in stages_at(self.desk, event.from_team_id)}
        now_at = {stage.name: stage for stage in stages_at(self.desk, event.to_team_id)}
        for name, stage in now_at.items():
            if name not in before:
                self._begin(name, stage.target)
        for name in before - set(now_at):
            clock = self.mine.get(name)
            if clock is not None and clock.state != "stopped":
                self._stop(clock, "left_stage")

    def _follow_status(self, clock: SlaClock, event: TicketEvent) -> None:
        # A status waiting on the reporter, or a resolution awaiting confirmation, stops the clock; the segment
        # is named after the category, so leaving it resumes exactly that pause.
        category = self.ticket.status_category
        status_reason = category if category in PAUSED_CATEGORIES else None
        if event.kind == "sla_paused":
            self._pause(clock, event.payload.get("reason", "exception"), event.payload.get("note", ""))
        elif event.kind == "sla_resumed" and clock.state == "paused":
            self._resume(clock, "exception_lifted")
        elif status_reason and clock.state == "running":
            self._pause(clock, status_reason)
        elif clock.state == "paused" and not status_reason and event.from_status != event.to_status:
            current = self.opened.get(clock.kind) or self.state.open_segments.get(clock.id)
            if current and current.reason in PAUSED_CATEGORIES:
                self._resume(clock, "feedback_given" if current.reason == "waiting_on_reporter" else "reopened")

    def _begin(self, kind: str, target: Duration) -> None:
        """Start the clock ``kind`` fresh: a new row, or the old one reset (time used, warning and breach)."""
        clock = self.mine.get(kind)
        if clock is None:
            clock = SlaClock(ticket_id=self.ticket.id, kind=kind)
            self.writes.new_clocks.append(clock)
            self.mine[kind] = clock
        else:
            self._close_segment(clock)
            self.writes.changed_clock(clock)
        clock.target_seconds = int(target.length(self.calendar).total_seconds())
        clock.working_time, clock.state, clock.running_since, clock.used_seconds = target.working, "running", \
            self.now, 0
        clock.warned_at = clock.breached_at = clock.stopped_at = None
        clock.due_at = self._due(clock)
        self._open(clock, "running", "started")

    def _extend(self, clock: SlaClock | None, to: Duration) -> None:
        """A new target, due ``to`` from now; the clock keeps running (or stays paused)."""
        if clock is None or clock.state == "stopped":
            return
        due = to.after(self.now, self.calendar)
        left = working_time_between(self.now, due, self.calendar if clock.working_time else None)
        clock.target_seconds = int((used(clock, self.now, self.calendar) + left).total_seconds())
        clock.warned_at = None
        self.writes.changed_clock(clock)
        if clock.state == "running":
            clock.due_at = self._due(clock)
            self._close_segment(clock)
            self._open(clock, "running", "extended", str(to))

    def _open(self, clock: SlaClock, state: str, reason: str, note: str = "") -> None:
        segment = SlaSegment(state=state, reason=reason, note=note, started_at=self.now)
        self.writes.add_segment(segment, clock)
        self.opened[clock.kind] = segment

    def _close_segment(self, clock: SlaClock, note: str | None = None) -> None:
        fresh = self.opened.pop(clock.kind, None)
        stored = self.state.open_segments.pop(clock.id, None) if clock.id is not None else None
        segment = fresh or stored
        if segment is None:
            return
        segment.ended_at = self.now
        if note is not None:
            segment.note = note
        if segment.id is not None:  # a segment opened by this reaction is inserted as it is now
            self.writes.segments[segment.id] = segment

    def _pause(self, clock: SlaClock, reason: str, note: str = "") -> None:
        clock.used_seconds = int(used(clock, self.now, self.calendar).total_seconds())
        clock.state, clock.running_since, clock.due_at = "paused", None, None
        self.writes.changed_clock(clock)
        self._close_segment(clock)
        self._open(clock, "paused", reason, note)

    def _resume(self, clock: SlaClock, reason: str) -> None:
        clock.state, clock.running_since = "running", self.now
        clock.due_at = self._due(clock)
        self.writes.changed_clock(clock)
        self._close_segment(clock)
        self._open(clock, "running", reason)

    def _stop(self, clock: SlaClock, reason: str) -> None:
        if clock.state == "running":
            clock.used_seconds = int(used(clock, self.now, self.calendar).total_seconds())
        clock.state, clock.running_since, clock.stopped_at = "stopped", None, self.now
        if clock.used_seconds > clock.target_seconds and clock.breached_at is None:
            clock.breached_at = self.now  # missed while no timer was due to notice (e.g. clocks moved)
        self.writes.changed_clock(clock)
        self._close_segment(clock, note=reason)

    def _retarget(self, clocks: dict[str, SlaClock]) -> None:
        for kind in KINDS:
            clock, target = clocks.get(kind), _target(self.policy, kind)
            if clock is None or target is None or clock.state == "stopped":
                continue
            if clock.working_time != target.working and clock.state == "running":
                # the time used so far was counted the old way; from now on it counts the new way
                clock.used_seconds = int(used(clock, self.now, self.calendar).total_seconds())
                clock.running_since = self.now
            clock.working_time = target.working
            clock.target_seconds = int(target.length(self.calendar).total_seconds())
            clock.due_at = self._due(clock) if clock.state == "running" else None
            self.writes.changed_clock(clock)

    def _due(self, clock: SlaClock) -> datetime:
        left = timedelta(seconds=clock.target_seconds) - used(clock, self.now, self.calendar)
        return add_working_time(self.now, max(left, timedelta(0)), self.calendar if clock.working_time else None)

    def _refresh(self) -> None:
        """Keep the ticket's due time and breach flag current, and the warning and breach timers armed for
        the right moments (a timer already armed for the right moment stays)."""
        clocks = list(self.mine.values())
        running = [clock for clock in clocks if clock.state == "running" and clock.due_at is not None]
        due = min((clock.due_at for clock in running), default=None)
        breached = self.ticket.sla_breached or any(clock.breached_at is not None for clock in clocks)
        if (due, breached) != (self.ticket.sla_due_at, self.ticket.sla_breached):
            self.ticket.sla_due_at, self.ticket.sla_breached = due, breached
            self.writes.tickets[self.ticket.id] = self.ticket
        warn = self.policy.warn_before
        wanted: dict[tuple[str, str], datetime] = {}
        for clock in running:
            if clock.breached_at is None:
                wanted[("sla_breach", clock.kind)] = clock.due_at
            if clock.warned_at is None and clock.breached_at is None and warn is not None and warn.amount:
                warn_at = _warn_time(clock, warn.length(self.calendar), self.calendar, self.now)
                if warn_at is not None:
                    wanted[("sla_warning", clock.kind)] = warn_at
        kept = []
        for timer in self.state.timers[self.ticket.id]:
            key = (timer.kind, timer.payload.get("clock"))
            if wanted.get(key) == timer.due_at:
                del wanted[key]  # already armed for the right moment
                kept.append(timer)
            else:
                self.writes.cancel["clock_changed"].append(timer.id)
        self.state.timers[self.ticket.id] = kept
        for (kind, clock_kind), due_at in wanted.items():
            timer = Timer(ticket_id=self.ticket.id, kind=kind, due_at=due_at, expect_status=None,
                          payload={"clock": clock_kind}, armed_at=self.now)
            self.writes.arm.append(timer)


def _warn_time(clock: SlaClock, before: timedelta, calendar: BusinessCalendar | None,
               now: datetime) -> datetime | None:
    """When to announce the approaching breach: ``before`` (counted the clock's way) before it is due."""
    target = timedelta(seconds=clock.target_seconds)
    if before >= target:
        return None
    lead = target - before - timedelta(seconds=clock.used_seconds)
    if lead <= timedelta(0):
        return now
    return add_working_time(clock.running_since or now, lead, calendar if clock.working_time else None)
