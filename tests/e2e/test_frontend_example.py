"""The frontend of docs/frontend.md, run for real: the Node example (docs/examples/frontend/example.mjs, with the
pinned graphql-ws) against ``loket serve`` with the demo data; GraphQL Code Generator typing the example's
operations from schema/schema.graphql with no ``any``; and a web app on another origin in headless Chromium
(tests/e2e/pages/webapp.html, with graphql-ws's browser build) that signs in, lists tickets, uploads a screenshot
and shows it through its signed link, receives a live event and opens the offline GraphiQL, with nothing fetched
from off the machine. One file, so that one worker installs the npm project once."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from graphql import GraphQLEnumType, build_schema
from PIL import Image, ImageDraw
from playwright.async_api import expect

from tests.browser import chromium, offline_page, static_site
from tests.databases import BACKENDS
from tests.server_process import demo_server, free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "frontend"
PAGES = Path(__file__).parent / "pages"
REPORTER, REPORTER_PASSWORD = "operator@kemsos.demo", "demo-operator"
AGENT, AGENT_PASSWORD = "agen@kemsos.demo", "demo-agen"
WAIT = 20_000  # ms: a shared, busy machine; each step normally takes well under a second
STEPS = ["signIn", "upload", "createTicket", "pageTickets", "refetchById", "subscribe", "messages", "download",
         "errors", "errorCodes", "refreshSession"]


@pytest.fixture(scope="session")
def npm_project() -> Path:
    """The example's npm project, installed from its lock file (``npm ci``); no npm is a failure, never a skip."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        pytest.fail("node and npm are required by the frontend example's tests (`apt-get install -y nodejs npm`)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    assert int(version.lstrip("v").split(".")[0]) >= 20, f"the example needs Node 20 or later, found {version}"
    installed = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=EXAMPLE, capture_output=True, text=True,
                               timeout=600)
    assert installed.returncode == 0, f"npm ci failed:\n{installed.stdout}\n{installed.stderr}"
    return EXAMPLE


@dataclass
class Setup:
    api: str  # Loket, on http://127.0.0.1:<port>
    site: str  # the web app, on http://localhost:<port>: another origin


@pytest.fixture(scope="module", params=BACKENDS)
def setup(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          npm_project: Path) -> Iterator[Setup]:
    """The web app's folder served on one origin, and ``loket serve`` with the demo data on another, allowing it."""
    folder = tmp_path_factory.mktemp(f"frontend-{request.param}")
    site_folder = folder / "site"
    site_folder.mkdir()
    shutil.copy(PAGES / "webapp.html", site_folder)
    shutil.copy(npm_project / "node_modules" / "graphql-ws" / "umd" / "graphql-ws.min.js", site_folder)
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    with static_site(site_folder) as site, \
            demo_server(request.param, folder, port=port, LOKET_ALLOWED_ORIGINS=site, LOKET_PUBLIC_URL=api) as base:
        assert base == api
        yield Setup(api=api, site=site)


def sign_in(api: str, email: str, password: str) -> str:
    body = httpx.post(f"{api}/graphql", timeout=20, json={
        "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
        "variables": {"i": {"email": email, "password": password}}}).json()
    assert not body.get("errors"), body
    return body["data"]["login"]["token"]


def graphql(api: str, token: str, query: str, **variables: object) -> dict:
    body = httpx.post(f"{api}/graphql", json={"query": query, "variables": variables}, timeout=20,
                      headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}).json()
    assert not body.get("errors"), body
    return body["data"]


# --- The Node example -------------------------------------------------------------------------------------------

