"""Time in the bundled and an outside desk's workflows, over GraphQL with a clock the test moves: deadlines
the people they bind can see, windows that refuse late actions with the desk's words, transitions that fire
exactly once, and a ticket locked after its reply window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from loket.core.models import TicketEvent
from tests.people import Person
from tests.sla.test_event_audience import received_until, watching
from tests.workflow.test_outside_desk import ministry, plugins  # noqa: F401 (fixtures)
from tests.plugins_helpus.conftest import helpus  # noqa: F401 (fixture)
from tests.plugins_spse.conftest import lpse  # noqa: F401 (fixture)
from tests.plugins_spse.test_lpse_support_guide import REPORT
from tests.ticket_ops import action_names

START = datetime(2026, 12, 14, 1, 0, tzinfo=UTC)  # Monday 08:00 in Jakarta

CREATE = "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"
REPLY = "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { ticket { status { name } } } }"
ACT = """mutation($input: PerformActionInput!) { performAction(input: $input) { ticket { status { name } version } } }"""
DEADLINES = """query($n: String!) { ticket(number: $n) { status { name } version closeReason availableActions { name }
  deadlines { kind rule label at action { name label } actionLabel then { name } paused breached }
  timeline { nodes { kind actor { displayName } deadlines { kind rule at } } } } }"""

REPORT_CLOSINGS = """query($desk: String!) { deskReport(desk: $desk, period: {start: "2026-12-14", end: "2026-12-22",
  bucket: DAY}) { systemClosings { autoClosed autoCompleted locked autoClosedSeries { count } } } }"""


@pytest.fixture
def clock(app, loket_clock):
    """The test kit's clock, driving this app: ``advance`` fires each timer at its own moment."""
    loket_clock.set(START)
    loket_clock.attach(app.state.runtime)
    return loket_clock


def utc(moment: datetime) -> str:
    """A moment as the API writes it."""
    return moment.astimezone(UTC).isoformat()


def at(deadline: dict) -> datetime:
    return datetime.fromisoformat(deadline["at"])


async def act(person: Person, number: str, action: str, **inputs):
    return await person.run(ACT, input={"number": number, "action": action, **inputs})


# --- HelpUs: the 1x24 h complaint window -----------------------------------------------------------------------


@pytest.fixture
async def helpus_ticket(helpus, clock) -> str:
    pegawai, admin = helpus["pegawai"], helpus["admin"]
    created = await pegawai.ok(CREATE, input={
        "desk": "helpus", "topic": "printer", "title": "Printer tidak mencetak",
        "description": "Printer di ruang rapat tidak mencetak.", "fields": {"telepon": "0812-3456-7890"}})
    number = created["createTicket"]["ticket"]["number"]
    await admin.ok(ACT, input={"number": number, "action": "take"})
    clock.move(timedelta(hours=2))
    await admin.ok(ACT, input={"number": number, "action": "resolve", "message": "Toner diganti, sudah diuji."})
    return number


async def test_a_helpus_employee_sees_the_complaint_window_and_complains_inside_it(helpus, helpus_ticket, clock):
    pegawai, admin = helpus["pegawai"], helpus["admin"]
    resolved_at = clock.now
    ticket = (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]
    assert ticket["deadlines"] == [{
        "kind": "WINDOW", "rule": "complaint_window", "at": utc(resolved_at + timedelta(hours=24)),
        "label": "Batas pengajuan keluhan; setelahnya permohonan selesai otomatis", "action": {"name": "reopen",
        "label": "Ajukan keluhan"}, "actionLabel": "Ajukan keluhan", "then": {"name": "auto_complete"},
        "paused": False, "breached": False}]
    resolved_event = ticket["timeline"]["nodes"][-1]
    assert resolved_event["kind"] == "RESOLVED" and resolved_event["deadlines"] == [
        {"kind": "WINDOW", "rule": "complaint_window", "at": utc(resolved_at + timedelta(hours=24))}]
    assert "reopen" in action_names(ticket["availableActions"])

    await clock.advance(timedelta(hours=23, minutes=59))
    complained = await act(pegawai, helpus_ticket, "reopen", message="Hasil cetak masih bergaris.")
    assert complained.ok()["performAction"]["ticket"]["status"]["name"] == "in_progress"
    assert (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]["deadlines"] == [], "no window while in process"

    await clock.advance(timedelta(hours=3))
    await admin.ok(ACT, input={"number": helpus_ticket, "action": "resolve", "message": "Drum dibersihkan."})
    again = (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]["deadlines"]
    assert [(d["rule"], at(d)) for d in again] == [("complaint_window", clock.now + timedelta(hours=24))], \
        "a new resolution opens a new window"


