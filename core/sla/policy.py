"""The service levels a ticket runs on now: the ``sla_policy`` hook's answer, checked.

The answer may be an awaitable (``first_answer``: one resolving to None lets core's default answer). A policy
without a calendar counts working time in the desk's calendar.
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
    answer = await first_answer(rt.pm.hook.sla_policy, desk=desk.spec, ticket=draft_of_ticket(desk, ticket))
    policy = answer or SlaPolicy()
    if policy.calendar is None and desk.spec.calendar is not None:
        policy = replace(policy, calendar=desk.spec.calendar)
    return checked(desk.slug, policy)


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
