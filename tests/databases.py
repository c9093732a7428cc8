"""Real databases for tests: a SQLite file, and a throwaway PostgreSQL database on the machine's server.

PostgreSQL is required: when it cannot be reached the tests that need it fail loudly, never skip.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg

POSTGRES_ADMIN_URL = os.environ.get("LOKET_TEST_POSTGRES_URL", "postgres://127.0.0.1:5432/test")
BACKENDS = [b.strip() for b in os.environ.get("LOKET_TEST_BACKENDS", "sqlite,postgres").split(",") if b.strip()]


def _postgres_url(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    if "@" not in base:
        base = base.replace("://", f"://{os.environ.get('PGUSER', 'root')}@", 1)
    return f"{base}/{database}"


async def _admin(sql: str) -> None:
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise RuntimeError(
            f"PostgreSQL is required by the test suite and {POSTGRES_ADMIN_URL} cannot be reached: {exc}"
        ) from exc
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def throwaway_database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database URL for ``backend``; dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite://{folder / f'loket-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    if backend != "postgres":
        raise ValueError(f"unknown test backend {backend!r}")
    name = f"loket_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _postgres_url(name)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
