"""The service levels a ticket runs on now: the ``sla_policy`` hook's answer, checked.

The answer may be an awaitable (``first_answer``: one resolving to None lets core's default answer). A policy
without a calendar counts working time in the desk's calendar.

A ticket keeps the SLA targets it was opened under: the hook sees the desk with the targets in force when the
ticket was created (``DeskInfo.sla_targets_at``), even when it is recategorised or moved after the desk's admins
set new ones. The calendar is the desk's as it is now.
"""

from __future__ import annotations

from dataclasses import replace

from loket.core.desks.registry import DeskInfo
from loket.core.models import Ticket
from loket.core.plugin_types import SlaPolicy
from loket.core.plugins import first_answer
from loket.core.tickets.drafts import draft_of_ticket
from loket.core.workflow.timing import Duration

TARGETS = ("first_response", "resolution", "warn_before")


async def sla_policy(rt, desk: DeskInfo, ticket: Ticket) -> SlaPolicy:
    """The policy ``ticket`` runs on, as it is now (its topic, priority, team and tier)."""
    answer = await first_answer(rt.pm.hook.sla_policy, desk=spec_opened_under(desk, ticket),
                                ticket=draft_of_ticket(desk, ticket))
    policy = answer or SlaPolicy()
    if policy.calendar is None and desk.spec.calendar is not None:
        policy = replace(policy, calendar=desk.spec.calendar)
    return checked(desk.slug, policy)


def spec_opened_under(desk: DeskInfo, ticket: Ticket):
    """The desk as it is now, with the SLA targets in force when ``ticket`` was opened."""
    if not desk.sla_target_sets or ticket.created_at is None:
        return desk.spec
    targets = desk.sla_targets_at(ticket.created_at)
    return desk.spec if targets is desk.spec.sla_targets else replace(desk.spec, sla_targets=targets)


def checked(desk: str, policy: SlaPolicy) -> SlaPolicy:
    """The policy, if each of its targets is a Duration a calendar can count; a plugin's mistake otherwise."""
    if not isinstance(policy, SlaPolicy):
        raise TypeError(f"desk '{desk}' sla_policy answered {policy!r}, not an SlaPolicy")
    for name in TARGETS:
        value = getattr(policy, name)
        if value is not None and not isinstance(value, Duration):
            raise TypeError(f"desk '{desk}' sla_policy: {name} {value!r} does not say how it counts "
                            f"(a Duration, e.g. Duration.hours(72) or Duration.working_days(3))")
        if value is not None and value.working and policy.calendar is None:
            raise ValueError(f"desk '{desk}' sla_policy: {name} {value} counts working time, and neither the "
                             f"policy nor the desk has a calendar")
    return policy