def test_the_node_example_runs_every_step(setup: Setup, npm_project: Path):
    run = subprocess.run([shutil.which("node"), "example.mjs"], cwd=npm_project, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "LOKET_URL": setup.api})
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert [line["step"] for line in lines] == STEPS, run.stdout
    step = {line["step"]: line for line in lines}

    assert step["signIn"]["email"] == REPORTER
    assert step["upload"] | {"id": None} == {"step": "upload", "id": None, "name": "screenshot.png", "size": 80,
                                             "contentType": "image/png", "staged": True}
    created = step["createTicket"]
    assert created["attachments"] == ["screenshot.png"]
    # The reporter's tickets, paged two at a time, are the demo's and the new one, as the API lists them.
    token = sign_in(setup.api, REPORTER, REPORTER_PASSWORD)
    mine = graphql(setup.api, token, "{ tickets(queue: MINE, first: 100) { totalCount nodes { number } } }")["tickets"]
    paged = step["pageTickets"]
    assert paged["numbers"] == [node["number"] for node in mine["nodes"]] and paged["found"] is True
    assert paged["pages"] == -(-mine["totalCount"] // 2) and paged["totalCount"] == mine["totalCount"]
    assert step["refetchById"] == {"step": "refetchById", "id": created["id"], "number": created["number"],
                                   "title": "Aplikasi tidak bisa dibuka"}

    reply = f"Kami sedang memeriksa tiket {created['number']}."
    assert step["subscribe"] == {"step": "subscribe", "seq": created["version"] + 1, "kind": "REPLIED",
                                 "actor": "Rudi Agen Helpdesk", "message": reply}
    assert step["messages"] == {"step": "messages", "count": 1, "bodies": [reply], "hasNextPage": False}
    assert step["download"] == {"step": "download", "status": 200, "contentType": "image/png",
                                "disposition": "inline; filename=\"screenshot.png\"; filename*=UTF-8''screenshot.png",
                                "sameBytes": True, "absolute": True, "thumbnailStatus": 200,
                                "thumbnailType": "image/png"}
    assert step["errors"] == {
        "step": "errors",
        "wrongPassword": {"status": 200, "code": "INVALID_CREDENTIALS", "field": "input.password"},
        "tooLongTitle": {"status": 200, "code": "TEXT_TOO_LONG", "field": "input.title"},
        "nullVariable": {"status": 400, "code": "INVALID_VARIABLE", "field": "number"},
        "socket": {"code": 4401, "reason": "INVALID_TOKEN"},
    }
    assert step["errorCodes"]["allKnown"] is True and step["errorCodes"]["count"] > 100
    assert step["refreshSession"] | {"expiresAt": None} == {"step": "refreshSession", "rotated": True,
                                                            "expiresAt": None, "stillSignedIn": True}


# --- GraphQL Code Generator -------------------------------------------------------------------------------------

def generated_types(npm_project: Path) -> str:
    output = npm_project / "generated" / "graphql.ts"
    output.unlink(missing_ok=True)
    run = subprocess.run([shutil.which("npx"), "--no-install", "graphql-codegen", "--config", "codegen.ts"],
                         cwd=npm_project, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    return output.read_text(encoding="utf-8")


def without_comments(source: str) -> str:
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL))


