"""Files as a web page uses them: signed absolute links that need no header (for `<img src>` and `<a href>`),
refused like a missing file when forged, expired, another's, or after the session ended; inline or attachment,
ranges and conditional requests, on the attachments' route."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from loket.core.files import links
from loket.core.models import AuthSession
from loket.core.settings import Settings
from loket.core.timekeeping.clock import utcnow
from tests.admin.people_ops import DEACTIVATE
from tests.files import bearer_path, link_params, with_params
from tests.people import Person
from tests.ticket_ops import create
from tests.tickets.test_attachments import PDF, PNG, download, stage

LOGOUT = "mutation { logout { revoked } }"
TEXT = b"line one\nline two\n" * 40


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def fetch(client, url: str, **headers: str) -> httpx.Response:
    """What a browser does with the link: no Authorization header."""
    return await client.http.get(url, headers=headers)


async def sent_file(person: Person, name: str, content: bytes) -> dict:
    """A file sent with a new ticket: the file as staged, with the ticket's ``number``."""
    staged = await stage(person, name, content)
    ticket = await create(person, attachmentIds=[staged["id"]])
    return {**staged, "number": ticket["number"]}


async def test_a_signed_link_is_absolute_and_needs_no_header(people, client, settings):
    report = await sent_file(people["reporter"], "Laporan – Jan.pdf", PDF)
    url = report["downloadUrl"]
    assert url.startswith(f"{settings.public_url}/attachments/") and set(link_params(url)) == {
        "uid", "sid", "exp", "sig"}
    response = await fetch(client, url)
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'", \
        "no sandbox for a PDF: Chrome's viewer refuses to run in one"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-disposition"].startswith("inline;"), "a PDF opens in the browser"
    # The same link works from a page of another origin (what an <img> or <a> sends: no credentials at all).
    cross = await fetch(client, url, Origin="https://app.example", Referer="https://app.example/tickets")
    assert cross.status_code == 200 and cross.content == PDF


async def test_a_link_comes_from_the_files_base_url_when_one_is_set(people, client, settings, app):
    app.state.runtime.settings = settings.model_copy(update={"files_base_url": "https://files.example/api/"})
    try:
        staged = await stage(people["reporter"], "report.pdf", PDF)
    finally:
        app.state.runtime.settings = settings
    assert staged["downloadUrl"].startswith("https://files.example/api/attachments/")


async def test_images_and_pdfs_open_inline_and_anything_else_is_an_attachment(people, client):
    reporter = people["reporter"]
    for name, content, kind in (("screen.png", PNG, "inline"), ("report.pdf", PDF, "inline"),
                                ("notes – draft.txt", TEXT, "attachment")):
        response = await fetch(client, (await stage(reporter, name, content))["downloadUrl"])
        disposition = response.headers["content-disposition"]
        assert response.status_code == 200 and disposition.startswith(f"{kind};"), name
        assert response.headers["x-content-type-options"] == "nosniff", name
        assert response.headers["content-security-policy"].startswith("default-src 'none'"), name
        assert ("sandbox" in response.headers["content-security-policy"]) == (kind == "attachment" or
                                                                               name.endswith(".png")), name
    assert "filename*=UTF-8''notes%20%E2%80%93%20draft.txt" in disposition
    assert 'filename="notes _ draft.txt"' in disposition


async def test_a_link_that_is_forged_expired_or_another_files_is_not_found(people, client, settings):
    reporter, other = people["reporter"], people["other_reporter"]
    mine = await sent_file(reporter, "report.pdf", PDF)
    theirs = await sent_file(other, "theirs.pdf", PDF)
    url, their_url = mine["downloadUrl"], theirs["downloadUrl"]
    missing = await fetch(client, with_params(url.replace(bearer_path(url), "/attachments/"
                                                          "00000000-0000-4000-8000-000000000000")))
    assert missing.status_code == 404 and missing.json()["errors"][0]["extensions"]["code"] == "FILE_NOT_FOUND"
    params = link_params(url)
    session = await AuthSession.get(id=params["sid"])
    path, ref = links.attachment_link(bearer_path(url).rsplit("/", 1)[1])
    expired = links.signed_url(settings, utcnow() - timedelta(seconds=settings.file_link_ttl_seconds + 61),
                               session, path, ref)
    refused = {
        "forged signature": with_params(url, sig="A" * 43),
        "no signature": with_params(url, sig=""),
        "longer expiry": with_params(url, exp=str(int(params["exp"]) + 3600)),
        "another file": their_url.split("?")[0] + "?" + url.split("?")[1],
        "another user": with_params(url, uid=link_params(their_url)["uid"]),
        "another session": with_params(url, uid=link_params(their_url)["uid"], sid=link_params(their_url)["sid"]),
        "malformed": with_params(url, exp="soon", sid="x"),
        "expired": expired,
        "another kind of file's link": url.split("?")[0] + "?" + (await reporter.ok(
            THUMBS, n=mine["number"]))["ticket"]["printUrl"].split("?")[1],
    }
    for why, link in refused.items():
        response = await fetch(client, link)
        assert response.status_code == 404 and response.json() == missing.json(), why
        assert "Content-Disposition" not in response.headers, why
    # Followed with another user's token, a link is not theirs either; with its own user's, it is.
    assert (await client.http.get(url, headers={"Authorization": f"Bearer {other.client.token}"})).status_code == 404
    assert (await client.http.get(url, headers={"Authorization": f"Bearer {reporter.client.token}"})).content == PDF
    assert (await fetch(client, url)).content == PDF, "the genuine link still works"


