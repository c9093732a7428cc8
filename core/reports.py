"""Reports of a desk over a period: counts, backlog, response and resolution times against the service
levels, escalations, reopenings, satisfaction and self-service deflections, each with a ready-to-plot
series of time buckets (every bucket present, zeros included).

- The period is a range of calendar days in the desk's time zone (its calendar's, else the deployment's),
  cut into days, ISO weeks (Monday first) or months; the first and last buckets are clipped to the period.
- Everything is aggregated in SQL (GROUP BY a bucket number) on SQLite and PostgreSQL alike. Buckets are
  ranges of UTC instants computed here, so a zone with daylight saving time still gets true local days:
  PostgreSQL numbers rows with ``width_bucket`` over the bucket starts, SQLite joins a VALUES list of them.
- Percentiles are ``percentile_cont`` (linear interpolation between the two nearest ranks). PostgreSQL
  computes them itself; SQLite has no such aggregate, so its rows are ranked with window functions, the two
  nearest ranks are picked in SQL and interpolated here, which gives the same answers.
- Filters select tickets by what they are now: the team holding them, their assignee, topic (with its
  sub-topics), reporter category, priority and intake channel. Event-based figures (escalations,
  reopenings) and ratings count what happened to the selected tickets within the period.

Who may see a report: a desk's admins and superusers see the whole desk. An agent sees the tickets held by
teams at a tier no higher than their own highest tier at that desk: the same tickets their lists show
them, so a report reveals nothing they could not already count by hand. Anyone else is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.inputs import check_day
from loket.core.models import Ticket, User
from loket.core.plugin_types import Labels, RatingForm, RatingQuestion
from loket.core.runtime import Runtime
from loket.core.workflow.access import Viewer
from loket.core.tickets.actions import rating_form_for
from loket.core.tickets.queries import desk_timezone
from loket.core.tickets.rating import usual_rating_form

MAX_BUCKETS = 400
# For the statements of a report only: no JIT compilation (70-90 ms a statement, more than these scans gain
# from it). A larger work_mem was measured too: it kept the percentile sorts in memory, but made PostgreSQL
# pick serial hash joins over parallel ones, slower on the whole (bench/RESULTS.md).
POSTGRES_SETTINGS = "SET LOCAL jit = off"
MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)


class Unit(str, Enum):
    DAY = "day"
    WEEK = "week"  # ISO weeks, Monday first
    MONTH = "month"


@dataclass(frozen=True)
class ReportFilter:
    team: str | None = None  # slug of the team holding the ticket now
    agent: str | None = None  # email of the agent the ticket is assigned to
    topic: str | None = None  # a topic slug; its sub-topics are included
    reporter_category: str | None = None
    priority: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class Bucket:
    """Days ``start`` to ``end`` (both included) in the desk's time zone: instants ``lo`` <= t < ``hi``."""

    start: date
    end: date
    lo: datetime
    hi: datetime


def _next_start(day: date, unit: Unit) -> date:
    if unit is Unit.DAY:
        return day + timedelta(days=1)
    if unit is Unit.WEEK:
        return day + timedelta(days=7 - day.weekday())
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def bucket_count(start: date, end: date, unit: Unit) -> int:
    if unit is Unit.DAY:
        return (end - start).days + 1
    if unit is Unit.WEEK:
        return (end - (start - timedelta(days=start.weekday()))).days // 7 + 1
    return (end.year - start.year) * 12 + end.month - start.month + 1


def make_buckets(start: date, end: date, unit: Unit, zone: ZoneInfo) -> list[Bucket]:
    def instant(day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)

    buckets, day = [], start
    while day <= end:
        following = min(_next_start(day, unit), end + timedelta(days=1))
        buckets.append(Bucket(start=day, end=following - timedelta(days=1), lo=instant(day), hi=instant(following)))
        day = following
    return buckets


@dataclass
class Scope:
    """A validated report request: the desk, its buckets, and which tickets count."""

    rt: Runtime
    desk: DeskInfo
    zone: ZoneInfo
    unit: Unit
    buckets: list[Bucket]
    team_ids: list[int] | None = None  # None: every team of the desk
    topic_ids: list[int] | None = None
    topic_slugs: list[str] | None = None
    agent_id: int | None = None
    wanted: ReportFilter = field(default_factory=ReportFilter)

    @property
    def lo(self) -> datetime:
        return self.buckets[0].lo

    @property
    def hi(self) -> datetime:
        return self.buckets[-1].hi

    @property
    def postgres(self) -> bool:
        return Ticket._meta.db.capabilities.dialect == "postgres"

    def zeros(self) -> list[int]:
        return [0] * len(self.buckets)


