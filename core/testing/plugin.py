"""The Loket test kit as a pytest plugin, enabled by the ``pytest11`` entry point of an installed Loket.

Fixtures (all prefixed ``loket_``; docs/testing.md shows them at work):

- ``loket_plugins``: override it to name the plugins of the app under test.
- ``loket_backend``, ``loket_database_url``: the database backend of this test and a fresh migrated database
  of it (one per backend and session; tables are emptied after each test).
- ``loket_settings``, ``loket_clock``, ``loket_app``, ``loket_client``, ``loket_accounts``.

Backends: ``--loket-backends=sqlite,postgres``, else ``LOKET_TEST_BACKENDS``, else the ``loket_backends`` ini
option, else SQLite alone. A test asking for the app runs once per backend.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # the fixtures below then say that they need it when a test asks for them
    async_fixture = pytest.fixture

SECRET = "loket-test-kit-secret-key-long-enough-for-any-check"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("loket", "Loket test kit")
    group.addoption("--loket-backends", dest="loket_backends", default=None, metavar="NAMES",
                    help="database backends each Loket test runs on: sqlite, postgres or both (comma-separated)")
    parser.addini("loket_backends", "database backends each Loket test runs on (default: sqlite)", default="")
    parser.addini("loket_postgres_url", "a PostgreSQL server whose user may create databases: the kit makes a "
                  "throwaway database there (LOKET_TEST_POSTGRES_URL overrides it)", default="")


def chosen_backends(config: pytest.Config) -> list[str]:
    from loket.core.testing.databases import parse_backends

    for source, value in (("--loket-backends", config.getoption("loket_backends")),
                          ("LOKET_TEST_BACKENDS", os.environ.get("LOKET_TEST_BACKENDS")),
                          ("loket_backends", config.getini("loket_backends"))):
        if value:
            try:
                return parse_backends(value, source=source)
            except ValueError as exc:
                raise pytest.UsageError(str(exc)) from None
    return ["sqlite"]


def postgres_server(config: pytest.Config) -> str:
    from loket.core.testing.databases import DEFAULT_POSTGRES_URL

    return os.environ.get("LOKET_TEST_POSTGRES_URL") or config.getini("loket_postgres_url") or DEFAULT_POSTGRES_URL


def pytest_configure(config: pytest.Config) -> None:
    chosen_backends(config)  # a wrong name stops the run at once


def pytest_report_header(config: pytest.Config) -> str:
    from loket.core.db import redact

    backends = chosen_backends(config)
    where = f" ({redact(postgres_server(config))})" if "postgres" in backends else ""
    return f"loket test kit: backends {', '.join(backends)}{where}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "loket_backend" not in metafunc.fixturenames or _parametrised_by_test(metafunc):
        return
    metafunc.parametrize("loket_backend", chosen_backends(metafunc.config), indirect=True, scope="session")


def _parametrised_by_test(metafunc: pytest.Metafunc) -> bool:
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0] if marker.args else marker.kwargs.get("argnames", "")
        if "loket_backend" in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return True
    return False


@pytest.fixture(scope="session")
def loket_backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgres"``: the backend this test runs on."""
    return getattr(request, "param", None) or chosen_backends(request.config)[0]


@pytest.fixture(scope="session")
def loket_database_url(loket_backend: str, request: pytest.FixtureRequest,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database of the backend, migrated, shared by the session's tests of that backend."""
    from loket.core.testing.databases import PostgresUnreachable, migrated_database

    unreachable = None
    try:
        with migrated_database(loket_backend, tmp_path_factory.mktemp(f"loket-{loket_backend}"),
                               postgres_url=postgres_server(request.config)) as url:
            yield url
    except PostgresUnreachable as exc:
        unreachable = str(exc)
    if unreachable:  # failed outside the except clause: one line, without the chain of causes
        pytest.fail(unreachable, pytrace=False)


@pytest.fixture
def loket_plugins() -> list[Any]:
    """The plugins of the app under test: installed plugins by entry-point name (``"spse"``) and plugin objects
    (a module with ``@hookimpl`` functions). Override it; by default the app has core alone."""
    return []


@pytest.fixture
def loket_settings(loket_database_url: str, loket_plugins: list[Any], tmp_path: Path):
    """The settings of the app under test. Timers fire only when ``loket_clock.advance`` lets time pass: no
    background runner, outbox sender or export runner is started. No ``LOKET_*`` variable reaches them."""
    from loket.core.testing.databases import KitSettings

    names = [plugin for plugin in loket_plugins if isinstance(plugin, str)]
    return KitSettings(database_url=loket_database_url, data_dir=tmp_path / "loket", secret_key=SECRET,
                       plugins=",".join(names) or "none", run_timers=False)


@pytest.fixture
def loket_clock():
    """The app's clock: ``ManualClock`` starting at ``loket.core.testing.START`` (Monday 2 February 2026, 08:00
    Asia/Jakarta)."""
    from loket.core.testing.clock import ManualClock

    return ManualClock()


@async_fixture
async def loket_app(loket_settings, loket_plugins: list[Any], loket_clock) -> AsyncIterator[Any]:
    """The Starlette app under test, started (desks synchronised) and reading ``loket_clock``."""
    from tortoise.contrib.test import truncate_all_models

    from loket.core.app import create_app
    from loket.core.plugins import get_plugin_manager

    objects = [plugin for plugin in loket_plugins if not isinstance(plugin, str)]
    app = create_app(loket_settings, get_plugin_manager(loket_settings, extra_plugins=objects))
    loket_clock.attach(app.state.runtime)
    async with app.router.lifespan_context(app):
        try:
            yield app
        finally:
            await truncate_all_models()


@async_fixture
async def loket_client(loket_app) -> AsyncIterator[Any]:
    """An anonymous GraphQL client of the app (``Client``); ``sign_in`` gives signed-in ones."""
    import httpx

    from loket.core.testing.client import Client

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=loket_app), base_url="http://loket.test") as http:
        yield Client(http)


@pytest.fixture
def loket_accounts(loket_client):
    """Makes accounts in the app and signs them in (``Accounts``)."""
    from loket.core.testing.accounts import Accounts

    return Accounts(loket_client)
