"""A desk counting working days in a calendar that starts from Indonesia's national holidays, for the tests
of calendars and SLA targets changed at run time; its ``l2`` tier has a stage clock in working time too."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    BusinessCalendar,
    DeskSpec,
    Duration,
    PrioritySpec,
    SlaTarget,
    StageClock,
    TeamSpec,
    TopicSpec,
    default_workflow,
)

DESK = DeskSpec(
    slug="kalender", name="Calendar desk", language="en",
    teams=(TeamSpec("l1", "Level 1", tier=1, escalates_to="l2"), TeamSpec("l2", "Level 2", tier=2)),
    topics=(TopicSpec("general", "General"), TopicSpec("network", "Network")),
    priorities=(PrioritySpec("normal", "Normal", 1), PrioritySpec("urgent", "Urgent", 2)),
    default_priority="normal",
    sla_targets=(SlaTarget(resolution=Duration.working_days(3)),),
    calendar=BusinessCalendar(national_holidays="ID"),
    message_min_length=5,
    workflow=default_workflow().with_clocks(StageClock("level2", Duration.working_days(2), tier=2)),
)


@hookimpl
def register_desks():
    return [DESK]
