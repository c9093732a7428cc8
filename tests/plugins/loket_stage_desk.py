"""A government service desk with limits per stage, written against docs/workflows.md and docs/plugin_hooks.md:
its service standard counts working days of an office calendar (Monday to Friday, 08:00-16:00, public
holidays off). A ticket reaching tier 2 gets a fresh limit of 2 working days; while leadership decides
(``awaiting_decision``, waiting on a third party, so the clocks keep running) the tier-2 limit is extended to 5
working days from then. The service levels depend on the tier: a ticket at tier 2 has 15 working days to
resolution instead of 10, which the desk's ``sla_policy`` (an awaitable answer) says.
"""

from __future__ import annotations

from datetime import date, time

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    ActionSpec,
    BusinessCalendar,
    ClockExtension,
    DeskSpec,
    Duration,
    MessageRule,
    SlaPolicy,
    SlaTarget,
    StageClock,
    StatusSpec,
    TeamSpec,
    default_workflow,
)

SLUG = "stagedesk"
CALENDAR = BusinessCalendar(
    timezone="Asia/Jakarta", hours={day: ((time(8), time(16)),) for day in range(5)},
    holidays={date(2026, 12, 25): "Hari Raya Natal", date(2027, 1, 1): "Tahun Baru Masehi"})
TIER_2_LIMIT = Duration.working_days(2)
DECISION_LIMIT = Duration.working_days(5)

AWAITING_DECISION = StatusSpec("awaiting_decision", "waiting_on_third_party",
                               {"id": "Menunggu keputusan pimpinan", "en": "Awaiting a leadership decision"})

WORKFLOW = default_workflow().with_statuses(AWAITING_DECISION).with_actions(
    ActionSpec("await_decision", "move", {"id": "Ajukan ke pimpinan", "en": "Ask leadership to decide"},
               starts_in=("open",), to="awaiting_decision", who=("tier>=2",), message=MessageRule(),
               extends=(ClockExtension("tier2", DECISION_LIMIT),)),
    ActionSpec("record_decision", "move", {"id": "Catat keputusan", "en": "Record the decision"},
               starts=("awaiting_decision",), to="in_progress", who=("tier>=2",)),
).with_clocks(
    StageClock("tier2", TIER_2_LIMIT, {"id": "Penanganan tingkat 2", "en": "Tier-2 handling"}, tier=2),
)

DESK = DeskSpec(
    slug=SLUG, name="Stage desk", language="en",
    teams=(TeamSpec("front", "Front office", tier=1, escalates_to="second"), TeamSpec("second", "Second line", tier=2)),
    sla_targets=(SlaTarget(first_response=Duration.hours(4), resolution=Duration.working_days(10)),),
    sla_warning_before=Duration.working_hours(2),
    calendar=CALENDAR,
    workflow=WORKFLOW,
    message_min_length=5,
)


@hookimpl
def register_desks():
    return [DESK]


@hookimpl
async def sla_policy(desk, ticket):
    """At tier 2 a ticket has 15 working days; elsewhere (None) core's default reads ``sla_targets``."""
    if desk.slug != SLUG or ticket.tier < 2:
        return None
    return SlaPolicy(first_response=Duration.hours(4), resolution=Duration.working_days(15),
                     warn_before=Duration.working_hours(2))
