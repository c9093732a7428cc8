"""What a desk's report is made of: its period, its filter, its time buckets and each series' points."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from loket.core import reports
from loket.schema.inputs import Email, Slug
from loket.schema.types.vocabulary import Channel, RatingQuestionKind


@strawberry.enum(description="How a report's period is cut for its series.")
class ReportBucket(Enum):
    DAY = strawberry.enum_value("day", description="One bucket per calendar day.")
    WEEK = strawberry.enum_value("week", description="One bucket per week, Monday to Sunday.")
    MONTH = strawberry.enum_value("month", description="One bucket per calendar month.")


@strawberry.input(description="Calendar days in the desk's time zone, both included, cut into buckets "
                  f"(at most {reports.MAX_BUCKETS}). Weeks start on Monday; the first and last buckets are "
                  "clipped to the period.")
class ReportPeriodInput:
    start: date = strawberry.field(description="The first day of the period (included).")
    end: date = strawberry.field(description="The last day of the period (included).")
    bucket: ReportBucket = strawberry.field(default=ReportBucket.DAY, description="How the period is cut for the "
                                            "series; DAY unless told.")


@strawberry.input(description="Count only some tickets, by what they are now. Every condition must hold.")
class ReportFilterInput:
    team: Slug | None = strawberry.field(default=None, description="Slug of the team holding the ticket.")
    agent: Email | None = strawberry.field(default=None, description="Email of the agent it is assigned to.")
    topic: Slug | None = strawberry.field(default=None, description="A topic slug; its sub-topics are included.")
    reporter_category: Slug | None = strawberry.field(default=None, description="One of the desk's reporter "
                                                      "categories (Desk.reporterCategories).")
    priority: Slug | None = strawberry.field(default=None, description="A priority slug of the desk.")
    channel: Channel | None = strawberry.field(default=None, description="The intake channel.")

    def to_core(self) -> reports.ReportFilter:
        return reports.ReportFilter(team=self.team, agent=self.agent, topic=self.topic,
                                    reporter_category=self.reporter_category, priority=self.priority,
                                    channel=self.channel.value if self.channel else None)


@strawberry.type(description="A time bucket: days `start` to `end`, both included, in the desk's time zone.")
class ReportTimeBucket:
    start: date = strawberry.field(description="Its first day (included).")
    end: date = strawberry.field(description="Its last day (included).")

    @classmethod
    def of(cls, bucket: reports.Bucket) -> ReportTimeBucket:
        return cls(start=bucket.start, end=bucket.end)


@strawberry.type(description="The tickets created, resolved and closed in one bucket, and the backlog at its end.")
class VolumePoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    created: int = strawberry.field(description="Tickets created in the bucket.")
    resolved: int = strawberry.field(description="Tickets whose standing resolution was given in the bucket.")
    closed: int = strawberry.field(description="Tickets closed in the bucket (and closed still).")
    backlog: int = strawberry.field(description="Tickets open at the end of the bucket.")


@strawberry.type(description="Tickets created, resolved and closed, and the backlog of open tickets.")
class VolumeReport:
    created: int = strawberry.field(description="Tickets created in the period.")
    resolved: int = strawberry.field(description="Tickets whose standing resolution was given in the period (a "
                                     "resolution the reporter turned down counts when the ticket is resolved again).")
    closed: int = strawberry.field(description="Tickets closed in the period and not reopened since.")
    open_at_start: int = strawberry.field(description="Tickets open when the period began.")
    open_at_end: int = strawberry.field(description="Tickets open when the period ended.")
    series: list[VolumePoint] = strawberry.field(description="One point per bucket of the period.")


@strawberry.type(description="How long it took, in seconds: how many tickets, the median and the 90th percentile "
                 "(interpolated between the nearest ranks).")
class DurationStats:
    count: int = strawberry.field(description="How many tickets were measured.")
    median_seconds: float | None = strawberry.field(description="The median, in seconds; null when count is 0.")
    p90_seconds: float | None = strawberry.field(description="The 90th percentile, in seconds; null when count is "
                                                 "0.")

    @classmethod
    def of(cls, stats: reports.Stats) -> DurationStats:
        return cls(count=stats.count, median_seconds=stats.median, p90_seconds=stats.p90)


@strawberry.type(description="The times of the tickets that reached the moment measured in one bucket.")
class DurationPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    elapsed: DurationStats = strawberry.field(description="Wall-clock time since the ticket was created.")
    counted: DurationStats = strawberry.field(description="Time the SLA clock counted; tickets with a target only.")
    breached: int = strawberry.field(description="Tickets that missed their SLA target.")


@strawberry.type(description="Time to the first response, or to the resolution, of the tickets that reached it in "
                 "the period (by when they reached it).")
class DurationReport:
    elapsed: DurationStats = strawberry.field(description="Wall-clock time since the ticket was created.")
    counted: DurationStats = strawberry.field(description="Time the SLA clock counted (pauses left out, working "
                                              "hours where the desk counts them); tickets with a target only.")
    breached: int = strawberry.field(description="Tickets that missed their SLA target.")
    breach_rate: float | None = strawberry.field(description="breached / counted.count; null without targets.")
    series: list[DurationPoint] = strawberry.field(description="One point per bucket, by when the tickets reached "
                                                   "the moment measured.")

    @classmethod
    def of(cls, found: reports.Times) -> DurationReport:
        return cls(elapsed=DurationStats.of(found.elapsed), counted=DurationStats.of(found.counted),
                   breached=found.breached, breach_rate=found.breach_rate,
                   series=[DurationPoint(bucket=ReportTimeBucket.of(p.bucket), elapsed=DurationStats.of(p.elapsed),
                                         counted=DurationStats.of(p.counted), breached=p.breached)
                           for p in found.series])


@strawberry.type(description="A count in one bucket of the period.")
class CountPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    count: int = strawberry.field(description="How many in those days.")


@strawberry.type(description="Escalations to one tier.")
class TierEscalations:
    tier: int = strawberry.field(description="The tier the tickets were escalated to.")
    count: int = strawberry.field(description="Escalations to it in the period.")
    series: list[CountPoint] = strawberry.field(description="The same per bucket.")


@strawberry.type(description="Escalations made in the period, per tier they went to.")
class EscalationReport:
    total: int = strawberry.field(description="Escalations in the period (a ticket escalated twice counts twice).")
    series: list[CountPoint] = strawberry.field(description="Escalations per bucket.")
    by_tier: list[TierEscalations] = strawberry.field(description="Per tier they went to: every tier above the "
                                                      "first, lowest first, zeros included.")


@strawberry.type(description="Resolutions and reopenings in one bucket.")
class ReopenPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    resolutions: int = strawberry.field(description="Resolutions given in the bucket.")
    reopenings: int = strawberry.field(description="Resolutions turned down (reopened) in the bucket.")


@strawberry.type(description="Resolutions given, and resolutions the reporter turned down (reopened), in the period.")
class ReopenReport:
    resolutions: int = strawberry.field(description="Resolutions given in the period, each one counted (a ticket "
                                        "resolved twice counts twice).")
    reopenings: int = strawberry.field(description="Resolutions the reporter turned down in the period.")
    rate: float | None = strawberry.field(description="reopenings / resolutions.")
    series: list[ReopenPoint] = strawberry.field(description="One point per bucket of the period.")


@strawberry.type(description="How often one answer was given.")
class AnswerCount:
    value: str = strawberry.field(description="A choice, a tag, or a number of stars.")
    count: int = strawberry.field(description="How many ratings gave it.")


@strawberry.type(description="The answers to one question of a rating form.")
class RatingQuestionReport:
    form: str = strawberry.field(description="The slug of the rating form the question belongs to.")
    key: str = strawberry.field(description="The question's key within that form.")
    label: str = strawberry.field(description="The question, in the caller's language.")
    kind: RatingQuestionKind = strawberry.field(description="STARS, SCALE or TAGS (text answers are not counted).")
    section: str = strawberry.field(description="Its heading in the form, in the caller's language; may be empty.")
    answered: int = strawberry.field(description="Ratings that answered it.")
    average: float | None = strawberry.field(description="Mean stars, or mean scale score (1 for the first "
                                             "choice, 2 for the next, ...); null for tags.")
    answers: list[AnswerCount] = strawberry.field(description="How often each value was given.")


@strawberry.type(description="Ratings given in one bucket.")
class SatisfactionPoint:
    bucket: ReportTimeBucket = strawberry.field(description="The days counted.")
    ratings: int = strawberry.field(description="Ratings given in the bucket.")
    average_stars: float | None = strawberry.field(description="Their mean stars; null: none gave stars.")


@strawberry.type(description="Ratings given in the period: stars, and every question of the forms answered.")
class SatisfactionReport:
    ratings: int = strawberry.field(description="Ratings given in the period.")
    average_stars: float | None = strawberry.field(description="Their mean stars; null: none gave stars.")
    stars: list[AnswerCount] = strawberry.field(description="How many ratings gave each number of stars, "
                                                  "from the fewest to the most the form allows, zeros included.")

    questions: list[RatingQuestionReport] = strawberry.field(description="Every question of the forms answered "
                                                             "(free-text questions left out).")
    series: list[SatisfactionPoint] = strawberry.field(description="One point per bucket of the period.")


def _counts(scope: reports.Scope, values: list[int]) -> list[CountPoint]:
    return [CountPoint(bucket=ReportTimeBucket.of(bucket), count=value) for bucket, value in zip(scope.buckets, values)]
