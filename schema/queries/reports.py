"""Reports of a desk over a period, for its staff: each part is computed only when asked for, and each
series has one point per time bucket of the period (zeros included), ready to plot."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from loket.core import reports
from loket.core.plugin_types import label
from loket.schema.inputs import Email, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.vocabulary import Channel, RatingQuestionKind

if TYPE_CHECKING:
    from loket.schema.queries.breaches import BreachReport
    from loket.schema.queries.deflections import DeflectionReport
    from loket.schema.queries.system_closings import SystemClosingReport


@strawberry.enum(description="How a report's period is cut for its series.")
class ReportBucket(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@strawberry.input(description="Calendar days in the desk's time zone, both included, cut into buckets "
                  f"(at most {reports.MAX_BUCKETS}). Weeks start on Monday; the first and last buckets are "
                  "clipped to the period.")
class ReportPeriodInput:
    start: date
    end: date = strawberry.field(description="The last day of the period (included).")
    bucket: ReportBucket = ReportBucket.DAY


@strawberry.input(description="Count only some tickets, by what they are now. Every condition must hold.")
class ReportFilterInput:
    team: Slug | None = strawberry.field(default=None, description="Slug of the team holding the ticket.")
    agent: Email | None = strawberry.field(default=None, description="Email of the agent it is assigned to.")
    topic: Slug | None = strawberry.field(default=None, description="A topic slug; its sub-topics are included.")
    reporter_category: Slug | None = None
    priority: Slug | None = strawberry.field(default=None, description="A priority slug of the desk.")
    channel: Channel | None = strawberry.field(default=None, description="The intake channel.")

    def to_core(self) -> reports.ReportFilter:
        return reports.ReportFilter(team=self.team, agent=self.agent, topic=self.topic,
                                    reporter_category=self.reporter_category, priority=self.priority,
                                    channel=self.channel.value if self.channel else None)


@strawberry.type(description="A time bucket: days `start` to `end`, both included, in the desk's time zone.")
class ReportTimeBucket:
    start: date
    end: date

    @classmethod
    def of(cls, bucket: reports.Bucket) -> ReportTimeBucket:
        return cls(start=bucket.start, end=bucket.end)


@strawberry.type
class VolumePoint:
    bucket: ReportTimeBucket
    created: int
    resolved: int
    closed: int
    backlog: int = strawberry.field(description="Tickets open at the end of the bucket.")


@strawberry.type(description="Tickets created, resolved and closed, and the backlog of open tickets.")
class VolumeReport:
    created: int
    resolved: int = strawberry.field(description="Tickets whose standing resolution was given in the period (a "
                                     "resolution the reporter turned down counts when the ticket is resolved again).")
    closed: int
    open_at_start: int
    open_at_end: int
    series: list[VolumePoint]


@strawberry.type(description="How long it took, in seconds: how many tickets, the median and the 90th percentile "
                 "(interpolated between the nearest ranks).")
class DurationStats:
    count: int
    median_seconds: float | None
    p90_seconds: float | None

    @classmethod
    def of(cls, stats: reports.Stats) -> DurationStats:
        return cls(count=stats.count, median_seconds=stats.median, p90_seconds=stats.p90)


@strawberry.type
class DurationPoint:
    bucket: ReportTimeBucket
    elapsed: DurationStats
    counted: DurationStats
    breached: int


@strawberry.type(description="Time to the first response, or to the resolution, of the tickets that reached it in "
                 "the period (by when they reached it).")
class DurationReport:
    elapsed: DurationStats = strawberry.field(description="Wall-clock time since the ticket was created.")
    counted: DurationStats = strawberry.field(description="Time the SLA clock counted (pauses left out, working "
                                              "hours where the desk counts them); tickets with a target only.")
    breached: int = strawberry.field(description="Tickets that missed their SLA target.")
    breach_rate: float | None = strawberry.field(description="breached / counted.count; null without targets.")
    series: list[DurationPoint]

    @classmethod
    def of(cls, found: reports.Times) -> DurationReport:
        return cls(elapsed=DurationStats.of(found.elapsed), counted=DurationStats.of(found.counted),
                   breached=found.breached, breach_rate=found.breach_rate,
                   series=[DurationPoint(bucket=ReportTimeBucket.of(p.bucket), elapsed=DurationStats.of(p.elapsed),
                                         counted=DurationStats.of(p.counted), breached=p.breached)
                           for p in found.series])


@strawberry.type
class CountPoint:
    bucket: ReportTimeBucket
    count: int


@strawberry.type
class TierEscalations:
    tier: int = strawberry.field(description="The tier the tickets were escalated to.")
    count: int
    series: list[CountPoint]


@strawberry.type(description="Escalations made in the period, per tier they went to.")
class EscalationReport:
    total: int
    series: list[CountPoint]
    by_tier: list[TierEscalations]


@strawberry.type
class ReopenPoint:
    bucket: ReportTimeBucket
    resolutions: int
    reopenings: int


@strawberry.type(description="Resolutions given, and resolutions the reporter turned down (reopened), in the period.")
class ReopenReport:
    resolutions: int
    reopenings: int
    rate: float | None = strawberry.field(description="reopenings / resolutions.")
    series: list[ReopenPoint]


@strawberry.type
class AnswerCount:
    value: str = strawberry.field(description="A choice, a tag, or a number of stars.")
    count: int


@strawberry.type(description="The answers to one question of a rating form.")
class RatingQuestionReport:
    form: str
    key: str
    label: str
    kind: RatingQuestionKind = strawberry.field(description="STARS, SCALE or TAGS (text answers are not counted).")
    section: str
    answered: int
    average: float | None = strawberry.field(description="Mean stars, or mean scale score (1 for the first "
                                             "choice, 2 for the next, ...); null for tags.")
    answers: list[AnswerCount]


@strawberry.type
class SatisfactionPoint:
    bucket: ReportTimeBucket
    ratings: int
    average_stars: float | None


@strawberry.type(description="Ratings given in the period: stars, and every question of the forms answered.")
class SatisfactionReport:
    ratings: int
    average_stars: float | None
    stars: list[AnswerCount]
    questions: list[RatingQuestionReport]
    series: list[SatisfactionPoint]


def _counts(scope: reports.Scope, values: list[int]) -> list[CountPoint]:
    return [CountPoint(bucket=ReportTimeBucket.of(bucket), count=value) for bucket, value in zip(scope.buckets, values)]


@strawberry.type(description="A desk's report over a period. Ask only for the parts you need: each is computed "
                 "when asked for.")
class DeskReport:
    _scope: strawberry.Private[reports.Scope]

    @strawberry.field
    def desk(self) -> str:
        return self._scope.desk.slug

    @strawberry.field(description="The time zone the period's days are counted in.")
    def timezone(self) -> str:
        return self._scope.zone.key

    @strawberry.field
    def buckets(self) -> list[ReportTimeBucket]:
        return [ReportTimeBucket.of(bucket) for bucket in self._scope.buckets]

    @strawberry.field
    async def volume(self) -> VolumeReport:
        found = await reports.volume(self._scope)
        return VolumeReport(
            created=found.created, resolved=found.resolved, closed=found.closed, open_at_start=found.open_at_start,
            open_at_end=found.open_at_end,
            series=[VolumePoint(bucket=ReportTimeBucket.of(p.bucket), created=p.created, resolved=p.resolved,
                                closed=p.closed, backlog=p.backlog) for p in found.series])

    @strawberry.field
    async def first_response(self) -> DurationReport:
        return DurationReport.of(await reports.times(self._scope, "first_response"))

    @strawberry.field
    async def resolution(self) -> DurationReport:
        return DurationReport.of(await reports.times(self._scope, "resolution"))

    @strawberry.field(description="Missed SLA clocks (first response, resolution and stage clocks) of the tickets "
                      "created in the period.")
    async def breaches(self, info: Info) -> Annotated[BreachReport, strawberry.lazy("loket.schema.queries.breaches")]:
        from loket.schema.queries.breaches import breach_report

        return await breach_report(info, self._scope)

    @strawberry.field
    async def escalations(self) -> EscalationReport:
        found = await reports.escalations(self._scope)
        return EscalationReport(total=found.total, series=_counts(self._scope, found.series),
                                by_tier=[TierEscalations(tier=t.tier, count=t.count,
                                                         series=_counts(self._scope, t.series))
                                         for t in found.by_tier])

    @strawberry.field(description="Auto-closes, automatic completions and lock-outs by the workflow's time rules.")
    async def system_closings(self) -> Annotated[SystemClosingReport,
                                                 strawberry.lazy("loket.schema.queries.system_closings")]:
        from loket.schema.queries.system_closings import system_closing_report

        return await system_closing_report(self._scope)

    @strawberry.field
    async def reopens(self) -> ReopenReport:
        found = await reports.reopens(self._scope)
        return ReopenReport(resolutions=found.resolutions, reopenings=found.reopenings, rate=found.rate,
                            series=[ReopenPoint(bucket=ReportTimeBucket.of(p.bucket), resolutions=p.resolutions,
                                                reopenings=p.reopenings) for p in found.series])

    @strawberry.field
    async def satisfaction(self, info: Info) -> SatisfactionReport:
        found = await reports.satisfaction(self._scope)
        language = info.context.language
        return SatisfactionReport(
            ratings=found.ratings, average_stars=found.average_stars,
            stars=[AnswerCount(value=c.value, count=c.count) for c in found.stars],
            questions=[RatingQuestionReport(form=q.form, key=q.question.key, label=label(q.question.label, language),
                                            kind=RatingQuestionKind(q.question.kind), section=label(q.question.section, language),
                                            answered=q.answered, average=q.average,
                                            answers=[AnswerCount(value=c.value, count=c.count) for c in q.choices])
                       for q in found.questions],
            series=[SatisfactionPoint(bucket=ReportTimeBucket.of(p.bucket), ratings=p.ratings,
                                      average_stars=p.average_stars) for p in found.series])

    @strawberry.field
    async def deflections(self, info: Info) -> Annotated[DeflectionReport,
                                                         strawberry.lazy("loket.schema.queries.deflections")]:
        from loket.schema.queries.deflections import deflection_report

        return await deflection_report(info, self._scope)


@strawberry.type
class ReportQueries:
    @strawberry.field(description="A desk's report over a period, for its admins (the whole desk) and agents (the "
                      "tickets of teams at their tier or below).", permission_classes=[IsAuthenticated])
    async def desk_report(self, info: Info, desk: Slug, period: ReportPeriodInput,
                          filter: ReportFilterInput | None = None) -> DeskReport:
        scope = await reports.open_report(info.context.runtime, await info.context.viewer(), desk, period.start,
                                          period.end, reports.Unit(period.bucket.value),
                                          (filter or ReportFilterInput()).to_core())
        return DeskReport(_scope=scope)
