"""Kemsos shows its numbers as Ticket#8881358 (the stored number is the seven digits): GraphQL shows that form,
and every place a person types a number accepts it, in any letter case and with spaces; its mails name it so."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from loket.core.desks.sync import collect_desk_specs
from loket.core.errors import ConfigurationError
from loket.core.hookspecs import hookimpl
from loket.core.models import OutboxMessage
from loket.core.plugin_types import DeskSpec, TeamSpec
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from tests.exports.helpers import get
from tests.people import Person, sign_up
from tests.ticket_ops import create

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number displayNumber } } }"""
TICKET = "query($n: String!) { ticket(number: $n) { number displayNumber } }"
SEARCH = """query($s: String!) { tickets(filter: {search: $s}) { edges { node { number displayNumber } } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { number assignee { displayName } } } }"
REPLY = "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { ticket { number } } }"


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


@pytest.fixture
async def kemsos(client, settings, app) -> dict[str, Person]:
    roles = (("operator", None), ("agen", "layanan"))
    return {role: await sign_up(client, settings, f"{role}@kemsos.example", role.title(),
                                teams=(("kemsos", team),) if team else (), language="id")
            for role, team in roles}


async def opened(person: Person) -> dict:
    return (await person.ok(CREATE, input={
        "desk": "kemsos", "topic": "bantuan-umum", "title": "Permintaan bantuan",
        "description": "Mohon bantuan, uraian masalah lengkap ada di sini."}))["createTicket"]["ticket"]


def typings(number: str) -> list[str]:
    return [f"Ticket#{number}", f"ticket#{number}", f" Ticket# {number} ", f"TICKET #{number}", number]


async def test_a_kemsos_ticket_shows_and_is_found_by_its_displayed_number(kemsos):
    ticket = await opened(kemsos["operator"])
    number = ticket["number"]
    assert ticket["displayNumber"] == f"Ticket#{number}"
    for typed in typings(number):
        for person in kemsos.values():
            assert (await person.ok(TICKET, n=typed))["ticket"] == ticket, typed
            found = (await person.ok(SEARCH, s=typed))["tickets"]["edges"]
            assert [edge["node"] for edge in found] == [ticket], typed
    missing = await kemsos["operator"].run(TICKET, n="Ticket#1000000")
    assert missing.error_codes == ["TICKET_NOT_FOUND"]
    assert (await kemsos["operator"].ok(SEARCH, s="Ticket#1000000"))["tickets"]["edges"] == []


async def test_actions_take_the_displayed_number(kemsos):
    number = (await opened(kemsos["operator"]))["number"]
    taken = (await kemsos["agen"].ok(TAKE, n=f"ticket# {number}"))["takeTicket"]["ticket"]
    assert taken == {"number": number, "assignee": {"displayName": "Agen"}}


async def test_another_desks_number_in_the_kemsos_form_names_nothing(kemsos, people):
    other = await create(people["reporter"])
    assert other["number"].startswith("TWB")
    for person in (people["reporter"], people["superuser"]):
        assert (await person.run(TICKET, n=f"Ticket#{other['number']}")).error_codes == ["TICKET_NOT_FOUND"]
        assert (await person.ok(TICKET, n=other["number"]))["ticket"] == {"number": other["number"],
                                                                         "displayNumber": other["number"]}
        assert (await person.ok(SEARCH, s=f"Ticket#{other['number']}"))["tickets"]["edges"] == []


async def test_the_reply_mail_names_the_displayed_number(kemsos):
    number = (await opened(kemsos["operator"]))["number"]
    await kemsos["agen"].ok(TAKE, n=number)
    await kemsos["agen"].ok(REPLY, n=f"Ticket#{number}", m="Akun Anda sedang kami periksa.")
    [mail] = await OutboxMessage.filter(channel="email", recipient="operator@kemsos.example")
    assert mail.subject == f"[Ticket#{number}] Balasan petugas: Permintaan bantuan"
    assert f"telah membalas tiket Anda Ticket#{number}:" in mail.body_text
    assert f"<b>Ticket#{number}</b>" in mail.body_html
    assert mail.body_text.count("Ticket#") == 1 and f"/tickets/{number}\n" in mail.body_text, \
        "the link keeps the stored number (a # would end a URL's path)"


async def test_the_print_and_zip_routes_take_the_displayed_number(kemsos, client):
    number = (await opened(kemsos["operator"]))["number"]
    for typed in (f"Ticket#{number}", f"ticket# {number}", number):
        response = await get(kemsos["operator"], client, f"/tickets/{quote(typed)}/print.pdf")
        assert response.status_code == 200, (typed, response.text)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert f"Ticket#{number}" in text
        assert (await get(kemsos["operator"], client, f"/tickets/{quote(typed)}/attachments.zip")).status_code == 200
    missing = await get(kemsos["operator"], client, f"/tickets/{quote('Ticket#1000000')}/print.pdf")
    assert missing.status_code == 404 and missing.json()["errors"][0]["extensions"]["code"] == "TICKET_NOT_FOUND"


class _BadDisplay:
    @hookimpl
    def register_desks(self):
        return [DeskSpec(slug="bad", name="Bad", teams=(TeamSpec("l1", "L1"),), number_display="Ticket#")]


async def test_a_display_form_without_the_number_stops_start_up():
    pm = get_plugin_manager(Settings(plugins="none"), extra_plugins=[_BadDisplay()])
    with pytest.raises(ConfigurationError) as raised:
        await collect_desk_specs(pm, Settings(plugins="none"))
    assert str(raised.value) == "desk 'bad': number_display 'Ticket#' must hold {number} exactly once"
