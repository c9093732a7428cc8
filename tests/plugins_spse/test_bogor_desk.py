"""Helpdesk LPSE Kota Bogor, replayed over GraphQL as its vendor guide tells it
(seeds/lpse-kota-bogor-helpdesk.txt): a vendor asks for registration and document verification, uploads
the verification PDFs, follows "Recent Activity", talks with the helpdesk, sees the ticket closed and fills
the evaluation questionnaire."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.core.demo import load_demo
from loket.core.models import Ticket
from loket.core.settings import Settings
from tests.graphql_client import Response
from tests.people import Person, sign_up
from tests.ticket_ops import action_names

DESK = "lpse-kota-bogor"
REGISTRATION = "Registrasi dan Verifikasi Berkas (bagi pengguna baru di SPSE)"
WIB = ZoneInfo("Asia/Jakarta")
MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 200
SCALE = ["Tidak memuaskan", "Kurang memuaskan", "Memuaskan", "Sangat memuaskan"]
SERVICE_QUESTIONS = [f"pelayanan_{n}" for n in range(1, 7)]
PROBLEM_QUESTIONS = ["permasalahan_1", "permasalahan_2"]

DEADLINE = """query($n: String!) { ticket(number: $n) { deadlines { kind rule label at } } }"""
CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket {
  number title status statusLabel topic topicPath fields progress createdAt slaDueAt } } }"""
STAGE = """mutation($file: Upload!, $purpose: String!) {
  stageAttachment(input: {desk: "lpse-kota-bogor", file: $file, purpose: $purpose}) {
    attachment { id name size contentType purpose staged } } }"""
REPLY = """mutation($n: String!, $m: String!, $files: [ID!]) {
  reply(input: {number: $n, message: $m, attachmentIds: $files}) { ticket { status } } }"""
TAKE = """mutation($n: String!) {
  takeTicket(input: {number: $n}) { ticket { status statusLabel assignee { displayName } } } }"""
RESOLVE = """mutation($n: String!, $m: String!) { resolveTicket(input: {number: $n, solution: $m}) {
  ticket { status statusLabel } } }"""
CONFIRM = """mutation($n: String!) { confirmResolution(input: {number: $n, solved: true}) {
  ticket { status statusLabel closedAt availableActions { name } } } }"""
RATE = """mutation($n: String!, $answers: JSON!) { rateTicket(input: {number: $n, answers: $answers}) {
  rating { form answers } ticket { availableActions { name } } } }"""
VIEW = """query($n: String!) { ticket(number: $n) {
  number title description status statusLabel progress createdAt slaDueAt fields
  assignee { displayName }
  attachments { name size contentType purpose }
  sla { kind state targetSeconds dueAt countsWorkingTime }
  timeline { nodes { kind toStatus actor { displayName } message { body attachments { name } } } }
  ratingForm { slug title questions { key kind section choices required } }
  rating { answers } } }"""
DESK_FORMS = """query($lang: String!) { desk(slug: "lpse-kota-bogor") {
  name language teams { slug tier }
  topics { slug name fieldKeys }
  fieldsForTopic(topic: "registrasi-verifikasi") { key label kind required choices topics }
  passwordReset: fieldsForTopic(topic: "reset-password") { key }
  statuses { status label }
  limits { descriptionMinLength }
  attachmentRules(purpose: $lang) { purpose extensions maxBytes maxFiles }
  message: attachmentRules(purpose: "message") { extensions maxBytes }
  ratingForm { slug title questions { key label kind section choices required } } } }"""


@pytest.fixture
def plugins():
    from loket.plugins.spse import bogor

    return [bogor]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Only this module's desk: the bundled spse plugin defines the same slug.
    return settings.model_copy(update={"plugins": "none"})


@pytest.fixture
def clock(app, loket_clock):
    """The test kit's clock, on a Thursday morning in Bogor."""
    loket_clock.set(datetime(2020, 7, 2, 8, 0, tzinfo=WIB))
    loket_clock.attach(app.state.runtime)
    return loket_clock


async def person(client, settings, email: str, name: str, team: str | None = None) -> Person:
    return await sign_up(client, settings, email, name, teams=((DESK, team),) if team else (), language="id")


