"""A desk's service levels at start-up: every duration says how it counts, working time needs a calendar, stage
clocks name stages the desk has, extensions name clocks that exist. Each broken rule stops start-up with one
line naming the desk and the rule; core's default policy hands the desk's durations on as they are."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from loket.core.defaults.sla import sla_policy
from loket.core.desks.sync import collect_desk_specs
from loket.core.errors import ConfigurationError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    BusinessCalendar,
    ClockExtension,
    DeskSpec,
    Duration,
    SlaTarget,
    StageClock,
    TeamSpec,
    TicketDraft,
    default_workflow,
)
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.core.sla.checks import check_service_levels

TEAMS = (TeamSpec("front", "Front office", tier=1), TeamSpec("second", "Second line", tier=2))
DESK = DeskSpec("ministry", "Ministry desk", teams=TEAMS, calendar=BusinessCalendar(),
                sla_targets=(SlaTarget(first_response=Duration.hours(4), resolution=Duration.working_days(3)),),
                sla_warning_before=Duration.working_hours(2))
TIER_2 = StageClock("tier2", Duration.working_days(2), tier=2)


def with_clocks(*clocks: StageClock, extends: tuple[ClockExtension, ...] = ()) -> DeskSpec:
    workflow = default_workflow().with_clocks(*clocks)
    if extends:
        workflow = workflow.changed("escalate", extends=extends)
    return replace(DESK, workflow=workflow)


NO_UNIT = "write Duration.hours(72), Duration.working_days(3) or Duration.parse('3x24 hours')"


@pytest.mark.parametrize(("desk", "rule"), [
    (replace(DESK, sla_targets=(SlaTarget(resolution=timedelta(hours=72)),)),
     f"desk 'ministry': sla_targets[0] resolution has a duration without its unit (datetime.timedelta(days=3)): "
     f"{NO_UNIT}"),
    (replace(DESK, sla_targets=(SlaTarget(), SlaTarget(first_response=24))),
     f"desk 'ministry': sla_targets[1] first_response has a duration without its unit (24): {NO_UNIT}"),
    (replace(DESK, sla_warning_before=timedelta(hours=4)),
     f"desk 'ministry': sla_warning_before has a duration without its unit (datetime.timedelta(seconds=14400)): "
     f"{NO_UNIT}"),
    (replace(DESK, calendar=None),
     "desk 'ministry': sla_targets[0] resolution counts 3 working days, but the desk has no calendar of working "
     "hours"),
    (replace(with_clocks(TIER_2), sla_targets=(), sla_warning_before=None, calendar=None),
     "desk 'ministry' workflow: clock 'tier2' counts 2 working days, but the desk has no calendar of working hours"),
    (with_clocks(StageClock("tier2", timedelta(days=2), tier=2)),
     f"desk 'ministry' workflow: clock 'tier2' has a duration without its unit (datetime.timedelta(days=2)): "
     f"{NO_UNIT}"),
    (with_clocks(StageClock("records", Duration.working_days(2), teams=("records",))),
     "desk 'ministry' workflow: clock 'records' names unknown team 'records'"),
    (with_clocks(StageClock("tier3", Duration.working_days(2), tier=3)),
     "desk 'ministry' workflow: clock 'tier3' starts at tier 3, which no team of the desk has (tiers: 1, 2)"),
    (with_clocks(StageClock("anywhere", Duration.working_days(2))),
     "desk 'ministry' workflow: clock 'anywhere' names no stage (give tier or teams)"),
    (replace(DESK, workflow=replace(default_workflow(), clocks=(TIER_2, replace(TIER_2, target=Duration.hours(9))))),
     "desk 'ministry' workflow: clock 'tier2' is defined twice"),
    (with_clocks(StageClock("resolution", Duration.working_days(2), tier=2)),
     "desk 'ministry' workflow: clock 'resolution' has the name of core's resolution clock; choose another"),
    (with_clocks(StageClock("x" * 33, Duration.working_days(2), tier=2)),
     f"desk 'ministry' workflow: clock '{'x' * 33}' needs a name of 1 to 32 characters"),
    (with_clocks(replace(TIER_2, shown_to="reporter")),
     "desk 'ministry' workflow: clock 'tier2' is shown to unknown audience 'reporter' (one of everyone, staff)"),
    (with_clocks(TIER_2, extends=(ClockExtension("tier3", Duration.working_days(5)),)),
     "desk 'ministry' workflow: action 'escalate' extends unknown clock 'tier3' (clocks: first_response, "
     "resolution, tier2)"),
    (with_clocks(TIER_2, extends=(ClockExtension("tier2", 5),)),
     f"desk 'ministry' workflow: action 'escalate' extending clock 'tier2' has a duration without its unit (5): "
     f"{NO_UNIT}"),
])
def test_a_broken_rule_is_one_line_naming_desk_and_rule(desk, rule):
    with pytest.raises(ConfigurationError) as raised:
        check_service_levels(desk)
    assert str(raised.value) == rule and "\n" not in rule


def test_durations_that_say_how_they_count_pass():
    check_service_levels(with_clocks(TIER_2, StageClock("second", Duration.hours(48), teams=("second",)),
                                     extends=(ClockExtension("tier2", Duration.working_days(5)),
                                              ClockExtension("resolution", Duration.days(10)))))
    check_service_levels(replace(DESK, calendar=None, sla_warning_before=Duration.hours(4),
                                 sla_targets=(SlaTarget(resolution=Duration.parse("3x24 jam")),)))


async def test_start_up_stops_at_a_duration_without_its_unit():
    class Plugin:
        @hookimpl
        def register_desks(self):
            return [replace(DESK, sla_targets=(SlaTarget(resolution=timedelta(hours=24)),))]

    settings = Settings(plugins="none")
    with pytest.raises(ConfigurationError, match=r"^desk 'ministry': sla_targets\[0\] resolution has a duration "):
        await collect_desk_specs(get_plugin_manager(settings, extra_plugins=[Plugin()]), settings)


def test_core_default_policy_hands_on_the_desk_durations_and_calendar():
    draft = TicketDraft(desk="ministry", title="t", description="d", topic_path=(), application=None,
                        application_version=None, fields={}, channel="web", reporter_category=None, origin=None)
    policy = sla_policy(desk=DESK, ticket=draft)
    assert (policy.first_response, policy.resolution, policy.warn_before) == (
        Duration.hours(4), Duration.working_days(3), Duration.working_hours(2))
    assert policy.calendar == DESK.calendar
    # Three working days of the usual 08:00-16:00 calendar are 24 working hours; four hours are four hours.
    assert policy.resolution.length(policy.calendar) == timedelta(hours=24)
    assert policy.first_response.length(policy.calendar) == timedelta(hours=4)
