"""A workflow's time rules checked at start-up (part of ``check_workflow``): timed transitions and windows
must name statuses and actions that exist, durations must say how they count, and the system's actions must
be ones the system can take from where the rule waits."""

from __future__ import annotations

from collections.abc import Callable

from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.spec import CATEGORIES, WorkflowSpec
from loket.core.workflow.timed import SYSTEM_EFFECTS
from loket.core.workflow.timing import AUDIENCES, Duration, TimedTransition, Window

MAX_NAME = 48  # a timer's kind is the rule's name behind a prefix, in a column of 64 characters
CORE_EVENTS = frozenset({"created", "sla_warning", "sla_breached"})


def check_duration(where: str, duration: object, calendar: BusinessCalendar | None,
                   fail: Callable[[str], None]) -> None:
    if not isinstance(duration, Duration):
        fail(f"{where} has a duration without its unit ({duration!r}): write Duration.hours(72), "
             f"Duration.working_days(3) or Duration.parse('3x24 hours')")
    if duration.working and calendar is None:
        fail(f"{where} counts {duration}, but the desk has no calendar of working hours")


def check_time(workflow: WorkflowSpec, calendar: BusinessCalendar | None, fail: Callable[[str], None]) -> None:
    """Call ``fail`` with the first rule a workflow's transitions and windows break."""
    events = CORE_EVENTS | {action.event_kind for action in workflow.actions}
    for kind, rules in (("timed transition", workflow.transitions), ("window", workflow.windows)):
        names = [rule.name for rule in rules]
        for name in {name for name in names if names.count(name) > 1}:
            fail(f"{kind} '{name}' is defined twice")
        for rule in rules:
            where = f"{kind} '{rule.name}'"
            if not rule.name or len(rule.name) > MAX_NAME:
                fail(f"{where} needs a name of 1 to {MAX_NAME} characters")
            if rule.shown_to not in AUDIENCES:
                fail(f"{where} is shown to unknown audience '{rule.shown_to}' (one of {', '.join(AUDIENCES)})")
            _check_statuses(where, rule, workflow, fail)
    for transition in workflow.transitions:
        _check_transition(transition, workflow, calendar, events, fail)
    for window in workflow.windows:
        _check_window(window, workflow, calendar, fail)


def _statuses_of(rule: TimedTransition | Window, workflow: WorkflowSpec) -> list[str]:
    return [status.slug for status in workflow.statuses
            if status.slug in rule.in_status or status.category in rule.in_categories]


def _check_statuses(where: str, rule: TimedTransition | Window, workflow: WorkflowSpec, fail) -> None:
    for slug in rule.in_status:
        if workflow.status(slug) is None:
            fail(f"{where} waits in unknown status '{slug}'")
    for category in rule.in_categories:
        if category not in CATEGORIES:
            fail(f"{where} waits in unknown category '{category}'")
    for slug in _statuses_of(rule, workflow):
        if workflow.category_of(slug) == "final":
            fail(f"{where} waits in final status '{slug}', where nothing more happens")


def _check_system_action(where: str, name: str, starts: list[str], workflow: WorkflowSpec, fail) -> None:
    action = workflow.action(name)
    if action is None:
        fail(f"{where} takes unknown action '{name}'")
    if "system" not in action.who:
        fail(f"{where} takes action '{name}', which the system may not take (add 'system' to its who)")
    if action.does not in SYSTEM_EFFECTS:
        fail(f"{where} takes action '{name}' doing '{action.does}'; the system's actions do one of "
             f"{', '.join(SYSTEM_EFFECTS)}")
    for slug in starts:
        if not workflow.starts_from(action, slug):
            fail(f"{where} takes action '{name}', which cannot be taken from status '{slug}'")


def _check_transition(transition: TimedTransition, workflow: WorkflowSpec, calendar, events: frozenset[str],
                      fail) -> None:
    where = f"timed transition '{transition.name}'"
    check_duration(where, transition.after, calendar, fail)
    if transition.since is not None and transition.since not in events:
        fail(f"{where} counts since unknown event '{transition.since}'")
    starts = _statuses_of(transition, workflow)
    if transition.since is None and not starts:
        fail(f"{where} waits in no status (give in_status, in_categories or since)")
    _check_system_action(where, transition.action, starts, workflow, fail)


def _check_window(window: Window, workflow: WorkflowSpec, calendar, fail) -> None:
    where = f"window '{window.name}'"
    action = workflow.action(window.action)
    if action is None:
        fail(f"{where} limits unknown action '{window.action}'")
    if "system" in action.who:
        fail(f"{where} limits action '{window.action}', which only the system takes")
    check_duration(where, window.within, calendar, fail)
    starts = _statuses_of(window, workflow)
    if not starts:
        fail(f"{where} opens in no status (give in_status or in_categories)")
    if window.then is not None:
        _check_system_action(where, window.then, starts, workflow, fail)
