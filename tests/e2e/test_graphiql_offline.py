"""GraphiQL on a host without internet: ``loket serve`` with the demo data, and headless Chromium allowed to reach
loopback only. The page renders from the package's own files, runs ``me`` with a bearer header pasted into its
headers editor, follows a subscription over graphql-transport-ws, and keeps the token out of localStorage unless
the user turns "Persist headers" on."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import Page, WebSocket, expect

from tests.browser import OfflinePage, chromium, offline_page
from tests.databases import BACKENDS
from tests.server_process import demo_server

AGENT, PASSWORD = "helpdesk.lpse@spse.demo", "demo-helpdesk"
WAIT = 20_000  # ms: a shared, busy machine; each step normally takes well under a second


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(request.param, tmp_path_factory.mktemp(f"graphiql-{request.param}")) as base:
        yield base


def graphql(base: str, query: str, token: str | None = None, **variables: object) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers,
                      timeout=20).json()
    assert not body.get("errors"), body
    return body["data"]


def sign_in(base: str) -> str:
    """A demo agent signs in through the API, as a developer would before opening GraphiQL."""
    return graphql(base, "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
                   e=AGENT, p=PASSWORD)["login"]["token"]


@asynccontextmanager
async def graphiql(base: str, query: str) -> AsyncIterator[OfflinePage]:
    """GraphiQL in a fresh browser profile (empty localStorage) that can reach this machine only."""
    async with chromium() as browser, offline_page(browser) as offline:
        await offline.page.goto(f"{base}/graphql?q={quote(query)}")
        await expect(offline.page.locator(".graphiql-execute-button")).to_be_visible(timeout=WAIT)
        await expect(offline.page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible()
        yield offline
        assert offline.blocked == [], f"GraphiQL tried to leave the machine: {offline.blocked}"
        assert not [line for line in offline.console if line.startswith(("error", "pageerror"))], offline.console


async def editor_text(page: Page, selector: str) -> str:
    return await page.locator(selector).first.evaluate("element => element.CodeMirror.getValue()")


HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"


async def paste_headers(page: Page, token: str) -> None:
    """Paste ``{"Authorization": "Bearer ..."}`` into the headers editor, as a user would."""
    await page.locator(".graphiql-editor-tools").get_by_text("Headers", exact=True).click()
    await page.locator(HEADERS_EDITOR).click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(json.dumps({"Authorization": f"Bearer {token}"}))
    assert json.loads(await editor_text(page, HEADERS_EDITOR)) == {"Authorization": f"Bearer {token}"}


async def run(page: Page) -> None:
    await page.locator(".graphiql-execute-button").click()


async def result(page: Page) -> str:
    return await editor_text(page, ".result-window .CodeMirror")


async def stored(page: Page) -> str:
    return await page.evaluate("JSON.stringify(Object.assign({}, window.localStorage))")


async def set_persist_headers(page: Page, on: bool) -> None:
    await page.get_by_role("button", name="Open settings dialog").click()
    await page.locator("#enable-persist-headers" if on else "#disable-persist-headers").click()
    await page.keyboard.press("Escape")


async def test_graphiql_renders_with_nothing_from_the_network(server: str):
    async with graphiql(server, "{ desks { slug } }") as offline:
        page = offline.page
        assert await editor_text(page, ".graphiql-query-editor .CodeMirror") == "{ desks { slug } }"
        await run(page)
        await expect(page.locator(".result-window")).to_contain_text("lpse-support", timeout=WAIT)
        # The schema arrived too (introspection over HTTP): the documentation explorer lists the root types.
        await page.get_by_role("button", name="Show Documentation Explorer").click()
        await expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Subscription", timeout=WAIT)


async def test_me_with_a_pasted_header_and_the_token_is_not_kept(server: str):
    token = sign_in(server)
    async with graphiql(server, "{ me { email } }") as offline:
        page = offline.page
        await paste_headers(page, token)
        await run(page)
        await expect(page.locator(".result-window")).to_contain_text(AGENT, timeout=WAIT)
        assert json.loads(await result(page)) == {"data": {"me": {"email": AGENT}}}
        everything = await stored(page)
        assert "{ me { email } }" in everything  # GraphiQL did store its tabs and history...
        assert token not in everything and "Bearer" not in everything  # ...but not the header

        await page.reload()
        await expect(page.locator(".graphiql-execute-button")).to_be_visible(timeout=WAIT)
        await page.locator(".graphiql-editor-tools").get_by_text("Headers", exact=True).click()
        assert await editor_text(page, HEADERS_EDITOR) == ""
        assert token not in await stored(page)


async def test_the_token_is_kept_when_the_user_chooses_it_and_forgotten_when_they_stop(server: str):
    token = sign_in(server)
    async with graphiql(server, "{ me { email } }") as offline:
        page = offline.page
        await set_persist_headers(page, on=True)
        await paste_headers(page, token)
        await run(page)
        await expect(page.locator(".result-window")).to_contain_text(AGENT, timeout=WAIT)
        assert token in await stored(page)

        await set_persist_headers(page, on=False)  # tabs, history and favourites let go of it at once
        assert token not in await stored(page)


async def test_a_subscription_over_graphql_transport_ws_with_the_pasted_token(server: str):
    token = sign_in(server)
    number = graphql(server, "{ tickets(first: 1) { edges { node { number } } } }",
                     token)["tickets"]["edges"][0]["node"]["number"]
    subscription = 'subscription { ticketUpdates(number: "%s") { seq kind message { body } } }' % number
    async with graphiql(server, subscription) as offline:
        page = offline.page
        sockets: list[WebSocket] = []
        sent: list[dict] = []

        def opened(socket: WebSocket) -> None:
            sockets.append(socket)
            socket.on("framesent", lambda payload: sent.append(json.loads(payload)))

        page.on("websocket", opened)
        await paste_headers(page, token)
        await run(page)
        # First the ticket's past events (only a signed-in socket may see them), then a live one.
        await expect(page.locator(".result-window")).to_contain_text('"ticketUpdates"', timeout=WAIT)
        note = f"Dibalas saat GraphiQL mendengarkan {uuid.uuid4().hex[:8]}"
        graphql(server, "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { "
                        "ticket { number } } }", token, n=number, m=note)
        await expect(page.locator(".result-window")).to_contain_text(note, timeout=WAIT)
        assert json.loads(await result(page))["data"]["ticketUpdates"]["message"] == {"body": note}

        assert [socket.url for socket in sockets] == [server.replace("http://", "ws://") + "/graphql"]
        init = next(frame for frame in sent if frame["type"] == "connection_init")
        assert init["payload"] == {"authorization": f"Bearer {token}"}
        assert token not in await stored(page)
