"""Ticket numbers: the desk's format (a hook), backed by atomic per-scope counters, unique for certain."""

from __future__ import annotations

from typing import Any

from loket.core.plugins import first_answer

_UPSERT = (
    "INSERT INTO loket_ticket_counter (desk_id, scope, value) VALUES ({p1}, {p2}, 1) "
    "ON CONFLICT (desk_id, scope) DO UPDATE SET value = loket_ticket_counter.value + 1 RETURNING value"
)


async def next_sequence(connection: Any, desk_id: int, scope: str) -> int:
    """The next value of the desk's counter for ``scope`` (1 first). Atomic on SQLite and PostgreSQL: the
    row stays locked until the creating transaction ends, so concurrent creations queue, never collide."""
    dialect = connection.capabilities.dialect
    placeholders = ("$1", "$2") if dialect == "postgres" else ("?", "?")
    sql = _UPSERT.format(p1=placeholders[0], p2=placeholders[1])
    rows = await connection.execute_query_dict(sql, [desk_id, scope[:64]])
    return int(rows[0]["value"])


async def ticket_number(rt, connection: Any, desk, draft, now) -> str:
    """Ask the desk's plugin for a number."""

    async def sequence(scope: str) -> int:
        return await next_sequence(connection, desk.id, scope)

    number = await first_answer(rt.pm.hook.ticket_number, desk=desk.spec, ticket=draft, now=now, sequence=sequence)
    if not isinstance(number, str) or not number.strip():
        raise RuntimeError(f"the ticket_number hook of desk {desk.slug} returned {number!r}")
    return number.strip()
