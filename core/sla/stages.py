"""Where a ticket stands among its desk's stage clocks (``WorkflowSpec.clocks``): a ticket is at a stage while
the team holding it is of the stage's tier or higher, or is one of the stage's teams."""

from __future__ import annotations

from loket.core.desks.registry import DeskInfo
from loket.core.workflow.timing import StageClock

CORE_CLOCKS = ("first_response", "resolution")


def stages_at(desk: DeskInfo | None, team_id: int | None) -> tuple[StageClock, ...]:
    """The stage clocks whose stage a ticket held by ``team_id`` is at."""
    if desk is None or team_id is None or not desk.workflow.clocks:
        return ()
    team = desk.team_spec(team_id)
    if team is None:
        return ()
    return tuple(stage for stage in desk.workflow.clocks
                 if team.slug in stage.teams or (stage.tier is not None and team.tier >= stage.tier))


def stage_clock(desk: DeskInfo, name: str) -> StageClock | None:
    """The stage clock of that name (None for ``first_response``, ``resolution`` or a clock no longer declared)."""
    return next((stage for stage in desk.workflow.clocks if stage.name == name), None)
