"""Reports of a desk over a period, for its staff: each part is computed only when asked for, and each
series has one point per time bucket of the period (zeros included), ready to plot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from loket.core import reports
from loket.core.plugin_types import label
from loket.schema.inputs import Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.vocabulary import RatingQuestionKind
from loket.schema.types.reports import (
    ReportPeriodInput,
    ReportFilterInput,
    ReportTimeBucket,
    VolumePoint,
    VolumeReport,
    DurationReport,
    TierEscalations,
    EscalationReport,
    ReopenPoint,
    ReopenReport,
    AnswerCount,
    RatingQuestionReport,
    SatisfactionPoint,
    SatisfactionReport,
    _counts,
)

if TYPE_CHECKING:
    from loket.schema.queries.breaches import BreachReport
    from loket.schema.queries.deflections import DeflectionReport
    from loket.schema.queries.system_closings import SystemClosingReport


@strawberry.type(description="A desk's report over a period. Ask only for the parts you need: each is computed "
                 "when asked for.")
class DeskReport:
    _scope: strawberry.Private[reports.Scope]

    @strawberry.field(description="The desk's slug.")
    def desk(self) -> str:
        return self._scope.desk.slug

    @strawberry.field(description="The time zone the period's days are counted in.")
    def timezone(self) -> str:
        return self._scope.zone.key

    @strawberry.field(description="The period's buckets, in order: every series has one point for each.")
    def buckets(self) -> list[ReportTimeBucket]:
        return [ReportTimeBucket.of(bucket) for bucket in self._scope.buckets]

    @strawberry.field(description="Tickets created, resolved and closed, and the backlog.")
    async def volume(self) -> VolumeReport:
        found = await reports.volume(self._scope)
        return VolumeReport(
            created=found.created, resolved=found.resolved, closed=found.closed, open_at_start=found.open_at_start,
            open_at_end=found.open_at_end,
            series=[VolumePoint(bucket=ReportTimeBucket.of(p.bucket), created=p.created, resolved=p.resolved,
                                closed=p.closed, backlog=p.backlog) for p in found.series])

    @strawberry.field(description="Time to the first response.")
    async def first_response(self) -> DurationReport:
        return DurationReport.of(await reports.times(self._scope, "first_response"))

    @strawberry.field(description="Time to the resolution.")
    async def resolution(self) -> DurationReport:
        return DurationReport.of(await reports.times(self._scope, "resolution"))

    @strawberry.field(description="Missed SLA clocks (first response, resolution and stage clocks) of the tickets "
                      "created in the period.")
    async def breaches(self, info: Info) -> Annotated[BreachReport, strawberry.lazy("loket.schema.queries.breaches")]:
        from loket.schema.queries.breaches import breach_report

        return await breach_report(info, self._scope)

    @strawberry.field(description="Escalations made in the period, per tier they went to.")
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

    @strawberry.field(description="Resolutions given and resolutions the reporter turned down.")
    async def reopens(self) -> ReopenReport:
        found = await reports.reopens(self._scope)
        return ReopenReport(resolutions=found.resolutions, reopenings=found.reopenings, rate=found.rate,
                            series=[ReopenPoint(bucket=ReportTimeBucket.of(p.bucket), resolutions=p.resolutions,
                                                reopenings=p.reopenings) for p in found.series])

    @strawberry.field(description="Ratings given in the period.")
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

    @strawberry.field(description="Reporters a self-service guide helped, or did not, before filing a ticket.")
    async def deflections(self, info: Info) -> Annotated[DeflectionReport,
                                                         strawberry.lazy("loket.schema.queries.deflections")]:
        from loket.schema.queries.deflections import deflection_report

        return await deflection_report(info, self._scope)


@strawberry.type
class ReportQueries:
    @strawberry.field(description="A desk's report over a period, for its admins (the whole desk) and agents (the "
                      "tickets of teams at their tier or below).", permission_classes=[IsAuthenticated])
    async def desk_report(self, info: Info,
                          desk: Annotated[Slug, strawberry.argument(description="The desk's slug.")],
                          period: Annotated[ReportPeriodInput, strawberry.argument(
                              description="The days to report on and how to cut them.")],
                          filter: Annotated[ReportFilterInput | None, strawberry.argument(
                              description="Count only some tickets; null: every ticket the caller may see.")] = None,
                          ) -> DeskReport:

        scope = await reports.open_report(info.context.runtime, await info.context.viewer(), desk, period.start,
                                          period.end, reports.Unit(period.bucket.value),
                                          (filter or ReportFilterInput()).to_core())
        return DeskReport(_scope=scope)
