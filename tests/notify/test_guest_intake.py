"""Guest intake: someone without an account files a ticket at a desk that allows it, follows it through the
emailed link, answers the agent, and later claims an account with the same address that keeps the ticket.
Desks without guest intake refuse and store nothing; nothing tells a stranger which addresses have accounts."""

from __future__ import annotations

import pytest

from loket.core.auth.accounts import create_user
from loket.core.models import AccountToken, OutboxMessage, Ticket, User
from tests.graphql_client import LOGIN
from tests.people import sign_up
from tests.plugins.loket_guest_desk import GuestDesk
from tests.smtp_server import html_of, link_in, text_of, token_in
from tests.ticket_ops import CREATE, DETAIL, RECATEGORISE, REPLY, TAKE, ticket_input

FILE = """mutation($input: CreateGuestTicketInput!) { createGuestTicket(input: $input) { number email } }"""
FOLLOW = """mutation($t: String!) { followGuestLink(input: {token: $t}) { token user { email displayName guest } } }"""
ASK_LINK = "mutation($e: String!) { requestGuestLink(input: {email: $e}) { accepted } }"
REGISTER = """mutation($e: String!, $p: String!) {
  register(input: {email: $e, password: $p, displayName: "Warga Tamu"}) {
  email confirmationSent } }"""
CONFIRM = "mutation($t: String!) { confirmEmail(input: {token: $t}) { email } }"
ME = "{ me { email displayName guest } }"
MINE = "{ tickets { totalCount edges { node { number title reporter { displayName email guest phone } } } } }"
DESKS = "{ desks { slug guestIntake } }"
PASSWORD = "kata-sandi-tamu-panjang"


@pytest.fixture
def guest_desk() -> GuestDesk:
    return GuestDesk()


@pytest.fixture
def plugins(test_desk_plugins, guest_desk):
    return [*test_desk_plugins, guest_desk]


def guest_input(**overrides) -> dict:
    values = {"desk": "guestdesk", "name": "Siti Tamu", "email": "siti@warga.example", "phone": "+62 812-3456-7890",
              "title": "Cannot open the portal", "description": "The portal says my session expired at once.",
              "topic": "access", "fields": {"unit": "Kelurahan Bantar Jati"}}
    values.update(overrides)
    return values


async def file(client, language="en", **overrides):
    return await client.execute(FILE, {"input": guest_input(**overrides)}, language=language)


@pytest.fixture
async def agent(client, settings, app):
    return await sign_up(client, settings, "agent@guestdesk.example", "Agen Depan", teams=(("guestdesk", "front"),))


