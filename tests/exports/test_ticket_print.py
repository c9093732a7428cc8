"""A ticket printed as a PDF, read back with pypdf: its detail page as the printer may see it, in the desk's
language; internal notes never reach a reporter's print; who may not see the ticket cannot print it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.exports.helpers import get
from tests.files import bearer_path
from tests.people import sign_up
from tests.ticket_ops import REPLY, TAKE, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


NOTE = "Internal: the reporter's laptop is out of warranty"
PUBLIC = "Please restart the laptop while holding F2."
UNICODE = "Ñandú — Привет — Ελληνικά — ĀĒĪ — 😀"


def text_of(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def printed(person, client, url: str) -> str:
    response = await get(person, client, url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return text_of(response.content)


async def worked_ticket(people) -> dict:
    reporter, agent = people["reporter"], people["agent"]
    file_id = await reporter.stage("testdesk", "ticket", "screen-photo.txt", b"a description of the screen")
    ticket = await create(reporter, title=f"Laptop {UNICODE}", description=f"It says {UNICODE} then dies.",
                          attachmentIds=[file_id])
    await agent.ok(TAKE, n=ticket["number"])
    await agent.ok(REPLY, n=ticket["number"], m=NOTE, internal=True)
    await agent.ok(REPLY, n=ticket["number"], m=PUBLIC)
    return (await reporter.ok('query($n: String!) { ticket(number: $n) { number printUrl } }',
                              n=ticket["number"]))["ticket"]


async def test_the_print_shows_the_detail_page_and_keeps_internal_notes_from_the_reporter(people, client):
    ticket = await worked_ticket(people)
    assert bearer_path(ticket["printUrl"]) == f"/tickets/{ticket['number']}/print.pdf"
    for_reporter = await printed(people["reporter"], client, ticket["printUrl"])
    for_agent = await printed(people["agent"], client, ticket["printUrl"])
    for text in (for_reporter, for_agent):
        assert f"Ticket {ticket['number']}" in text and "Test Desk" in text
        assert UNICODE.replace(" — 😀", "") in text, "letters of any script survive"
        assert PUBLIC in text and "screen-photo.txt" in text
        assert "Hardware > Laptop" in text and "Intake (tier 1)" in text
        assert "Discussion" in text and "Activity" in text and "Ticket created" in text and "Taken" in text
    assert "out of warranty" not in for_reporter and "internal note" not in for_reporter
    assert "Internal note" not in for_reporter, "nor its line in the timeline"
    assert "out of warranty" in for_agent and "internal note" in for_agent
    assert "reporter@test.example" in for_agent and "reporter@test.example" not in for_reporter, \
        "emails are for the desk's staff"


async def test_who_may_not_see_the_ticket_cannot_print_it_nor_learn_that_it_exists(people, client):
    ticket = await worked_ticket(people)
    missing = await get(people["reporter"], client, "/tickets/TWB0000000000/print.pdf")
    for stranger in ("other_reporter", "outsider"):
        response = await get(people[stranger], client, ticket["printUrl"])
        assert response.status_code == 404, stranger
        assert response.json()["errors"][0]["extensions"]["code"] == "TICKET_NOT_FOUND"
        assert response.json()["errors"][0]["message"].replace(ticket["number"], "TWB0000000000") \
            == missing.json()["errors"][0]["message"]
    assert (await get(None, client, ticket["printUrl"])).status_code == 401


async def test_a_bundled_desk_prints_in_indonesian(client, settings, app):
    operator = await sign_up(client, settings, "operator@kemsos.example", "Operator", language="en")
    ticket = (await operator.ok("""mutation($input: CreateTicketInput!) { createTicket(input: $input) {
      ticket { number printUrl } } }""", input={
        "desk": "kemsos", "topic": "siks-ng", "title": "Tidak bisa masuk SIKS-NG",
        "description": "Mohon bantuan, uraian masalah lengkap ada di sini."}))["createTicket"]["ticket"]
    text = await printed(operator, client, ticket["printUrl"])
    assert f"Tiket {ticket['number']}" in text and "Tidak bisa masuk SIKS-NG" in text
    assert "Rincian" in text and "Diskusi" in text and "Aktivitas" in text and "Tiket dibuat" in text
    assert "Pelapor" in text and "Deskripsi" in text
