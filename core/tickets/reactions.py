"""What follows every ticket event inside its transaction: SLA clocks move, timers are cancelled when the
ticket leaves the status they wait for, and the desk's plugins arm new ones."""

from __future__ import annotations

from loket.core.desk_registry import DeskInfo
from loket.core.models import Ticket, TicketEvent, Timer
from loket.core.plugin_types import SlaPolicy
from loket.core.sla.calendar import add_working_time
from loket.core.sla.clocks import Clocks
from loket.core.tickets.drafts import draft_of_ticket, view_of_event


def sla_policy(rt, desk: DeskInfo, ticket: Ticket) -> SlaPolicy:
    return rt.pm.hook.sla_policy(desk=desk.spec, ticket=draft_of_ticket(desk, ticket)) or SlaPolicy()


async def react(work, ticket: Ticket, event: TicketEvent) -> None:
    rt = work.rt
    desk = rt.desks.by_id(ticket.desk_id)
    policy = sla_policy(rt, desk, ticket)
    clocks = Clocks(work, desk, ticket, policy)
    if event.kind == "created":
        await clocks.start()
    else:
        await clocks.react(event)
    await (Timer.filter(ticket_id=ticket.id, status="pending").exclude(expect_status=None)
           .exclude(expect_status=ticket.status).update(status="cancelled", outcome="status_changed"))
    view = view_of_event(event)
    draft = draft_of_ticket(desk, ticket)
    now = rt.now()
    for requests in rt.pm.hook.ticket_timers(desk=desk.spec, ticket=draft, event=view):
        for request in requests or ():
            calendar = policy.calendar if request.working_time else None
            await work.arm(ticket, request.kind, add_working_time(now, request.after, calendar),
                           request.expect_status, {"after_seconds": int(request.after.total_seconds()),
                                                   **request.payload})