async def test_after_the_window_the_request_completes_once_and_a_complaint_is_refused(helpus, helpus_ticket, clock):
    pegawai = helpus["pegawai"]
    end = clock.now + timedelta(hours=24)
    await clock.advance(timedelta(hours=23, minutes=59, seconds=59))
    assert (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]["status"]["name"] == "resolved", "not before 1x24 h"
    await clock.advance(timedelta(seconds=1))
    ticket = (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]
    assert (ticket["status"]["name"], ticket["closeReason"], ticket["deadlines"]) == ("closed", "completed", [])
    assert ticket["timeline"]["nodes"][-1] == {"kind": "AUTO_COMPLETED", "actor": None, "deadlines": []}
    await clock.advance(timedelta(days=3))
    assert await TicketEvent.filter(ticket__number=helpus_ticket, kind="auto_completed").count() == 1

    refused = await act(pegawai, helpus_ticket, "reopen", message="Masih bergaris.")
    assert refused.error_codes == ["ACTION_WINDOW_CLOSED"]
    error = refused.errors[0]
    assert error["message"] == ("Keluhan hanya dapat diajukan dalam 1x24 jam setelah permohonan diselesaikan "
                                "(sampai 2026-12-15 10:00 WIB). Silakan ajukan permohonan baru.")
    assert datetime.fromisoformat(error["extensions"]["allowedUntil"]) == end
    after = (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]
    assert (after["status"]["name"], after["version"]) == ("closed", ticket["version"]), "nothing changed"


async def test_a_complaint_after_the_window_is_refused_even_before_the_system_completes_it(helpus, helpus_ticket,
                                                                                          clock):
    """The runner may lag behind the window's end; the window alone decides."""
    pegawai = helpus["pegawai"]
    clock.move(timedelta(hours=24, seconds=1))  # moved without firing the due completion
    ticket = (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]
    assert ticket["status"]["name"] == "resolved" and "reopen" not in action_names(ticket["availableActions"])
    refused = await act(pegawai, helpus_ticket, "reopen", message="Masih bergaris.")
    assert refused.error_codes == ["ACTION_WINDOW_CLOSED"]
    english = await pegawai.client.execute(ACT, {"input": {"number": helpus_ticket, "action": "reopen",
                                                           "message": "Still striped."}}, language="en")
    assert english.errors[0]["message"].startswith("Complaints are accepted within 1x24 hours of the resolution "
                                                   "(until 2026-12-15 10:00 WIB)")
    assert (await pegawai.ok(DEADLINES, n=helpus_ticket))["ticket"]["version"] == ticket["version"]


# --- LPSE Support: 3x24 h without the requested data closes the ticket --------------------------------------


