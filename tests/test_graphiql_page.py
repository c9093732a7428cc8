"""The GraphiQL page over HTTP: it names only this server's own files, which are served with long-lived caching,
validators and compression; production serves neither the page nor the files. (The page at work in a browser
without network: tests/e2e/test_graphiql_offline.py.)"""

from __future__ import annotations

import re

import pytest

from loket.core.http.graphiql_page import FILES, FOLDER, assets

VENDORED = ["react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css"]


async def page_and_files(client) -> tuple[str, dict[str, str]]:
    page = await client.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    return page, {url.rsplit("/", 1)[-1]: url for url in urls if url.startswith("/")}


async def test_the_page_loads_nothing_from_elsewhere(client):
    page, files = await page_and_files(client)
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == ["data:,", *[files[name] for name in (
        "graphiql.min.css", "loket-graphiql.css", "react.production.min.js", "react-dom.production.min.js",
        "graphiql.min.js", "loket-graphiql.js")]]
    assert "<script>" not in page.text  # no inline script: the policy below allows none
    policy = dict(part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert page.headers["cache-control"] == "no-cache"


async def test_files_are_the_vendored_ones_at_versioned_urls(client):
    _, files = await page_and_files(client)
    for name in VENDORED:
        response = await client.http.get(files[name], headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200
        vendored = next(FOLDER.glob(f"vendor/*/{name}"))
        assert response.content == vendored.read_bytes()
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["content-type"].startswith("text/css" if name.endswith(".css") else "text/javascript")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "content-encoding" not in response.headers


async def test_a_file_is_revalidated_by_its_etag(client):
    _, files = await page_and_files(client)
    first = await client.http.get(files["graphiql.min.js"], headers={"Accept-Encoding": "identity"})
    etag = first.headers["etag"]
    again = await client.http.get(files["graphiql.min.js"],
                                  headers={"Accept-Encoding": "identity", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    changed = await client.http.get(files["graphiql.min.js"],
                                    headers={"Accept-Encoding": "identity", "If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and len(changed.content) == len(first.content)


async def test_a_browser_gets_the_files_compressed(client):
    _, files = await page_and_files(client)
    response = await client.http.get(files["graphiql.min.js"], headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["content-encoding"] == "gzip" and "Accept-Encoding" in response.headers["vary"].split(", ")
    # httpx hands back the decoded bytes; the length on the wire is the header's
    assert response.content == (FOLDER / "vendor/graphiql/graphiql.min.js").read_bytes()
    assert int(response.headers["content-length"]) < len(response.content) / 3
    plain = await client.http.get(files["graphiql.min.js"], headers={"Accept-Encoding": "identity"})
    assert plain.headers["etag"] != response.headers["etag"]  # two representations, two validators


@pytest.mark.parametrize("path", ["/graphiql/0000000000/graphiql.min.js", "/graphiql/{digest}/page.html",
                                  "/graphiql/{digest}/..%2Fgraphiql_page.py", "/graphiql/{digest}/LICENSE"])
async def test_only_the_listed_files_at_their_digest_are_served(client, path: str):
    _, files = await page_and_files(client)
    digest = files["graphiql.min.js"].split("/")[2]
    response = await client.http.get(path.format(digest=digest))
    assert response.status_code == 404


def test_every_served_file_is_in_the_package_folder():
    assert all((FOLDER / path).is_file() for path in FILES.values())
    readme = (FOLDER / "vendor" / "README.md").read_text(encoding="utf-8")
    for package in ("graphiql", "react", "react-dom"):
        assert (FOLDER / "vendor" / package / "LICENSE").is_file()
        assert re.search(rf"\| `{package}` \| \d+\.\d+\.\d+ \| MIT \|", readme), package
    assert not list(FOLDER.rglob("*.map"))
    assert b"sourceMappingURL" not in (FOLDER / "vendor/graphiql/graphiql.min.js").read_bytes()


class TestProduction:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"env": "production"})

    async def test_neither_the_page_nor_its_files_are_served(self, client):
        page = await client.http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 404 and "graphiql" not in page.text.lower()
        assert (await client.http.get(assets()["graphiql.min.js"].url)).status_code == 404
