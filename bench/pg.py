"""The benchmarks' PostgreSQL server (127.0.0.1:5432, trust auth: the test suite's, see tests/databases.py):
database URLs, and creating or dropping a benchmark's own database, kept beyond one run when it is seeded."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.databases import POSTGRES_ADMIN_URL, _admin, _postgres_url  # noqa: E402

database_url = _postgres_url


def throwaway_name(prefix: str = "loket_bench") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


async def database_exists(name: str) -> bool:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        return bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await connection.close()


async def create_database(name: str) -> str:
    await _admin(f'CREATE DATABASE "{name}"')
    return database_url(name)


async def drop_database(name: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
