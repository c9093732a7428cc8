"""Breaches in a desk's report: of the tickets created in the period, how many ran on each clock (first
response, resolution, each stage clock) and how many missed it, and how many missed any clock at all.

Counted as the tickets stand now. A clock counts as missed when its breach was noticed (``sla_breached``, or
found when it stopped), when the time it counted exceeds its target, or when an earlier run of it was
missed (a stage clock starts fresh each time the ticket reaches its stage, and its ``sla_breached`` events
remember the earlier runs). A ticket flagged ``slaBreached`` has missed a clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.reports import Bucket, Scope, Sql, _fill, _with
from loket.core.sla.stages import CORE_CLOCKS


@dataclass
class ClockBreaches:
    clock: str  # first_response, resolution or a stage clock's name
    tickets: int  # tickets that ran on it
    breached: int  # of those, how many missed it

    @property
    def rate(self) -> float | None:
        return self.breached / self.tickets if self.tickets else None


@dataclass
class BreachPoint:
    bucket: Bucket
    tickets: int
    breached: int


@dataclass
class Breaches:
    """Tickets created in the period that ran on at least one clock, how many missed any, and per clock."""

    tickets: int
    breached: int
    by_clock: list[ClockBreaches]
    series: list[BreachPoint]

    @property
    def rate(self) -> float | None:
        return self.breached / self.tickets if self.tickets else None


async def breaches(scope: Scope) -> Breaches:
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of("t.created_at")
    clock_of_event = "e.payload->>'clock'" if sql.pg else "json_extract(e.payload, '$.clock')"
    missed_before = (f"EXISTS (SELECT 1 FROM loket_ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'sla_breached' "
                     f"AND {clock_of_event} = c.kind)")
    clocks = (f"SELECT {index} AS idx, t.id AS tid, c.kind AS clock, CASE WHEN c.breached_at IS NOT NULL OR "
              f"c.used_seconds > c.target_seconds OR {missed_before} THEN 1 ELSE 0 END AS breached, "
              f"CASE WHEN t.sla_breached THEN 1 ELSE 0 END AS flagged FROM loket_ticket t "
              f"JOIN loket_sla_clock c ON c.ticket_id = t.id{join} WHERE {sql.tickets()} AND {sql.in_period('t.created_at')}")
    per_ticket = ("SELECT idx, tid, MAX(CASE WHEN flagged = 1 THEN 1 ELSE breached END) AS breached FROM k "
                  "GROUP BY idx, tid")
    text = (f"{_with(cte, f'k AS ({clocks})')}SELECT idx, clock, COUNT(*) AS n, SUM(breached) AS breached FROM k "
            f"GROUP BY idx, clock UNION ALL SELECT idx, NULL, COUNT(*), SUM(breached) FROM ({per_ticket}) p "
            f"GROUP BY idx")
    rows = await sql.rows(text)
    tickets = _fill(scope, [row for row in rows if row["clock"] is None])
    breached = _fill(scope, [row for row in rows if row["clock"] is None], "breached")
    found: dict[str, ClockBreaches] = {kind: ClockBreaches(kind, 0, 0) for kind in known_clocks(scope)}
    for row in rows:
        if row["clock"] is not None:
            counted = found.setdefault(row["clock"], ClockBreaches(row["clock"], 0, 0))
            counted.tickets += int(row["n"])
            counted.breached += int(row["breached"] or 0)
    return Breaches(tickets=sum(tickets), breached=sum(breached), by_clock=list(found.values()),
                    series=[BreachPoint(bucket, tickets[i], breached[i]) for i, bucket in enumerate(scope.buckets)])


def known_clocks(scope: Scope) -> list[str]:
    """Core's clocks and the desk's stage clocks, in that order (each listed, even when no ticket ran on it)."""
    return [*CORE_CLOCKS, *(stage.name for stage in scope.desk.workflow.clocks)]
