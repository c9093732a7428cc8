"""Response and resolution times: how long tickets took, against their service levels, with percentiles.

Percentiles are ``percentile_cont`` (linear interpolation between the two nearest ranks). PostgreSQL computes
them itself; SQLite has no such aggregate, so its rows are ranked with window functions, the two nearest ranks
are picked in SQL and interpolated here, which gives the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from loket.core.reports.scope import Bucket, Scope
from loket.core.reports.sql import Sql, _with

MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)


@dataclass
class Stats:
    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass
class TimePoint:
    bucket: Bucket
    elapsed: Stats
    counted: Stats
    breached: int


@dataclass
class Times:
    """Time to the first response or to the resolution of tickets that reached it within the period.

    ``elapsed``: wall-clock time since the ticket was created. ``counted``: the time its SLA clock counted
    (pauses left out, working hours when the desk counts them), for tickets with a target.
    ``breached``: of those, how many missed the target.
    """

    elapsed: Stats
    counted: Stats
    breached: int
    series: list[TimePoint]

    @property
    def breach_rate(self) -> float | None:
        return self.breached / self.counted.count if self.counted.count else None


TIME_KINDS = {"first_response": "t.first_response_at", "resolution": "t.resolved_at"}


async def times(scope: Scope, kind: str) -> Times:
    reached = TIME_KINDS[kind]

    def cohort(sql: Sql) -> tuple[str, str]:
        """(the buckets' WITH clause, the cohort's SELECT of idx, elapsed, counted, breached)."""
        cte = sql.buckets_cte()
        index, join = sql.bucket_of(reached)
        # Missed: the breach timer noticed it, or the time counted when the clock stopped or paused exceeds
        # the target (a ticket awaiting confirmation whose breach timer has not run yet).
        select = (f"SELECT {index} AS idx, {sql.seconds_between(reached, 't.created_at')} AS elapsed, "
                  f"c.used_seconds AS counted, CASE WHEN c.breached_at IS NOT NULL OR c.used_seconds > "
                  f"c.target_seconds THEN 1 ELSE 0 END AS breached FROM loket_ticket t LEFT JOIN loket_sla_clock c "
                  f"ON c.ticket_id = t.id AND c.kind = {sql.p(kind)}{join} "
                  f"WHERE {sql.tickets()} AND {sql.in_period(reached)}")
        return cte, select

    sql = Sql(scope)
    cte, select = cohort(sql)
    found: dict[int, tuple[int, int, int, Stats, Stats]] = {}  # idx (-1: the period) -> counts and stats
    if sql.pg:  # one pass: counts and percentiles per bucket and for the whole period
        # The array form sorts each measure once for both fractions.
        pick = ", ".join(f"percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {m}::float8) AS {m}"
                         for m in ("elapsed", "counted"))
        text = (f"WITH k AS ({select}) SELECT COALESCE(idx, -1) AS idx, COUNT(*) AS n, COUNT(counted) AS m, "
                f"SUM(breached) AS breached, {pick} FROM k GROUP BY GROUPING SETS ((idx), ())")
        for row in await sql.rows(text):
            found[int(row["idx"])] = (int(row["n"]), int(row["m"]), int(row["breached"] or 0),
                                      Stats(int(row["n"]), *(row["elapsed"] or (None, None))),
                                      Stats(int(row["m"]), *(row["counted"] or (None, None))))
    else:
        counts = await sql.rows(f"{_with(cte, f'k AS ({select})')}SELECT idx, COUNT(*) AS n, COUNT(counted) AS m, "
                                f"COALESCE(SUM(breached), 0) AS breached FROM k GROUP BY idx")
        elapsed = await _percentiles(scope, cohort, "elapsed")
        counted = await _percentiles(scope, cohort, "counted")
        for row in counts:
            n, m, breached = int(row["n"]), int(row["m"]), int(row["breached"])
            found[int(row["idx"])] = (n, m, breached, Stats(n, *elapsed.get(int(row["idx"]), (None, None))),
                                      Stats(m, *counted.get(int(row["idx"]), (None, None))))
        if found:
            n, m, breached = (sum(values[i] for values in found.values()) for i in range(3))
            found[-1] = (n, m, breached, Stats(n, *elapsed.get(-1, (None, None))),
                         Stats(m, *counted.get(-1, (None, None))))
    empty = (0, 0, 0, Stats(), Stats())
    series = [TimePoint(bucket, found.get(i, empty)[3], found.get(i, empty)[4], found.get(i, empty)[2])
              for i, bucket in enumerate(scope.buckets)]
    _n, _m, breached, elapsed_stats, counted_stats = found.get(-1, empty)
    return Times(elapsed=elapsed_stats, counted=counted_stats, breached=breached, series=series)


async def _percentiles(scope: Scope, cohort, measure: str) -> dict[int, tuple[float, float]]:
    """SQLite: bucket number (-1: the whole period) -> (median, 90th percentile) of ``measure`` over the
    cohort, as PostgreSQL's percentile_cont computes them. Rows are ranked 0..n-1 per group; percentile p
    sits at rank p*(n-1): the ranks either side of it are picked in SQL and interpolated here."""
    sql = Sql(scope)
    cte, select = cohort(sql)
    values = (f"SELECT idx AS grp, {measure} AS v FROM k WHERE {measure} IS NOT NULL "
              f"UNION ALL SELECT -1, {measure} FROM k WHERE {measure} IS NOT NULL")
    picks = []
    for name, p in (("median", MEDIAN), ("p90", P90)):
        below = f"((n - 1) * {p.numerator} / {p.denominator})"
        picks.append(f"MAX(CASE WHEN rn = {below} THEN v END) AS {name}_lo, "
                     f"MAX(CASE WHEN rn = MIN({below} + 1, n - 1) THEN v END) AS {name}_hi")
    text = (f"{_with(cte, f'k AS ({select})')}SELECT grp, n, {', '.join(picks)} FROM ("
            f"SELECT grp, v, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v) - 1 AS rn, "
            f"COUNT(*) OVER (PARTITION BY grp) AS n FROM ({values})) GROUP BY grp, n")
    found = {}
    for row in await sql.rows(text):
        found[int(row["grp"])] = tuple(_interpolate(row[f"{name}_lo"], row[f"{name}_hi"], p, int(row["n"]))
                                       for name, p in (("median", MEDIAN), ("p90", P90)))
    return found


def _interpolate(low: float, high: float, p: Fraction, n: int) -> float:
    position = p * (n - 1)
    fraction = position - (position.numerator // position.denominator)
    return float(low + (high - low) * fraction)
