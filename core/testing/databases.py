"""Fresh databases for tests: a SQLite file, or a throwaway PostgreSQL database made on a server the tests
are given (and dropped afterwards). Each is migrated with Loket's committed migrations."""

from __future__ import annotations

import asyncio
import getpass
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from loket.core.settings import Settings

BACKENDS = ("sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgres://127.0.0.1:5432/postgres"


class PostgresUnreachable(RuntimeError):
    """The PostgreSQL server the tests were given cannot be reached; the message says what to set."""


class KitSettings(Settings):
    """Settings read from what the test passes alone: no ``LOKET_*`` variable or ``.env`` file of the machine
    running the tests reaches an app under test."""

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings,)


def parse_backends(text: str, *, source: str) -> list[str]:
    """``"sqlite,postgres"`` -> ``["sqlite", "postgres"]``; an unknown name is a ValueError naming ``source``."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BACKENDS]
    if unknown or not names:
        raise ValueError(f"{source} = {text!r}: choose among {', '.join(BACKENDS)} (comma-separated)")
    return list(dict.fromkeys(names))


def database_url(server_url: str, database: str) -> str:
    """The URL of ``database`` on the server of ``server_url`` (with the user asyncpg would use by default)."""
    parts = urlsplit(server_url)
    netloc = parts.netloc
    if "@" not in netloc:
        netloc = f"{os.environ.get('PGUSER') or getpass.getuser()}@{netloc}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


async def _on_server(server_url: str, sql: str) -> None:
    import asyncpg

    from loket.core.db import redact

    try:
        connection = await asyncpg.connect(server_url, timeout=10)
    except (OSError, asyncio.TimeoutError, asyncpg.PostgresError) as exc:
        raise PostgresUnreachable(
            f"the Loket test kit cannot reach PostgreSQL at {redact(server_url)}: {exc}. Start it, point "
            f"LOKET_TEST_POSTGRES_URL (or the loket_postgres_url ini option) at a server whose user may create "
            f"databases, or leave postgres out of the backends (--loket-backends=sqlite)") from None
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def migrated_database(backend: str, folder: Path, *, postgres_url: str = DEFAULT_POSTGRES_URL) -> Iterator[str]:
    """A fresh database of ``backend`` with every migration applied; its URL. Dropped afterwards."""
    from loket.core import db

    if backend == "sqlite":
        url = f"sqlite://{folder / f'loket-{uuid.uuid4().hex[:8]}.sqlite3'}"
        asyncio.run(db.migrate(KitSettings(database_url=url)))
        yield url
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r} (one of {', '.join(BACKENDS)})")
    name = f"loket_kit_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_on_server(postgres_url, f'CREATE DATABASE "{name}"'))
    try:
        url = database_url(postgres_url, name)
        asyncio.run(db.migrate(KitSettings(database_url=url)))
        yield url
    finally:
        asyncio.run(_on_server(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
