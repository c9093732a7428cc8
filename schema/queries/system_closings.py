"""The part of a desk's report on what the workflow's time rules did by themselves: auto-closes, automatic
completions and lock-outs."""

from __future__ import annotations

import strawberry

from loket.core import reports
from loket.schema.types.reports import CountPoint, _counts


@strawberry.type(description="What the workflow's time rules did by themselves in the period (no actor).")
class SystemClosingReport:
    auto_closed: int = strawberry.field(description="Tickets closed for want of an answer (`auto_closed`).")
    auto_completed: int = strawberry.field(description="Resolutions completed that nobody confirmed "
                                           "(`auto_completed`).")
    locked: int = strawberry.field(description="Tickets locked when their window after closure ended (`locked`).")
    auto_closed_series: list[CountPoint] = strawberry.field(description="autoClosed per bucket.")
    auto_completed_series: list[CountPoint] = strawberry.field(description="autoCompleted per bucket.")
    locked_series: list[CountPoint] = strawberry.field(description="locked per bucket.")



async def system_closing_report(scope: reports.Scope) -> SystemClosingReport:
    found = await reports.system_closings(scope)
    return SystemClosingReport(
        auto_closed=sum(found.auto_closed), auto_completed=sum(found.auto_completed), locked=sum(found.locked),
        auto_closed_series=_counts(scope, found.auto_closed),
        auto_completed_series=_counts(scope, found.auto_completed),
        locked_series=_counts(scope, found.locked))
