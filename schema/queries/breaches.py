"""The breaches part of a desk's report: every clock a ticket runs on, stage clocks included."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.reports import Scope
from loket.core.sla import report
from loket.schema.types.reports import ReportTimeBucket
from loket.schema.types.sla import clock_label


@strawberry.type(description="One clock: how many of the tickets ran on it, and how many missed it.")
class ClockBreachReport:
    clock: str = strawberry.field(description="first_response, resolution, or a stage clock's name.")
    label: str = strawberry.field(description="What the clock measures, in the caller's language.")
    tickets: int = strawberry.field(description="Tickets created in the period that ran on this clock.")
    breached: int = strawberry.field(description="Of those, the tickets that missed it.")
    rate: float | None = strawberry.field(description="breached / tickets; null when no ticket ran on it.")


@strawberry.type(description="The tickets created in one bucket that ran on an SLA clock, and how many missed one.")
class BreachPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days the tickets were created in.")
    tickets: int = strawberry.field(description="Tickets created then that ran on at least one clock.")
    breached: int = strawberry.field(description="Of those, the tickets that missed at least one clock.")


@strawberry.type(description="Tickets created in the period that ran on at least one SLA clock (first response, "
                 "resolution, a stage clock), and how many missed any of them, counted as they stand now. A stage "
                 "clock missed in an earlier run still counts.")
class BreachReport:
    tickets: int = strawberry.field(description="Tickets created in the period that ran on at least one clock.")
    breached: int = strawberry.field(description="Tickets that missed at least one clock.")
    rate: float | None = strawberry.field(description="breached / tickets; null when no ticket ran on a clock.")
    by_clock: list[ClockBreachReport] = strawberry.field(description="The same per clock the tickets ran on.")

    series: list[BreachPoint] = strawberry.field(description="By the bucket the tickets were created in.")


async def breach_report(info: Info, scope: Scope) -> BreachReport:
    found = await report.breaches(scope)
    return BreachReport(
        tickets=found.tickets, breached=found.breached, rate=found.rate,
        by_clock=[ClockBreachReport(clock=c.clock, label=clock_label(info, scope.desk, c.clock), tickets=c.tickets,
                                    breached=c.breached, rate=c.rate) for c in found.by_clock],
        series=[BreachPoint(bucket=ReportTimeBucket.of(p.bucket), tickets=p.tickets, breached=p.breached)
                for p in found.series])
