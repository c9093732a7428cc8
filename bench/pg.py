"""The benchmarks' PostgreSQL server (127.0.0.1:5432, trust auth, like the test suite): database URLs, and
creating or dropping a benchmark's own database."""

from __future__ import annotations

import os
import uuid

import asyncpg

ADMIN_URL = os.environ.get("LOKET_TEST_POSTGRES_URL", "postgres://127.0.0.1:5432/test")


def server_url() -> str:
    """The server's URL without a database, naming a user (tortoise's URL parser wants one)."""
    base = ADMIN_URL.rsplit("/", 1)[0]
    if "@" not in base:
        base = base.replace("://", f"://{os.environ.get('PGUSER', 'root')}@", 1)
    return base


def database_url(name: str) -> str:
    return f"{server_url()}/{name}"


def throwaway_name(prefix: str = "loket_bench") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


async def admin(sql: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def database_exists(name: str) -> bool:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        return bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await connection.close()


async def create_database(name: str) -> str:
    await admin(f'CREATE DATABASE "{name}"')
    return database_url(name)


async def drop_database(name: str) -> None:
    await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
