"""Tickets created, resolved and closed per bucket, and the backlog."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.reports.scope import Bucket, Scope
from loket.core.reports.sql import Sql, _fill, _series


@dataclass
class VolumePoint:
    bucket: Bucket
    created: int
    resolved: int
    closed: int
    backlog: int  # open tickets at the end of the bucket


@dataclass
class Volume:
    created: int
    resolved: int
    closed: int
    open_at_start: int
    open_at_end: int
    series: list[VolumePoint]


async def volume(scope: Scope) -> Volume:
    """Tickets created, resolved (standing resolutions: one the reporter turned down counts again only when
    resolved again) and closed per bucket, and the backlog: tickets open at the end of each bucket."""
    created = _fill(scope, await _series(scope, "loket_ticket", "t.created_at"))
    resolved = _fill(scope, await _series(scope, "loket_ticket", "t.resolved_at"))
    closed = _fill(scope, await _series(scope, "loket_ticket", "t.closed_at"))
    # Open at the start: created before it, less closed before it (closing is final, and a ticket closed
    # before the start was created before it); two index-only counts rather than one pass over both.
    sql = Sql(scope)
    start = sql.p(scope.lo)
    text = (f"SELECT (SELECT COUNT(*) FROM loket_ticket t WHERE {sql.tickets()} AND t.created_at < {start}) - "
            f"(SELECT COUNT(*) FROM loket_ticket t WHERE {sql.tickets()} AND t.closed_at < {start}) AS n")
    open_at_start = int((await sql.rows(text))[0]["n"])
    backlog, points = open_at_start, []
    for index, bucket in enumerate(scope.buckets):
        backlog += created[index] - closed[index]
        points.append(VolumePoint(bucket, created[index], resolved[index], closed[index], backlog))
    return Volume(created=sum(created), resolved=sum(resolved), closed=sum(closed), open_at_start=open_at_start,
                  open_at_end=backlog, series=points)
