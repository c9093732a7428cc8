"""A desk's service levels checked at start-up: every duration says how it counts (and a working one has a
calendar to count in), stage clocks name stages the desk has, and extensions name clocks that exist. A broken
rule stops the server with one line naming the desk and the rule."""

from __future__ import annotations

from loket.core.errors import ConfigurationError
from loket.core.plugin_types import DeskSpec
from loket.core.sla.stages import CORE_CLOCKS
from loket.core.workflow.time_checks import check_duration
from loket.core.workflow.timing import AUDIENCES

MAX_NAME = 32  # a stage clock's name is its SlaClock.kind


def check_service_levels(spec: DeskSpec) -> None:
    """Raise ConfigurationError at the first rule the desk's SLA data, stage clocks or extensions break."""

    def fail_desk(rule: str) -> None:
        raise ConfigurationError(f"desk '{spec.slug}': {rule}")

    def fail(rule: str) -> None:
        raise ConfigurationError(f"desk '{spec.slug}' workflow: {rule}")

    for index, target in enumerate(spec.sla_targets):
        for name in ("first_response", "resolution"):
            if getattr(target, name) is not None:
                check_duration(f"sla_targets[{index}] {name}", getattr(target, name), spec.calendar, fail_desk)
    if spec.sla_warning_before is not None:
        check_duration("sla_warning_before", spec.sla_warning_before, spec.calendar, fail_desk)
    if spec.workflow is None:
        return
    tiers = {team.tier for team in spec.teams}
    teams = {team.slug for team in spec.teams}
    names: set[str] = set()
    for stage in spec.workflow.clocks:
        where = f"clock '{stage.name}'"
        if stage.name in CORE_CLOCKS:
            fail(f"{where} has the name of core's {stage.name} clock; choose another")
        if stage.name in names:
            fail(f"{where} is defined twice")
        if not stage.name or len(stage.name) > MAX_NAME:
            fail(f"{where} needs a name of 1 to {MAX_NAME} characters")
        names.add(stage.name)
        check_duration(where, stage.target, spec.calendar, fail)
        if stage.tier is None and not stage.teams:
            fail(f"{where} names no stage (give tier or teams)")
        if stage.tier is not None and stage.tier not in tiers:
            fail(f"{where} starts at tier {stage.tier}, which no team of the desk has (tiers: "
                 f"{', '.join(map(str, sorted(tiers)))})")
        for team in stage.teams:
            if team not in teams:
                fail(f"{where} names unknown team '{team}'")
        if stage.shown_to not in AUDIENCES:
            fail(f"{where} is shown to unknown audience '{stage.shown_to}' (one of {', '.join(AUDIENCES)})")
    for action in spec.workflow.actions:
        for extension in action.extends:
            where = f"action '{action.name}'"
            if extension.clock not in CORE_CLOCKS and extension.clock not in names:
                fail(f"{where} extends unknown clock '{extension.clock}' (clocks: "
                     f"{', '.join((*CORE_CLOCKS, *sorted(names)))})")
            check_duration(f"{where} extending clock '{extension.clock}'", extension.to, spec.calendar, fail)
