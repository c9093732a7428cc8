"""A desk whose timers arm one another: an hour after a ticket is taken the handler gets a reminder, and each
reminder arms the next two hours later, three in all while the ticket stays in progress."""

from __future__ import annotations

from datetime import timedelta

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DeskSpec, TeamSpec, TimerOutcome, TimerRequest

DESK = DeskSpec(slug="reminders", name="Reminder desk", language="en", teams=(TeamSpec("l1", "Level 1"),),
                message_min_length=5)
ROUNDS = 3


@hookimpl
def register_desks():
    return [DESK]


@hookimpl
def ticket_timers(desk, event):
    if desk.slug != "reminders":
        return []
    if event.kind == "taken":
        return [TimerRequest("reminder", timedelta(hours=1), expect_status="in_progress", payload={"round": 1})]
    if event.kind == "note_added" and event.by_system and event.payload.get("rule") == "reminder":
        done = event.payload["round"]
        if done < ROUNDS:
            return [TimerRequest("reminder", timedelta(hours=2), expect_status="in_progress",
                                 payload={"round": done + 1})]
    return []


@hookimpl
def timer_fired(desk, kind, payload):
    if desk.slug == "reminders" and kind == "reminder":
        return TimerOutcome("note", message=f"Reminder {payload['round']}: the ticket is still in progress")
    return None