async def test_an_spse_vendor_sees_the_auto_close_and_the_ticket_closes_then_exactly_once(lpse, clock):
    vendor, level1 = lpse["vendor"], lpse["level1"]
    number = (await vendor.ok(CREATE, input=REPORT))["createTicket"]["ticket"]["number"]
    await level1.ok(ACT, input={"number": number, "action": "take"})
    clock.move(timedelta(minutes=30))
    asked_at = clock.now
    await level1.ok(ACT, input={"number": number, "action": "request_feedback",
                                "message": "Mohon kirim tangkapan layar pesan galatnya."})
    seen = (await vendor.ok(DEADLINES, n=number))["ticket"]
    assert [(d["kind"], d["rule"], at(d), d["action"]["name"], d["label"]) for d in seen["deadlines"]] == [
        ("TRANSITION", "auto_close", asked_at + timedelta(hours=72), "auto_close",
         "Tiket ditutup otomatis bila data yang diminta tidak dikirim dalam 3x24 jam")]
    staff = (await level1.ok(DEADLINES, n=number))["ticket"]["deadlines"]
    assert {d["kind"] for d in staff} == {"TRANSITION", "CLOCK"}, "staff see the SLA clocks too"
    assert [d["rule"] for d in staff if d["kind"] == "CLOCK"] == ["resolution"]
    assert next(d for d in staff if d["kind"] == "CLOCK")["paused"] is True, "waiting on the vendor pauses it"

    await clock.advance(timedelta(hours=72) - timedelta(seconds=1))
    assert (await vendor.ok(DEADLINES, n=number))["ticket"]["status"]["name"] == "waiting_on_reporter"
    await clock.advance(timedelta(seconds=1))
    closed = (await vendor.ok(DEADLINES, n=number))["ticket"]
    assert (closed["status"]["name"], closed["closeReason"], closed["deadlines"]) == ("closed", "no_feedback", [])
    await clock.advance(timedelta(days=5))
    assert await TicketEvent.filter(ticket__number=number, kind="auto_closed").count() == 1
    event = await TicketEvent.get(ticket__number=number, kind="auto_closed")
    assert event.created_at == asked_at + timedelta(hours=72)
    report = (await level1.ok(REPORT_CLOSINGS, desk="lpse-support"))["deskReport"]["systemClosings"]
    assert (report["autoClosed"], report["autoCompleted"], report["locked"]) == (1, 0, 0)
    assert [point["count"] for point in report["autoClosedSeries"]] == [0, 0, 0, 1, 0, 0, 0, 0, 0], "on the 17th"


UPDATES = """subscription($n: String!) { ticketUpdates(number: $n) { seq kind deadlines { kind rule at } } }"""


async def test_live_updates_carry_the_deadlines_when_they_change(lpse, clock, app):
    vendor, level1 = lpse["vendor"], lpse["level1"]
    number = (await vendor.ok(CREATE, input=REPORT))["createTicket"]["ticket"]["number"]
    async with watching(app, vendor, UPDATES, n=number) as stream:
        assert (await received_until(stream, lambda data: True))[0]["ticketUpdates"]["kind"] == "CREATED"
        await level1.ok(ACT, input={"number": number, "action": "take"})
        taken = (await received_until(stream, lambda data: True))[0]["ticketUpdates"]
        assert (taken["kind"], taken["deadlines"]) == ("TAKEN", []), "a new status: the list (none for the vendor)"
        await level1.ok(ACT, input={"number": number, "action": "note", "message": "Cek log server unggah dulu."})
        await level1.ok(ACT, input={"number": number, "action": "request_feedback",
                                    "message": "Mohon kirim tangkapan layar pesan galatnya."})
        asked = (await received_until(stream, lambda data: True))[0]["ticketUpdates"]
        assert asked["kind"] == "FEEDBACK_REQUESTED", "the internal note never reaches the vendor"
        assert asked["deadlines"] == [{"kind": "TRANSITION", "rule": "auto_close",
                                       "at": utc(clock.now + timedelta(hours=72))}]
        await level1.ok(REPLY, n=number, m="Tangkapan layar boleh dikirim lewat balasan tiket ini.")
        await clock.advance(timedelta(hours=72))
        later = [data["ticketUpdates"] for data in await received_until(
            stream, lambda data: data["ticketUpdates"]["kind"] == "AUTO_CLOSED")]
        assert [(event["kind"], event["deadlines"]) for event in later] == [("REPLIED", None), ("AUTO_CLOSED", [])]


