"""Reports of a desk over a period: counts, backlog, response and resolution times against the service
levels, escalations, reopenings, satisfaction and self-service deflections, each with a ready-to-plot
series of time buckets (every bucket present, zeros included).

- ``scope``: the period and its buckets, the filters, who may see what (``open_report`` gives a ``Scope``).
- ``sql``: statements aggregated per bucket in SQL, on SQLite and PostgreSQL alike.
- ``volume``: tickets created, resolved and closed, and the backlog.
- ``times``: response and resolution times, with percentiles and breaches.
- ``escalations``: escalations per tier, reopenings and the closings of the workflow's time rules.
- ``satisfaction``: ratings and the answers to their forms.
- ``deflections``: requests a self-service guide answered.
"""

from loket.core.reports.deflections import DeflectionPoint, Deflections, GuideOutcomes, deflections
from loket.core.reports.escalations import (
    SYSTEM_CLOSINGS,
    Escalations,
    ReopenPoint,
    Reopens,
    SystemClosings,
    TierEscalations,
    escalations,
    reopens,
    system_closings,
)
from loket.core.reports.satisfaction import Choice, QuestionSummary, Satisfaction, SatisfactionPoint, satisfaction
from loket.core.reports.scope import (
    MAX_BUCKETS,
    Bucket,
    ReportFilter,
    Scope,
    Unit,
    bucket_count,
    make_buckets,
    open_report,
)
from loket.core.reports.sql import POSTGRES_SETTINGS, Sql, _fill, _with
from loket.core.reports.times import MEDIAN, P90, TIME_KINDS, Stats, TimePoint, Times, times
from loket.core.reports.volume import Volume, VolumePoint, volume

__all__ = ["MAX_BUCKETS", "MEDIAN", "P90", "POSTGRES_SETTINGS", "SYSTEM_CLOSINGS", "TIME_KINDS", "Bucket", "Choice",
           "DeflectionPoint", "Deflections", "Escalations", "GuideOutcomes", "QuestionSummary", "ReopenPoint",
           "Reopens", "ReportFilter", "Satisfaction", "SatisfactionPoint", "Scope", "Sql", "Stats", "SystemClosings",
           "TierEscalations", "TimePoint", "Times", "Unit", "Volume", "VolumePoint", "_fill", "_with",
           "bucket_count", "deflections", "escalations", "make_buckets", "open_report", "reopens", "satisfaction",
           "system_closings", "times", "volume"]
