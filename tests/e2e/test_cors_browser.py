"""A web app on another origin, in headless Chromium, against a real ``loket serve``: the page of an allowed origin
calls /graphql with fetch() (preflighted: JSON and Authorization), reads a 401's code, refreshes its session with
a stale header still set, and opens a websocket; the page of an origin not listed is blocked by the browser and
its websocket closed with 4403 ``FORBIDDEN_ORIGIN``. The page is tests/e2e/pages/cors.html."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import chromium, offline_page, static_site
from tests.databases import BACKENDS, throwaway_database
from tests.e2e.live import login
from tests.server_process import loket_env, run_loket, running_server

PAGES = Path(__file__).parent / "pages"
ME = "query { me { email } }"
REFRESH = "mutation($t: String!) { refreshSession(input: {token: $t}) { token user { email } } }"
AGENT, PASSWORD = "helpdesk.lpse@spse.demo", "demo-helpdesk"


@dataclass
class Setup:
    api: str
    allowed: str  # the base URL of the web app whose origin is listed
    other: str  # the same page, served from an origin that is not


@pytest.fixture(scope="module", params=BACKENDS)
def setup(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp(f"cors-{request.param}")
    with static_site(PAGES) as allowed, static_site(PAGES) as other, \
            throwaway_database(request.param, folder) as url:
        env = loket_env(url, folder / "var", LOKET_ALLOWED_ORIGINS=allowed, LOKET_CORS_MAX_AGE_SECONDS="60")
        for command in ("migrate", "demo"):
            result = run_loket(command, env=env, cwd=folder)
            assert result.returncode == 0, result.stderr
        with running_server(env, folder) as api:
            yield Setup(api, allowed, other)


async def test_a_page_of_an_allowed_origin_uses_the_api(setup: Setup):
    token = login(setup.api, AGENT, PASSWORD)
    async with chromium() as browser, offline_page(browser) as tab:
        await tab.page.goto(f"{setup.allowed}/cors.html")
        me = await tab.page.evaluate("([api, q, t]) => graphql(api, q, {}, t)", [setup.api, ME, token])
        assert me == {"status": 200, "body": {"data": {"me": {"email": AGENT}}}, "wwwAuthenticate": None}

        refused = await tab.page.evaluate("([api, q]) => graphql(api, q, {}, 'stale')", [setup.api, ME])
        assert refused["status"] == 401, refused
        assert refused["body"]["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
        assert "invalid_token" in refused["wwwAuthenticate"], "an exposed header the app may read"

        # The app still sends its stale header: refreshing (like signing in) works all the same.
        refreshed = await tab.page.evaluate("([api, q, t]) => graphql(api, q, {t}, 'stale')",
                                            [setup.api, REFRESH, token])
        assert refreshed["status"] == 200 and not refreshed["body"].get("errors"), refreshed
        new = refreshed["body"]["data"]["refreshSession"]["token"]

        opened = await tab.page.evaluate("([api, t]) => socket(api, t)", [setup.api, new])
        assert opened == {"ack": {"authenticated": True, "userId": opened["ack"]["userId"]}}, opened
        bad = await tab.page.evaluate("([api]) => socket(api, 'forged')", [setup.api])
        assert bad == {"code": 4401, "reason": "INVALID_TOKEN"}
        assert tab.blocked == []


async def test_a_page_of_another_origin_is_blocked_by_the_browser(setup: Setup):
    token = login(setup.api, AGENT, PASSWORD)
    async with chromium() as browser, offline_page(browser) as tab:
        await tab.page.goto(f"{setup.other}/cors.html")
        answer = await tab.page.evaluate("([api, q, t]) => graphql(api, q, {}, t)", [setup.api, ME, token])
        assert "Failed to fetch" in answer.get("blocked", ""), answer
        assert any("CORS" in line for line in tab.console), tab.console
        closed = await tab.page.evaluate("([api, t]) => socket(api, t)", [setup.api, token])
        assert closed == {"code": 4403, "reason": "FORBIDDEN_ORIGIN"}
