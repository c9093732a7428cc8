"""GraphQL types for SLA clocks: due times, time used and left, breach, and the clock's working."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.plugin_types import label
from loket.core.sla.calendar import working_time_between
from loket.core.sla.clocks import used
from loket.core.sla.policy import sla_policy
from loket.core.sla.stages import stage_clock
from loket.schema.types.vocabulary import SlaClockState


@strawberry.type(description="Why a stretch of a clock began: one of core's reasons (started, waiting_on_reporter, "
                 "feedback_given, resolved, reopened, exception_lifted, extended) or one of the desk's pause "
                 "reasons (see Desk.pauseReasons).")
class ClockReason:
    name: str = strawberry.field(description="The reason's stable name: for a pause reason, the slug "
                                 "PauseSlaInput.reason takes.")
    label: str = strawberry.field(description="The reason in the desk's words, in the caller's language.")


@strawberry.type(description="A stretch during which a clock ran or stood still, and why.")
class SlaSegment:
    state: SlaClockState = strawberry.field(description="RUNNING or PAUSED.")
    reason: ClockReason = strawberry.field(description="Why the stretch began.")
    reason_label: str = strawberry.field(description="Its reason's label in the caller's language.",
                                         deprecation_reason="Use `reason { label }`. Removed after 2027-06-30.")
    note: str | None = strawberry.field(description="The agent's note on an exception (staff only).")
    started_at: datetime = strawberry.field(description="When the stretch began.")
    ended_at: datetime | None = strawberry.field(description="When it ended; null for the stretch under way.")
    counted_seconds: int = strawberry.field(description="Time this stretch counted (0 while paused).")


@strawberry.type(description="One service-level target of a ticket and how it stands.")
class SlaClock:
    kind: str = strawberry.field(description="first_response, resolution, or the name of one of the desk's stage "
                                 "clocks (a clock that starts fresh when the ticket reaches a tier or team).")
    label: str = strawberry.field(description="What the clock measures, in the caller's language.")
    state: SlaClockState = strawberry.field(description="Whether it counts time now.")
    target_seconds: int = strawberry.field(description="The time allowed, in seconds (working seconds when "
                                           "countsWorkingTime).")
    used_seconds: int = strawberry.field(description="The time counted so far, in seconds, pauses left out "
                                         "(working seconds when countsWorkingTime).")
    left_seconds: int = strawberry.field(description="Negative once breached.")
    due_at: datetime | None = strawberry.field(description="When it is missed if it keeps running; null while paused.")
    breached: bool = strawberry.field(description="True once the target was missed, even if the clock has stopped.")
    breached_at: datetime | None = strawberry.field(description="When the miss was recorded; null: not missed, or "
                                                    "missed moments ago and not recorded yet (see breached).")

    warned_at: datetime | None = strawberry.field(description="When the target was announced as near (an "
                                                  "sla_warning event); null: not yet, or the desk sets no warning.")
    stopped_at: datetime | None = strawberry.field(description="When the clock stopped (met or ended); null while "
                                                   "it runs or is paused.")

    counts_working_time: bool = strawberry.field(description="True: the desk's working hours; false: plain hours.")
    segments: list[SlaSegment] = strawberry.field(description="The stretches of the clock's current run (a stage "
                                                  "clock starts a new run each time the ticket reaches its stage).")


def _reason_label(info: Info, desk, reason: str) -> str:
    for pause in desk.spec.pause_reasons:
        if pause.slug == reason:
            return label(pause.label, info.context.language)
    key = f"SLA_REASON_{reason.upper()}"
    text = info.context.translate(key)
    return reason if text == key else text


def clock_label(info: Info, desk, kind: str) -> str:
    """A clock's label in the caller's language: core's for its own clocks, the desk's for a stage clock."""
    stage = stage_clock(desk, kind)
    if stage is not None:
        return label(stage.label, info.context.language) or kind
    return info.context.translate(f"SLA_{kind.upper()}")


def _current_run(segments: list) -> list:
    """The segments from the clock's latest start on."""
    ordered = sorted(segments, key=lambda s: s.id)
    starts = [index for index, segment in enumerate(ordered) if segment.reason == "started"]
    return ordered[starts[-1]:] if starts else ordered


async def clocks_of(info: Info, ticket: models.Ticket, staff: bool) -> list[SlaClock]:
    """The ticket's clocks; a stage clock shown to the staff only is left out for anyone else."""
    runtime = info.context.runtime
    desk = runtime.desks.by_id(ticket.desk_id)
    calendar = (await sla_policy(runtime, desk, ticket)).calendar
    now = runtime.now()
    found = []
    for clock in await models.SlaClock.filter(ticket_id=ticket.id).order_by("id").prefetch_related("segments"):
        stage = stage_clock(desk, clock.kind)
        if not staff and stage is not None and stage.shown_to == "staff":
            continue
        counting = calendar if clock.working_time else None
        spent = int(used(clock, now, counting).total_seconds())
        segments = []
        for segment in _current_run(list(clock.segments)):
            end = segment.ended_at or (clock.stopped_at if clock.state == "stopped" else now)
            counted = working_time_between(segment.started_at, end, counting) if segment.state == "running" \
                else timedelta(0)
            reason = ClockReason(name=segment.reason, label=_reason_label(info, desk, segment.reason))
            segments.append(SlaSegment(state=SlaClockState(segment.state), reason=reason, reason_label=reason.label,
                                       note=segment.note if staff else None, started_at=segment.started_at,
                                       ended_at=segment.ended_at, counted_seconds=int(counted.total_seconds())))
        found.append(SlaClock(
            kind=clock.kind, label=clock_label(info, desk, clock.kind), state=SlaClockState(clock.state),
            target_seconds=clock.target_seconds, used_seconds=spent, left_seconds=clock.target_seconds - spent,
            due_at=clock.due_at if clock.state == "running" else None,
            breached=clock.breached_at is not None or spent > clock.target_seconds, breached_at=clock.breached_at,
            warned_at=clock.warned_at, stopped_at=clock.stopped_at, counts_working_time=clock.working_time,
            segments=segments))
    return found
