"""Laying a desk's stored settings over its plugin's definition.

The plugin's ``DeskSpec`` is the default. Each ``DeskSetting`` row is an admin's version of one item of one
section (a topic, a field, a holiday, ...); ``effective_spec`` applies the sections in a fixed order (a field
may name a topic an admin added) and answers the desk as it is now. Removing a row returns its item to the
plugin's definition. ``SlaTargetSet`` rows are kept apart: each puts a whole set of targets in force from a
moment on (see ``DeskInfo.sla_targets_at``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from loket.core.desk_config.sections import Section
from loket.core.desks.registry import DeskInfo
from loket.core.models import DeskSetting, SlaTargetSet, Topic
from loket.core.plugin_types import DeskSpec, SlaTarget
from loket.core.workflow.timing import Duration



@cache
def sections() -> tuple[Section, ...]:
    """Every section, in the order they apply. Imported on first use: each section's module also holds the
    services that change it, which store through this module."""
    from loket.core.desk_config.calendar import CALENDAR
    from loket.core.desk_config.fields import FIELDS
    from loket.core.desk_config.holidays import HOLIDAYS
    from loket.core.desk_config.labels import STATUS_LABELS
    from loket.core.desk_config.pause_reasons import PAUSE_REASONS
    from loket.core.desk_config.topics import TOPICS

    return (STATUS_LABELS, TOPICS, FIELDS, PAUSE_REASONS, CALENDAR, HOLIDAYS)


def section(name: str) -> Section:
    return next(found for found in sections() if found.name == name)


@dataclass
class Overlay:
    """A desk's stored settings: section -> key -> value, and its SLA target sets, oldest first."""

    settings: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    sla_target_sets: list[tuple[datetime, tuple[SlaTarget, ...]]] = field(default_factory=list)


def effective_spec(base: DeskSpec, overlay: Overlay) -> DeskSpec:
    """The desk as it is now: ``base`` with every section's stored items laid over it."""
    spec = base
    for part in sections():
        items = overlay.settings.get(part.name)
        if items:
            spec = part.apply(spec, items)
    return spec


async def load_overlays(desk_ids: list[int]) -> dict[int, Overlay]:
    """The stored settings of each desk (an empty overlay for a desk with none)."""
    overlays: dict[int, Overlay] = {desk_id: Overlay() for desk_id in desk_ids}
    rows = await DeskSetting.filter(desk_id__in=desk_ids).order_by("id").values("desk_id", "section", "key", "value")
    for row in rows:
        overlays[row["desk_id"]].settings[row["section"]][row["key"]] = row["value"]
    sets = await SlaTargetSet.filter(desk_id__in=desk_ids).order_by("effective_from", "id").values(
        "desk_id", "effective_from", "targets")
    for row in sets:
        overlays[row["desk_id"]].sla_target_sets.append((row["effective_from"], read_targets(row["targets"])))
    return overlays


def read_targets(stored: list[dict[str, Any]]) -> tuple[SlaTarget, ...]:
    """SLA targets as a ``SlaTargetSet`` stores them."""
    def duration(text: str | None) -> Duration | None:
        return Duration.parse(text) if text else None

    return tuple(SlaTarget(first_response=duration(t.get("first_response")), resolution=duration(t.get("resolution")),
                           topics=tuple(t.get("topics") or ()), priorities=tuple(t.get("priorities") or ()))
                 for t in stored)


async def topic_ids_of(desk_id: int) -> dict[str, int]:
    return dict(await Topic.filter(desk_id=desk_id).values_list("slug", "id"))


async def build_desk(base: DeskSpec, desk_id: int, team_ids: dict[str, int], overlay: Overlay) -> DeskInfo:
    """The ``DeskInfo`` of a desk as it is now."""
    return DeskInfo(spec=effective_spec(base, overlay), base=base, id=desk_id, team_ids=team_ids,
                    topic_ids=await topic_ids_of(desk_id), sla_target_sets=tuple(overlay.sla_target_sets))
