"""Read a database's table structure into comparable sets, the same way for SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

RECORDER_TABLE = "tortoise_migrations"


async def describe(connection: Any, dialect: str) -> dict[str, set[tuple]]:
    if dialect == "sqlite":
        return await _describe_sqlite(connection)
    return await _describe_postgres(connection)


async def _describe_sqlite(connection: Any) -> dict[str, set[tuple]]:
    rows = await connection.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    tables = [row["name"] for row in rows if row["name"] != RECORDER_TABLE]
    columns, indexes, foreign_keys = set(), set(), set()
    for table in tables:
        for col in await connection.execute_query_dict(f'PRAGMA table_info("{table}")'):
            columns.add((table, col["name"], col["type"].upper(), bool(col["notnull"]), col["dflt_value"], col["pk"]))
        for index in await connection.execute_query_dict(f'PRAGMA index_list("{table}")'):
            cols = tuple(c["name"] for c in await connection.execute_query_dict(f'PRAGMA index_info("{index["name"]}")'))
            indexes.add((table, cols, bool(index["unique"])))
        for fk in await connection.execute_query_dict(f'PRAGMA foreign_key_list("{table}")'):
            foreign_keys.add((table, fk["from"], fk["table"], fk["to"], fk["on_delete"]))
    return {"tables": set((t,) for t in tables), "columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}


async def _describe_postgres(connection: Any) -> dict[str, set[tuple]]:
    columns = {
        (r["table_name"], r["column_name"], r["data_type"], r["is_nullable"], r["character_maximum_length"],
         re.sub(r"'[^']*_seq'", "'<seq>'", r["column_default"] or ""))
        for r in await connection.execute_query_dict(
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1", [RECORDER_TABLE])
    }
    tables = {(r["table_name"],) for r in await connection.execute_query_dict(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> $1",
        [RECORDER_TABLE])}
    indexes = {
        (r["tablename"], re.sub(r"INDEX \S+ ON", "INDEX ON", r["indexdef"]))
        for r in await connection.execute_query_dict(
            "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> $1",
            [RECORDER_TABLE])
    }
    constraints = {
        (r["tbl"], r["contype"], r["def"])
        for r in await connection.execute_query_dict(
            "SELECT conrelid::regclass::text AS tbl, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> $1", [RECORDER_TABLE])
    }
    return {"tables": tables, "columns": columns, "indexes": indexes, "foreign_keys": constraints}
