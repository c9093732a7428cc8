"""A workflow's time rules are checked at start-up: each broken rule stops the server with one line naming the
desk and the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from loket.core.desks.sync import collect_desk_specs
from loket.core.errors import ConfigurationError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    ActionSpec,
    BusinessCalendar,
    DeskSpec,
    Duration,
    StatusSpec,
    TeamSpec,
    TimedTransition,
    Window,
    auto_close_after,
    default_workflow,
)
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.core.workflow.checks import check_workflow

LOCKED = StatusSpec("locked", "final", "Locked")
LOCK = ActionSpec("lock", "move", starts=("closed",), to="locked", who=("system",), event="locked")
BASE = default_workflow().with_statuses(LOCKED).with_actions(LOCK)
WINDOW = Window("reply_after_close", "reopen", Duration.days(7), in_status=("closed",), then="lock")


def _check(workflow, calendar=None) -> None:
    check_workflow("ministry", workflow, teams={"tier1"}, fields=set(), calendar=calendar)


@pytest.mark.parametrize(("workflow", "rule"), [
    (BASE.with_transitions(TimedTransition("forget", Duration.days(30), "auto_close", in_status=("locked",))),
     "timed transition 'forget' waits in final status 'locked', where nothing more happens"),
    (BASE.with_windows(Window("complaints", "complain", Duration.hours(24), in_categories=("resolved",))),
     "window 'complaints' limits unknown action 'complain'"),
    (BASE.with_transitions(TimedTransition("close", timedelta(hours=72), "auto_close",
                                           in_categories=("waiting_on_reporter",))),
     "timed transition 'close' has a duration without its unit (datetime.timedelta(days=3)): write "
     "Duration.hours(72), Duration.working_days(3) or Duration.parse('3x24 hours')"),
    (BASE.with_windows(Window("complaints", "reopen", 24, in_categories=("resolved",))),
     "window 'complaints' has a duration without its unit (24): write Duration.hours(72), Duration.working_days(3) "
     "or Duration.parse('3x24 hours')"),
    (BASE.with_transitions(auto_close_after(Duration.working_days(3))),
     "timed transition 'auto_close' counts 3 working days, but the desk has no calendar of working hours"),
    (BASE.with_transitions(TimedTransition("nudge", Duration.hours(4), "take", in_categories=("new",))),
     "timed transition 'nudge' takes action 'take', which the system may not take (add 'system' to its who)"),
    (BASE.with_transitions(TimedTransition("early", Duration.hours(4), "auto_close", in_categories=("open",))),
     "timed transition 'early' takes action 'auto_close', which cannot be taken from status 'in_progress'"),
    (BASE.with_transitions(TimedTransition("lost", Duration.hours(4), "vanish", in_categories=("open",))),
     "timed transition 'lost' takes unknown action 'vanish'"),
    (BASE.with_transitions(TimedTransition("idle", Duration.hours(4), "auto_close")),
     "timed transition 'idle' waits in no status (give in_status, in_categories or since)"),
    (BASE.with_transitions(TimedTransition("idle", Duration.hours(4), "auto_close", in_status=("parked",))),
     "timed transition 'idle' waits in unknown status 'parked'"),
    (BASE.with_transitions(TimedTransition("idle", Duration.hours(4), "auto_close", since="poked")),
     "timed transition 'idle' counts since unknown event 'poked'"),
    (replace(BASE, windows=(WINDOW, replace(WINDOW, within=Duration.days(3)))),
     "window 'reply_after_close' is defined twice"),
    (BASE.with_windows(Window("too_late", "lock", Duration.days(7), in_status=("closed",))),
     "window 'too_late' limits action 'lock', which only the system takes"),
    (BASE.with_windows(Window("reply", "reopen", Duration.days(7), in_status=("closed",), then="take")),
     "window 'reply' takes action 'take', which the system may not take (add 'system' to its who)"),
    (BASE.with_windows(Window("reply", "reopen", Duration.days(7), in_status=("closed",), shown_to="vendors")),
     "window 'reply' is shown to unknown audience 'vendors' (one of everyone, staff)"),
])
def test_a_broken_time_rule_is_refused_with_one_line(workflow, rule):
    with pytest.raises(ConfigurationError) as refused:
        _check(workflow)
    assert str(refused.value) == f"desk 'ministry' workflow: {rule}"


def test_sound_time_rules_pass():
    _check(BASE.with_windows(WINDOW).with_transitions(auto_close_after(Duration.working_days(3))),
           calendar=BusinessCalendar())


def test_a_duration_is_read_with_its_unit_or_not_at_all():
    assert Duration.parse("3x24 jam") == Duration.hours(72)
    assert Duration.parse("5 hari kerja") == Duration.working_days(5)
    assert Duration.parse("2 working hours") == Duration.working_hours(2)
    assert Duration.parse("7 days").describe("id") == "7 hari"
    for text, problem in (("3", "has no unit"), ("3 fortnights", "is not a unit of time"), ("soon", "not a duration")):
        with pytest.raises(ValueError, match=problem):
            Duration.parse(text)
    calendar = BusinessCalendar()
    assert Duration.working_days(2).length(calendar) == timedelta(hours=16), "a working day is the calendar's day"


async def test_the_server_refuses_to_start_with_a_broken_time_rule():
    class Desk:
        @hookimpl
        def register_desks(self):
            return [DeskSpec("ministry", "Ministry", teams=(TeamSpec("tier1", "Tier 1"),), workflow=BASE.with_windows(
                Window("complaints", "complain", Duration.hours(24), in_categories=("resolved",))))]

    settings = Settings(plugins="none")
    with pytest.raises(ConfigurationError, match="^desk 'ministry' workflow: window 'complaints' limits unknown "
                                                 "action 'complain'$"):
        await collect_desk_specs(get_plugin_manager(settings, extra_plugins=[Desk()]), settings)