async def test_data_sent_in_time_cancels_the_auto_close(lpse, clock):
    vendor, level1 = lpse["vendor"], lpse["level1"]
    number = (await vendor.ok(CREATE, input=REPORT))["createTicket"]["ticket"]["number"]
    await level1.ok(ACT, input={"number": number, "action": "take"})
    await level1.ok(ACT, input={"number": number, "action": "request_feedback",
                                "message": "Mohon kirim tangkapan layar pesan galatnya."})
    await clock.advance(timedelta(hours=71))
    await vendor.ok(ACT, input={"number": number, "action": "answer_feedback",
                                "message": "Terlampir tangkapan layar galat unggah."})
    assert (await vendor.ok(DEADLINES, n=number))["ticket"]["deadlines"] == []
    await clock.advance(timedelta(hours=10))
    assert (await vendor.ok(DEADLINES, n=number))["ticket"]["status"]["name"] == "in_progress"


# --- An outside desk: replies for 7 days after closure, then the ticket is locked -----------------------------


async def _closed_ticket(ministry, clock) -> str:
    employee, centre = ministry["employee"], ministry["centre"]
    number = (await employee.ok(CREATE, input={
        "desk": "ministry-it", "topic": "laptop", "title": "Laptop tidak menyala",
        "description": "Laptop dinas tidak menyala sejak pagi ini."}))["createTicket"]["ticket"]["number"]
    await centre.ok(ACT, input={"number": number, "action": "take"})
    await centre.ok(ACT, input={"number": number, "action": "resolve", "message": "Baterai diganti, sudah menyala."})
    await employee.ok(ACT, input={"number": number, "action": "confirm"})
    return number


async def test_a_reply_inside_the_window_after_closure_reopens_the_ticket(ministry, clock):
    number = await _closed_ticket(ministry, clock)
    closed_at = clock.now
    seen = (await ministry["employee"].ok(DEADLINES, n=number))["ticket"]
    assert [(d["kind"], d["rule"], at(d), d["action"]["name"], d["then"]["name"]) for d in seen["deadlines"]] == [
        ("WINDOW", "reply_after_close", closed_at + timedelta(days=7), "follow_up", "lock")]
    await clock.advance(timedelta(days=6, hours=23))
    reopened = await act(ministry["employee"], number, "follow_up", message="Laptop mati lagi setelah dipakai.")
    assert reopened.ok()["performAction"]["ticket"]["status"]["name"] == "in_progress"
    await clock.advance(timedelta(days=10))
    ticket = (await ministry["employee"].ok(DEADLINES, n=number))["ticket"]
    assert ticket["status"]["name"] == "in_progress", "a reopened ticket is not locked by the old window"
    assert await TicketEvent.filter(ticket__number=number, kind="locked").count() == 0


async def test_after_the_window_the_ticket_is_locked_and_a_reply_is_refused_in_the_desks_words(ministry, clock):
    number = await _closed_ticket(ministry, clock)
    locks_at = clock.now + timedelta(days=7)
    await clock.advance(timedelta(days=8))
    ticket = (await ministry["employee"].ok(DEADLINES, n=number))["ticket"]
    assert (ticket["status"]["name"], ticket["deadlines"], ticket["availableActions"]) == ("locked", [], [])
    assert ticket["timeline"]["nodes"][-1]["kind"] == "LOCKED" and ticket["timeline"]["nodes"][-1]["actor"] is None
    refused = await act(ministry["employee"], number, "follow_up", message="Laptop mati lagi setelah dipakai.")
    assert refused.error_codes == ["ACTION_WINDOW_CLOSED"]
    assert refused.errors[0]["message"] == ("Tiket ini sudah dikunci sejak 2026-12-21 08:00 WIB. Silakan buka "
                                            "tiket baru dan sebutkan nomor tiket ini.")
    assert datetime.fromisoformat(refused.errors[0]["extensions"]["allowedUntil"]) == locks_at
    assert (await ministry["employee"].ok(DEADLINES, n=number))["ticket"]["version"] == ticket["version"]
    report = (await ministry["centre"].ok(REPORT_CLOSINGS, desk="ministry-it"))["deskReport"]["systemClosings"]
    assert (report["autoClosed"], report["autoCompleted"], report["locked"]) == (0, 0, 1)