@pytest.fixture
async def vendor(client, settings, app) -> Person:
    return await person(client, settings, "abcdf@gmail.com", "PT. ABCDF")


@pytest.fixture
async def helpdesk(client, settings, app) -> Person:
    return await person(client, settings, "wida@lpse.kotabogor.go.id", "Wida Dwi Putri", team="helpdesk")


def registration(**overrides) -> dict:
    values = {
        "desk": DESK,
        "title": REGISTRATION,
        "description": "Permohonan Registrasi dan Verifikasi Berkas atas nama PT. ABCDF.",
        "topic": "registrasi-verifikasi",
        "fields": {"source": "Lain-lain", "type": "Permintaan Layanan", "whatsapp_direksi": "0812-3456-789"},
    }
    values.update(overrides)
    return values


async def upload(who: Person, filename: str, content: bytes, purpose: str = "verification") -> Response:
    """A GraphQL multipart request with one file, as the browser's "Add Files" / "Start Upload" sends it."""
    boundary = f"loket-test-{uuid.uuid4().hex}"
    operations = json.dumps({"query": STAGE, "variables": {"file": None, "purpose": purpose}})
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'.encode(),
        json.dumps({"0": ["variables.file"]}).encode(), b"\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="0"; filename="{filename}"\r\n'.encode(),
        b"Content-Type: application/octet-stream\r\n\r\n", content, f"\r\n--{boundary}--\r\n".encode(),
    ])
    response = await who.client.http.post("/graphql", content=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Authorization": f"Bearer {who.client.token}", "Accept-Language": who.client.language or "id"})
    return Response(response.status_code, response.json())


def refusals(response: Response) -> list[tuple[str, str]]:
    assert response.data is None, response.body
    return [(e["extensions"]["code"], e["extensions"].get("field")) for e in response.errors]


def at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def test_a_vendor_is_registered_and_verified_then_evaluates_the_service(vendor, helpdesk, clock):
    # "Create": the title is the service type, with Source "Lain-lain" and Type "Permintaan Layanan".
    created = (await vendor.ok(CREATE, input=registration()))["createTicket"]["ticket"]
    number = created["number"]
    assert number == "BGR-0001"
    assert created["title"] == REGISTRATION and created["topicPath"] == [REGISTRATION]
    assert created["fields"] == {"source": "Lain-lain", "type": "Permintaan Layanan",
                                 "whatsapp_direksi": "08123456789"}
    assert (created["status"], created["statusLabel"], created["progress"]) == ("new", "Baru", 0)
    assert at(created["slaDueAt"]) == datetime(2020, 7, 3, 8, 0, tzinfo=WIB), "due 1x24 hours later"

    # The verification documents: PDF only, at most 4 MB each.
    ktp = (await upload(vendor, "ktp.pdf", PDF)).ok()["stageAttachment"]["attachment"]
    assert (ktp["name"], ktp["contentType"], ktp["purpose"], ktp["staged"]) == (
        "ktp.pdf", "application/pdf", "verification", True)
    npwp = (await upload(vendor, "npwp.pdf", PDF + b"0" * (4 * MB - len(PDF)))).ok()["stageAttachment"]["attachment"]
    assert npwp["size"] == 4 * MB, "exactly 4 MB is still accepted"
    too_large = await upload(vendor, "akta.pdf", PDF + b"0" * (5 * MB))
    assert refusals(too_large) == [("ATTACHMENT_TOO_LARGE", "input.file")]
    assert "4.0 MB" in too_large.errors[0]["message"]
    not_pdf = await upload(vendor, "akta.docx", DOCX)
    assert refusals(not_pdf) == [("ATTACHMENT_TYPE_NOT_ALLOWED", "input.file")]
    assert "pdf" in not_pdf.errors[0]["message"]

    # The files go onto the ticket with the vendor's message.
    await vendor.ok(REPLY, n=number, m="Berikut kami lampirkan dokumen verifikasi yang dipersyaratkan.",
                    files=[ktp["id"], npwp["id"]])

    # The helpdesk checks the documents and says the vendor may go on to the video call.
    clock.move(timedelta(hours=2))
    taken = (await helpdesk.ok(TAKE, n=number))["takeTicket"]["ticket"]
    assert (taken["status"], taken["statusLabel"], taken["assignee"]) == (
        "in_progress", "Diproses", {"displayName": "Wida Dwi Putri"})
    await helpdesk.ok(REPLY, n=number, m="Berkas lengkap. Verifikasi berkas melalui video call WhatsApp "
                                         "pukul 13.00 WIB ke nomor direksi yang dicantumkan.")
    await vendor.ok(REPLY, n=number, m="Baik, direktur kami siap pukul 13.00 WIB. Terima kasih.")

    # "View": the status panel and "Recent Activity".
    seen = (await vendor.ok(VIEW, n=number))["ticket"]
    assert (seen["statusLabel"], seen["progress"]) == ("Diproses", 50)
    assert at(seen["slaDueAt"]) == datetime(2020, 7, 3, 8, 0, tzinfo=WIB)
    assert [(c["kind"], c["targetSeconds"], c["countsWorkingTime"]) for c in seen["sla"]] == [
        ("resolution", 24 * 3600, False)]
    assert [(f["name"], f["contentType"]) for f in seen["attachments"]] == [
        ("ktp.pdf", "application/pdf"), ("npwp.pdf", "application/pdf")]
    activity = [(e["kind"], e["actor"]["displayName"] if e["actor"] else None,
                 (e["message"] or {}).get("body", "")[:20]) for e in seen["timeline"]["nodes"]]
    assert activity == [
        ("CREATED", "PT. ABCDF", ""),
        ("REPLIED", "PT. ABCDF", "Berikut kami lampirk"),
        ("TAKEN", "Wida Dwi Putri", ""),
        ("REPLIED", "Wida Dwi Putri", "Berkas lengkap. Veri"),
        ("REPLIED", "PT. ABCDF", "Baik, direktur kami "),
    ]
    assert [a["name"] for a in seen["timeline"]["nodes"][1]["message"]["attachments"]] == ["ktp.pdf", "npwp.pdf"]

    # Done: the helpdesk reports the verification in the ticket; the vendor confirms and it is closed.
    clock.move(timedelta(hours=5))
    resolved = (await helpdesk.ok(RESOLVE, n=number, m="Verifikasi berkas secara daring sudah selesai. "
                                                      "Akun PT. ABCDF sudah aktif di SPSE LPSE Kota Bogor."))
    assert resolved["resolveTicket"]["ticket"]["statusLabel"] == "Selesai, menunggu konfirmasi penyedia"
    assert (await vendor.ok(VIEW, n=number))["ticket"]["progress"] == 90
    closed = (await vendor.ok(CONFIRM, n=number))["confirmResolution"]["ticket"]
    assert (closed["status"], closed["statusLabel"]) == ("closed", "Ditutup")
    assert "rate" in action_names(closed["availableActions"])
    seen = (await vendor.ok(VIEW, n=number))["ticket"]
    assert seen["progress"] == 100 and seen["slaDueAt"] is None

    # "Evaluate": eight questions in two sections on the 4-point scale.
    form = seen["ratingForm"]
    assert form["title"] == "Evaluasi Tiket"
    assert [(q["key"], q["section"]) for q in form["questions"]] == (
        [(key, "Penanganan Pelayanan") for key in SERVICE_QUESTIONS]
        + [(key, "Penanganan Permasalahan") for key in PROBLEM_QUESTIONS])
    assert all(q["kind"] == "SCALE" and q["choices"] == SCALE and q["required"] for q in form["questions"])

    answers = {key: "Sangat memuaskan" for key in SERVICE_QUESTIONS} | {
        "pelayanan_3": "Memuaskan", "permasalahan_1": "Sangat memuaskan", "permasalahan_2": "Memuaskan"}
    wrong = await vendor.run(RATE, n=number, answers=answers | {"permasalahan_2": "Bagus sekali"})
    assert refusals(wrong) == [("NOT_A_CHOICE", "input.answers.permasalahan_2")]
    assert "Bagus sekali" in wrong.errors[0]["message"]
    missing = await vendor.run(RATE, n=number, answers={k: v for k, v in answers.items() if k != "pelayanan_6"})
    assert refusals(missing) == [("RATING_ANSWER_REQUIRED", "input.answers.pelayanan_6")]
    rated = (await vendor.ok(RATE, n=number, answers=answers))["rateTicket"]
    assert rated["rating"] == {"form": "evaluasi-tiket-lpse-kota-bogor", "answers": answers}
    assert "rate" not in action_names(rated["ticket"]["availableActions"]), "evaluated once"
    assert (await helpdesk.ok(VIEW, n=number))["ticket"]["rating"]["answers"] == answers


async def test_the_ticket_form_asks_what_the_guide_asks(vendor):
    no_whatsapp = await vendor.run(CREATE, input=registration(fields={"source": "Lain-lain",
                                                                       "type": "Permintaan Layanan"}))
    assert refusals(no_whatsapp) == [("FIELD_REQUIRED", "input.fields.whatsapp_direksi")]
    landline = await vendor.run(CREATE, input=registration(fields={
        "source": "Lain-lain", "type": "Permintaan Layanan", "whatsapp_direksi": "0251 8321075"}))
    assert refusals(landline) == [("WHATSAPP_NUMBER_INVALID", "input.fields.whatsapp_direksi")]
    assert landline.errors[0]["message"] == ("Nomor WhatsApp '02518321075' bukan nomor ponsel Indonesia; "
                                             "tulis mis. 08123456789 atau +628123456789")
    in_english = await vendor.client.execute(CREATE, {"input": registration(fields={
        "source": "Lain-lain", "type": "Permintaan Layanan", "whatsapp_direksi": "0251 8321075"})}, language="en")
    assert in_english.errors[0]["message"].startswith("WhatsApp number '02518321075' is not an Indonesian mobile")

    wrong_choices = await vendor.run(CREATE, input=registration(fields={
        "source": "Facebook", "type": "Permintaan", "whatsapp_direksi": "+628123456789"}))
    assert refusals(wrong_choices) == [("NOT_A_CHOICE", "input.fields.source"), ("NOT_A_CHOICE", "input.fields.type")]
    short = await vendor.run(CREATE, input=registration(description="Registrasi"))
    assert refusals(short) == [("TEXT_TOO_SHORT", "input.description")]

    # Other services do not ask for the director's WhatsApp number.
    reset = (await vendor.ok(CREATE, input=registration(
        title="Reset Password Akun SPSE", topic="reset-password",
        description="Lupa password akun SPSE PT. ABCDF, email pemulihan tidak masuk.",
        fields={"source": "Lain-lain", "type": "Pertanyaan"})))["createTicket"]["ticket"]
    assert reset["fields"] == {"source": "Lain-lain", "type": "Pertanyaan"}
    assert await Ticket.filter(desk__slug=DESK).count() == 1


async def test_verification_documents_can_also_come_with_the_new_ticket(vendor, helpdesk):
    akta = (await upload(vendor, "Akta Pendirian.PDF", PDF)).ok()["stageAttachment"]["attachment"]
    created = (await vendor.ok(CREATE, input=registration(attachmentIds=[akta["id"]])))["createTicket"]["ticket"]
    files = (await helpdesk.ok(VIEW, n=created["number"]))["ticket"]["attachments"]
    assert [(f["name"], f["purpose"]) for f in files] == [("Akta Pendirian.PDF", "verification")]
    # Files for replies follow the same rule: a picture of a document is refused.
    photo = await upload(vendor, "ktp.jpg", b"\xff\xd8\xff" + b"\x00" * 64, purpose="message")
    assert refusals(photo) == [("ATTACHMENT_TYPE_NOT_ALLOWED", "input.file")]
    unknown = await upload(vendor, "ktp.pdf", PDF, purpose="tender")
    assert refusals(unknown) == [("UNKNOWN_ATTACHMENT_PURPOSE", "input.purpose")]


async def test_a_resolution_nobody_confirms_is_closed_after_three_days(vendor, helpdesk, clock, app):
    number = (await vendor.ok(CREATE, input=registration()))["createTicket"]["ticket"]["number"]
    await helpdesk.ok(TAKE, n=number)
    await helpdesk.ok(RESOLVE, n=number, m="Verifikasi berkas secara daring sudah selesai dilakukan.")
    deadline = (await vendor.ok(DEADLINE, n=number))["ticket"]["deadlines"]
    assert [(d["kind"], d["rule"], d["label"], datetime.fromisoformat(d["at"])) for d in deadline] == [
        ("TRANSITION", "auto_complete", "Tiket selesai otomatis bila tidak dikonfirmasi dalam 3 hari",
         clock.now + timedelta(days=3))], "the vendor sees when the ticket completes by itself"
    assert await clock.advance(timedelta(days=3, seconds=-1)) == 0, "not before 3 days"
    assert await clock.advance(timedelta(seconds=1)) == 1
    seen = (await vendor.ok(VIEW, n=number))["ticket"]
    assert (seen["status"], seen["statusLabel"], seen["progress"]) == ("closed", "Ditutup", 100)


async def test_the_desks_forms_are_published(client):
    desk = (await client.execute(DESK_FORMS, {"lang": "verification"}, language="id")).ok()["desk"]
    assert (desk["name"], desk["language"], desk["teams"]) == (
        "Helpdesk LPSE Kota Bogor", "id", [{"slug": "helpdesk", "tier": 1}])
    assert [t["name"] for t in desk["topics"]] == [
        REGISTRATION, "Perubahan Data Penyedia (badan usaha/perorangan)", "Aktivasi Ulang Akun Penyedia",
        "Reset Password Akun SPSE", "Konsultasi Penggunaan SPSE (e-Tendering/Non Tender)", "Layanan Lainnya"]
    assert desk["topics"][0]["fieldKeys"] == ["whatsapp_direksi"]
    fields = {f["key"]: f for f in desk["fieldsForTopic"]}
    assert list(fields) == ["source", "type", "whatsapp_direksi"]
    assert (fields["source"]["label"], fields["source"]["kind"], fields["source"]["required"]) == (
        "Sumber", "CHOICE", True)
    assert fields["source"]["choices"] == ["Lain-lain", "Telepon", "Email", "Datang langsung"]
    assert (fields["type"]["label"], fields["type"]["choices"]) == (
        "Jenis", ["Permintaan Layanan", "Pertanyaan", "Keluhan"])
    assert fields["whatsapp_direksi"]["kind"] == "PHONE" and fields["whatsapp_direksi"]["required"] is True
    assert fields["whatsapp_direksi"]["label"].startswith("No. HP (WhatsApp) Direksi")
    assert [f["key"] for f in desk["passwordReset"]] == ["source", "type"]
    assert {s["status"]: s["label"] for s in desk["statuses"]} == {
        "new": "Baru", "in_progress": "Diproses", "waiting_on_reporter": "Menunggu kelengkapan dari penyedia",
        "resolved": "Selesai, menunggu konfirmasi penyedia", "closed": "Ditutup"}
    assert desk["limits"]["descriptionMinLength"] == 15
    assert desk["attachmentRules"] == {"purpose": "verification", "extensions": ["pdf"], "maxBytes": 4 * MB,
                                       "maxFiles": 10}
    assert desk["message"] == {"extensions": ["pdf"], "maxBytes": 4 * MB}
    form = desk["ratingForm"]
    sections = {}
    for question in form["questions"]:
        sections.setdefault(question["section"], []).append(question["label"])
    assert {name: len(labels) for name, labels in sections.items()} == {
        "Penanganan Pelayanan": 6, "Penanganan Permasalahan": 2}
    assert all(q["choices"] == SCALE for q in form["questions"])

    english = (await client.execute(DESK_FORMS, {"lang": "verification"}, language="en")).ok()["desk"]
    assert english["topics"][0]["name"] == "Registration and document verification (new SPSE users)"
    assert {q["section"] for q in english["ratingForm"]["questions"]} == {"Service handling", "Problem handling"}


async def test_demo_vendors_and_their_requests_load_once(app):
    report = await load_demo(app.state.runtime)
    assert {"vendor1@bogor.demo", "vendor2@bogor.demo"} <= {user.email for user in report.created}
    assert len(report.tickets_created) == 2
    tickets = {t.title: t for t in await Ticket.filter(desk__slug=DESK)}
    assert tickets[REGISTRATION].fields_data["whatsapp_direksi"] == "08123456789"
    again = await load_demo(app.state.runtime)
    assert (again.tickets_created, again.tickets_existing) == ([], 2)
    assert datetime.now(UTC) - tickets[REGISTRATION].created_at < timedelta(minutes=5)
