"""Files on tickets: staged through GraphQL multipart requests, checked against the desk's policy, sent with a
ticket or a message, and downloaded only by those who may see them (one by one, or as a zip)."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from loket.core.models import Attachment, Ticket
from loket.core.settings import Settings
from tests.files import bearer_path
from tests.graphql_client import Response
from tests.people import Person
from tests.ticket_ops import CREATE, REPLY, create, ticket_input

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MB = 1024 * 1024  # the test desk's limit per file

FILE_FIELDS = "id name size contentType sha256 purpose internal staged downloadUrl"
STAGE = ("mutation($input: StageAttachmentInput!) { stageAttachment(input: $input) { attachment { %s } } }"
         % FILE_FIELDS)
REPLACE = ("mutation($input: ReplaceAttachmentInput!) { replaceAttachment(input: $input) { attachment { %s } } }"
           % FILE_FIELDS)
REMOVE = """mutation($id: ID!) { removeAttachment(input: {id: $id}) { removedId } }"""
FILES = """query($n: String!) { ticket(number: $n) { downloadAllUrl attachments { %s }
  messages { nodes { body internal attachments { name } } } } }""" % FILE_FIELDS


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Uploads of up to 3 MB: room for the test desk's 1 MB files, small enough to prove the limit."""
    return settings.model_copy(update={"max_upload_bytes": 3 * MB})


def multipart(query: str, fields: dict, filename: str | bytes, content: bytes,
              content_type: str = "application/octet-stream") -> tuple[bytes, str]:
    """A GraphQL multipart request (operations, map, one file) built byte by byte, so a test controls the
    filename exactly as a hostile client could send it. The file goes inside the mutation's input object, beside
    ``fields``."""
    boundary = f"loket-test-{uuid.uuid4().hex}"
    raw_name = filename if isinstance(filename, bytes) else filename.encode()
    operations = json.dumps({"query": query, "variables": {"input": {**fields, "file": None}}})
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'.encode(),
        json.dumps({"0": ["variables.input.file"]}).encode(), b"\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="0"; filename="'.encode(), raw_name,
        f'"\r\nContent-Type: {content_type}\r\n\r\n'.encode(), content, f"\r\n--{boundary}--\r\n".encode(),
    ])
    return body, f"multipart/form-data; boundary={boundary}"


async def send_file(person: Person, query: str, filename: str | bytes, content: bytes, **fields) -> Response:
    """Send ``query`` (whose variable ``$input`` is the mutation's input) with the file in ``input.file``."""
    body, content_type = multipart(query, fields, filename, content)
    response = await person.client.http.post("/graphql", content=body, headers={
        "Content-Type": content_type, "Authorization": f"Bearer {person.client.token}", "Accept-Language": "en"})
    return Response(response.status_code, response.json())


async def stage(person: Person, filename: str | bytes, content: bytes, purpose: str = "ticket") -> dict:
    response = await send_file(person, STAGE, filename, content, desk="testdesk", purpose=purpose)
    return response.ok()["stageAttachment"]["attachment"]


async def download(person: Person, url: str) -> httpx.Response:
    """``url`` (a signed link or a path) fetched from its route with ``person``'s bearer token."""
    return await person.client.http.get(bearer_path(url),
                                        headers={"Authorization": f"Bearer {person.client.token}"})


def stored_files(settings: Settings) -> list[Path]:
    root = settings.data_dir / "attachments"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def refused(response: Response, code: str, field: str) -> None:
    assert response.status == 200 and response.data is None
    assert [(e["extensions"]["code"], e["extensions"].get("field")) for e in response.errors] == [(code, field)]
    assert response.errors[0]["message"]


# --- staging ---------------------------------------------------------------------------------------------


