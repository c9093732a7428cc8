"""Escalations per tier, resolutions the reporter turned down, and what the workflow's time rules closed."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.reports.scope import Bucket, Scope
from loket.core.reports.sql import _fill, _series


@dataclass
class TierEscalations:
    tier: int  # the tier the tickets were escalated to
    count: int
    series: list[int]


@dataclass
class Escalations:
    total: int
    series: list[int]
    by_tier: list[TierEscalations]


async def escalations(scope: Scope) -> Escalations:
    """Escalations within the period, per tier they went to (every tier above the first is listed)."""
    rows = await _series(scope, "loket_ticket_event", "x.created_at", " AND x.kind = 'escalated'",
                         group="(SELECT tier FROM loket_team WHERE id = x.to_team_id)", join_tickets="x.ticket_id")
    tiers = sorted({team.tier for team in scope.desk.spec.teams})[1:]
    per_tier: dict[int, list[int]] = {tier: scope.zeros() for tier in tiers}
    for row in rows:
        per_tier.setdefault(int(row["grp"]), scope.zeros())[int(row["idx"])] += int(row["n"])
    series = _fill(scope, rows)
    return Escalations(total=sum(series), series=series,
                       by_tier=[TierEscalations(tier, sum(values), values) for tier, values in sorted(per_tier.items())])


@dataclass
class ReopenPoint:
    bucket: Bucket
    resolutions: int
    reopenings: int


@dataclass
class Reopens:
    """Resolutions offered and resolutions the reporter turned down ("not yet solved"), by when they happened."""

    resolutions: int
    reopenings: int
    series: list[ReopenPoint]

    @property
    def rate(self) -> float | None:
        return self.reopenings / self.resolutions if self.resolutions else None


async def reopens(scope: Scope) -> Reopens:
    rows = await _series(scope, "loket_ticket_event", "x.created_at", " AND x.kind IN ('resolved', 'reopened')",
                         group="x.kind", join_tickets="x.ticket_id")
    resolved = _fill(scope, [row for row in rows if row["grp"] == "resolved"])
    reopened = _fill(scope, [row for row in rows if row["grp"] == "reopened"])
    return Reopens(resolutions=sum(resolved), reopenings=sum(reopened),
                   series=[ReopenPoint(bucket, resolved[i], reopened[i]) for i, bucket in enumerate(scope.buckets)])


SYSTEM_CLOSINGS = ("auto_closed", "auto_completed", "locked")


@dataclass
class SystemClosings:
    """What the workflow's time rules did by themselves in the period: tickets closed for want of an answer
    (``auto_closed``), resolutions completed nobody confirmed (``auto_completed``) and tickets locked when
    their window ended (``locked``), each with its series."""

    auto_closed: list[int]
    auto_completed: list[int]
    locked: list[int]


async def system_closings(scope: Scope) -> SystemClosings:
    kinds = ", ".join(f"'{kind}'" for kind in SYSTEM_CLOSINGS)
    rows = await _series(scope, "loket_ticket_event", "x.created_at",
                         f" AND x.kind IN ({kinds}) AND x.actor_id IS NULL", group="x.kind",
                         join_tickets="x.ticket_id")
    return SystemClosings(*(_fill(scope, [row for row in rows if row["grp"] == kind]) for kind in SYSTEM_CLOSINGS))
