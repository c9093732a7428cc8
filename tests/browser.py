"""A real browser for tests: the system's headless Chromium driven by Playwright.

Playwright cannot download its own browsers here, so it drives Debian's ``chromium`` (installed by ``.ci/run``).
A test that needs the browser and cannot start it fails loudly: it is never skipped.

``offline_page`` gives a page whose requests may reach loopback addresses only; anything else (a CDN, a font
service) is aborted and recorded in ``page.blocked``, so a test can assert that nothing tried to leave the machine.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page, Route, async_playwright

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def chromium_path() -> str:
    path = os.environ.get("LOKET_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is not installed: `apt-get install -y chromium` (.ci/run does it)")
    return path


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium for the length of the block."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                   args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class OfflinePage:
    """A page that may only reach loopback; what it tried elsewhere is in ``blocked``."""

    page: Page
    context: BrowserContext
    blocked: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@asynccontextmanager
async def offline_page(browser: Browser) -> AsyncIterator[OfflinePage]:
    context = await browser.new_context()
    page = await context.new_page()
    offline = OfflinePage(page=page, context=context)

    async def gate(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            offline.blocked.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", gate)
    page.on("console", lambda message: offline.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: offline.console.append(f"pageerror: {error}"))
    try:
        yield offline
    finally:
        await context.close()


@contextmanager
def static_site(folder: Path, host: str = "localhost") -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free port (another origin than the API's 127.0.0.1); yield its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

    server = ThreadingHTTPServer((host if host != "localhost" else "127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
