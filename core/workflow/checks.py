"""A desk's workflow checked at start-up: an inconsistent one stops the server with one line naming the desk
and the rule broken."""

from __future__ import annotations

from loket.core.errors import ConfigurationError
from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.spec import CATEGORIES, DEFAULT_EVENT, EFFECTS, EVENT_ALTERNATIVES, WorkflowSpec
from loket.core.workflow.time_checks import check_time

PLAIN_RULES = frozenset({"reporter", "asked", "participant", "assignee", "holding_team", "staff", "desk_admin",
                         "system"})
ASKABLE = frozenset({"reporter", "participant"})


def check_workflow(desk: str, workflow: WorkflowSpec, *, teams: set[str], fields: set[str],
                   calendar: BusinessCalendar | None = None) -> None:
    """Raise ConfigurationError at the first rule the workflow breaks."""

    def fail(rule: str) -> None:
        raise ConfigurationError(f"desk '{desk}' workflow: {rule}")

    slugs = [status.slug for status in workflow.statuses]
    if not slugs:
        fail("it has no statuses")
    for slug in {slug for slug in slugs if slugs.count(slug) > 1}:
        fail(f"status '{slug}' is defined twice")
    for status in workflow.statuses:
        if status.category not in CATEGORIES:
            fail(f"status '{status.slug}' has unknown category '{status.category}' (one of {', '.join(CATEGORIES)})")
    for name, slug in (("initial", workflow.initial), ("closes_to", workflow.closes_to),
                       ("queues_to", workflow.queues_to)):
        if slug is not None and slug not in slugs:
            fail(f"{name} names unknown status '{slug}'")
    names = [action.name for action in workflow.actions]
    for name in {name for name in names if names.count(name) > 1}:
        fail(f"action '{name}' is defined twice")
    for action in workflow.actions:
        _check_action(action, slugs, teams, fields, fail)
    check_time(workflow, calendar, fail)
    reached = {workflow.initial, workflow.closed_status, workflow.queued_status}
    reached.update(action.to for action in workflow.actions if action.to)
    for slug in slugs:
        if slug not in reached:
            fail(f"no action reaches status '{slug}'")


def _check_action(action, slugs: list[str], teams: set[str], fields: set[str], fail) -> None:
    where = f"action '{action.name}'"
    if action.does not in EFFECTS:
        fail(f"{where} does unknown effect '{action.does}' (one of {', '.join(EFFECTS)})")
    if action.to is not None and action.to not in slugs:
        fail(f"{where} leads to unknown status '{action.to}'")
    for slug in action.starts:
        if slug not in slugs:
            fail(f"{where} starts from unknown status '{slug}'")
    for category in action.starts_in:
        if category not in CATEGORIES:
            fail(f"{where} starts in unknown category '{category}'")
    if not action.starts and not action.starts_in:
        fail(f"{where} starts from no status")
    if not action.who:
        fail(f"{where} names nobody who may take it")
    for rule in action.who:
        _check_rule(where, rule, teams, fail)
    if action.event and action.event not in (DEFAULT_EVENT[action.does], *EVENT_ALTERNATIVES.get(action.does, ())):
        fail(f"{where} records event '{action.event}', which effect '{action.does}' does not record")
    for key in action.fields:
        if key not in fields:
            fail(f"{where} asks for unknown field '{key}'")
    reasons = [choice.slug for choice in action.reasons]
    if len(reasons) != len(set(reasons)):
        fail(f"{where} lists a reason twice")
    if action.message is not None and action.message.min_length is not None and action.message.min_length < 0:
        fail(f"{where} has a negative message minimum length")
    if action.files is not None and action.files.min_files < 0:
        fail(f"{where} asks for a negative number of files")
    for whom in action.asks:
        if whom not in ASKABLE:
            fail(f"{where} asks unknown kind of person '{whom}' (reporter or participant)")


def _check_rule(where: str, rule: str, teams: set[str], fail) -> None:
    if rule.startswith("tier>="):
        tier = rule.removeprefix("tier>=")
        if not tier.isdigit():
            fail(f"{where} has actor rule '{rule}' without a tier number")
    elif rule.startswith("team:"):
        if rule.removeprefix("team:") not in teams:
            fail(f"{where} has actor rule '{rule}' naming unknown team '{rule.removeprefix('team:')}'")
    elif rule not in PLAIN_RULES:
        fail(f"{where} has unknown actor rule '{rule}'")
