"""A desk's service levels checked at start-up: every duration says how it counts (and a working one has a
calendar to count in), stage clocks name stages the desk has, and extensions name clocks that exist. A broken
rule stops the server with one line naming the desk and the rule."""

from __future__ import annotations

from loket.core.errors import ConfigurationError
from loket.core.plugin_types import DeskSpec
from loket.core.sla.stages import CORE_CLOCKS
from loket.core.workflow.timing import AUDIENCES, Duration

KIND_LENGTH = 32  # SlaClock.kind


def check_service_levels(spec: DeskSpec) -> None:
    """Raise ConfigurationError at the first rule the desk's SLA data, stage clocks or extensions break."""

    def fail(where: str, rule: str) -> None:
        raise ConfigurationError(f"desk '{spec.slug}' {where}: {rule}")

    def duration(where: str, name: str, value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Duration):
            fail(where, f"{name} {value!r} does not say how it counts; write Duration.hours(72) for calendar "
                        f"time or Duration.working_days(3) for the desk's working time")
        if value.working and spec.calendar is None:
            fail(where, f"{name} {value} counts working time, and the desk has no calendar")

    for index, target in enumerate(spec.sla_targets):
        for name in ("first_response", "resolution"):
            duration(f"sla_targets[{index}]", name, getattr(target, name))
    duration("sla_warning_before", "the warning", spec.sla_warning_before)
    if spec.workflow is None:
        return
    tiers = {team.tier for team in spec.teams}
    teams = {team.slug for team in spec.teams}
    names: set[str] = set()
    for stage in spec.workflow.clocks:
        where = f"workflow clock '{stage.name}'"
        if stage.name in CORE_CLOCKS:
            fail(where, f"the name is core's {stage.name} clock; choose another")
        if stage.name in names:
            fail(where, "is defined twice")
        if not stage.name or len(stage.name) > KIND_LENGTH:
            fail(where, f"a name has 1 to {KIND_LENGTH} characters")
        names.add(stage.name)
        duration(where, "target", stage.target)
        if stage.tier is None and not stage.teams:
            fail(where, "names no stage: give a tier or teams")
        if stage.tier is not None and stage.tier not in tiers:
            fail(where, f"tier {stage.tier} has no team at the desk (tiers: {', '.join(map(str, sorted(tiers)))})")
        for team in stage.teams:
            if team not in teams:
                fail(where, f"names unknown team '{team}'")
        if stage.shown_to not in AUDIENCES:
            fail(where, f"is shown to unknown audience '{stage.shown_to}' (one of {', '.join(AUDIENCES)})")
    for action in spec.workflow.actions:
        for extension in action.extends:
            where = f"workflow action '{action.name}'"
            if extension.clock not in CORE_CLOCKS and extension.clock not in names:
                fail(where, f"extends unknown clock '{extension.clock}' (clocks: "
                            f"{', '.join((*CORE_CLOCKS, *sorted(names)))})")
            duration(where, f"the extension of '{extension.clock}'", extension.to)
