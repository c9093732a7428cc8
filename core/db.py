"""Opening, migrating and checking the database, SQLite or PostgreSQL, through the same models."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.context import TortoiseContext

from loket.core.errors import DatabaseUnavailableError
from loket.core.settings import Settings

APP_LABEL = "loket"
MODEL_MODULES = ["loket.core.models"]
MIGRATIONS_MODULE = "loket.core.migrations"


def connection_name(database_url: str) -> str:
    """The connection is named after its engine: tortoise caches prepared SQL per connection name, so a
    process that opens SQLite and later PostgreSQL (the test suite does) must not share one name."""
    return database_url.split("://", 1)[0].replace("postgresql", "postgres").replace("asyncpg", "postgres")


def _with_busy_timeout(database_url: str) -> str:
    """SQLite: wait up to 5 s for another process's write (a CLI command beside a server) instead of
    failing at once with "database is locked"."""
    if not database_url.startswith("sqlite://") or "busy_timeout" in database_url:
        return database_url
    return f"{database_url}{'&' if '?' in database_url else '?'}busy_timeout=5000"


async def _release_as_is(connection: Any) -> None:
    """What asyncpg's pool runs on a connection given back, after rolling back any open transaction.

    Its default sends ``RESET ALL``, ``CLOSE ALL``, ``UNLISTEN *`` and ``pg_advisory_unlock_all()``: one more
    round trip for every statement run outside a transaction. Loket leaves no session state behind (no
    session-level SET, cursor, LISTEN or advisory lock on pooled connections), so nothing needs undoing.
    """


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The tortoise configuration for a database URL (``sqlite://path`` or ``postgres://...``)."""
    name = connection_name(database_url)
    connection: str | dict[str, Any] = database_url
    if database_url.startswith("sqlite://"):
        from tortoise.backends.base.config_generator import expand_db_url

        connection = expand_db_url(_with_busy_timeout(database_url))
        connection["engine"] = "loket.core.sqlite_backend"
    elif name == "postgres":
        from tortoise.backends.base.config_generator import expand_db_url

        connection = expand_db_url(database_url)
        connection["credentials"]["reset"] = _release_as_is
    return {
        "connections": {name: connection},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "migrations": MIGRATIONS_MODULE,
                "default_connection": name,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def ensure_sqlite_folder(database_url: str) -> None:
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        path = Path(database_url.removeprefix("sqlite://").split("?", 1)[0])
        path.parent.mkdir(parents=True, exist_ok=True)


def redact(database_url: str) -> str:
    """The URL without its password, fit for an error message."""
    if "@" not in database_url or "://" not in database_url:
        return database_url
    scheme, rest = database_url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else f"{scheme}://{user}@{host}"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


async def open_database(settings: Settings, *, global_fallback: bool = True) -> TortoiseContext:
    """Initialise tortoise and prove the connection works, or raise DatabaseUnavailableError.

    ``global_fallback`` makes the context visible to request tasks that the server runs outside the
    lifespan task (tortoise 1.x keeps its state in a ContextVar).
    """
    ensure_sqlite_folder(settings.database_url)
    try:
        await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=global_fallback)
        await check_connection()
    except (OSError, asyncio.TimeoutError, ConnectionError) as exc:
        await Tortoise.close_connections()
        raise DatabaseUnavailableError(url=redact(settings.database_url), reason=_describe(exc)) from exc
    except Exception as exc:
        # asyncpg and aiosqlite raise their own families for refused logins and missing databases
        if type(exc).__module__.split(".")[0] in ("asyncpg", "sqlite3", "aiosqlite"):
            await Tortoise.close_connections()
            raise DatabaseUnavailableError(url=redact(settings.database_url), reason=_describe(exc)) from exc
        raise
    from tortoise.context import require_context

    return require_context()


def connection() -> Any:
    """The open connection (tortoise has exactly one configured)."""
    from tortoise.context import require_context

    return require_context().db()


async def check_connection() -> None:
    await asyncio.wait_for(connection().execute_query("SELECT 1"), timeout=5)


async def close_database() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[None]:
    """Open the database for the duration of a CLI command."""
    await open_database(settings)
    try:
        yield
    finally:
        await close_database()


async def migrate(settings: Settings, progress: Any = None) -> None:
    """Apply every committed migration not yet applied (idempotent)."""
    from tortoise.migrations.api.migrate import migrate as migrate_api

    ensure_sqlite_folder(settings.database_url)
    await open_database(settings)
    try:
        await migrate_api(config=tortoise_config(settings.database_url), progress=progress)
    finally:
        await close_database()


async def unapplied_migrations() -> list[str]:
    """Names of committed migrations the open database has not applied yet."""
    from tortoise.migrations.executor import MigrationExecutor

    config = tortoise_config("sqlite://:memory:")
    executor = MigrationExecutor(connection(), config["apps"])
    return [f"{step.migration.app_label}.{step.migration.name}" for step in await executor.plan() if not step.backward]


async def _migration_writers() -> list[Any]:
    from tortoise.migrations.autodetector import MigrationAutodetector

    config = tortoise_config("sqlite://:memory:")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        return await MigrationAutodetector(ctx.apps, config["apps"]).changes()


async def pending_model_changes() -> list[str]:
    """Describe model changes that no committed migration covers yet (empty when they agree)."""
    return [f"{writer.app_label}.{writer.name}" for writer in await _migration_writers()]


async def make_migrations(name: str | None = None) -> list[Path]:
    """Write a migration for every model change not yet covered (a developer command)."""
    from tortoise.migrations.writer import format_migration_name

    paths = []
    for writer in await _migration_writers():
        if name:
            writer.name = format_migration_name(int(writer.name.split("_", 1)[0]), name)
        paths.append(Path(writer.write()))
    return paths
