"""The self-service part of a desk's report: reporters whose problem a guide solved without a ticket."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core import reports
from loket.core.plugin_types import label
from loket.schema.queries.reports import ReportTimeBucket


@strawberry.type
class GuideReport:
    topic: str | None = strawberry.field(description="Null for a desk-wide FAQ article.")
    guide: str
    title: str
    solved: int
    not_solved: int


@strawberry.type
class DeflectionPoint:
    bucket: ReportTimeBucket
    solved: int
    not_solved: int


@strawberry.type(description="Self-service guides: reporters whose problem a guide solved without a ticket. Only "
                 "the topic filter applies (no ticket exists to have a team, agent or priority).")
class DeflectionReport:
    solved: int
    not_solved: int
    rate: float | None = strawberry.field(description="solved / (solved + notSolved).")
    by_guide: list[GuideReport]
    series: list[DeflectionPoint]


async def deflection_report(info: Info, scope: reports.Scope) -> DeflectionReport:
    found = await reports.deflections(scope)
    language = info.context.language
    return DeflectionReport(
        solved=found.solved, not_solved=found.not_solved, rate=found.rate,
        by_guide=[GuideReport(topic=g.topic or None, guide=g.guide, title=label(g.title, language), solved=g.solved,
                              not_solved=g.not_solved) for g in found.by_guide],
        series=[DeflectionPoint(bucket=ReportTimeBucket.of(p.bucket), solved=p.solved, not_solved=p.not_solved)
                for p in found.series])
