"""Each bundled desk's own flow, written as workflow data and taken over GraphQL: Kemsos agents close with a
reason, Bogor's officer closes and vendors send documents without a message, and at LPSE Support level 2
asks the level-1 user who escalated, who answers."""

from __future__ import annotations

import pytest

from loket.core.models import Message, OutboxMessage, Ticket, TicketEvent
from tests.people import Person, sign_up

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } } } }"
ACT = """mutation($input: PerformActionInput!) { performAction(input: $input) { ticket {
  status { name } statusCategory statusLabel closeReason closedBy { displayName } version } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { status { name } statusCategory version closedBy { displayName }
  waitingOn { displayName } participants { person { displayName } role }
  availableActions { name label effect toStatus { name } inputs { name kind required minLength minFiles purpose
    choices { value label } } }
  timeline { nodes { kind actor { displayName } payload } } } }"""
ASK = """mutation($input: FeedbackRequestInput!) { requestFeedback(input: $input) { ticket {
  status { name } waitingOn { displayName } } } }"""
REPLY = """mutation($input: ReplyInput!) { reply(input: $input) { ticket { status { name } waitingOn { displayName } } } }"""
ESCALATE = """mutation($input: HandoverInput!) { escalateTicket(input: $input) { ticket { status { name } } } }"""
HANDLED = """query { tickets(queue: HANDLED) { edges { node { number status { name } } } } }"""


def actions_of(ticket: dict) -> dict[str, dict]:
    return {action["name"]: action for action in ticket["availableActions"]}


async def _people(client, settings, desk: str, roles: dict[str, str | None], language: str = "id") -> dict:
    return {role: await sign_up(client, settings, f"{role}@{desk}.example", role.title(),
                                teams=((desk, team),) if team else (), language=language)
            for role, team in roles.items()}


# --- Kemsos ---------------------------------------------------------------------------------------------


@pytest.fixture
async def kemsos(client, settings, app) -> dict[str, Person]:
    return await _people(client, settings, "kemsos", {"operator": None, "agen": "layanan", "dtks": "dtks"})


async def _kemsos_ticket(kemsos) -> str:
    created = await kemsos["operator"].ok(CREATE, input={
        "desk": "kemsos", "topic": "bantuan-umum", "title": "Permintaan bantuan",
        "description": "Mohon bantuan, uraian masalah lengkap ada di sini."})
    return created["createTicket"]["ticket"]["number"]


async def test_a_kemsos_agent_closes_with_a_reason(kemsos):
    number = await _kemsos_ticket(kemsos)
    await kemsos["agen"].ok(TAKE, n=number)
    close = actions_of((await kemsos["agen"].ok(DETAIL, n=number))["ticket"])["close"]
    assert (close["label"], close["effect"], close["toStatus"]["name"]) == ("Tutup tiket", "CLOSE", "closed")
    reason = next(field for field in close["inputs"] if field["name"] == "reason")
    assert reason["kind"] == "CHOICE" and reason["required"]
    assert {"value": "duplikat", "label": "Tiket ganda"} in reason["choices"]
    assert "close" not in actions_of((await kemsos["operator"].ok(DETAIL, n=number))["ticket"]), "agents only"

    closed = await kemsos["agen"].ok(ACT, input={"number": number, "action": "close", "reason": "duplikat",
                                                 "message": "Sama dengan tiket sebelumnya."})
    ticket = closed["performAction"]["ticket"]
    assert (ticket["status"]["name"], ticket["statusCategory"], ticket["statusLabel"]) == ("closed", "CLOSED", "Ditutup")
    assert (ticket["closeReason"], ticket["closedBy"]) == ("duplikat", {"displayName": "Agen"})
    seen = (await kemsos["operator"].ok(DETAIL, n=number))["ticket"]
    assert seen["closedBy"] == {"displayName": "Agen"}, "the reporter sees who closed it"
    assert seen["timeline"]["nodes"][-1]["kind"] == "CLOSED" and seen["timeline"]["nodes"][-1]["payload"] == {"reason": "duplikat"}
    assert "rate" in actions_of(seen)


