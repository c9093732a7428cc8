"""What a report covers and who may ask for it: the period cut into buckets, the filters, and the checks that
turn a request into a ``Scope``.

- The period is a range of calendar days in the desk's time zone (its calendar's, else the deployment's),
  cut into days, ISO weeks (Monday first) or months; the first and last buckets are clipped to the period.
  Buckets are ranges of UTC instants computed here, so a zone with daylight saving time still gets true
  local days.
- Filters select tickets by what they are now: the team holding them, their assignee, topic (with its
  sub-topics), reporter category, priority and intake channel. Event-based figures (escalations,
  reopenings) and ratings count what happened to the selected tickets within the period.

Who may see a report: a desk's admins and superusers see the whole desk. An agent sees the tickets held by
teams at a tier no higher than their own highest tier at that desk: the same tickets their lists show
them, so a report reveals nothing they could not already count by hand. Anyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.inputs import check_day
from loket.core.models import Ticket, User
from loket.core.runtime import Runtime
from loket.core.tickets.queries import desk_timezone
from loket.core.workflow.access import Viewer

MAX_BUCKETS = 400


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
