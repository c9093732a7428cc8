"""An inconsistent workflow stops start-up with one line naming the desk and the rule broken."""

from __future__ import annotations

import pytest

from loket.core.desks.sync import collect_desk_specs
from loket.core.errors import ConfigurationError
from loket.core.hookspecs import hookimpl
from loket.core.plugins import get_plugin_manager
from loket.core.plugin_types import ActionSpec, DeskSpec, StatusSpec, TeamSpec, default_workflow
from loket.core.settings import Settings
from loket.core.workflow.checks import check_workflow

BASE = default_workflow()
PENDING = StatusSpec("pending", "waiting_on_third_party", {"id": "Menunggu keputusan", "en": "Pending"})


def _check(workflow) -> None:
    check_workflow("ministry", workflow, teams={"tier1", "tier2"}, fields={"asset_tag"})


@pytest.mark.parametrize(("workflow", "rule"), [
    (BASE.with_actions(ActionSpec("park", "move", starts_in=("open",), to="parked", who=("assignee",))),
     "desk 'ministry' workflow: action 'park' leads to unknown status 'parked'"),
    (BASE.with_statuses(PENDING), "desk 'ministry' workflow: no action reaches status 'pending'"),
    (BASE.changed("escalate", who=("team:tier3",)),
     "desk 'ministry' workflow: action 'escalate' has actor rule 'team:tier3' naming unknown team 'tier3'"),
    (BASE.changed("take", who=("everyone",)), "desk 'ministry' workflow: action 'take' has unknown actor rule "
                                               "'everyone'"),
    (BASE.changed("take", who=("tier>=two",)), "desk 'ministry' workflow: action 'take' has actor rule 'tier>=two' "
                                                "without a tier number"),
    (BASE.changed("resolve", does="fix"), "desk 'ministry' workflow: action 'resolve' does unknown effect 'fix' (one of take, assign, ask, "
     "answer, reply, note, escalate, transfer, return, resolve, confirm, reopen, close, recategorise, rate, "
     "pause_clock, resume_clock, move)"),
    (BASE.changed("take", starts_in=("limbo",)), "desk 'ministry' workflow: action 'take' starts in unknown "
                                                  "category 'limbo'"),
    (BASE.changed("take", starts=("void",)), "desk 'ministry' workflow: action 'take' starts from unknown status "
                                              "'void'"),
    (BASE.changed("take", starts_in=()), "desk 'ministry' workflow: action 'take' starts from no status"),
    (BASE.changed("note", fields=("room",)), "desk 'ministry' workflow: action 'note' asks for unknown field 'room'"),
    (BASE.changed("reply", event="rated"), "desk 'ministry' workflow: action 'reply' records event 'rated', which "
                                            "effect 'reply' does not record"),
    (BASE.with_statuses(StatusSpec("limbo", "nowhere")).with_actions(
        ActionSpec("park", "move", starts_in=("open",), to="limbo", who=("assignee",))),
     "desk 'ministry' workflow: status 'limbo' has unknown category 'nowhere' (one of new, open, "
     "waiting_on_reporter, waiting_on_third_party, resolved, closed, final)"),
    (BASE.changed("request_feedback", asks=("anyone",)), "desk 'ministry' workflow: action 'request_feedback' asks "
                                                          "unknown kind of person 'anyone' (reporter or participant)"),
])
def test_an_inconsistent_workflow_is_refused_with_one_line(workflow, rule):
    with pytest.raises(ConfigurationError) as refused:
        _check(workflow)
    assert str(refused.value) == rule and "\n" not in rule


def test_the_default_and_the_bundled_desks_workflows_pass():
    _check(BASE)
    _check(BASE.with_statuses(PENDING).with_actions(
        ActionSpec("await_decision", "move", starts_in=("open",), to="pending", who=("tier>=2", "team:tier1"))))


class BrokenDesk:
    @hookimpl
    def register_desks(self):
        return [DeskSpec("ministry", "Ministry", teams=(TeamSpec("tier1", "Tier 1"),),
                         workflow=BASE.changed("escalate", who=("team:tier9",)))]


async def test_start_up_stops_on_a_desk_with_a_broken_workflow():
    pm = get_plugin_manager(Settings(plugins="none"), extra_plugins=[BrokenDesk()])
    with pytest.raises(ConfigurationError, match="desk 'ministry' workflow: action 'escalate' has actor rule "
                                                 "'team:tier9' naming unknown team 'tier9'"):
        await collect_desk_specs(pm, Settings())