async def test_a_staged_file_can_be_replaced_and_removed_before_sending(people, settings):
    reporter = people["reporter"]
    first = await stage(reporter, "draft.pdf", PDF)
    assert first["name"] == "draft.pdf" and first["size"] == len(PDF) and first["staged"] is True
    assert first["contentType"] == "application/pdf" and first["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert first["purpose"] == "ticket" and first["internal"] is False
    assert len(stored_files(settings)) == 1

    second = (await send_file(reporter, REPLACE, "final.txt", b"the final text", id=first["id"])).ok()
    second = second["replaceAttachment"]["attachment"]
    assert second["name"] == "final.txt" and second["contentType"] == "text/plain" and second["staged"] is True
    assert [a.original_name for a in await Attachment.all()] == ["final.txt"]
    assert [path.read_bytes() for path in stored_files(settings)] == [b"the final text"]

    assert (await reporter.ok(REMOVE, id=second["id"]))["removeAttachment"] == {"removedId": second["id"]}
    assert await Attachment.all().count() == 0 and stored_files(settings) == []
    refused(await reporter.run(REMOVE, id=second["id"]), "ATTACHMENT_NOT_FOUND", "input.id")


async def test_nobody_else_can_replace_or_remove_my_staged_file(people, settings):
    mine = await stage(people["reporter"], "mine.pdf", PDF)
    other = people["other_reporter"]
    refused(await other.run(REMOVE, id=mine["id"]), "ATTACHMENT_NOT_FOUND", "input.id")
    refused(await send_file(other, REPLACE, "theirs.pdf", PDF, id=mine["id"]), "ATTACHMENT_NOT_FOUND", "input.id")
    assert [a.original_name for a in await Attachment.all()] == ["mine.pdf"] and len(stored_files(settings)) == 1


async def test_a_ticket_is_sent_with_staged_files_under_their_original_names(people, settings):
    reporter = people["reporter"]
    report = await stage(reporter, "Laporan gangguan – Jan 2026.pdf", PDF)
    screenshot = await stage(reporter, "layar.png", PNG)
    ticket = await create(reporter, attachmentIds=[report["id"], screenshot["id"]])

    seen = (await reporter.ok(FILES, n=ticket["number"]))["ticket"]
    assert [(f["name"], f["size"], f["staged"]) for f in seen["attachments"]] == [
        ("Laporan gangguan – Jan 2026.pdf", len(PDF), False), ("layar.png", len(PNG), False)]
    assert bearer_path(seen["downloadAllUrl"]) == f"/tickets/{ticket['number']}/attachments.zip"
    # Stored under generated names, never the uploader's, with the same bytes.
    stored = {path.read_bytes(): path for path in stored_files(settings)}
    assert set(stored) == {PDF, PNG}
    for path in stored.values():
        assert "Laporan" not in str(path) and "layar" not in str(path) and path.suffix == ""
    assert {f["sha256"] for f in seen["attachments"]} == {hashlib.sha256(c).hexdigest() for c in stored}
    rows = {a.original_name: a for a in await Attachment.all()}
    assert all(row.ticket_id is not None for row in rows.values())


async def test_an_upper_case_extension_of_an_allowed_type_is_accepted(people):
    png = await stage(people["reporter"], "SCAN.PNG", PNG)
    pdf = await stage(people["reporter"], "Contract.Pdf", PDF)
    assert (png["name"], png["contentType"]) == ("SCAN.PNG", "image/png")
    assert (pdf["name"], pdf["contentType"]) == ("Contract.Pdf", "application/pdf")


async def test_a_percent_encoded_name_is_shown_decoded(people):
    assert (await stage(people["reporter"], "Surat%20Tugas.pdf", PDF))["name"] == "Surat Tugas.pdf"


@pytest.mark.parametrize("filename, code", [
    ("shell.php", "ATTACHMENT_TYPE_NOT_ALLOWED"),
    ("invoice.pdf.php", "ATTACHMENT_TYPE_NOT_ALLOWED"),
    ("invoice.pdf%2ephp", "ATTACHMENT_TYPE_NOT_ALLOWED"),  # decodes to invoice.pdf.php
    ("README", "ATTACHMENT_TYPE_NOT_ALLOWED"),
    ("photo.jpg", "ATTACHMENT_TYPE_NOT_ALLOWED"),  # allowed by core's default, not by this desk
    (b"shell.php\x00.pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),
    ("shell.php%00.pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),
    ("../../etc/passwd.pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),
    ("..%2F..%2Fvar%2Fwww%2Findex.pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),
    (b"..\\\\..\\\\boot.pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),  # ..\\..\\boot.pdf, quoted as the header requires
    ("invoice\u202egnp.pdf.txt.php", "ATTACHMENT_NAME_NOT_ALLOWED"),  # a right-to-left override
    ("a" * 252 + ".pdf", "ATTACHMENT_NAME_NOT_ALLOWED"),
])
async def test_a_name_that_is_not_a_plain_allowed_file_name_is_refused(people, settings, filename, code):
    response = await send_file(people["reporter"], STAGE, filename, PDF, desk="testdesk", purpose="ticket")
    refused(response, code, "input.file")
    assert await Attachment.all().count() == 0 and stored_files(settings) == []


async def test_a_windows_full_path_from_an_old_browser_keeps_its_base_name_only(people, settings):
    # The multipart parser itself reduces an unquoted drive path (as old Internet Explorer sent) to its base name.
    staged = await stage(people["reporter"], "C:\\Users\\ani\\report.pdf", PDF)
    assert staged["name"] == "report.pdf"
    assert all("report" not in str(path) for path in stored_files(settings))


async def test_a_file_over_the_desks_limit_is_refused_and_nothing_is_kept(people, settings):
    exactly = await stage(people["reporter"], "limit.pdf", PDF + b"0" * (MB - len(PDF)))
    assert exactly["size"] == MB
    response = await send_file(people["reporter"], STAGE, "big.pdf", PDF + b"0" * MB, desk="testdesk")
    refused(response, "ATTACHMENT_TOO_LARGE", "input.file")
    assert "1.0 MB" in response.errors[0]["message"]
    assert [a.original_name for a in await Attachment.all()] == ["limit.pdf"]
    assert len(stored_files(settings)) == 1, "no partial file of the refused upload stays behind"


async def test_an_empty_file_is_refused(people, settings):
    refused(await send_file(people["reporter"], STAGE, "empty.txt", b"", desk="testdesk"), "ATTACHMENT_EMPTY", "input.file")
    assert await Attachment.all().count() == 0 and stored_files(settings) == []


async def test_a_file_whose_bytes_are_not_what_its_name_says_is_refused(people, settings):
    script = b"<?php system($_GET['c']); ?>"
    response = await send_file(people["reporter"], STAGE, "invoice.pdf", script, desk="testdesk")
    refused(response, "ATTACHMENT_CONTENT_MISMATCH", "input.file")
    refused(await send_file(people["reporter"], STAGE, "photo.png", PDF, desk="testdesk"),
            "ATTACHMENT_CONTENT_MISMATCH", "input.file")
    assert await Attachment.all().count() == 0 and stored_files(settings) == []


async def test_a_variable_that_is_not_a_file_is_refused(people):
    staged = {"desk": "testdesk", "purpose": "ticket", "file": "report.pdf"}
    response = await people["reporter"].run(STAGE, input=staged)
    refused(response, "ATTACHMENT_FILE_REQUIRED", "input.file")
    assert await Attachment.all().count() == 0


async def test_a_purpose_the_desk_takes_no_files_for_is_refused(people, settings):
    response = await send_file(people["reporter"], STAGE, "a.pdf", PDF, desk="testdesk", purpose="avatar")
    refused(response, "UNKNOWN_ATTACHMENT_PURPOSE", "input.purpose")
    assert await Attachment.all().count() == 0 and stored_files(settings) == []


# --- sending ---------------------------------------------------------------------------------------------


async def test_more_files_than_the_desk_allows_at_once_are_refused(people, settings):
    reporter = people["reporter"]
    staged = [await stage(reporter, f"part{i}.pdf", PDF) for i in range(4)]
    response = await reporter.run(CREATE, input=ticket_input(attachmentIds=[f["id"] for f in staged]))
    refused(response, "TOO_MANY_ATTACHMENTS", "input.attachmentIds")
    assert await Ticket.all().count() == 0
    assert await Attachment.filter(ticket_id=None).count() == 4 and len(stored_files(settings)) == 4
    # Naming the same file twice counts once.
    ticket = await create(reporter, attachmentIds=[staged[0]["id"]] * 4)
    assert [f["name"] for f in (await reporter.ok(FILES, n=ticket["number"]))["ticket"]["attachments"]] == ["part0.pdf"]


async def test_someone_elses_staged_file_cannot_be_sent(people, settings):
    theirs = await stage(people["other_reporter"], "theirs.pdf", PDF)
    response = await people["reporter"].run(CREATE, input=ticket_input(attachmentIds=[theirs["id"]]))
    refused(response, "ATTACHMENT_NOT_FOUND", "input.attachmentIds")
    assert await Ticket.all().count() == 0
    assert (await Attachment.get()).ticket_id is None and len(stored_files(settings)) == 1


async def test_a_file_staged_for_a_message_cannot_open_a_ticket(people):
    for_a_message = await stage(people["reporter"], "reply.pdf", PDF, purpose="message")
    response = await people["reporter"].run(CREATE, input=ticket_input(attachmentIds=[for_a_message["id"]]))
    refused(response, "ATTACHMENT_NOT_FOR_THIS", "input.attachmentIds")
    assert await Ticket.all().count() == 0


async def test_a_file_already_sent_cannot_be_sent_again(people):
    reporter = people["reporter"]
    report = await stage(reporter, "report.pdf", PDF)
    await create(reporter, attachmentIds=[report["id"]])
    response = await reporter.run(CREATE, input=ticket_input(attachmentIds=[report["id"]]))
    refused(response, "ATTACHMENT_NOT_FOUND", "input.attachmentIds")
    assert await Ticket.all().count() == 1


# --- downloads -------------------------------------------------------------------------------------------


async def test_the_reporter_downloads_a_file_of_their_ticket_under_its_original_name(people):
    reporter = people["reporter"]
    report = await stage(reporter, "Laporan – Jan.pdf", PDF)
    await create(reporter, attachmentIds=[report["id"]])
    response = await download(reporter, report["downloadUrl"])
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-length"] == str(len(PDF))
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("inline;"), "a PDF opens in the browser"
    assert f"filename*=UTF-8''{quote('Laporan – Jan.pdf', safe='')}" in disposition
    assert 'filename="Laporan _ Jan.pdf"' in disposition


async def test_a_file_is_not_found_for_anyone_who_may_not_see_its_ticket(people):
    report = await stage(people["reporter"], "report.pdf", PDF)
    await create(people["reporter"], attachmentIds=[report["id"]])
    missing = await download(people["other_reporter"], f"/attachments/{uuid.uuid4()}")
    for stranger in ("other_reporter", "outsider"):
        response = await download(people[stranger], report["downloadUrl"])
        assert response.status_code == 404 and response.json() == missing.json(), stranger
    assert missing.json()["errors"][0]["extensions"]["code"] == "FILE_NOT_FOUND"
    for staff in ("agent", "admin", "superuser"):
        assert (await download(people[staff], report["downloadUrl"])).content == PDF, staff


async def test_a_staged_file_is_its_uploaders_alone(people):
    draft = await stage(people["reporter"], "draft.pdf", PDF)
    assert (await download(people["reporter"], draft["downloadUrl"])).content == PDF
    for other in ("other_reporter", "agent", "admin"):
        assert (await download(people[other], draft["downloadUrl"])).status_code == 404, other


async def test_downloads_need_a_valid_token(people, client):
    report = await stage(people["reporter"], "report.pdf", PDF)
    ticket = await create(people["reporter"], attachmentIds=[report["id"]])
    for url in (bearer_path(report["downloadUrl"]), f"/tickets/{ticket['number']}/attachments.zip"):
        anonymous = await client.http.get(url)
        assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        forged = await client.http.get(url, headers={"Authorization": "Bearer not-a-token"})
        assert forged.status_code == 401 and forged.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert (await client.http.get("/attachments/")).status_code == 404, "no folder listing, no static mount"


async def test_an_internal_notes_file_reaches_staff_only(people):
    reporter, agent = people["reporter"], people["agent"]
    public = await stage(reporter, "screen.png", PNG)
    ticket = await create(reporter, attachmentIds=[public["id"]])
    note_file = await stage(agent, "diagnosis.txt", b"disk SMART errors: replace the drive", purpose="message")
    await agent.ok(REPLY, n=ticket["number"], m="Internal: the drive is failing.", internal=True,
                   files=[note_file["id"]])

    assert (await download(reporter, note_file["downloadUrl"])).status_code == 404
    seen_by_reporter = (await reporter.ok(FILES, n=ticket["number"]))["ticket"]
    assert [f["name"] for f in seen_by_reporter["attachments"]] == ["screen.png"]

    by_agent = await download(agent, note_file["downloadUrl"])
    assert by_agent.status_code == 200 and by_agent.content == b"disk SMART errors: replace the drive"
    seen_by_agent = (await agent.ok(FILES, n=ticket["number"]))["ticket"]
    assert {(f["name"], f["internal"]) for f in seen_by_agent["attachments"]} == {
        ("screen.png", False), ("diagnosis.txt", True)}
    note = next(m for m in seen_by_agent["messages"]["nodes"] if m["internal"])
    assert note["attachments"] == [{"name": "diagnosis.txt"}]

    zip_url = seen_by_agent["downloadAllUrl"]
    assert read_zip(await download(reporter, zip_url)) == {"screen.png": PNG}
    assert read_zip(await download(agent, zip_url)) == {
        "screen.png": PNG, "diagnosis.txt": b"disk SMART errors: replace the drive"}


def read_zip(response: httpx.Response) -> dict[str, bytes]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


async def test_the_zip_holds_every_visible_file_with_duplicate_names_numbered(people):
    reporter, agent = people["reporter"], people["agent"]
    text = b"line one\n" * 2000
    files = [await stage(reporter, "scan.pdf", PDF), await stage(reporter, "scan.pdf", PDF + b"%second"),
             await stage(reporter, "notes.txt", text)]
    ticket = await create(reporter, attachmentIds=[f["id"] for f in files])
    later = await stage(agent, "SCAN.pdf", PDF + b"%third", purpose="message")
    await agent.ok(REPLY, n=ticket["number"], m="Here is the corrected scan.", files=[later["id"]])

    response = await download(reporter, f"/tickets/{ticket['number']}/attachments.zip")
    assert f"{ticket['number']}-attachments.zip" in response.headers["content-disposition"]
    assert read_zip(response) == {"scan.pdf": PDF, "scan (2).pdf": PDF + b"%second", "notes.txt": text,
                                  "SCAN (3).pdf": PDF + b"%third"}
    for stranger in ("other_reporter", "outsider"):
        refused_zip = await download(people[stranger], f"/tickets/{ticket['number']}/attachments.zip")
        assert refused_zip.status_code == 404
        assert refused_zip.json()["errors"][0]["extensions"]["code"] == "TICKET_NOT_FOUND"


async def test_a_ticket_without_files_gives_an_empty_zip(people):
    ticket = await create(people["reporter"])
    assert read_zip(await download(people["reporter"], f"/tickets/{ticket['number']}/attachments.zip")) == {}


# --- request size --------------------------------------------------------------------------------------


async def test_only_upload_requests_may_be_large(people):
    reporter = people["reporter"]
    headers = {"Authorization": f"Bearer {reporter.client.token}"}
    query = {"query": "{ me { email } }", "variables": {"padding": "x" * MB}}
    large_query = await reporter.client.http.post("/graphql", json=query, headers=headers)
    assert large_query.status_code == 413, "a JSON request keeps the 1 MB limit"
    # A multipart request may be larger than 1 MB (the desk then refuses the file by its own rule) ...
    over_desk_limit = await send_file(reporter, STAGE, "big.pdf", PDF + b"0" * 2 * MB, desk="testdesk")
    refused(over_desk_limit, "ATTACHMENT_TOO_LARGE", "input.file")
    # ... but never larger than LOKET_MAX_UPLOAD_BYTES.
    body, content_type = multipart(STAGE, {"desk": "testdesk"}, "huge.pdf", PDF + b"0" * 3 * MB)
    too_large = await reporter.client.http.post("/graphql", content=body,
                                                headers={**headers, "Content-Type": content_type})
    assert too_large.status_code == 413
    assert await Attachment.all().count() == 0
