"""Two desks for service-level tests: one counting plain hours ("3x24 hours"), one counting office hours of a
calendar with public holidays and collective leave; plus a desk-defined timer."""

from __future__ import annotations

from datetime import date, time, timedelta

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    BusinessCalendar,
    DeskSpec,
    Duration,
    FieldSpec,
    PauseReason,
    PrioritySpec,
    SlaTarget,
    TeamSpec,
    TimerOutcome,
    TimerRequest,
    TopicSpec,
    auto_close_after,
    auto_complete_after,
    default_workflow,
)

DAY = timedelta(hours=24)

PLAIN = DeskSpec(
    slug="plainsla", name="Plain hours desk", language="en",
    teams=(TeamSpec("l1", "Level 1", tier=1), TeamSpec("l2", "Level 2", tier=2)),
    topics=(TopicSpec("general", "General"), TopicSpec("network", "Network")),
    priorities=(PrioritySpec("normal", "Normal", 1), PrioritySpec("urgent", "Urgent", 2)),
    default_priority="normal",
    fields=(FieldSpec("urgent", "Urgent", kind="boolean"),),
    sla_targets=(SlaTarget(first_response=Duration.hours(24), resolution=Duration.hours(72)),
                 SlaTarget(resolution=Duration.hours(120), topics=("network",)),
                 SlaTarget(first_response=Duration.hours(2), resolution=Duration.hours(24), topics=("network",),
                           priorities=("urgent",))),
    sla_warning_before=Duration.hours(4),
    pause_reasons=(PauseReason("infrastructure", {"en": "Infrastructure", "id": "Infrastruktur"}),
                   PauseReason("coordination", {"en": "Coordination with another unit",
                                                "id": "Koordinasi dengan unit lain"})),
    message_min_length=5,
    workflow=default_workflow().with_transitions(auto_close_after(Duration.hours(72)),
                                                 auto_complete_after(Duration.hours(24))),
)

OFFICE = DeskSpec(
    slug="officesla", name="Office hours desk", language="en",
    teams=(TeamSpec("l1", "Level 1", tier=1),),
    sla_targets=(SlaTarget(first_response=Duration.working_hours(7), resolution=Duration.working_hours(21)),),
    calendar=BusinessCalendar(
        timezone="Asia/Jakarta",
        hours={day: ((time(8), time(12)), (time(13), time(16))) for day in range(5)},
        holidays={date(2026, 12, 24): "Cuti bersama Natal", date(2026, 12, 25): "Hari Raya Natal"}),
    sla_warning_before=Duration.working_hours(2),
    pause_reasons=(PauseReason("network", "Network"),),
    message_min_length=5,
)


@hookimpl
def register_desks():
    return [PLAIN, OFFICE]


@hookimpl
def ticket_priority(desk, ticket):
    if desk.slug == "plainsla" and ticket.fields.get("urgent"):
        from loket.core.plugin_types import PriorityDecision

        return PriorityDecision("urgent", "asked as urgent")
    return None


@hookimpl
def ticket_timers(desk, event):
    # A desk-defined timer: an hour after a ticket is taken, leave the handler a reminder if still in progress.
    if desk.slug == "plainsla" and event.kind == "taken":
        return [TimerRequest("nudge", timedelta(hours=1), expect_status="in_progress", payload={"why": "reminder"})]
    return []


@hookimpl
def timer_fired(desk, kind, payload):
    if desk.slug == "plainsla" and kind == "nudge":
        return TimerOutcome("note", message=f"Still in progress after an hour ({payload['why']})")
    return None


HEARD: list[tuple[str, str, str]] = []  # (desk, ticket number, event kind): what on_ticket_event was told


@hookimpl
def on_ticket_event(desk, ticket, event):
    if desk.slug == "plainsla" and event.by_system:
        HEARD.append((desk.slug, ticket.number, event.kind))