def _reportable_team_ids(viewer: Viewer, desk: DeskInfo) -> list[int] | None:
    """None when the viewer sees the whole desk; the teams whose tickets they may count otherwise."""
    if viewer.is_superuser or desk.id in viewer.admin_desk_ids:
        return None
    tier = viewer.max_tier.get(desk.id)
    if tier is None:
        raise PermissionDeniedError("REPORT_NOT_ALLOWED", field="desk", desk=desk.slug)
    return sorted(team_id for slug, team_id in desk.team_ids.items() if desk.spec.team(slug).tier <= tier)


async def open_report(rt: Runtime, viewer: Viewer, desk_slug: str, start: date, end: date, unit: Unit,
                      wanted: ReportFilter | None = None) -> Scope:
    """Check who asks and what they ask for; the figures are computed by the report functions."""
    desk = rt.desks.get(desk_slug)
    allowed = _reportable_team_ids(viewer, desk)
    wanted = wanted or ReportFilter()
    check_day(start, "period.start")  # a bucket's next start, a day's first instant: still dates
    check_day(end, "period.end")
    if end < start:
        raise InvalidInputError("REPORT_PERIOD_REVERSED", field="period.end", start=start.isoformat(),
                                end=end.isoformat())
    count = bucket_count(start, end, unit)
    if count > MAX_BUCKETS:
        raise InvalidInputError("REPORT_TOO_MANY_BUCKETS", field="period.bucket", count=count, max=MAX_BUCKETS)
    zone = desk_timezone(rt, desk)
    scope = Scope(rt=rt, desk=desk, zone=zone, unit=unit, buckets=make_buckets(start, end, unit, zone),
                  team_ids=allowed, wanted=wanted)
    if wanted.team is not None:
        team_id = desk.team_ids.get(wanted.team)
        if team_id is None:
            raise InvalidInputError("UNKNOWN_TEAM", field="filter.team", team=wanted.team, desk=desk.slug)
        if allowed is not None and team_id not in allowed:
            raise PermissionDeniedError("REPORT_TEAM_NOT_ALLOWED", field="filter.team", team=wanted.team)
        scope.team_ids = [team_id]
    if wanted.topic is not None:
        slugs = sorted(slug for slug in desk.topic_ids if wanted.topic in desk.topic_path(slug))
        if not slugs:
            raise InvalidInputError("UNKNOWN_TOPIC", field="filter.topic", topic=wanted.topic)
        scope.topic_slugs, scope.topic_ids = slugs, [desk.topic_ids[slug] for slug in slugs]
    if wanted.agent is not None:
        agent = await User.get_or_none(email=wanted.agent.strip().lower())
        if agent is None:
            raise InvalidInputError("UNKNOWN_AGENT", field="filter.agent", email=wanted.agent)
        scope.agent_id = agent.id
    if wanted.priority is not None:
        priorities = [priority.slug for priority in desk.spec.priorities]
        if wanted.priority not in priorities:
            raise InvalidInputError("NOT_A_CHOICE", field="filter.priority", value=wanted.priority,
                                    choices=", ".join(priorities) or "-")
    if wanted.channel is not None and wanted.channel not in desk.spec.channels:
        raise InvalidInputError("NOT_A_CHOICE", field="filter.channel", value=wanted.channel,
                                choices=", ".join(desk.spec.channels))
    if (wanted.reporter_category is not None and desk.spec.reporter_categories
            and wanted.reporter_category not in desk.spec.reporter_categories):
        raise InvalidInputError("NOT_A_CHOICE", field="filter.reporterCategory", value=wanted.reporter_category,
                                choices=", ".join(desk.spec.reporter_categories))
    return scope


