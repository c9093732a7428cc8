"""Fixtures: settings on each database backend, a migrated database per backend and session, the app
with its lifespan running, and a GraphQL client speaking to it in-process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from tortoise.contrib.test import truncate_all_models

from loket.core import db
from loket.core.app import create_app
from loket.core.settings import Settings
from tests.databases import BACKENDS, throwaway_database
from tests.graphql_client import GraphQLClient
from tests.people import Person, make_people

TEST_SECRET = "test-secret-key-that-is-long-enough-for-production-use"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres_only`` run on the PostgreSQL database alone (deselected, not skipped, on SQLite)."""
    selected, deselected = [], []
    for item in items:
        on_sqlite = getattr(item, "callspec", None) and item.callspec.params.get("migrated_database_url") == "sqlite"
        (deselected if on_sqlite and item.get_closest_marker("postgres_only") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database per backend for the whole session, built by applying the committed migrations."""
    with throwaway_database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        asyncio.run(db.migrate(Settings(database_url=url)))
        yield url


@pytest.fixture
def backend(migrated_database_url: str) -> str:
    return "sqlite" if migrated_database_url.startswith("sqlite") else "postgres"


@pytest.fixture
def settings(migrated_database_url: str, tmp_path: Path) -> Settings:
    # Timed transitions are driven by the tests themselves (with a clock they move), not a background loop.
    return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET, plugins="all",
                    run_timers=False)


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[None]:
    """An open, empty database (tables emptied after each test)."""
    await db.open_database(settings)
    try:
        yield
    finally:
        await truncate_all_models()
        await db.close_database()


@pytest.fixture
def plugins() -> list[object]:
    """Extra plugin objects a test module wants registered (override in the module)."""
    return []


@pytest.fixture
async def app(settings: Settings, plugins: list[object]) -> AsyncIterator[object]:
    from loket.core.plugins import get_plugin_manager

    application = create_app(settings, get_plugin_manager(settings, extra_plugins=plugins))
    async with application.router.lifespan_context(application):
        try:
            yield application
        finally:
            await truncate_all_models()


@pytest.fixture
async def client(app: object) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://loket.test") as http:
        yield GraphQLClient(http)


@pytest.fixture
def test_desk_plugins() -> list[object]:
    from tests.plugins import loket_test_desk

    return [loket_test_desk]


@pytest.fixture
async def people(client: GraphQLClient, settings: Settings, app: object) -> dict[str, Person]:
    """Someone in every role at the test desk (the test module must enable it: ``plugins = test_desk``)."""
    return await make_people(client, settings, "testdesk")
