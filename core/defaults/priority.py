"""Core's default priority: the desk's default, else its least urgent level."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import PriorityDecision


@hookimpl(trylast=True)
def ticket_priority(desk):
    if desk.default_priority:
        return PriorityDecision(desk.default_priority, {"id": "Prioritas bawaan desk", "en": "Desk default"})
    if desk.priorities:
        lowest = min(desk.priorities, key=lambda priority: priority.rank)
        return PriorityDecision(lowest.slug, {"id": "Prioritas bawaan desk", "en": "Desk default"})
    return None