def test_the_code_generator_types_every_operation_without_any(npm_project: Path):
    source = generated_types(npm_project)
    code = without_comments(source)
    assert not re.search(r"\bany\b", code), [line for line in code.splitlines() if re.search(r"\bany\b", line)]

    operations = re.findall(r"^(?:query|mutation|subscription) (\w+)",
                            (npm_project / "operations.graphql").read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(operations) >= 9
    result_types = dict(re.findall(r"^export type (\w+(?:Query|Mutation|Subscription)) = (.*?);$", code,
                                   flags=re.MULTILINE | re.DOTALL))
    for name in operations:
        kind = next(k for k in ("Query", "Mutation", "Subscription") if f"{name}{k}" in result_types)
        assert f"export type {name}{kind}Variables = Exact<" in code, name

    # Ids are strings, in results and in variables and inputs.
    ids = [value.strip() for value in re.findall(r"\b(?:id|ids|attachmentIds)\??: ([^,;}\n]+)", code)]
    assert ids and set(ids) <= {"string", "Array<string> | null | undefined"}, set(ids)

    # Every enum the operations use is a union of exactly the schema's values, and the results use it by name.
    schema = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))
    unions = dict(re.findall(r"^export type (\w+) =\n((?:\s+\| '\w+'\n?)+);", code, flags=re.MULTILINE))
    assert {"ErrorCode", "TicketEventKind", "MessagePurpose", "Channel"} <= set(unions)
    for name, body in unions.items():
        enum = schema.type_map[name]
        assert isinstance(enum, GraphQLEnumType), name
        assert sorted(re.findall(r"'(\w+)'", body)) == sorted(enum.values), name
    results = " ".join(result_types.values())
    for used in ("code: ErrorCode", "kind: TicketEventKind", "purpose: MessagePurpose", "channel: Channel"):
        assert used in results, used

    # And the output is TypeScript that compiles under --strict (no duplicate or missing type).
    compiled = subprocess.run([shutil.which("npx"), "--no-install", "tsc", "--noEmit", "--strict", "--target",
                               "es2022", "--lib", "es2022,dom", "generated/graphql.ts"], cwd=npm_project,
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


# --- A web app on another origin in headless Chromium ------------------------------------------------------------

def screenshot(folder: Path) -> Path:
    """A 64 x 48 PNG, as a reporter's screenshot."""
    image = Image.new("RGB", (64, 48), (240, 240, 240))
    ImageDraw.Draw(image).rectangle((8, 8, 40, 30), fill=(200, 30, 30))
    path = folder / "layar-merah.png"
    image.save(path)
    return path


async def test_a_web_app_on_another_origin(setup: Setup, tmp_path: Path):
    assert urlsplit(setup.site).netloc != urlsplit(setup.api).netloc  # two origins: every call is cross-origin
    token = sign_in(setup.api, REPORTER, REPORTER_PASSWORD)
    listed_by_api = [node["number"] for node in graphql(
        setup.api, token, "{ tickets(queue: MINE, first: 20) { nodes { number } } }")["tickets"]["nodes"]]

    async with chromium() as browser, offline_page(browser) as tab:
        page = tab.page
        await page.goto(f"{setup.site}/webapp.html?api={quote(setup.api)}&desk=kemsos&topic=bantuan-umum")

        # Signs in and lists the reporter's tickets.
        await page.fill("#email", REPORTER)
        await page.fill("#password", REPORTER_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.locator("#who")).to_contain_text(REPORTER, timeout=WAIT)
        await expect(page.locator("#tickets li")).to_have_count(len(listed_by_api), timeout=WAIT)
        assert await page.locator("#tickets li").evaluate_all("items => items.map(i => i.dataset.number)") \
            == listed_by_api

        # Uploads a screenshot with a new ticket and shows it as an <img> through its signed link.
        await page.fill("#title", "Layar merah saat membuka aplikasi")
        await page.fill("#description", "Aplikasi menampilkan layar merah; tangkapan layar terlampir.")
        await page.set_input_files("#file", screenshot(tmp_path))
        await page.get_by_role("button", name="Send").click()
        await expect(page.locator("#ticket")).to_be_visible(timeout=WAIT)
        number = await page.locator("#ticket").get_attribute("data-number")
        await expect(page.locator("#tickets li").first).to_have_attribute("data-number", number, timeout=WAIT)
        await page.wait_for_function("() => { const images = [...document.querySelectorAll('#files img')];"
                                     " return images.length === 2 && images.every(i => i.complete); }", timeout=WAIT)
        shown = await page.locator("#files img").evaluate_all(
            "images => images.map(i => ({kind: i.className, src: i.src, width: i.naturalWidth,"
            " height: i.naturalHeight}))")
        attachment, thumbnail = shown
        assert (attachment["kind"], attachment["width"], attachment["height"]) == ("attachment", 64, 48), shown
        assert thumbnail["kind"] == "thumbnail" and thumbnail["width"] > 0, shown
        for image in shown:
            assert image["src"].startswith(f"{setup.api}/attachments/") and "sig=" in image["src"], image

        # Receives the event of an agent's reply over graphql-ws.
        await expect(page.locator("#live")).to_have_attribute("data-state", "connected", timeout=WAIT)
        reply = f"Kami periksa tiket {number} sekarang."
        agent = sign_in(setup.api, AGENT, AGENT_PASSWORD)
        graphql(setup.api, agent, "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) {"
                                  " ticket { number } } }", n=number, m=reply)
        await expect(page.locator("#messages li")).to_have_text([reply], timeout=WAIT)
        assert await page.locator("#error").text_content() == ""

        # Opens the API's GraphiQL, which renders and runs a query from the package's own files.
        await page.get_by_role("link", name="Try the API in GraphiQL").click()
        await expect(page.locator(".graphiql-execute-button")).to_be_visible(timeout=WAIT)
        assert page.url.startswith(f"{setup.api}/graphql?")
        await page.locator(".graphiql-execute-button").click()
        await expect(page.locator(".result-window")).to_contain_text('"slug": "kemsos"', timeout=WAIT)

        assert tab.blocked == [], f"the page tried to leave the machine: {tab.blocked}"
        assert not [line for line in tab.console if line.startswith(("error", "pageerror"))], tab.console


# --- docs/frontend.md shows the example's own code ----------------------------------------------------------------

def code_lines(text: str) -> list[str]:
    lines = (re.sub(r"\s+//.*$|^\s*//.*$", "", line) for line in text.splitlines())
    return [" ".join(line.split()) for line in lines if line.strip()]


def graphql_definitions(text: str) -> dict[str, str]:
    parts = re.split(r"^(?=(?:query|mutation|subscription) )", text, flags=re.MULTILINE)
    return {match[1]: " ".join(re.sub(r"#[^\n]*", "", part).replace("{", " { ").replace("}", " } ").split())
            for part in parts if (match := re.match(r"(?:query|mutation|subscription) (\w+)", part))}


def test_the_guide_shows_the_examples_code():
    guide = (ROOT / "docs" / "frontend.md").read_text(encoding="utf-8")
    example = set(code_lines((EXAMPLE / "example.mjs").read_text(encoding="utf-8")))
    snippets = re.findall(r"```js\n(.*?)```", guide, flags=re.DOTALL)
    assert len(snippets) >= 5
    missing = [line for snippet in snippets for line in code_lines(snippet) if line not in example]
    assert not missing, f"docs/frontend.md shows JavaScript that example.mjs does not have: {missing}"

    operations = graphql_definitions((EXAMPLE / "operations.graphql").read_text(encoding="utf-8"))
    shown = graphql_definitions("\n".join(re.findall(r"```graphql\n(.*?)```", guide, flags=re.DOTALL)))
    assert len(shown) >= 5
    for name, document in shown.items():
        assert operations.get(name) == document, f"docs/frontend.md shows {name} unlike operations.graphql"
