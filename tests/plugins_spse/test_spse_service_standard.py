"""The SPSE user-support service standard (seeds/lkpp-spse-user-support-standard.txt): its three intake
procedures, replayed over GraphQL. Service levels and the 3x24 h close are in test_lpse_support_guide."""

from __future__ import annotations

from tests.plugins_spse.test_lpse_support_guide import DETAIL, ESCALATE, REPORT, RESOLVE, TAKE

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number channel
  reporter { email } createdBy { displayName } } } }"""


async def test_call_center_records_and_answers_directly(lpse):
    """Call center: the agent records the caller's problem and answers it at once; the caller is asked to rate."""
    ticket = (await lpse["level1"].ok(CREATE, input={**REPORT, "channel": "PHONE",
                                                     "onBehalfOf": {"email": "penelepon@vendor.example"}}))
    number = ticket["createTicket"]["ticket"]["number"]
    assert number.startswith("THS") and ticket["createTicket"]["ticket"]["channel"] == "PHONE"
    await lpse["level1"].ok(TAKE, n=number)
    await lpse["level1"].ok(RESOLVE, n=number, m="Dijawab langsung: gunakan peramban lain dan hapus cache.")
    detail = (await lpse["level1"].ok(DETAIL, n=number))["ticket"]
    assert [e["kind"] for e in detail["timeline"]["nodes"]] == ["CREATED", "TAKEN", "RESOLVED"]
    assert detail["status"]["name"] == "resolved", "the caller confirms (or not) and is then asked to rate"


async def test_walk_in_consultation_report(lpse):
    """Walk-in: the user-support officer writes a consultation report as a ticket on the visitor's behalf."""
    number = (await lpse["level1"].ok(CREATE, input={
        **REPORT, "channel": "WALK_IN", "title": "Konsultasi langsung: unggah penawaran",
        "onBehalfOf": {"email": "tamu@vendor.example", "displayName": "Tamu Penyedia"}}))["createTicket"]["ticket"]
    assert number["channel"] == "WALK_IN" and number["reporter"]["email"] == "tamu@vendor.example"


async def test_email_becomes_a_ticket_and_unrelated_mail_goes_to_its_unit(lpse):
    """Email: a dispatcher turns the mail into a ticket for the sender; mail that belongs to another unit is
    escalated straight to it."""
    ticket = (await lpse["level1"].ok(CREATE, input={
        **REPORT, "channel": "EMAIL", "onBehalfOf": {"email": "pengirim@instansi.go.id"}}))["createTicket"]["ticket"]
    assert ticket["channel"] == "EMAIL" and ticket["reporter"]["email"] == "pengirim@instansi.go.id"
    await lpse["level1"].ok(TAKE, n=ticket["number"])
    moved = await lpse["level1"].ok(ESCALATE, n=ticket["number"], m="Surat ini milik direktorat lain, diteruskan.",
                                    to="teknis-direktorat")
    assert moved["escalateTicket"]["ticket"]["position"] == {"tier": 3, "team": {"slug": "teknis-direktorat"}}
    seen_by_sender = (await lpse["level1"].ok(DETAIL, n=ticket["number"]))["ticket"]["position"]["team"]["slug"]
    assert seen_by_sender == "teknis-direktorat"
