"""Running a workflow's time rules: which timers an event arms, when a window ends, and the refusal of an
action taken after its window. The rules themselves are data (``loket.core.workflow.timing``).

A timed transition is a timer of kind ``transition:<name>``; the end of a window that leads somewhere is a
timer of kind ``window:<name>``. Both expect the status the ticket had when they were armed, so leaving it
cancels them (core's usual timer rule), and both fire a system action of the workflow.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from loket.core.plugin_types import Labels, label
from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.guards import ActionRefusedError
from loket.core.workflow.spec import ActionSpec, WorkflowSpec
from loket.core.workflow.timing import TimedTransition, Window

if TYPE_CHECKING:
    from loket.core.desks.registry import DeskInfo
    from loket.core.models import Ticket, TicketEvent, Timer

TRANSITION = "transition:"
WINDOW = "window:"
SYSTEM_EFFECTS = ("close", "confirm", "move", "escalate")
"""What the system's own actions (timed transitions, ends of windows) may do."""

def applies(rule: TimedTransition | Window, workflow: WorkflowSpec, status: str) -> bool:
    """Whether a rule's statuses (slugs or categories) include ``status``."""
    return status in rule.in_status or workflow.category_of(status) in rule.in_categories


def desk_zone(desk: DeskInfo) -> ZoneInfo:
    """The desk's time zone: its calendar's, or a calendar's default (Jakarta) for a desk without one."""
    return (desk.spec.calendar or BusinessCalendar()).zone


def window_end(desk: DeskInfo, window: Window, ticket: Ticket) -> datetime | None:
    """When the window closes for the ticket as it stands (None when the ticket is not in its statuses)."""
    if ticket.status_since is None or not applies(window, desk.workflow, ticket.status):
        return None
    return window.within.after(ticket.status_since, desk.spec.calendar)


class WindowClosedError(ActionRefusedError):
    """An action taken after its window: refused with the desk's message, saying until when it was allowed."""

    def __init__(self, text: str | Labels, *, action: str, until: datetime, zone: ZoneInfo):
        self.until = until
        self.shown = until.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
        super().__init__("ACTION_WINDOW_CLOSED", text)
        self.params = {"action": action, "until": self.shown}

    def message(self, language: str = "en", catalog: Any = None) -> str:
        if self.text:
            return label(self.text, language).replace("{until}", self.shown)
        return super().message(language, catalog)

    @property
    def extensions(self) -> dict[str, Any]:
        return {"allowedUntil": self.until.isoformat()}


def check_windows(desk: DeskInfo, ticket: Ticket, action: ActionSpec, now: datetime) -> None:
    """Refuse ``action`` when one of its windows has ended for the ticket."""
    for window in desk.workflow.windows_of(action.name):
        end = window_end(desk, window, ticket)
        if end is not None and now > end:
            raise WindowClosedError(_text(desk, window), action=action.name, until=end, zone=desk_zone(desk))


async def explain_ended_window(desk: DeskInfo, ticket: Ticket, candidates: list[ActionSpec]) -> None:
    """When an action cannot be taken because its window ended and moved the ticket on (e.g. a reply after
    the ticket was locked), refuse it with the window's message rather than with the ticket's status."""
    from loket.core.models import TicketEvent

    windows = {window.name: window for action in candidates for window in desk.workflow.windows_of(action.name)
               if window.then}
    if not windows:
        return
    moved = await TicketEvent.filter(ticket_id=ticket.id, actor_id=None, to_status=ticket.status).order_by(
        "-seq").first()
    window = windows.get((moved.payload or {}).get("rule")) if moved else None
    if window is not None:
        raise WindowClosedError(_text(desk, window), action=window.action, until=moved.created_at,
                                zone=desk_zone(desk))


def _text(desk: DeskInfo, window: Window) -> str | Labels:
    text = window.message
    if isinstance(text, str) and text in desk.spec.messages:
        return desk.spec.messages[text]
    return text


def within_windows(desk: DeskInfo, ticket: Ticket, action: ActionSpec, now: datetime) -> bool:
    try:
        check_windows(desk, ticket, action, now)
    except WindowClosedError:
        return False
    return True


def timers_after(desk: DeskInfo, ticket: Ticket, event: TicketEvent, now: datetime) -> tuple[list[Timer], set[str]]:
    """The timers the workflow arms after ``event`` (the ticket already changed), and the kinds of pending
    timers they replace."""
    from loket.core.models import Timer

    workflow, calendar = desk.workflow, desk.spec.calendar
    entered = event.kind == "created" or event.from_status != event.to_status
    arm, replaced = [], set()

    def add(kind: str, due: datetime, payload: dict[str, Any]) -> None:
        replaced.add(kind)
        arm.append(Timer(ticket_id=ticket.id, kind=kind, due_at=due, expect_status=ticket.status, armed_at=now,
                         payload=payload))

    for transition in workflow.transitions:
        if transition.since:
            wanted = event.kind == transition.since and (
                not (transition.in_status or transition.in_categories) or applies(transition, workflow, ticket.status))
        else:
            wanted = entered and applies(transition, workflow, ticket.status)
        if wanted:
            add(TRANSITION + transition.name, transition.after.after(now, calendar),
                {"rule": transition.name, "after": str(transition.after)})
    if entered:
        for window in workflow.windows:
            if window.then and applies(window, workflow, ticket.status):
                add(WINDOW + window.name, window.within.after(now, calendar),
                    {"rule": window.name, "within": str(window.within)})
    return arm, replaced


def system_action(desk: DeskInfo, timer_kind: str) -> tuple[str, ActionSpec | None] | None:
    """The rule name and the system action a workflow timer takes (None when the kind is not a workflow's;
    the action is None when the desk's workflow no longer has the rule)."""
    workflow = desk.workflow
    if timer_kind.startswith(TRANSITION):
        name = timer_kind.removeprefix(TRANSITION)
        transition = workflow.transition(name)
        if transition is not None:
            return name, workflow.action(transition.action)
        # Armed before the desk renamed its rule (or by migration 0016 from core's old timers): the system
        # action of that name, if the workflow still has one.
        action = workflow.action(name)
        return name, action if action is not None and "system" in action.who else None
    if timer_kind.startswith(WINDOW):
        name = timer_kind.removeprefix(WINDOW)
        window = next((window for window in workflow.windows if window.name == name), None)
        return name, workflow.action(window.then) if window and window.then else None
    return None
