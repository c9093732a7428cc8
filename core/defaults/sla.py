"""Core's default service levels, from the desk's own data: the most specific ``sla_targets`` entry and the
desk's calendar. (Timed transitions are workflow data: ``WorkflowSpec.transitions``.)"""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import SlaPolicy, SlaTarget


def _specificity(target: SlaTarget) -> int:
    return (2 if target.topics else 0) + (1 if target.priorities else 0)


def _most_specific(matching: list[SlaTarget], kind: str):
    """Each kind of target comes from the most specific target that sets it, so a topic's resolution
    target does not erase the desk-wide first-response target."""
    defining = [target for target in matching if getattr(target, kind) is not None]
    return getattr(max(defining, key=_specificity), kind) if defining else None


@hookimpl(trylast=True)
def sla_policy(desk, ticket):
    matching = [t for t in desk.sla_targets
                if (not t.topics or set(t.topics) & set(ticket.topic_path))
                and (not t.priorities or ticket.priority in t.priorities)]
    if not matching:
        return None
    return SlaPolicy(first_response=_most_specific(matching, "first_response"),
                     resolution=_most_specific(matching, "resolution"), calendar=desk.calendar,
                     warn_before=desk.sla_warning_before)