async def test_a_guest_files_follows_answers_and_later_claims_an_account(client, agent, mailbox, send, clock):
    desks = {desk["slug"]: desk["guestIntake"] for desk in (await client.execute(DESKS)).ok()["desks"]}
    assert desks["guestdesk"] is True and desks["testdesk"] is False

    filed = (await file(client, email="Siti@Warga.example")).ok()["createGuestTicket"]
    number = filed["number"]
    assert filed["email"] == "siti@warga.example"
    assert await send() == 1
    [mail] = mailbox.to("siti@warga.example")
    assert mail["Subject"] == f"Ticket {number} received"
    assert "Hello Siti Tamu," in text_of(mail) and "valid for 168 hours, once" in text_of(mail)
    assert link_in(mail).startswith("https://helpdesk.example/app/guest?token=")
    assert link_in(mail).endswith(f"&ticket={number}")
    assert "See the ticket</a>" in html_of(mail)

    followed = (await client.execute(FOLLOW, {"t": token_in(mail)})).ok()["followGuestLink"]
    assert followed["user"] == {"email": "siti@warga.example", "displayName": "Siti Tamu", "guest": True}
    guest = client.as_user(followed["token"])
    again = await client.execute(FOLLOW, {"t": token_in(mail)}, language="en")
    assert again.error_codes == ["LINK_ALREADY_USED"], "each link opens one sign-in"

    mine = (await guest.execute(MINE)).ok()["tickets"]
    assert mine["totalCount"] == 1
    assert mine["edges"][0]["node"] == {"number": number, "title": "Cannot open the portal", "reporter": {
        "displayName": "Siti Tamu", "email": "siti@warga.example", "guest": True, "phone": "+6281234567890"}}

    # The agent sees who filed and how to reach them, and answers; the guest's mail brings a fresh link.
    seen = (await agent.ok(DETAIL, n=number))["ticket"]
    assert seen["reporter"] == {"displayName": "Siti Tamu", "email": "siti@warga.example"}
    assert (await agent.ok(MINE))["tickets"]["edges"][0]["node"]["reporter"]["phone"] == "+6281234567890"
    await agent.ok(REPLY, n=number, m="Which browser do you use?")
    assert await send() == 1
    reply_mail = mailbox.to("siti@warga.example")[-1]
    assert reply_mail["Subject"] == f"Reply to ticket {number}"
    assert "Which browser do you use?" in text_of(reply_mail)
    assert link_in(reply_mail).startswith("https://helpdesk.example/app/guest?token=")

    answered = (await guest.execute(REPLY, {"n": number, "m": "Firefox, the newest one."})).ok()
    assert answered["reply"]["ticket"]["number"] == number
    thread = (await agent.ok(DETAIL, n=number))["ticket"]["messages"]["nodes"]
    assert [(m["body"], m["author"]["displayName"]) for m in thread] == [
        ("Which browser do you use?", "Agen Depan"), ("Firefox, the newest one.", "Siti Tamu")]

    # A guest sees only what they reported; other desks need an account.
    other = (await agent.ok(CREATE, input=ticket_input(desk="guestdesk", topic="other", application=None,
                                                       fields={"unit": "Front"})))["createTicket"]["ticket"]
    assert (await guest.execute(DETAIL, {"n": other["number"]})).error_codes == ["TICKET_NOT_FOUND"]
    elsewhere = await guest.execute(CREATE, {"input": ticket_input()}, language="en")
    assert elsewhere.error_codes == ["GUEST_INTAKE_CLOSED"]
    assert elsewhere.errors[0]["message"] == "Desk 'testdesk' takes tickets only from signed-in people; sign in or " \
                                             "register first"
    assert (await guest.execute(LOGIN, {"email": "siti@warga.example", "password": "anything-at-all"})).error_codes == [
        "INVALID_CREDENTIALS"], "a guest has no password to sign in with"

    # Claiming: the same uniform answer as any registration; the confirmation link sets the password.
    registered = (await client.execute(REGISTER, {"e": "siti@warga.example", "p": PASSWORD})).ok()
    assert registered["register"] == {"email": "siti@warga.example", "confirmationSent": True}
    assert await send() == 1
    confirmation = mailbox.to("siti@warga.example")[-1]
    assert link_in(confirmation).startswith("https://helpdesk.example/app/confirm-email?token=")
    early = await client.execute(LOGIN, {"email": "siti@warga.example", "password": PASSWORD})
    assert early.error_codes == ["INVALID_CREDENTIALS"], "nothing changes before the address is confirmed"
    (await client.execute(CONFIRM, {"t": token_in(confirmation)})).ok()
    claimed = client.as_user(await client.login("siti@warga.example", PASSWORD))
    assert (await claimed.execute(ME)).ok()["me"] == {"email": "siti@warga.example", "displayName": "Siti Tamu",
                                                      "guest": False}
    tickets = (await claimed.execute(MINE)).ok()["tickets"]
    assert [edge["node"]["number"] for edge in tickets["edges"]] == [number]
    assert tickets["edges"][0]["node"]["reporter"]["guest"] is False
    # The guest link of the reply mail, never opened, no longer signs anyone in.
    assert (await client.execute(FOLLOW, {"t": token_in(reply_mail)})).error_codes == ["LINK_ALREADY_USED"]
    assert await User.filter(email="siti@warga.example").count() == 1


async def test_a_desk_without_guest_intake_refuses_and_stores_nothing(client, mailbox, send, clock):
    refused = await file(client, desk="testdesk", topic="laptop", fields={"phone": "081234567890"})
    assert refused.error_codes == ["GUEST_INTAKE_CLOSED"]
    assert refused.errors[0]["extensions"]["field"] == "input.desk"
    assert (await file(client, desk="nodesk")).error_codes == ["UNKNOWN_DESK"]
    assert await Ticket.all().count() == 0 and await User.all().count() == 0
    assert await AccountToken.all().count() == 0 and await OutboxMessage.all().count() == 0
    assert await send() == 0


