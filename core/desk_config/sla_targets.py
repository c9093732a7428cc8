"""A desk's SLA targets as its admins set them: each change puts a whole new set in force from now on (a
``SlaTargetSet`` row), so a ticket keeps the targets in force when it was opened (``loket.core.sla.policy``)
and the sets of the past stay readable. Before the first set, the plugin's ``sla_targets`` are in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tortoise.transactions import in_transaction

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor, record
from loket.core.desk_config.overlay import read_targets
from loket.core.desk_config.reload import desk_changed
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.models import SlaTargetSet
from loket.core.plugin_types import SlaTarget
from loket.core.workflow.access import Viewer
from loket.core.workflow.timing import Duration

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

TARGETS_MAX = 100
LONGEST = timedelta(days=366)
KINDS = {"first_response": "firstResponse", "resolution": "resolution"}


@dataclass(frozen=True)
class TargetInput:
    """One target as an admin writes it: durations as text (``"3 working days"``, ``"72 hours"``)."""

    topics: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    first_response: str | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class TargetSet:
    """A set of targets and since when it is (or was) in force: ``since`` None and ``set_by`` None for the
    plugin's own."""

    since: datetime | None
    targets: tuple[SlaTarget, ...]
    set_by: str | None = None


def stored_targets(targets: tuple[SlaTarget, ...]) -> list[dict[str, Any]]:
    """Targets as a ``SlaTargetSet`` stores them (and the audit log shows them)."""
    return [{"topics": list(t.topics), "priorities": list(t.priorities),
             "first_response": str(t.first_response) if t.first_response else None,
             "resolution": str(t.resolution) if t.resolution else None} for t in targets]


def checked_targets(desk: DeskInfo, targets: list[TargetInput], *, field: str = "targets") -> tuple[SlaTarget, ...]:
    """The targets, if each names the desk's topics and priorities and says durations the desk can count."""
    if len(targets) > TARGETS_MAX:
        raise InvalidInputError("SLA_TARGETS_TOO_MANY", field=field, max=TARGETS_MAX)
    priorities = {priority.slug for priority in desk.spec.priorities}
    checked: list[SlaTarget] = []
    seen: set[tuple[frozenset[str], frozenset[str]]] = set()
    for index, wanted in enumerate(targets):
        where = f"{field}[{index}]"
        for topic in wanted.topics:
            if desk.topic(topic) is None:
                raise InvalidInputError("UNKNOWN_TOPIC", field=f"{where}.topics", topic=topic)
        for priority in wanted.priorities:
            if priority not in priorities:
                raise InvalidInputError("UNKNOWN_PRIORITY", field=f"{where}.priorities", priority=priority)
        durations = {kind: _duration(desk, getattr(wanted, kind), f"{where}.{name}") for kind, name in KINDS.items()}
        if not any(durations.values()):
            raise InvalidInputError("SLA_TARGET_EMPTY", field=where)
        scope = (frozenset(wanted.topics), frozenset(wanted.priorities))
        if scope in seen:
            raise InvalidInputError("SLA_TARGET_TWICE", field=where)
        seen.add(scope)
        checked.append(SlaTarget(topics=tuple(dict.fromkeys(wanted.topics)),
                                 priorities=tuple(dict.fromkeys(wanted.priorities)), **durations))
    return tuple(checked)


def _duration(desk: DeskInfo, text: str | None, field: str) -> Duration | None:
    if text is None or not text.strip():
        return None
    try:
        duration = Duration.parse(text)
    except ValueError:
        raise InvalidInputError("DURATION_INVALID", field=field, value=text) from None
    if not duration.amount:
        raise InvalidInputError("DURATION_INVALID", field=field, value=text)
    if duration.working and desk.spec.calendar is None:
        raise InvalidInputError("SLA_TARGET_NEEDS_CALENDAR", field=field, value=text)
    try:
        too_long = duration.length(desk.spec.calendar) > LONGEST
    except OverflowError:
        too_long = True
    if too_long:
        raise InvalidInputError("SLA_TARGET_TOO_LONG", field=field, value=text, max=LONGEST.days)
    return duration


async def set_sla_targets(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str,
                          targets: list[TargetInput]) -> TargetSet:
    """Put ``targets`` in force for the desk's tickets opened from now on; tickets already open keep theirs."""
    desk = administered_desk(rt, viewer, desk_slug)
    checked = checked_targets(desk, targets)
    now = rt.now()
    async with in_transaction():
        await SlaTargetSet.create(desk_id=desk.id, effective_from=now, targets=stored_targets(checked),
                                  created_by=actor.user)
        await record(actor, now, "sla_targets.set", "sla_targets", before=stored_targets(desk.sla_targets_at(now)),
                     after=stored_targets(checked), desk_id=desk.id)
    await desk_changed(rt, desk.slug)
    return TargetSet(since=now, targets=checked, set_by=actor.label)


async def target_history(rt: Runtime, viewer: Viewer, desk_slug: str) -> list[TargetSet]:
    """The desk's target sets, oldest first: the plugin's, then each its admins put in force."""
    desk = administered_desk(rt, viewer, desk_slug)
    rows = await SlaTargetSet.filter(desk_id=desk.id).order_by("effective_from", "id").prefetch_related("created_by")
    return [TargetSet(since=None, targets=desk.base.sla_targets)] + [
        TargetSet(since=row.effective_from, targets=read_targets(row.targets),
                  set_by=row.created_by.email if row.created_by else None) for row in rows]
