"""GraphQL types of a ticket's deadlines: what will happen or end, when, and why, for the people it binds."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.plugin_types import label
from loket.core.workflow import deadlines
from loket.schema.types.workflow import ActionRef, action_ref


@strawberry.enum(description="What a deadline is (see docs/workflows.md, section Time).")
class DeadlineKind(Enum):
    TRANSITION = strawberry.enum_value("transition", description="The system takes `action` at `at`.")
    WINDOW = strawberry.enum_value("window", description="`action` is allowed until `at`; then the system takes "
                                   "`then`, if any.")
    CLOCK = strawberry.enum_value("clock", description="A service-level target is missed at `at` (null while the "
                                  "clock is paused).")
    TIMER = strawberry.enum_value("timer", description="A plugin's own timer (shown to the desk's staff only).")


@strawberry.type(description="Something that happens or ends at a moment unless the ticket moves on first.")
class Deadline:
    kind: DeadlineKind = strawberry.field(description="What it is; says which of the other fields apply.")

    rule: str = strawberry.field(description="The desk's name for the rule (a clock's kind for clocks).")
    label: str = strawberry.field(description="Why, in the caller's language.")
    at: datetime | None = strawberry.field(description="When; null while a clock is paused.")
    action: ActionRef | None = strawberry.field(
        description="TRANSITION: the action the system takes then. WINDOW: the action allowed until then.")
    action_label: str | None = strawberry.field(description="That action's label in the caller's language.",
                                                deprecation_reason="Use `action { label }`. Removed after "
                                                "2027-06-30.")
    then: ActionRef | None = strawberry.field(description="WINDOW: the action the system takes when it ends, if "
                                              "any.")
    paused: bool = strawberry.field(description="CLOCK: the clock stands still (the target moves with it).")
    breached: bool = strawberry.field(description="CLOCK: the target was already missed.")


def _label(info: Info, desk, found: deadlines.Deadline) -> str:
    language = info.context.language
    if found.label:
        return label(found.label, language)
    if found.kind == "clock":
        return info.context.translate(f"SLA_{found.rule.upper()}")
    return found.rule


async def deadlines_for(info: Info, ticket: models.Ticket) -> list[Deadline]:
    """The ticket's deadlines the caller may see: all of them for the desk's staff, else those for everyone."""
    context = info.context
    desk = context.runtime.desks.by_id(ticket.desk_id)
    staff = (await context.viewer()).is_staff_of(ticket.desk_id)
    timers = await context.loaders.pending_timers.load(ticket.id)
    clocks = await context.loaders.clocks.load(ticket.id)
    shown = []
    for found in deadlines.deadlines_of(desk, ticket, timers, clocks, context.runtime.now()):
        if found.shown_to != "everyone" and not staff:
            continue
        action = action_ref(desk, found.action, context.language) if found.action else None
        shown.append(Deadline(
            kind=DeadlineKind(found.kind), rule=found.rule, label=_label(info, desk, found), at=found.at,
            action=action, action_label=action.label if action else None,
            then=action_ref(desk, found.then, context.language) if found.then else None, paused=found.paused,
            breached=found.breached))
    return shown