CLOCKS = """query($n: String!) { ticket(number: $n) { slaBreached slaDueAt
  deadlines { kind rule label at breached } sla { kind label state dueAt breached } } }"""
BREACHES = """{ deskReport(desk: "ministry-it", period: {start: "2026-12-14", end: "2027-01-31", bucket: MONTH}) {
  breaches { tickets breached byClock { clock label tickets breached } } } }"""
WIB = timedelta(hours=7)


async def test_tier_2_gets_a_fresh_limit_in_working_days_extended_while_leadership_decides(ministry, clock):
    employee, centre, it2 = ministry["employee"], ministry["centre"], ministry["it2"]
    number = (await employee.ok(CREATE, input={
        "desk": "ministry-it", "topic": "laptop", "title": "Laptop tidak menyala",
        "description": "Laptop dinas tidak menyala sejak pagi ini."}))["createTicket"]["ticket"]["number"]
    await centre.ok(ACT, input={"number": number, "action": "take"})
    clock.move(timedelta(hours=2))  # Monday 10:00 in Jakarta
    await centre.ok(ACT, input={"number": number, "action": "escalate", "message": "Perlu diperiksa tim TI."})
    monday_10 = clock.now
    seen = (await it2.ok(CLOCKS, n=number))["ticket"]
    tier2 = next(d for d in seen["deadlines"] if d["rule"] == "tier2")
    assert (tier2["kind"], tier2["label"], at(tier2)) == ("CLOCK", "Batas waktu tim TI", monday_10 + timedelta(days=3))
    assert all(d["rule"] != "tier2" for d in (await employee.ok(DEADLINES, n=number))["ticket"]["deadlines"]), \
        "the limit is the staff's"

    await it2.ok(ACT, input={"number": number, "action": "take"})
    clock.move(timedelta(days=1))  # Tuesday 10:00: a decision from leadership is needed
    await it2.ok(ACT, input={"number": number, "action": "await_decision",
                             "message": "Penggantian laptop perlu persetujuan pimpinan."})
    extended = (await it2.ok(CLOCKS, n=number))["ticket"]
    tier2 = next(d for d in extended["deadlines"] if d["rule"] == "tier2")
    # 10 working days from Tuesday 15 December 10:00: two weekends and the holidays the calendar has none of.
    assert at(tier2) == datetime(2026, 12, 29, 10, 0, tzinfo=UTC) - WIB
    assert next(c for c in extended["sla"] if c["kind"] == "tier2")["state"] == "RUNNING", "an extension, not a pause"

    await clock.advance(timedelta(days=3))  # past the old limit (Thursday 10:00)
    assert (await it2.ok(CLOCKS, n=number))["ticket"]["slaBreached"] is False, "no breach at the old limit"
    await clock.advance_to(datetime(2026, 12, 29, 10, 1, tzinfo=UTC) - WIB)
    late = (await it2.ok(CLOCKS, n=number))["ticket"]
    assert late["slaBreached"] is True
    assert next(c for c in late["sla"] if c["kind"] == "tier2")["breached"] is True
    assert await TicketEvent.filter(ticket__number=number, kind="sla_breached").count() == 1
    report = (await it2.ok(BREACHES))["deskReport"]["breaches"]
    assert (report["tickets"], report["breached"]) == (1, 1)
    assert {c["clock"]: (c["tickets"], c["breached"]) for c in report["byClock"]}["tier2"] == (1, 1)