async def test_bad_input_names_each_field_and_stores_nothing(client, send):
    response = await file(client, name="  ", email="not-an-email", phone="call me", title="",
                          description="short", topic="nope", fields={})
    found = {(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors}
    assert found == {("DISPLAY_NAME_REQUIRED", "input.name"), ("EMAIL_INVALID", "input.email"),
                     ("PHONE_INVALID", "input.phone"), ("TITLE_REQUIRED", "input.title"),
                     ("TEXT_TOO_SHORT", "input.description"), ("UNKNOWN_TOPIC", "input.topic"),
                     ("FIELD_REQUIRED", "input.fields.unit")}
    missing = await file(client, email="")
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in missing.errors] == [
        ("EMAIL_REQUIRED", "input.email")]
    assert await Ticket.all().count() == 0 and await User.all().count() == 0
    assert await send() == 0


async def test_an_address_with_an_account_gets_the_ticket_and_a_note_to_sign_in(client, mailbox, send, clock):
    await create_user(email="budi@warga.example", display_name="Budi Pemilik", password="sandi-budi-panjang")
    filed = (await file(client, name="Someone Else", email="budi@warga.example")).ok()["createGuestTicket"]
    assert set(filed) == {"number", "email"}, "the answer is the same as for a new address"
    assert await send() == 1
    [mail] = mailbox.to("budi@warga.example")
    assert mail["Subject"] == f"Ticket {filed['number']} received"
    assert "already has an account: sign in" in text_of(mail)
    assert "token=" not in text_of(mail), "no link that signs anyone in"
    assert link_in(mail) == f"https://helpdesk.example/app/tickets/{filed['number']}"
    assert await AccountToken.all().count() == 0
    owner = client.as_user(await client.login("budi@warga.example", "sandi-budi-panjang"))
    node = (await owner.execute(MINE)).ok()["tickets"]["edges"][0]["node"]
    assert node["number"] == filed["number"]
    assert node["reporter"]["displayName"] == "Budi Pemilik", "a stranger's typing does not rename an account"


async def test_validate_ticket_sees_who_the_reporter_is(client, guest_desk, agent, settings):
    blocked = await file(client, email="ani@blocked.example")
    assert blocked.error_codes == ["GUESTDESK_NO_GUESTS_FROM_THERE"]
    assert blocked.errors[0]["extensions"]["field"] == "input.email"
    assert blocked.errors[0]["message"] == "Please sign in to file from this address"
    assert await Ticket.all().count() == 0

    member = await sign_up(client, settings, "ani@blocked.example", "Ani Anggota")
    (await member.run(CREATE, input=ticket_input(desk="guestdesk", topic="access", application=None,
                                                 fields={"unit": "Keuangan"}))).ok()
    number = (await file(client, name="Wati Tamu", email="wati@warga.example", phone=None)).ok()[
        "createGuestTicket"]["number"]
    await agent.ok(TAKE, n=number)
    await agent.ok(RECATEGORISE, n=number, topic="other")
    assert [(r.kind, r.name, r.email, r.phone) for r in guest_desk.seen] == [
        ("guest", "Siti Tamu", "ani@blocked.example", "+6281234567890"),
        ("account", "Ani Anggota", "ani@blocked.example", None),
        ("guest", "Wati Tamu", "wati@warga.example", None),
        ("guest", "Wati Tamu", "wati@warga.example", None)]  # recategorised by the agent: still the guest's


async def test_a_guest_asks_for_a_new_link(client, mailbox, send, clock):
    (await file(client)).ok()
    await send()
    clock.advance(hours=169)
    first = mailbox.messages[-1]
    assert (await client.execute(FOLLOW, {"t": token_in(first)})).error_codes == ["LINK_EXPIRED"]
    for address in ("siti@warga.example", "nobody@warga.example"):
        assert (await client.execute(ASK_LINK, {"e": address})).ok()["requestGuestLink"]["accepted"] is True
    assert await send() == 1
    [fresh] = mailbox.to("siti@warga.example")[1:]
    assert fresh["Subject"] == "A link to follow your tickets"
    token = (await client.execute(FOLLOW, {"t": token_in(fresh)})).ok()["followGuestLink"]["token"]
    assert (await client.as_user(token).execute(MINE)).ok()["tickets"]["totalCount"] == 1


class TestThrottled:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"account_requests_per_address": 2})

    async def test_filing_as_a_guest_counts_as_an_account_request(self, client, send):
        for _ in range(2):
            (await file(client)).ok()
        assert (await file(client)).error_codes == ["TOO_MANY_ATTEMPTS"]
        assert await Ticket.all().count() == 2