async def test_a_close_without_a_listed_reason_changes_nothing(kemsos):
    number = await _kemsos_ticket(kemsos)
    await kemsos["agen"].ok(TAKE, n=number)
    before = (await kemsos["agen"].ok(DETAIL, n=number))["ticket"]
    for reason in (None, "bosan"):
        response = await kemsos["agen"].run(ACT, input={"number": number, "action": "close", "reason": reason})
        assert response.error_codes == ["NOT_A_CHOICE"] and response.errors[0]["extensions"]["field"] == "input.reason"
        assert "tidak-ada-tanggapan" in response.errors[0]["message"], "in the desk's language, naming the choices"
    after = (await kemsos["agen"].ok(DETAIL, n=number))["ticket"]
    assert (after["status"]["name"], after["version"], len(after["timeline"]["nodes"])) == ("in_progress", before["version"],
                                                                          len(before["timeline"]["nodes"]))
    unknown = await kemsos["agen"].run(ACT, input={"number": number, "action": "archive"})
    assert unknown.error_codes == ["ACTION_NOT_IN_WORKFLOW"]
    not_yours = await kemsos["operator"].run(ACT, input={"number": number, "action": "close", "reason": "selesai"})
    assert not_yours.error_codes == ["ACTION_NOT_ALLOWED_FOR_YOU"]
    assert await TicketEvent.filter(ticket__number=number).count() == before["version"]


# --- LPSE Kota Bogor ------------------------------------------------------------------------------------


@pytest.fixture
async def bogor(client, settings, app) -> dict[str, Person]:
    return await _people(client, settings, "lpse-kota-bogor", {"vendor": None, "officer": "helpdesk"})


async def _bogor_ticket(bogor) -> str:
    created = await bogor["vendor"].ok(CREATE, input={
        "desk": "lpse-kota-bogor", "topic": "perubahan-data", "title": "Perubahan Data",
        "description": "Permohonan perubahan data penyedia: alamat kantor pindah.",
        "fields": {"source": "Lain-lain", "type": "Permintaan Layanan"}})
    return created["createTicket"]["ticket"]["number"]


async def test_a_bogor_vendor_sends_documents_without_a_message(bogor):
    number = await _bogor_ticket(bogor)
    upload = actions_of((await bogor["vendor"].ok(DETAIL, n=number))["ticket"])["upload_documents"]
    assert {field["name"]: (field["kind"], field["required"]) for field in upload["inputs"]} == {
        "message": ("TEXT", False), "attachmentIds": ("FILES", True)}
    files = next(field for field in upload["inputs"] if field["name"] == "attachmentIds")
    assert (files["minFiles"], files["purpose"]) == (1, "verification")

    nothing = await bogor["vendor"].run(ACT, input={"number": number, "action": "upload_documents"})
    assert nothing.error_codes == ["FILES_REQUIRED"]
    akta = await bogor["vendor"].stage("lpse-kota-bogor", "verification", "akta.pdf", b"%PDF-1.4 akta")
    sent = await bogor["vendor"].ok(ACT, input={"number": number, "action": "upload_documents",
                                                "attachmentIds": [akta]})
    assert sent["performAction"]["ticket"]["status"]["name"] == "new"
    message = await Message.get(ticket__number=number, purpose="reply")
    assert message.body == "" and await message.attachments.all().count() == 1

    # Asked for a missing document, the vendor answers with the file alone.
    await bogor["officer"].ok(TAKE, n=number)
    await bogor["officer"].ok(ASK, input={"number": number, "message": "Mohon unggah NIB perusahaan Anda."})
    offered = actions_of((await bogor["vendor"].ok(DETAIL, n=number))["ticket"])
    assert "send_requested_documents" in offered and "upload_documents" not in offered
    nib = await bogor["vendor"].stage("lpse-kota-bogor", "verification", "nib.pdf", b"%PDF-1.4 nib")
    answered = await bogor["vendor"].ok(ACT, input={"number": number, "action": "send_requested_documents",
                                                    "attachmentIds": [nib]})
    assert answered["performAction"]["ticket"]["status"]["name"] == "in_progress"
    assert (await TicketEvent.filter(ticket__number=number).order_by("-seq").first()).kind == "feedback_given"


