"""Guests: people who file a ticket at a desk that allows it without having an account.

A guest is an account row marked ``is_guest``, without a password. Its owner follows their tickets through
emailed links (``guest_access``, each good for one sign-in until it expires): opening one exchanges it for an
ordinary session, with which the guest sees and answers the tickets they reported, like any reporter. A guest
claims the account by registering with its address (``loket.core.auth.registration``).

An address that already belongs to an account (not a guest's) never gets a guest link: the ticket is that
account's, and its owner is mailed to sign in to follow it. Whoever filed learns nothing either way.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth import accounts, throttle, tokens
from loket.core.auth.links import GUEST_ACCESS, after_answer, issue_link, sent_recently, ttl_hours, use_token
from loket.core.desks.registry import DeskInfo
from loket.core.errors import AuthenticationError, InvalidInputError
from loket.core.models import Ticket, User
from loket.core.notify.outbox import enqueue, ticket_link
from loket.core.runtime import Runtime

GUEST_TICKET = "guest_ticket"
TICKET_RECEIVED = "ticket_received"
GUEST_LINK = "guest_link"


async def reporter_for_guest(email: str, name: str, language: str) -> User:
    """The account a guest's ticket belongs to: the address's account, or a new guest row."""
    user = await User.get_or_none(email=email)
    if user is not None:
        return user
    try:
        async with in_transaction():  # a savepoint: the same guest may be filing twice at once
            return await User.create(email=email, display_name=name, password_hash=None, is_guest=True,
                                     email_confirmed=False, language=language)
    except IntegrityError:
        return await User.get(email=email)


async def tell_reporter(rt: Runtime, reporter: User, desk: DeskInfo, ticket: Ticket) -> None:
    """Mail the reporter of a ticket filed as a guest (in its transaction): a guest gets a link to follow it,
    an account a note to sign in."""
    if not reporter.is_active:
        return
    values = {"ticket_number": ticket.number, "ticket_title": ticket.title}
    if reporter.is_guest:
        kind = GUEST_TICKET
        values.update(link=await issue_link(rt, reporter, GUEST_ACCESS, ticket=ticket.number),
                      hours=f"{ttl_hours(rt, GUEST_ACCESS):g}")
    else:
        kind = TICKET_RECEIVED
        values.update(link=ticket_link(rt, ticket.number))
    await enqueue(rt, kind=kind, recipient=reporter, desk=desk, ticket_id=ticket.id, values=values)


async def follow_guest_link(rt: Runtime, token: str) -> tokens.IssuedToken:
    """Exchange a guest link for a session of the guest (the link then stops working). A link of a guest who
    has since claimed the account opens nothing: they sign in with their password."""
    async with in_transaction():
        user = (await use_token(rt, token, GUEST_ACCESS, retire_others=False)).user
        if not user.is_guest:
            raise InvalidInputError("LINK_INVALID", field="token")
        if not user.is_active:
            raise AuthenticationError("ACCOUNT_DISABLED")
        user.email_confirmed = True  # opening the link proves the address
        user.last_login_at = rt.now()
        await user.save(update_fields=["email_confirmed", "last_login_at"])
        return await tokens.issue_token(user, rt.settings, method="guest_link")


async def request_guest_link(rt: Runtime, email: str, *, address: str | None = None) -> None:
    """Accept at once; a new link is emailed, after the answer, when the address is a guest's."""
    await throttle.count_account_request(rt, address)
    after_answer(rt, _send_guest_link(rt, email), "loket-guest-link")


async def _send_guest_link(rt: Runtime, email: str) -> None:
    async with in_transaction():
        user = await accounts.find_by_email(email, is_guest=True, is_active=True, for_update=True)
        if user is None or await sent_recently(rt, user, GUEST_ACCESS):
            return
        link = await issue_link(rt, user, GUEST_ACCESS)
        await enqueue(rt, kind=GUEST_LINK, recipient=user, desk=None,
                      values={"link": link, "hours": f"{ttl_hours(rt, GUEST_ACCESS):g}"})
