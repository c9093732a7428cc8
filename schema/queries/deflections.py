"""The self-service part of a desk's report: reporters whose problem a guide solved without a ticket."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core import reports
from loket.core.plugin_types import label
from loket.schema.types.reports import ReportTimeBucket


@strawberry.type(description="What reporters said of one guide in the period.")
class GuideReport:
    topic: str | None = strawberry.field(description="The slug of the topic it is offered for; null for a "
                                         "desk-wide FAQ article.")
    guide: str = strawberry.field(description="The guide's slug within its topic.")
    title: str = strawberry.field(description="Its title, in the caller's language.")
    solved: int = strawberry.field(description="Reporters who said it solved their problem.")
    not_solved: int = strawberry.field(description="Reporters who said it did not.")


@strawberry.type(description="What reporters said of the guides in one bucket.")
class DeflectionPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    solved: int = strawberry.field(description="Reporters a guide helped.")
    not_solved: int = strawberry.field(description="Reporters a guide did not help.")


@strawberry.type(description="Self-service guides: reporters whose problem a guide solved without a ticket. Only "
                 "the topic filter applies (no ticket exists to have a team, agent or priority).")
class DeflectionReport:
    solved: int = strawberry.field(description="Reporters who said a guide solved their problem (no ticket "
                                   "needed).")
    not_solved: int = strawberry.field(description="Reporters who said a guide did not solve it.")
    rate: float | None = strawberry.field(description="solved / (solved + notSolved).")
    by_guide: list[GuideReport] = strawberry.field(description="The same per guide answered, by topic then guide.")
    series: list[DeflectionPoint] = strawberry.field(description="One point per bucket of the period.")



async def deflection_report(info: Info, scope: reports.Scope) -> DeflectionReport:
    found = await reports.deflections(scope)
    language = info.context.language
    return DeflectionReport(
        solved=found.solved, not_solved=found.not_solved, rate=found.rate,
        by_guide=[GuideReport(topic=g.topic or None, guide=g.guide, title=label(g.title, language), solved=g.solved,
                              not_solved=g.not_solved) for g in found.by_guide],
        series=[DeflectionPoint(bucket=ReportTimeBucket.of(p.bucket), solved=p.solved, not_solved=p.not_solved)
                for p in found.series])