async def test_the_bogor_officer_closes_the_ticket(bogor):
    number = await _bogor_ticket(bogor)
    await bogor["officer"].ok(TAKE, n=number)
    closed = await bogor["officer"].ok(ACT, input={"number": number, "action": "close"})
    assert closed["performAction"]["ticket"]["closedBy"] == {"displayName": "Officer"}
    seen = (await bogor["vendor"].ok(DETAIL, n=number))["ticket"]
    assert (seen["status"]["name"], seen["closedBy"]) == ("closed", {"displayName": "Officer"}), "Closed By on the panel"
    ticket = await Ticket.get(number=number)
    assert ticket.closed_at is not None and ticket.close_reason == "closed"


# --- LPSE Support ---------------------------------------------------------------------------------------


@pytest.fixture
async def lpse(client, settings, app) -> dict[str, Person]:
    return await _people(client, settings, "lpse-support", {
        "pelapor": None, "level1": "lpse-level-1", "ppe": "admin-ppe", "stranger": "helpdesk-lkpp-teknis"})


async def test_level_2_asks_the_level_1_user_who_escalated_and_they_answer(lpse):
    created = await lpse["pelapor"].ok(CREATE, input={
        "desk": "lpse-support", "title": "Tidak bisa unggah dokumen penawaran", "application": "spse",
        "applicationVersion": "4.4", "topic": "spse-upload-penawaran", "reporterCategory": "Rekanan/Penyedia",
        "description": "Saat mengunggah dokumen penawaran muncul pesan galat."})
    number = created["createTicket"]["ticket"]["number"]
    await lpse["level1"].ok(TAKE, n=number)
    await lpse["level1"].ok(ESCALATE, input={"number": number, "message": "Mohon bantuan Admin PPE untuk ini."})
    assert number in [e["node"]["number"] for e in (await lpse["level1"].ok(HANDLED))["tickets"]["edges"]], \
        "level 1's Handled tab keeps the ticket it handed on"
    await lpse["ppe"].ok(TAKE, n=number)

    ask = actions_of((await lpse["ppe"].ok(DETAIL, n=number))["ticket"])["request_feedback"]
    whom = next(field for field in ask["inputs"] if field["name"] == "toPerson")
    assert {choice["value"] for choice in whom["choices"]} == {"pelapor@lpse-support.example",
                                                               "level1@lpse-support.example"}
    stranger = await lpse["ppe"].run(ASK, input={"number": number, "message": "Mohon data tambahan paket ini.",
                                                  "toPerson": "stranger@lpse-support.example"})
    assert stranger.error_codes == ["NOT_A_PARTICIPANT"]
    asked = await lpse["ppe"].ok(ASK, input={"number": number, "message": "Mohon kirim log server LPSE Anda.",
                                             "toPerson": "level1@lpse-support.example"})
    assert asked["requestFeedback"]["ticket"] == {"status": {"name": "waiting_on_reporter"}, "waitingOn": {"displayName": "Level1"}}
    mail = await OutboxMessage.filter(ticket__number=number, kind="ticket_feedback_requested").values_list(
        "recipient", flat=True)
    assert mail == ["level1@lpse-support.example"], "the question is mailed to whom it asks, not the reporter"
    assert number in [e["node"]["number"] for e in (await lpse["level1"].ok(HANDLED))["tickets"]["edges"]]

    # The reporter may still write, but it does not answer a question put to level 1.
    assert "answer_feedback" not in actions_of((await lpse["pelapor"].ok(DETAIL, n=number))["ticket"])
    level1 = (await lpse["level1"].ok(DETAIL, n=number))["ticket"]
    assert "answer_feedback" in actions_of(level1) and level1["waitingOn"] == {"displayName": "Level1"}
    answered = await lpse["level1"].ok(REPLY, input={"number": number, "message": "Log server terlampir di sini."})
    assert answered["reply"]["ticket"] == {"status": {"name": "in_progress"}, "waitingOn": None}
    seen = (await lpse["ppe"].ok(DETAIL, n=number))["ticket"]
    assert seen["timeline"]["nodes"][-1]["kind"] == "FEEDBACK_GIVEN" and seen["timeline"]["nodes"][-1]["actor"] == {"displayName": "Level1"}
    assert {(p["person"]["displayName"], p["role"]) for p in seen["participants"]} == {
        ("Level1", "HOLDER"), ("Ppe", "HOLDER"), ("Level1", "ASKED")}
