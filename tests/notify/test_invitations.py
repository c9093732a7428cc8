"""A caller the call center registers (a ticket opened on their behalf for an address without an account) is
invited by email to choose a password, signs in, and confirms and rates the ticket; asking for a password reset
works for such accounts too."""

from __future__ import annotations

import pytest

from loket.core.models import AccountToken, OutboxMessage, Ticket
from tests.graphql_client import LOGIN
from tests.smtp_server import html_of, link_in, text_of, token_in
from tests.ticket_ops import CONFIRM, RATE, RESOLVE, TAKE, create

ACCEPT = "mutation($t: String!, $p: String!) { acceptInvitation(input: {token: $t, newPassword: $p}) { email } }"
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { email } }"
MINE = "{ tickets { edges { node { number status { name } reporter { displayName email guest } } } } }"
CALLER = "penelepon@vendor.example"


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def phone_in(people, **overrides) -> str:
    ticket = await create(people["agent"], channel="PHONE",
                          onBehalfOf={"email": CALLER, "displayName": "Pak Penelepon"}, **overrides)
    return ticket["number"]


async def test_an_invited_caller_sets_a_password_signs_in_and_rates(client, people, mailbox, send, clock):
    number = await phone_in(people)
    assert await send() == 1
    [invitation] = mailbox.to(CALLER)
    assert invitation["Subject"] == f"Ticket {number}: choose a password to follow it"
    text = text_of(invitation)
    assert f"Agent recorded ticket {number} \"Laptop will not start\" on your behalf" in text
    assert "valid for 168 hours, once" in text
    assert link_in(invitation).startswith("https://helpdesk.example/app/accept-invitation?token=")
    assert "Choose a password</a>" in html_of(invitation)

    # The caller's next ticket, phoned in again, sends no second invitation.
    second = await phone_in(people, title="Printer jams")
    assert await send() == 0

    short = await client.execute(ACCEPT, {"t": token_in(invitation), "p": "pendek"})
    assert short.error_codes == ["PASSWORD_TOO_SHORT"]
    assert (await client.execute(ACCEPT, {"t": token_in(invitation), "p": "sandi-penelepon-baru"})).ok()[
        "acceptInvitation"] == {"email": CALLER}
    again = await client.execute(ACCEPT, {"t": token_in(invitation), "p": "sandi-lain-lagi-ya"})
    assert again.error_codes == ["LINK_ALREADY_USED"]
    caller = client.as_user(await client.login(CALLER, "sandi-penelepon-baru"))
    mine = (await caller.execute(MINE)).ok()["tickets"]["edges"]
    assert {edge["node"]["number"] for edge in mine} == {number, second}
    assert mine[0]["node"]["reporter"] == {"displayName": "Pak Penelepon", "email": CALLER, "guest": False}

    await people["agent"].ok(TAKE, n=number)
    await people["agent"].ok(RESOLVE, n=number, m="Hold the power button for ten seconds.")
    closed = (await caller.execute(CONFIRM, {"n": number, "solved": True})).ok()["confirmResolution"]["ticket"]
    assert closed["status"]["name"] == "closed"
    rated = (await caller.execute(RATE, {"n": number, "answers": {"stars": 5, "tags": ["fast"]}})).ok()
    assert rated["rateTicket"]["rating"]["stars"] == 5


async def test_an_invitation_expires_and_a_password_reset_serves_instead(client, people, mailbox, send, clock):
    await phone_in(people)
    await send()
    [invitation] = mailbox.to(CALLER)
    clock.advance(hours=169)
    late = await client.execute(ACCEPT, {"t": token_in(invitation), "p": "sandi-penelepon-baru"})
    assert late.error_codes == ["LINK_EXPIRED"]
    refused = await client.execute(LOGIN, {"email": CALLER, "password": "sandi-penelepon-baru"})
    assert refused.error_codes == ["INVALID_CREDENTIALS"]

    assert (await client.execute(REQUEST_RESET, {"e": CALLER})).ok()["requestPasswordReset"]["accepted"] is True
    assert await send() == 1
    reset = mailbox.to(CALLER)[-1]
    assert link_in(reset).startswith("https://helpdesk.example/app/reset-password?token=")
    (await client.execute(RESET, {"t": token_in(reset), "p": "sandi-penelepon-baru"})).ok()
    assert await client.login(CALLER, "sandi-penelepon-baru")
    # An invitation link is no reset link, nor the other way round.
    assert (await client.execute(RESET, {"t": token_in(invitation), "p": "x-sandi-baru-lagi"})).error_codes == [
        "LINK_INVALID"]


async def test_no_ticket_no_invitation(people, send):
    refused = await people["agent"].run(
        "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }",
        input={"desk": "testdesk", "title": "", "description": "x", "topic": "laptop", "channel": "PHONE",
               "onBehalfOf": {"email": CALLER}})
    assert "TITLE_REQUIRED" in refused.error_codes
    assert await Ticket.all().count() == 0
    assert await AccountToken.all().count() == 0 and await OutboxMessage.all().count() == 0
    assert await send() == 0
