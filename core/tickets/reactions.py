"""What follows ticket events inside their transaction: SLA clocks move, timers are cancelled when the
ticket leaves the status they wait for, and the desk's plugins arm new ones. A batch of events costs a
fixed number of statements: state is read in three queries and writes go through the WriteSet. The
reporter's emails about agents' public messages are written to the outbox here too, so they commit (or not)
with the event."""

from __future__ import annotations

from loket.core.models import Ticket, TicketEvent, Timer
from loket.core.notify.outbox import ticket_mails
from loket.core.plugin_types import Duration, SlaPolicy, TimerRequest
from loket.core.plugins import gather_results
from loket.core.sla.calendar import add_working_time
from loket.core.sla.clocks import Clocks, ClockState
from loket.core.sla.policy import sla_policy
from loket.core.tickets.drafts import draft_of_ticket, view_of_event
from loket.core.workflow.timed import timers_after


def _hook_timer(request: TimerRequest, ticket: Ticket, policy: SlaPolicy, now) -> Timer:
    """A timer a plugin's ``ticket_timers`` asked for (its ``after`` a ``Duration`` or a plain ``timedelta``)."""
    if isinstance(request.after, Duration):
        due, seconds = request.after.after(now, policy.calendar), request.after.length(policy.calendar)
    else:
        calendar = policy.calendar if request.working_time else None
        due, seconds = add_working_time(now, request.after, calendar), request.after
    payload = {"after_seconds": int(seconds.total_seconds()), **request.payload}
    if request.label:
        payload["label"] = request.label
    return Timer(ticket_id=ticket.id, kind=request.kind, due_at=due, expect_status=request.expect_status,
                 armed_at=now, payload=payload)


async def react(work, happened: list[tuple[Ticket, TicketEvent]]) -> None:
    rt = work.rt
    now = rt.now()
    state = await ClockState.load([ticket.id for ticket, _ in happened])
    writes = work.writes
    for ticket, event in happened:
        desk = rt.desks.by_id(ticket.desk_id)
        policy = await sla_policy(rt, desk, ticket)
        clocks = Clocks(now, ticket, policy, state, writes, desk)
        if event.kind == "created":
            clocks.start()
        else:
            clocks.react(event)
        writes.cancel_stale[ticket.status].append(ticket.id)
        armed, replaced = timers_after(desk, ticket, event, now)
        writes.arm.extend(armed)
        for kind in replaced:
            writes.replaced[kind].append(ticket.id)
        draft, view = draft_of_ticket(desk, ticket), view_of_event(event)
        for requests in await gather_results(rt.pm.hook.ticket_timers(desk=desk.spec, ticket=draft, event=view)):
            for request in requests:
                writes.arm.append(_hook_timer(request, ticket, policy, now))
    writes.outbox.extend(await ticket_mails(rt, happened))
