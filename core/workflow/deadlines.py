"""A ticket's deadlines in one shape: every pending timed transition, open window and running or paused
clock, with what will happen or end, when, and the rule's label. Each deadline says who may see it; the
GraphQL layer shows the desk's staff all of them and everyone else those meant for everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from loket.core.sla.clocks import CLOCK_TIMERS
from loket.core.workflow.timed import TRANSITION, WINDOW, applies, window_end
from loket.core.workflow.timing import Labels

if TYPE_CHECKING:
    from loket.core.desks.registry import DeskInfo
    from loket.core.models import SlaClock, Ticket, TicketEvent, Timer

CLOCK_EVENTS = frozenset({"created", "sla_paused", "sla_resumed", "sla_breached", "escalated", "transferred",
                          "returned", "recategorised"})


@dataclass(frozen=True)
class Deadline:
    """Something that happens or ends at a moment unless the ticket moves on first.

    ``kind``: ``transition`` (the system takes ``action`` at ``at``), ``window`` (``action`` is allowed until
    ``at``; then the system takes ``then``, if set), ``clock`` (a service-level target is missed at ``at``; no
    moment while the clock is ``paused``) or ``timer`` (a plugin's own timer). ``rule`` is the rule's name (a
    clock's kind); ``label`` its words per language (empty for core's clocks, which core's translations
    name); ``shown_to``: ``everyone`` or ``staff``.
    """

    kind: str
    rule: str
    at: datetime | None
    label: str | Labels = ""
    action: str | None = None
    then: str | None = None
    paused: bool = False
    breached: bool = False
    shown_to: str = "everyone"


def changes_deadlines(event: TicketEvent) -> bool:
    """Whether an event may have changed a ticket's deadlines (a new status, a clock moved or extended)."""
    return (event.from_status != event.to_status or event.kind in CLOCK_EVENTS
            or bool((event.payload or {}).get("extends")))


def deadlines_of(desk: DeskInfo, ticket: Ticket, timers: list[Timer], clocks: list[SlaClock],
                 now: datetime) -> list[Deadline]:
    """The ticket's deadlines, soonest first (paused clocks last). ``timers``: its pending timers;
    ``clocks``: its clocks."""
    workflow = desk.workflow
    found: list[Deadline] = []
    for timer in timers:
        if timer.kind.startswith(TRANSITION):
            transition = workflow.transition(timer.kind.removeprefix(TRANSITION))
            if transition is not None:
                found.append(Deadline("transition", transition.name, timer.due_at, transition.label,
                                      action=transition.action, shown_to=transition.shown_to))
        elif not timer.kind.startswith(WINDOW) and timer.kind not in CLOCK_TIMERS:
            payload = timer.payload or {}
            found.append(Deadline("timer", timer.kind, timer.due_at, payload.get("label") or timer.kind,
                                  shown_to="staff"))
    for window in workflow.windows:
        if not applies(window, workflow, ticket.status):
            continue
        end = window_end(desk, window, ticket)
        if end is not None and end > now:
            found.append(Deadline("window", window.name, end, window.label, action=window.action, then=window.then,
                                  shown_to=window.shown_to))
    stages = {clock.name: clock for clock in workflow.clocks}
    for clock in clocks:
        if clock.state == "stopped":
            continue
        stage = stages.get(clock.kind)
        found.append(Deadline("clock", clock.kind, clock.due_at if clock.state == "running" else None,
                              stage.label if stage else "", paused=clock.state == "paused",
                              breached=clock.breached_at is not None,
                              shown_to=stage.shown_to if stage else "staff"))
    return sorted(found, key=lambda deadline: (deadline.at is None, deadline.at or now, deadline.rule))
