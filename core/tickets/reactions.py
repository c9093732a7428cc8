"""What follows ticket events inside their transaction: SLA clocks move, timers are cancelled when the
ticket leaves the status they wait for, and the desk's plugins arm new ones. A batch of events costs a
fixed number of statements: state is read in three queries and writes go through the WriteSet. The
reporter's emails about agents' public messages are written to the outbox here too, so they commit (or not)
with the event."""

from __future__ import annotations

from loket.core.desks.registry import DeskInfo
from loket.core.models import Ticket, TicketEvent, Timer
from loket.core.notify.outbox import ticket_mails
from loket.core.plugin_types import SlaPolicy
from loket.core.sla.calendar import add_working_time
from loket.core.sla.clocks import Clocks, ClockState
from loket.core.tickets.drafts import draft_of_ticket, view_of_event


def sla_policy(rt, desk: DeskInfo, ticket: Ticket) -> SlaPolicy:
    return rt.pm.hook.sla_policy(desk=desk.spec, ticket=draft_of_ticket(desk, ticket)) or SlaPolicy()


async def react(work, happened: list[tuple[Ticket, TicketEvent]]) -> None:
    rt = work.rt
    now = rt.now()
    state = await ClockState.load([ticket.id for ticket, _ in happened])
    writes = work.writes
    for ticket, event in happened:
        desk = rt.desks.by_id(ticket.desk_id)
        policy = sla_policy(rt, desk, ticket)
        clocks = Clocks(now, ticket, policy, state, writes)
        if event.kind == "created":
            clocks.start()
        else:
            clocks.react(event)
        writes.cancel_stale[ticket.status].append(ticket.id)
        draft, view = draft_of_ticket(desk, ticket), view_of_event(event)
        for requests in rt.pm.hook.ticket_timers(desk=desk.spec, ticket=draft, event=view):
            for request in requests or ():
                calendar = policy.calendar if request.working_time else None
                writes.arm.append(Timer(
                    ticket_id=ticket.id, kind=request.kind, due_at=add_working_time(now, request.after, calendar),
                    expect_status=request.expect_status, armed_at=now,
                    payload={"after_seconds": int(request.after.total_seconds()), **request.payload}))
    writes.outbox.extend(await ticket_mails(rt, happened))