class Sql:
    """One statement's text and parameters, with the dialect's placeholders."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.pg = scope.postgres
        self.params: list[Any] = []

    def p(self, value: Any, cast: str = "") -> str:
        if isinstance(value, datetime) and not self.pg:
            value = value.astimezone(UTC).isoformat(" ")  # as SQLite stores it, so text compares in order
        self.params.append(value)  # numbered on both (SQLite's ?NNN), so text may be built in any order
        return f"${len(self.params)}{cast}" if self.pg else f"?{len(self.params)}"

    def among(self, column: str, values: list[int]) -> str:
        if self.pg:
            return f"{column} = ANY({self.p(list(values), '::int[]')})"
        return f"{column} IN ({', '.join(self.p(value) for value in values)})"

    def tickets(self, alias: str = "t") -> str:
        """Conditions selecting the tickets the report counts."""
        scope, wanted = self.scope, self.scope.wanted
        parts = [f"{alias}.desk_id = {self.p(scope.desk.id)}"]
        if scope.team_ids is not None:
            parts.append(self.among(f"{alias}.team_id", scope.team_ids))
        if scope.topic_ids is not None:
            parts.append(self.among(f"{alias}.topic_id", scope.topic_ids))
        if scope.agent_id is not None:
            parts.append(f"{alias}.assignee_id = {self.p(scope.agent_id)}")
        for column, value in (("reporter_category", wanted.reporter_category), ("priority", wanted.priority),
                              ("channel", wanted.channel)):
            if value is not None:
                parts.append(f"{alias}.{column} = {self.p(value)}")
        return " AND ".join(parts)

    def in_period(self, column: str) -> str:
        return f"{column} >= {self.p(self.scope.lo)} AND {column} < {self.p(self.scope.hi)}"

    def buckets_cte(self) -> str:
        """SQLite: the buckets as a table (b.idx, b.lo, b.hi), to start a WITH clause. Empty on PostgreSQL."""
        if self.pg:
            return ""
        rows = ", ".join(f"({index}, {self.p(bucket.lo)}, {self.p(bucket.hi)})"
                         for index, bucket in enumerate(self.scope.buckets))
        return f"b(idx, lo, hi) AS (VALUES {rows})"

    def bucket_of(self, column: str) -> tuple[str, str]:
        """(the bucket number of ``column``, the join that provides it) for rows already within the period."""
        if self.pg:
            starts = [bucket.lo for bucket in self.scope.buckets]
            return f"width_bucket({column}, {self.p(starts, '::timestamptz[]')}) - 1", ""
        return "b.idx", f" JOIN b ON {column} >= b.lo AND {column} < b.hi"

    def seconds_between(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"EXTRACT(EPOCH FROM ({later} - {earlier}))::float8"
        return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"

    async def rows(self, text: str) -> list[dict[str, Any]]:
        if not self.pg:
            return await Ticket._meta.db.execute_query_dict(text, self.params)
        async with in_transaction() as connection:
            await connection.execute_script(POSTGRES_SETTINGS)
            return await connection.execute_query_dict(text, self.params)


def _with(*ctes: str) -> str:
    present = [cte for cte in ctes if cte]
    return f"WITH {', '.join(present)} " if present else ""


async def _series(scope: Scope, table: str, column: str, where: str = "", *, group: str = "",
                  join_tickets: str = "t.id") -> list[dict[str, Any]]:
    """Rows (idx[, group], n) counting rows of ``table`` (alias x, joined to its ticket t) per bucket of
    ``column`` within the period."""
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of(column)
    source = "loket_ticket t" if table == "loket_ticket" else f"{table} x JOIN loket_ticket t ON t.id = {join_tickets}"
    group_sql = f", {group} AS grp" if group else ""
    text = (f"{_with(cte)}SELECT {index} AS idx{group_sql}, COUNT(*) AS n FROM {source}{join} "
            f"WHERE {sql.tickets()} AND {sql.in_period(column)}{where} GROUP BY 1{', 2' if group else ''}")
    return await sql.rows(text)


def _fill(scope: Scope, rows: list[dict[str, Any]], key: str = "n") -> list[int]:
    values = scope.zeros()
    for row in rows:
        values[int(row["idx"])] += int(row[key])
    return values


# --- volume and backlog ------------------------------------------------------------------------------------

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


# --- response and resolution times ------------------------------------------------------------------------

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


# --- escalations and reopenings ---------------------------------------------------------------------------

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


# --- satisfaction -----------------------------------------------------------------------------------------

@dataclass
class Choice:
    value: str
    count: int


@dataclass
class QuestionSummary:
    """The answers to one question of a rating form: how often each choice (or tag, or star value) was
    picked; ``average`` for stars and scales (a scale scores 1 for its first choice, 2 for the next, ...)."""

    form: str
    question: RatingQuestion
    answered: int
    average: float | None
    choices: list[Choice]


@dataclass
class SatisfactionPoint:
    bucket: Bucket
    ratings: int
    average_stars: float | None


@dataclass
class Satisfaction:
    ratings: int
    average_stars: float | None
    stars: list[Choice]  # how many ratings gave each number of stars
    questions: list[QuestionSummary]
    series: list[SatisfactionPoint]


async def satisfaction(scope: Scope) -> Satisfaction:
    """Ratings given within the period to the selected tickets: stars, and every question of the forms
    they answered (the forms come from the desk's rating_form hook; free-text answers are not counted)."""
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of("r.created_at")
    text = (f"{_with(cte)}SELECT {index} AS idx, r.stars AS stars, r.form AS form, MIN(r.ticket_id) AS ticket_id, "
            f"COUNT(*) AS n FROM loket_rating r JOIN loket_ticket t ON t.id = r.ticket_id{join} "
            f"WHERE {sql.tickets()} AND {sql.in_period('r.created_at')} GROUP BY 1, 2, 3")
    rows = await sql.rows(text)
    count, star_sum, starred = scope.zeros(), scope.zeros(), scope.zeros()
    by_stars: dict[int, int] = {}
    forms: dict[str, int] = {}  # form slug -> a ticket rated with it
    for row in rows:
        i, n = int(row["idx"]), int(row["n"])
        forms[row["form"]] = min(forms.get(row["form"], row["ticket_id"]), row["ticket_id"])
        count[i] += n
        if row["stars"] is not None:
            star_sum[i] += int(row["stars"]) * n
            starred[i] += n
            by_stars[int(row["stars"])] = by_stars.get(int(row["stars"]), 0) + n
    usual = await usual_rating_form(scope.rt.pm, scope.desk.spec)
    low = min((q.minimum for q in usual.questions if q.kind == "stars"), default=min(by_stars, default=1))
    high = max((q.maximum for q in usual.questions if q.kind == "stars"), default=max(by_stars, default=5))
    stars = [Choice(str(value), by_stars.get(value, 0))
             for value in range(min([low, *by_stars]), max([high, *by_stars]) + 1)]
    series = [SatisfactionPoint(bucket, count[i], star_sum[i] / starred[i] if starred[i] else None)
              for i, bucket in enumerate(scope.buckets)]
    return Satisfaction(ratings=sum(count), average_stars=sum(star_sum) / sum(starred) if sum(starred) else None,
                        stars=stars, questions=await _questions(scope, usual, forms), series=series)


async def _questions(scope: Scope, usual: RatingForm, used: dict[str, int]) -> list[QuestionSummary]:
    """The questions of the forms ``used`` (slug -> a ticket rated with it), with their answers counted."""
    forms: list[RatingForm] = []
    for slug, ticket_id in sorted(used.items()):
        if slug == usual.slug:
            forms.append(usual)
        else:  # a form the plugin gives some tickets only: ask for it as it did for one of them
            form = await rating_form_for(scope.rt, scope.desk, await Ticket.get(id=ticket_id))
            if form is not None and form.slug == slug:
                forms.append(form)
    summaries = []
    for form in forms:
        asked = [q for q in form.questions if q.kind in ("stars", "scale", "tags")]
        if not asked:
            continue
        answers = await _answer_counts(scope, form.slug, [q.key for q in asked])
        for question in asked:
            summaries.append(_summary(form.slug, question, answers.get(question.key, {})))
    return summaries


async def _answer_counts(scope: Scope, form: str, keys: list[str]) -> dict[str, dict[str, int]]:
    """Question key -> answer (as text; each tag of a tag list on its own) -> how many ratings gave it,
    and "" -> how many ratings answered the question at all. SQL groups the ratings by each question's
    answer (a tag list as a whole: few distinct lists); the lists are split into tags here."""
    sql = Sql(scope)
    answers = "r.answers::jsonb" if sql.pg else "r.answers"
    text_type = "::text" if sql.pg else ""
    rated = (f"SELECT {answers} AS answers FROM loket_rating r JOIN loket_ticket t ON t.id = r.ticket_id "
             f"WHERE {sql.tickets()} AND {sql.in_period('r.created_at')} AND r.form = {sql.p(form)}")
    branches = []
    for key in keys:
        name = sql.p(key, text_type)
        branches.append(f"SELECT {name} AS key, CAST(answers -> {name} AS TEXT) AS answer, COUNT(*) AS n "
                        f"FROM rated GROUP BY 2")
    found: dict[str, dict[str, int]] = {key: {} for key in keys}
    for row in await sql.rows(f"WITH rated AS ({rated}) {' UNION ALL '.join(branches)}"):
        value = json.loads(row["answer"]) if row["answer"] is not None else None
        if value is None:
            continue
        counts, n = found[row["key"]], int(row["n"])
        counts[""] = counts.get("", 0) + n
        for answer in (dict.fromkeys(value) if isinstance(value, list) else (value,)):
            counts[str(answer)] = counts.get(str(answer), 0) + n
    return found


def _summary(form: str, question: RatingQuestion, counts: dict[str, int]) -> QuestionSummary:
    answered = counts.get("", 0)
    given = {answer: n for answer, n in counts.items() if answer != ""}
    if question.kind == "stars":
        values = [str(v) for v in range(question.minimum, question.maximum + 1)]
        scores = {str(v): v for v in range(question.minimum, question.maximum + 1)}
    elif question.kind == "scale":
        values = list(question.choices)
        scores = {choice: position + 1 for position, choice in enumerate(question.choices)}
    else:
        offered = list(question.choices) + [tag for stars in sorted(question.tags_by_stars)
                                            for tag in question.tags_by_stars[stars]]
        values, scores = list(dict.fromkeys(offered)), {}
    values += sorted(answer for answer in given if answer not in values)  # answers a former form offered
    scored = [(scores[answer], n) for answer, n in given.items() if answer in scores]
    total = sum(n for _, n in scored)
    average = sum(score * n for score, n in scored) / total if total else None
    return QuestionSummary(form=form, question=question, answered=answered, average=average,
                           choices=[Choice(value, given.get(value, 0)) for value in values])


# --- deflections ------------------------------------------------------------------------------------------

@dataclass
class GuideOutcomes:
    topic: str
    guide: str
    title: str | Labels
    solved: int
    not_solved: int


@dataclass
class DeflectionPoint:
    bucket: Bucket
    solved: int
    not_solved: int


@dataclass
class Deflections:
    """Reporters who read a self-service guide and said it solved their problem (a request that needed no
    ticket) or not. Only the topic filter applies: no ticket exists to have a team, agent or priority."""

    solved: int
    not_solved: int
    by_guide: list[GuideOutcomes]
    series: list[DeflectionPoint]

    @property
    def rate(self) -> float | None:
        return self.solved / (self.solved + self.not_solved) if self.solved + self.not_solved else None


async def deflections(scope: Scope) -> Deflections:
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of("g.created_at")
    topics = ""
    if scope.topic_slugs is not None:
        topics = f" AND g.topic IN ({', '.join(sql.p(slug) for slug in scope.topic_slugs)})"
    text = (f"{_with(cte)}SELECT {index} AS idx, g.topic AS topic, g.guide AS guide, g.solved AS solved, "
            f"COUNT(*) AS n FROM loket_guide_feedback g{join} WHERE g.desk_id = {sql.p(scope.desk.id)} AND "
            f"{sql.in_period('g.created_at')}{topics} GROUP BY 1, 2, 3, 4")
    rows = await sql.rows(text)
    solved = _fill(scope, [row for row in rows if row["solved"]])
    not_solved = _fill(scope, [row for row in rows if not row["solved"]])
    per_guide: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        per_guide.setdefault((row["topic"], row["guide"]), [0, 0])[0 if row["solved"] else 1] += int(row["n"])
    titles = {(topic.slug, guide.key): guide.title for topic, _parent, _depth in scope.desk.spec.walk_topics()
              for guide in topic.guides}
    return Deflections(
        solved=sum(solved), not_solved=sum(not_solved),
        by_guide=[GuideOutcomes(topic, guide, titles.get((topic, guide), guide), s, n)
                  for (topic, guide), (s, n) in sorted(per_guide.items())],
        series=[DeflectionPoint(bucket, solved[i], not_solved[i]) for i, bucket in enumerate(scope.buckets)])
