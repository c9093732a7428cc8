"""Pause reasons as a desk's admins keep them: added, relabelled, retired and restored, over the plugin's.

Each reason's admin version is one item (key: its slug): ``label`` (text per language), ``retired``, and
``added`` for a reason an admin added. A retired reason is no longer offered, and pausing for it is refused;
clocks already stopped for it keep it, show its label and may be resumed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.changes import change_setting, merged
from loket.core.desk_config.labels import checked_labels
from loket.core.desk_config.sections import Items, Section
from loket.core.desk_config.stored import checked_slug, text_of
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.plugin_types import DeskSpec, PauseReason
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


def _values(item: dict[str, Any]) -> dict[str, Any]:
    return {name: item[name] for name in ("label", "retired") if name in item}


def apply_pause_reasons(spec: DeskSpec, items: Items) -> DeskSpec:
    """The desk's pause reasons with the admins' versions laid over them, the added ones last."""
    reasons = list(spec.pause_reasons)
    index = {reason.slug: position for position, reason in enumerate(reasons)}
    for slug, item in items.items():
        if slug in index:
            reasons[index[slug]] = replace(reasons[index[slug]], **_values(item))
        elif item.get("added") and item.get("label"):
            reasons.append(PauseReason(slug=slug, **_values(item)))
    return replace(spec, pause_reasons=tuple(reasons))


def describe_pause_reason(spec: DeskSpec, slug: str) -> Any:
    """A pause reason as the audit log records it (None: the desk has no such reason)."""
    found = next((reason for reason in spec.pause_reasons if reason.slug == slug), None)
    if found is None:
        return None
    return {"slug": slug, "label": text_of(found.label), "retired": found.retired}


PAUSE_REASONS = Section("pause_reason", apply_pause_reasons, describe_pause_reason)


def offered_reasons(spec: DeskSpec) -> tuple[PauseReason, ...]:
    """The pause reasons agents may choose now (the retired ones left out)."""
    return tuple(reason for reason in spec.pause_reasons if not reason.retired)


def _known(desk: DeskInfo, slug: str) -> None:
    if not any(reason.slug == slug for reason in desk.spec.pause_reasons):
        raise InvalidInputError("UNKNOWN_PAUSE_REASON", field="reason", reason=slug)


async def add_pause_reason(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, slug: str,
                           label: dict[str, str]) -> DeskSpec:
    """Offer agents a new reason to stop a ticket's resolution clock."""
    desk = administered_desk(rt, viewer, desk_slug)
    slug = checked_slug(slug, code="PAUSE_REASON_SLUG_INVALID", field="reason")
    if any(reason.slug == slug for reason in desk.spec.pause_reasons):
        raise InvalidInputError("PAUSE_REASON_EXISTS", field="reason", reason=slug)
    value = {"added": True, "label": checked_labels(label, field="label")}
    return await change_setting(rt, actor, desk, PAUSE_REASONS.name, slug, value, action="pause_reason.add",
                                field="reason")


async def relabel_pause_reason(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, slug: str,
                               label: dict[str, str]) -> DeskSpec:
    """Word a pause reason the desk's own way, per language."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, slug)
    value = merged({"label": checked_labels(label, field="label")})
    return await change_setting(rt, actor, desk, PAUSE_REASONS.name, slug, value, action="pause_reason.change",
                                field="label")


async def retire_pause_reason(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, slug: str, *,
                              retired: bool = True) -> DeskSpec:
    """Stop offering a pause reason (``retired=False``: offer it again)."""
    desk = administered_desk(rt, viewer, desk_slug)
    _known(desk, slug)
    return await change_setting(rt, actor, desk, PAUSE_REASONS.name, slug, merged({"retired": retired}),
                                action="pause_reason.retire" if retired else "pause_reason.restore",
                                field="reason")
