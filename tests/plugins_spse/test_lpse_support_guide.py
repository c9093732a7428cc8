"""The LPSE Support 2.0 user guide (seeds/lpse-support-user-guide.txt), replayed over GraphQL, a test per
section, and the SPSE user-support service standard (seeds/lkpp-spse-user-support-standard.txt)."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from loket.core.models import Ticket
from loket.core.timekeeping.timers import run_due_timers
from tests.ticket_ops import action_names

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket {
  number status { name } statusLabel origin reporterCategory channel application applicationVersion topicPath
  priority { slug name reason } position { tier team { slug } } createdBy { displayName } reporter { email } } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { number status { name } statusLabel origin reporterCategory
  priority { slug reason } position { tier team { slug name } } assignee { displayName } workingTime { days }
  messages { nodes { body purpose internal author { displayName } } } timeline { nodes { kind actor { displayName } } }
  availableActions { name } sla { kind targetSeconds state } rating { stars answers } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } assignee { displayName } } } }"
FEEDBACK = """mutation($n: String!, $m: String!) { requestFeedback(input: {number: $n, message: $m}) {
  ticket { status { name } statusLabel } } }"""
REPLY = """mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { ticket { status { name } } } }"""
ESCALATE = """mutation($n: String!, $m: String!, $to: String) {
  escalateTicket(input: {number: $n, message: $m, toTeam: $to}) {
  ticket { status { name } position { tier team { slug } } assignee { displayName } } } }"""
RESOLVE = """mutation($n: String!, $m: String!) {
  resolveTicket(input: {number: $n, solution: $m}) { ticket { status { name } } } }"""
CONFIRM = """mutation($n: String!, $ok: Boolean!, $r: String) {
  confirmResolution(input: {number: $n, solved: $ok, reason: $r}) {
  ticket { status { name } statusLabel assignee { displayName } } } }"""
RATE = """mutation($n: String!, $a: JSON!) {
  rateTicket(input: {number: $n, answers: $a}) { rating { stars answers } } }"""

REPORT = {
    "desk": "lpse-support", "title": "Tidak bisa mengunggah dokumen penawaran",
    "description": "Unggahan dokumen penawaran berhenti di 90% dan muncul pesan galat.",
    "topic": "spse-upload-penawaran", "application": "spse", "applicationVersion": "4.4",
    "reporterCategory": "Rekanan/Penyedia", "origin": "LPSE Kota Bogor",
    "fields": {"error_code": "ERR-UPLOAD-413"},
}


async def report(person, **overrides) -> dict:
    return (await person.ok(CREATE, input={**REPORT, **overrides}))["createTicket"]["ticket"]


async def test_2_1_level_1_creates_a_ticket_for_a_reporter(lpse):
    """2.1 / 4.2.1: a Level 1 user writes a ticket for a PPK; it is saved with a TAS number."""
    ticket = await report(lpse["level1"], onBehalfOf={"email": "ppk11@instansi.go.id", "displayName": "PPK 11"},
                          reporterCategory="PPK")
    assert re.fullmatch(r"TAS\d{6}\d{4}", ticket["number"])
    assert ticket["reporter"]["email"] == "ppk11@instansi.go.id" and ticket["createdBy"]["displayName"] == "LEVEL1"
    assert ticket["topicPath"] == ["SPSE", "Tender", "Unggah dokumen penawaran"]
    assert ticket["origin"] == "LPSE Kota Bogor" and ticket["reporterCategory"] == "PPK"
    assert ticket["position"] == {"tier": 1, "team": {"slug": "lpse-level-1"}}
    assert ticket["priority"]["slug"] in {"emergency", "major", "medium", "minor"}, "computed, never typed"


async def test_4_2_1_the_form_enforces_the_guides_rules(lpse):
    """4.2.1: title at most 100 characters, description at least 15, application and version, sub-category."""
    response = await lpse["vendor"].run(CREATE, input={**REPORT, "title": "x" * 101, "description": "pendek",
                                                       "topic": "spse-tender", "applicationVersion": "9.9"})
    assert {(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors} == {
        ("TITLE_TOO_LONG", "input.title"), ("TEXT_TOO_SHORT", "input.description"),
        ("TOPIC_NEEDS_SUBTOPIC", "input.topic"), ("UNKNOWN_APPLICATION_VERSION", "input.applicationVersion")}
    assert response.errors[0]["message"] == "Judul maksimal 100 karakter (saat ini 101)"
    assert await Ticket.all().count() == 0


async def test_4_2_1_numbers_follow_the_source_and_count_per_day(lpse):
    by_reporter = await report(lpse["vendor"])
    by_phone = await report(lpse["level1"], channel="PHONE", onBehalfOf={"email": "caller@vendor.example"})
    by_email = await report(lpse["level1"], channel="EMAIL", onBehalfOf={"email": "mailer@vendor.example"})
    assert by_reporter["number"][:3] == "TPS" and by_phone["number"][:3] == "THS"
    assert by_email["number"][:3] == "THS" and by_email["channel"] == "EMAIL"
    assert by_email["number"][-4:] == "0002", "a daily sequence per prefix"
    parallel = await asyncio.gather(*(report(lpse["vendor"], title=f"Tiket paralel {i}") for i in range(6)))
    assert len({t["number"] for t in parallel}) == 6


async def test_4_1_dashboard_counts(lpse):
    """4.1: tickets not yet taken, waiting to be worked, taken per day."""
    numbers = [(await report(lpse["vendor"], title=f"Masalah {i}"))["number"] for i in range(3)]
    await lpse["level1"].ok(TAKE, n=numbers[0])
    dashboard = (await lpse["level1"].ok("""{ dashboard(desk: "lpse-support", days: 1) {
        notTaken waitingToBeWorked takenPerDay { count } } }"""))["dashboard"]
    assert dashboard == {"notTaken": 2, "waitingToBeWorked": 1, "takenPerDay": [{"count": 1}]}


async def test_4_2_2_search_by_number_and_advanced(lpse):
    """4.2.2: search by ticket number; advanced search by application, version, status and title."""
    first = await report(lpse["vendor"])
    await report(lpse["vendor"], title="RUP belum tampil", topic="sirup-pengumuman", application="sirup",
                 applicationVersion="2.3")
    search = """query($f: TicketFilter) { tickets(filter: $f) { totalCount edges { node { number } } } }"""
    by_number = await lpse["level1"].ok(search, f={"search": first["number"]})
    assert [e["node"]["number"] for e in by_number["tickets"]["edges"]] == [first["number"]]
    advanced = await lpse["level1"].ok(search, f={"application": "sirup", "applicationVersion": "2.3",
                                                 "statuses": ["new"], "search": "RUP"})
    assert advanced["tickets"]["totalCount"] == 1


async def test_4_2_3_1_incoming_detail_and_take(lpse):
    """4.2.3.1: incoming tickets, the detail page, and taking a ticket (only one person can)."""
    number = (await report(lpse["vendor"]))["number"]
    incoming = await lpse["level1"].ok("{ tickets(queue: INCOMING) { edges { node { number } } } }")
    assert number in [e["node"]["number"] for e in incoming["tickets"]["edges"]]
    detail = (await lpse["level1"].ok(DETAIL, n=number))["ticket"]
    assert detail["reporterCategory"] == "Rekanan/Penyedia" and detail["workingTime"]["days"] == 0.0
    assert "take" in action_names(detail["availableActions"])
    results = await asyncio.gather(lpse["level1"].run(TAKE, n=number), lpse["level1b"].run(TAKE, n=number))
    assert sorted(bool(r.errors) for r in results) == [False, True]
    loser = next(r for r in results if r.errors)
    assert loser.error_codes == ["ALREADY_TAKEN"] and "sudah diambil oleh" in loser.errors[0]["message"]


async def test_4_2_3_2_1_work_recategorise_and_escalate_to_level_2(lpse):
    """4.2.3.2.1: the handler corrects the category (priority recomputed) and escalates to Admin PPE."""
    number = (await report(lpse["vendor"]))["number"]
    await lpse["level1"].ok(TAKE, n=number)
    moved = await lpse["level1"].ok("""mutation($n: String!) { recategoriseTicket(input: {number: $n,
        topic: "spse-lupa-password", application: "spse", applicationVersion: "4.4"}) {
        ticket { topic priority { slug } } } }""", n=number)
    assert moved["recategoriseTicket"]["ticket"]["topic"] == "spse-lupa-password"
    short = await lpse["level1"].run(ESCALATE, n=number, m="Mohon dicek")
    assert short.error_codes == ["TEXT_TOO_SHORT"], "messages need at least 15 characters"
    escalated = (await lpse["level1"].ok(ESCALATE, n=number, m="Perlu pengecekan server oleh LKPP."))["escalateTicket"]
    assert escalated["ticket"]["position"] == {"tier": 2, "team": {"slug": "admin-ppe"}}
    await lpse["adminppe"].ok(TAKE, n=number)
    further = (await lpse["adminppe"].ok(ESCALATE, n=number, m="Diteruskan ke tim teknis direktorat."))
    assert further["escalateTicket"]["ticket"]["position"]["tier"] == 3


async def test_4_2_3_2_2_feedback_round_trip(lpse):
    """4.2.3.2.2: ask the reporter for information (waiting for feedback); the reporter answers."""
    number = (await report(lpse["vendor"]))["number"]
    await lpse["level1"].ok(TAKE, n=number)
    asked = (await lpse["level1"].ok(FEEDBACK, n=number, m="Mohon lampirkan tangkapan layar galat."))
    assert asked["requestFeedback"]["ticket"] == {"status": {"name": "waiting_on_reporter"}, "statusLabel": "Menunggu feedback"}
    answered = (await lpse["vendor"].ok(REPLY, n=number, m="Tangkapan layar sudah saya kirim lewat email."))
    assert answered["reply"]["ticket"]["status"]["name"] == "in_progress"


async def test_4_2_3_2_3_confirm_not_yet_then_yes_and_rate(lpse):
    """4.2.3.2.3: the reporter answers a solution: "not yet" with a reason, then "yes"; then rates."""
    number = (await report(lpse["vendor"]))["number"]
    await lpse["level1"].ok(TAKE, n=number)
    await lpse["level1"].ok(RESOLVE, n=number, m="Batas unggah sudah dinaikkan, silakan coba lagi.")
    no_reason = await lpse["vendor"].run(CONFIRM, n=number, ok=False)
    assert no_reason.error_codes == ["TEXT_TOO_SHORT"] and no_reason.errors[0]["extensions"]["field"] == "input.reason"
    back = (await lpse["vendor"].ok(CONFIRM, n=number, ok=False, r="Masih gagal di 90% setelah dicoba."))
    assert back["confirmResolution"]["ticket"]["assignee"] == {"displayName": "LEVEL1"}
    await lpse["level1"].ok(RESOLVE, n=number, m="Cache server sudah dibersihkan, mohon dicoba lagi.")
    done = (await lpse["vendor"].ok(CONFIRM, n=number, ok=True))["confirmResolution"]["ticket"]
    assert (done["status"]["name"], done["statusLabel"]) == ("closed", "Selesai")
    refused = await lpse["vendor"].run(RATE, n=number, a={"stars": 5, "tags": ["Penanganan lambat"]})
    assert refused.error_codes == ["RATING_TAG_NOT_OFFERED"]
    rated = (await lpse["vendor"].ok(RATE, n=number, a={"stars": 5, "tags": ["Kecepatan penanganan", "Keramahan"],
                                                       "message": "Terima kasih"}))["rateTicket"]["rating"]
    assert rated["stars"] == 5


async def test_4_2_3_3_history_keeps_what_i_handled(lpse):
    """4.2.3.3: history lists every ticket the user handled in any way, even after escalation away."""
    number = (await report(lpse["vendor"]))["number"]
    await lpse["level1"].ok(TAKE, n=number)
    await lpse["level1"].ok(ESCALATE, n=number, m="Perlu pengecekan server oleh LKPP.")
    history = await lpse["level1"].ok("{ tickets(queue: HISTORY) { edges { node { number } } } }")
    assert [e["node"]["number"] for e in history["tickets"]["edges"]] == [number]


async def test_reporters_force_close_their_own_ticket(lpse):
    number = (await report(lpse["vendor"]))["number"]
    closed = await lpse["vendor"].ok(
        "mutation($n: String!) { forceCloseTicket(input: {number: $n}) { ticket { status { name } } } }", n=number)
    assert closed["forceCloseTicket"]["ticket"]["status"]["name"] == "closed"


async def test_standard_service_levels_and_closing_without_data(lpse, app):
    """The service standard: response 1x24 h, resolution 3x24 h, paused for its exceptions; a ticket left
    without the requested data for 3x24 h becomes Closed."""
    from datetime import datetime, timezone

    now = [datetime(2026, 12, 14, 1, 0, tzinfo=timezone.utc)]
    app.state.runtime.clock = lambda: now[0]
    number = (await report(lpse["vendor"]))["number"]
    clocks = {c["kind"]: c for c in (await lpse["level1"].ok(DETAIL, n=number))["ticket"]["sla"]}
    assert (clocks["first_response"]["targetSeconds"], clocks["resolution"]["targetSeconds"]) == (86400, 259200)
    await lpse["level1"].ok(TAKE, n=number)
    excepted = await lpse["level1"].ok("""mutation($n: String!) { pauseSla(input: {number: $n, reason: "jaringan",
        note: "Gangguan jaringan pusat data"}) { ticket { sla { kind state } } } }""", n=number)
    assert {c["kind"]: c["state"] for c in excepted["pauseSla"]["ticket"]["sla"]}["resolution"] == "PAUSED"
    await lpse["level1"].ok("mutation($n: String!) { resumeSla(input: {number: $n}) { ticket { number } } }", n=number)
    await lpse["level1"].ok(FEEDBACK, n=number, m="Mohon kirim kode paket dan tangkapan layar.")
    now[0] += timedelta(hours=72, seconds=1)
    await run_due_timers(app.state.runtime, "test")
    closed = (await lpse["vendor"].ok(DETAIL, n=number))["ticket"]
    assert closed["status"]["name"] == "closed" and closed["timeline"]["nodes"][-1] == {"kind": "AUTO_CLOSED", "actor": None}
