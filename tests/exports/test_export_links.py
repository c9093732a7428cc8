"""Export files, printed tickets and a ticket's zip through their signed links: no header needed, refused like a
missing file when tampered with or after sign-out, and ranges and ETags on exports and prints."""

from __future__ import annotations

import pytest

from tests.exports.helpers import export
from tests.files import bearer_path, link_params, with_params
from tests.ticket_ops import create

LOGOUT = "mutation { logout { revoked } }"
LINKS = "query($n: String!) { ticket(number: $n) { printUrl downloadAllUrl } }"


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def test_an_exports_signed_link_serves_its_file_with_ranges_and_an_etag(people, client, settings):
    agent = people["agent"]
    await create(people["reporter"], title="Printer jams")
    job, content = await export(agent, "CSV")
    url = job["downloadUrl"]
    assert url.startswith(f"{settings.public_url}/exports/") and "sig" in link_params(url)
    response = await client.http.get(url)
    assert response.status_code == 200 and response.content == content
    assert response.headers["content-disposition"].startswith("attachment;"), "a CSV is downloaded"
    assert response.headers["x-content-type-options"] == "nosniff"
    etag = response.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert (await client.http.get(url, headers={"If-None-Match": etag})).status_code == 304
    ranged = await client.http.get(url, headers={"Range": "bytes=3-", "If-Range": etag})
    assert ranged.status_code == 206 and ranged.content == content[3:]
    assert ranged.headers["content-range"] == f"bytes 3-{len(content) - 1}/{len(content)}"
    past = await client.http.get(url, headers={"Range": f"bytes={len(content)}-"})
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{len(content)}"


async def test_an_exports_link_is_its_requesters_alone_and_ends_with_their_session(people, client):
    agent, other = people["agent"], people["agent2"]
    await create(people["reporter"])
    job, _ = await export(agent, "CSV")
    theirs, _ = await export(other, "CSV")
    url = job["downloadUrl"]
    missing = await client.http.get(with_params(url.replace(bearer_path(url),
                                                            "/exports/00000000-0000-4000-8000-000000000000")))
    assert missing.status_code == 404 and missing.json()["errors"][0]["extensions"]["code"] == "EXPORT_NOT_FOUND"
    for tampered in (with_params(url, sig="x" * 43), theirs["downloadUrl"].split("?")[0] + "?" + url.split("?")[1],
                     with_params(url, uid=link_params(theirs["downloadUrl"])["uid"],
                                 sid=link_params(theirs["downloadUrl"])["sid"])):
        response = await client.http.get(tampered)
        assert response.status_code == 404 and response.json() == missing.json(), tampered
    assert (await client.http.get(theirs["downloadUrl"])).status_code == 200
    await agent.ok(LOGOUT)
    assert (await client.http.get(url)).status_code == 404
    assert (await client.http.get(theirs["downloadUrl"])).status_code == 200, "another session goes on"


async def test_a_printed_ticket_and_its_zip_open_from_their_links(people, client, settings):
    reporter = people["reporter"]
    ticket = await create(reporter)
    found = (await reporter.ok(LINKS, n=ticket["number"]))["ticket"]
    assert found["printUrl"].startswith(f"{settings.public_url}/tickets/{ticket['number']}/print.pdf?")
    printed = await client.http.get(found["printUrl"])
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF-")
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.headers["content-disposition"].startswith("inline;"), "a print opens in the browser"
    assert printed.headers["content-security-policy"].startswith("default-src 'none'")
    head = await client.http.get(found["printUrl"], headers={"Range": "bytes=0-4"})
    assert head.status_code == 206 and head.content == b"%PDF-"
    zipped = await client.http.get(found["downloadAllUrl"])
    assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"

    stranger_link = (await people["other_reporter"].ok(LINKS, n=(await create(people["other_reporter"]))["number"]))
    for tampered in (with_params(found["printUrl"], sig="x" * 43),
                     found["printUrl"].split("?")[0] + "?" + stranger_link["ticket"]["printUrl"].split("?")[1],
                     found["downloadAllUrl"].split("?")[0] + "?" + found["printUrl"].split("?")[1]):
        response = await client.http.get(tampered)
        assert response.status_code == 404, tampered
        assert response.json()["errors"][0]["extensions"]["code"] == "TICKET_NOT_FOUND"
    await reporter.ok(LOGOUT)
    assert (await client.http.get(found["printUrl"])).status_code == 404
    assert (await client.http.get(found["downloadAllUrl"])).status_code == 404
