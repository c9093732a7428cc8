"""tortoise's SQLite backend, with transactions that take the write lock when they begin.

SQLite's default ``BEGIN`` is deferred: a transaction that reads and then writes fails at once with
"database is locked" when another process (a CLI command beside the server, a second worker) wrote in
between, and no busy timeout can help. ``BEGIN IMMEDIATE`` waits for the lock (up to the busy timeout)
before reading, so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class LoketSqliteClient(SqliteClient):
    def _in_transaction(self):
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = LoketSqliteClient


def get_client_class(db_info: dict) -> type[LoketSqliteClient]:
    return LoketSqliteClient
