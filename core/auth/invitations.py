"""Callers an agent registered (a ticket opened on someone's behalf for an address without an account).

They are mailed an invitation to choose a password, so that they can sign in, follow the ticket and rate it.
An invitation that lapses is no loss: ``requestPasswordReset`` serves such accounts too.
"""

from __future__ import annotations

from loket.core.auth import registration
from loket.core.auth.links import INVITATION, issue_link, ttl_hours
from loket.core.desks.registry import DeskInfo
from loket.core.models import Ticket, User
from loket.core.notify.outbox import enqueue
from loket.core.runtime import Runtime


async def invite_caller(rt: Runtime, caller: User, desk: DeskInfo, ticket: Ticket, *, agent: User) -> None:
    """Mail ``caller`` (created just now for ``ticket``) a link to choose a password, in the ticket's
    transaction: no ticket, no invitation."""
    link = await issue_link(rt, caller, INVITATION, ticket=ticket.number)
    await enqueue(rt, kind=INVITATION, recipient=caller, desk=desk, ticket_id=ticket.id,
                  values={"link": link, "hours": f"{ttl_hours(rt, INVITATION):g}", "ticket_number": ticket.number,
                          "ticket_title": ticket.title, "agent_name": agent.display_name})


async def accept_invitation(rt: Runtime, token: str, new_password: str) -> User:
    """Choose a password through an invitation link; the account signs in with it from now on."""
    return await registration.reset_password(rt, token, new_password, purpose=INVITATION)
