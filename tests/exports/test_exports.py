"""Ticket lists exported to CSV and Excel, read back with the csv module and openpyxl: exactly the rows the
same ``tickets`` query shows the same person, typed columns, guarded text, and files only for who asked."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from loket.core.exports.jobs import expire_files, resume_abandoned
from loket.core.models import ExportJob
from tests.exports.helpers import EXPORT, JOB, export, finished, get
from tests.people import stored_key
from tests.ticket_ops import ESCALATE, RESOLVE, TAKE, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


LIST = """query($queue: TicketQueue = ALL, $filter: TicketFilter, $after: String) {
  tickets(queue: $queue, filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { number title createdAt } } } }"""
JAKARTA = ZoneInfo("Asia/Jakarta")
PHONE = {"phone": "081234567890"}


async def listed(person, **variables) -> list[dict]:
    """Every page of the list, as the frontend would show it."""
    found, after = [], None
    while True:
        page = (await person.ok(LIST, after=after, **variables))["tickets"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel reads the text right"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


async def some_tickets(people) -> dict[str, str]:
    reporter, agent = people["reporter"], people["agent"]
    numbers = {
        "printer": (await create(reporter, title="Printer jams on page two", topic="printer"))["number"],
        "laptop": (await create(reporter, title="Laptop fan is loud"))["number"],
        "payment": (await create(reporter, title="ERP payment stuck", topic="erp-payments", application="erp",
                                 applicationVersion="2.0", fields={**PHONE, "amount": "1500000000"}))["number"],
        "other": (await create(people["other_reporter"], title="Someone else's printer", topic="printer"))["number"],
    }
    await agent.ok(TAKE, n=numbers["laptop"])
    await agent.ok(RESOLVE, n=numbers["laptop"], m="Cleaned the fan and the vents.")
    await agent.ok(TAKE, n=numbers["payment"])
    await agent.ok(ESCALATE, n=numbers["payment"], m="Payments are for the experts.")
    return numbers


async def test_a_csv_export_holds_exactly_the_rows_the_list_shows_with_the_same_filter(people):
    numbers = await some_tickets(people)
    agent = people["agent"]
    for variables in ({}, {"filter": {"search": "printer"}}, {"filter": {"desk": "testdesk", "topic": "hardware"}},
                      {"queue": "HISTORY"}, {"filter": {"statuses": ["resolved"]}}):
        shown = [ticket["number"] for ticket in await listed(agent, **variables)]
        job, content = await export(agent, "CSV", **variables)
        rows = read_csv(content)
        assert [row["Ticket number"] for row in rows] == shown, variables
        assert job["rowsDone"] == job["rowsTotal"] == len(shown) and job["progress"] == 1.0
    assert set(shown) == {numbers["laptop"]}

    rows = {row["Ticket number"]: row for row in read_csv((await export(agent, "CSV"))[1])}
    laptop = rows[numbers["laptop"]]
    assert laptop["Title"] == "Laptop fan is loud"
    assert laptop["Status"] == "Resolved" and laptop["Desk"] == "Test Desk"
    assert laptop["Category"] == "Hardware > Laptop" and laptop["Handled by"] == "Agent"
    assert laptop["Reporter"] == "Reporter" and laptop["Reporter email"] == "reporter@test.example"
    assert laptop["Position"] == "Intake" and laptop["Tier"] == "1" and laptop["SLA missed"] == "No"
    assert rows[numbers["payment"]]["Position"] == "Experts" and rows[numbers["printer"]]["Status"] == "Open"
    created = datetime.strptime(laptop["Created at"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=JAKARTA)
    assert abs(created - datetime.now(JAKARTA)) < timedelta(minutes=5), "times are in the desk's time zone"


async def test_a_reporter_exports_only_their_own_tickets_and_an_agent_of_another_desk_none(people):
    numbers = await some_tickets(people)
    mine = read_csv((await export(people["reporter"], "CSV"))[1])
    assert {row["Ticket number"] for row in mine} == {numbers["printer"], numbers["laptop"], numbers["payment"]}
    assert read_csv((await export(people["outsider"], "CSV"))[1]) == []
    theirs = read_csv((await export(people["other_reporter"], "CSV"))[1])
    assert [row["Ticket number"] for row in theirs] == [numbers["other"]]


async def test_an_excel_export_is_a_workbook_with_typed_columns_in_the_desks_time_zone(people):
    numbers = await some_tickets(people)
    agent = people["admin"]
    job, content = await export(agent, "XLSX", filter={"desk": "testdesk"})
    assert content.startswith(b"PK"), "a real .xlsx (zip) workbook, not CSV renamed"
    assert job["fileName"].startswith("tickets-testdesk-") and job["fileName"].endswith(".xlsx")
    rows = {row["Ticket number"]: row for row in read_xlsx(content)}
    assert set(rows) == set(numbers.values())
    payment = rows[numbers["payment"]]
    assert payment["Amount"] == 1500000000 and isinstance(payment["Amount"], int), "a desk's money field is a number"
    assert payment["Application version"] == "2.0" and isinstance(payment["Application version"], str)
    assert payment["Tier"] == 2 and payment["Phone"] == "081234567890", "a phone number stays text"
    assert payment["Working time (days)"] == 0 and not isinstance(payment["Working time (days)"], str)
    assert payment["SLA missed"] is False
    created = payment["Created at"]
    assert isinstance(created, datetime) and created.tzinfo is None, "a real Excel date"
    detail = (await agent.ok('query($n: String!) { ticket(number: $n) { createdAt } }', n=numbers["payment"]))
    stored = datetime.fromisoformat(detail["ticket"]["createdAt"]).astimezone(JAKARTA).replace(tzinfo=None)
    assert abs(created - stored) < timedelta(seconds=1), "shown in the desk's time zone (Asia/Jakarta)"
    assert rows[numbers["printer"]]["Closed at"] is None


async def test_text_that_looks_like_a_formula_stays_text(people):
    evil = '=HYPERLINK("http://evil.example","click")'
    number = (await create(people["reporter"], title=evil, description="@SUM(1+1) and more words here"))["number"]
    row = read_csv((await export(people["reporter"], "CSV"))[1])[0]
    assert row["Ticket number"] == number
    assert row["Title"] == "'" + evil and row["Description"].startswith("'@SUM"), "OWASP: prefixed, never evaluated"
    sheet = openpyxl.load_workbook(io.BytesIO((await export(people["reporter"], "XLSX"))[1])).active
    title = sheet.cell(row=2, column=2)
    assert title.value == evil and title.data_type == "s", "stored as text, not as a formula"


async def test_headers_follow_the_language_asked_for_when_no_desk_is_named(people):
    people["agent"].client.language = "id"
    await some_tickets(people)
    header = read_csv((await export(people["agent"], "CSV"))[1])[0]
    assert {"Nomor tiket", "Judul", "Pelapor", "Dibuat", "Lama pengerjaan (hari)"} <= set(header)
    assert header["SLA terlampaui"] == "Tidak"


async def test_an_invalid_filter_is_refused_at_once_as_the_list_refuses_it(people):
    for bad, code in (({"topic": "laptop"}, "DESK_REQUIRED_FOR_FILTER"), ({"desk": "nope"}, "UNKNOWN_DESK")):
        response = await people["agent"].run(EXPORT, format="CSV", filter=bad)
        assert response.error_codes == [code], response.errors
    assert await ExportJob.all().count() == 0


async def test_only_who_asked_may_follow_or_download_an_export(people, client):
    await some_tickets(people)
    job, _ = await export(people["agent"], "CSV")
    for other in ("agent2", "admin", "superuser", "reporter"):
        response = await people[other].run(JOB, id=job["id"])
        assert response.error_codes == ["EXPORT_NOT_FOUND"], other
        download = await get(people[other], client, job["downloadUrl"])
        assert download.status_code == 404 and download.json()["errors"][0]["extensions"]["code"] == "EXPORT_NOT_FOUND"
    assert (await get(None, client, job["downloadUrl"])).status_code == 401
    assert (await get(people["agent"], client, "/exports/not-a-uuid")).status_code == 404


async def test_an_export_file_expires_and_then_says_so(people, client, app):
    await some_tickets(people)
    agent = people["agent"]
    job, _ = await export(agent, "XLSX")
    runtime = app.state.runtime
    stored = (await ExportJob.get(id=stored_key(job["id"]))).storage_key
    assert await expire_files(runtime) == 0, "not before its time"
    later = datetime.fromisoformat(job["expiresAt"]) + timedelta(seconds=1)
    runtime.clock = lambda: later
    assert await expire_files(runtime) == 1
    assert not await runtime.storage.exists(stored), "the file is deleted from storage"
    assert (await agent.ok(JOB, id=job["id"]))["exportJob"]["status"] == "EXPIRED"
    response = await get(agent, client, job["downloadUrl"])
    assert response.status_code == 410 and response.json()["errors"][0]["extensions"]["code"] == "EXPORT_EXPIRED"


async def test_an_export_left_by_a_stopped_process_is_taken_over(people, app):
    await some_tickets(people)
    agent = people["agent"]
    started = (await agent.ok(EXPORT, format="CSV"))["exportTickets"]["exportJob"]
    await finished(agent, started["id"])
    # As if the process running it had died mid-way: running, its lease run out, no file.
    runtime = app.state.runtime
    await ExportJob.filter(id=stored_key(started["id"])).update(status="running", rows_done=1, storage_key=None,
                                                    lease_until=runtime.now() - timedelta(seconds=1))
    assert await resume_abandoned(runtime) == 1
    job = (await agent.ok(JOB, id=started["id"]))["exportJob"]
    assert job["status"] == "DONE" and job["rowsDone"] == 4
    assert (await ExportJob.get(id=stored_key(started["id"]))).attempt == 2


async def test_a_long_list_is_exported_in_batches_with_progress(people, app, monkeypatch):
    from loket.core.exports import jobs

    monkeypatch.setattr(jobs, "BATCH", 2)  # four tickets: three batches, the list's keyset pages
    numbers = await some_tickets(people)
    seen: list[int] = []
    original = jobs._progress

    async def watched(rt, job, done, **more):
        seen.append(done)
        await original(rt, job, done, **more)

    monkeypatch.setattr(jobs, "_progress", watched)
    for order in ("NEWEST", "SLA_DUE"):
        seen.clear()
        shown = [t["number"] for t in await listed(people["superuser"], queue="ALL")]
        rows = read_xlsx((await export(people["superuser"], "XLSX", order=order))[1])
        assert sorted(row["Ticket number"] for row in rows) == sorted(numbers.values())
        if order == "NEWEST":
            assert [row["Ticket number"] for row in rows] == shown
        assert seen == [0, 2, 4], "progress is recorded batch by batch"


async def test_a_list_too_long_for_one_excel_sheet_fails_with_its_reason(people, client, monkeypatch):
    from loket.core.exports import jobs

    monkeypatch.setattr(jobs, "EXCEL_MAX_ROWS", 3)  # as if four tickets were more than a million rows
    await some_tickets(people)
    agent = people["agent"]
    started = (await agent.ok(EXPORT, format="XLSX"))["exportTickets"]["exportJob"]
    job = await finished(agent, started["id"])
    assert job["status"] == "FAILED" and job["errorCode"] == "EXPORT_TOO_LARGE" and job["downloadUrl"] is None
    assert "export CSV" in job["error"]
    response = await get(agent, client, f"/exports/{stored_key(started['id'])}")
    assert response.status_code == 409 and response.json()["errors"][0]["extensions"]["code"] == "EXPORT_TOO_LARGE"
    assert (await export(agent, "CSV"))[0]["rowsDone"] == 4, "CSV has no such limit"