async def test_a_link_ends_when_its_session_is_signed_out(people, client):
    reporter = people["reporter"]
    url = (await sent_file(reporter, "report.pdf", PDF))["downloadUrl"]
    assert (await fetch(client, url)).status_code == 200
    assert (await reporter.ok(LOGOUT)) == {"logout": {"revoked": True}}
    assert (await fetch(client, url)).status_code == 404


async def test_a_link_ends_when_its_account_is_deactivated(people, client):
    agent = people["agent2"]
    sent = await sent_file(people["reporter"], "report.pdf", PDF)
    url = sent["downloadUrl"]
    agents_url = (await agent.ok(THUMBS, n=sent["number"]))["ticket"]["attachments"][0]["downloadUrl"]
    assert (await fetch(client, agents_url)).content == PDF
    await people["admin"].ok(DEACTIVATE, user=str(agent.user.id))
    assert (await fetch(client, agents_url)).status_code == 404
    assert (await fetch(client, url)).status_code == 200, "the reporter's own link still works"


async def test_a_link_ends_when_the_user_may_no_longer_see_the_file(people, client):
    reporter = people["reporter"]
    staged = await stage(reporter, "draft.pdf", PDF)
    assert (await fetch(client, staged["downloadUrl"])).status_code == 200
    await reporter.ok("mutation($id: ID!) { removeAttachment(input: {id: $id}) { removedId } }", id=staged["id"])
    assert (await fetch(client, staged["downloadUrl"])).status_code == 404


THUMBS = """query($n: String!, $s: Int! = 256) { ticket(number: $n) { printUrl downloadAllUrl
  attachments { name contentType downloadUrl thumbnailUrl(size: $s) } } }"""


# --- ranges and conditional requests ------------------------------------------------------------------------


async def test_one_range_is_served_as_206_and_several_as_the_whole_file(people, client):
    url = (await stage(people["reporter"], "notes.txt", TEXT))["downloadUrl"]
    size = len(TEXT)
    for asked, (start, end) in {"bytes=0-9": (0, 9), "bytes=10-": (10, size - 1), "bytes=-5": (size - 5, size - 1),
                                f"bytes=5-{size * 10}": (5, size - 1), "bytes=-99999999": (0, size - 1),
                                f"bytes={size - 1}-{size - 1}": (size - 1, size - 1)}.items():
        response = await fetch(client, url, Range=asked)
        assert response.status_code == 206, asked
        assert response.headers["content-range"] == f"bytes {start}-{end}/{size}", asked
        assert response.content == TEXT[start:end + 1] and response.headers["content-length"] == str(end - start + 1)
    for whole in ("bytes=0-1,5-9", "bytes=0-0, -1", "items=0-5"):
        response = await fetch(client, url, Range=whole)
        assert response.status_code == 200 and response.content == TEXT, whole
        assert "content-range" not in response.headers, whole


async def test_a_range_past_the_end_or_unsatisfiable_is_416(people, client):
    url = (await stage(people["reporter"], "notes.txt", TEXT))["downloadUrl"]
    size = len(TEXT)
    for asked in (f"bytes={size}-", f"bytes={size + 100}-{size + 200}", "bytes=-0", "bytes=9-3", "bytes=abc",
                  "bytes=" + "9" * 5000 + "-", "bytes=-"):
        response = await fetch(client, url, Range=asked)
        assert response.status_code == 416, asked
        assert response.headers["content-range"] == f"bytes */{size}", asked
        assert response.content == b"" and response.headers["x-content-type-options"] == "nosniff"


async def test_an_etag_answers_304_to_if_none_match_and_guards_if_range(people, client):
    staged = await stage(people["reporter"], "notes.txt", TEXT)
    url = staged["downloadUrl"]
    first = await fetch(client, url)
    etag = first.headers["etag"]
    assert etag == f'"{staged["sha256"]}"', "a strong tag of the content"
    for tags in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await fetch(client, url, **{"If-None-Match": tags})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag, tags
    assert (await fetch(client, url, **{"If-None-Match": '"other"'})).status_code == 200
    assert (await fetch(client, url, Range="bytes=0-3", **{"If-Range": etag})).status_code == 206
    changed = await fetch(client, url, Range="bytes=0-3", **{"If-Range": '"changed"'})
    assert changed.status_code == 200 and changed.content == TEXT


async def test_head_answers_the_headers_alone(people, client):
    url = (await stage(people["reporter"], "notes.txt", TEXT))["downloadUrl"]
    response = await client.http.head(url)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(len(TEXT)) and response.headers["etag"]


async def test_the_bearer_route_still_serves_api_clients(people):
    reporter = people["reporter"]
    staged = await stage(reporter, "notes.txt", TEXT)
    response = await download(reporter, staged["downloadUrl"])
    assert response.status_code == 200 and response.content == TEXT
    ranged = await reporter.client.http.get(bearer_path(staged["downloadUrl"]), headers={
        "Authorization": f"Bearer {reporter.client.token}", "Range": "bytes=-4"})
    assert ranged.status_code == 206 and ranged.content == TEXT[-4:]


async def test_settings_bound_the_link_lifetime(settings: Settings):
    assert settings.file_link_ttl_seconds == 300
    now = utcnow()
    ends = links.expiry(settings, now)
    assert now.timestamp() + 300 <= ends < now.timestamp() + 360 and ends % 60 == 0
