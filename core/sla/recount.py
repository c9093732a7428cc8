"""When a desk's calendar changes, its open tickets' clocks that count working time are counted again: the
time each used so far stays as the old calendar counted it, the rest is counted in the new one, and the
tickets' due times and the warning and breach timers move with them. Run inside the change's transaction."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from loket.core.desks.registry import DeskInfo
from loket.core.models import SlaClock, Ticket
from loket.core.plugin_types import DeskSpec
from loket.core.sla.clocks import Clocks, ClockState
from loket.core.sla.policy import sla_policy
from loket.core.tickets.writes import WriteSet

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

BATCH = 200


async def recount_clocks(rt: Runtime, desk: DeskInfo, spec: DeskSpec) -> int:
    """Count the running working-time clocks of ``desk``'s tickets again under ``spec`` (the desk as it is
    about to be); answers how many tickets moved. ``desk`` is the desk as it was."""
    changed = replace(desk, spec=spec)
    ticket_ids = sorted(set(await SlaClock.filter(ticket__desk_id=desk.id, state="running", working_time=True)
                            .values_list("ticket_id", flat=True)))
    now, moved = rt.now(), 0
    for start in range(0, len(ticket_ids), BATCH):
        batch = ticket_ids[start:start + BATCH]
        tickets = await Ticket.filter(id__in=batch).order_by("id").select_for_update(no_key=True)
        state, writes = await ClockState.load(batch), WriteSet()
        for ticket in tickets:
            before = (await sla_policy(rt, desk, ticket)).calendar
            policy = await sla_policy(rt, changed, ticket)
            if before == policy.calendar:
                continue  # a policy with a calendar of its own does not follow the desk's
            Clocks(now, ticket, policy, state, writes, changed).recount(before)
            moved += 1
        await writes.flush()
    return moved
