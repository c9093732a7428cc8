"""The statements of a report: everything is aggregated in SQL (GROUP BY a bucket number) on SQLite and
PostgreSQL alike. PostgreSQL numbers rows with ``width_bucket`` over the bucket starts, SQLite joins a VALUES
list of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from loket.core.models import Ticket
from loket.core.reports.scope import Scope

# For the statements of a report only: no JIT compilation (70-90 ms a statement, more than these scans gain
# from it). A larger work_mem was measured too: it kept the percentile sorts in memory, but made PostgreSQL
# pick serial hash joins over parallel ones, slower on the whole (bench/RESULTS.md).
POSTGRES_SETTINGS = "SET LOCAL jit = off"


class Sql:
    """One statement's text and parameters, with the dialect's placeholders."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.pg = scope.postgres
        self.params: list[Any] = []

    def p(self, value: Any, cast: str = "") -> str:
        if isinstance(value, datetime) and not self.pg:
            value = value.astimezone(UTC).isoformat(" ")  # as SQLite stores it, so text compares in order
        self.params.append(value)  # numbered on both (SQLite's ?NNN), so text may be built in any order
        return f"${len(self.params)}{cast}" if self.pg else f"?{len(self.params)}"

    def among(self, column: str, values: list[int]) -> str:
        if self.pg:
            return f"{column} = ANY({self.p(list(values), '::int[]')})"
        return f"{column} IN ({', '.join(self.p(value) for value in values)})"

    def tickets(self, alias: str = "t") -> str:
        """Conditions selecting the tickets the report counts."""
        scope, wanted = self.scope, self.scope.wanted
        parts = [f"{alias}.desk_id = {self.p(scope.desk.id)}"]
        if scope.team_ids is not None:
            parts.append(self.among(f"{alias}.team_id", scope.team_ids))
        if scope.topic_ids is not None:
            parts.append(self.among(f"{alias}.topic_id", scope.topic_ids))
        if scope.agent_id is not None:
            parts.append(f"{alias}.assignee_id = {self.p(scope.agent_id)}")
        for column, value in (("reporter_category", wanted.reporter_category), ("priority", wanted.priority),
                              ("channel", wanted.channel)):
            if value is not None:
                parts.append(f"{alias}.{column} = {self.p(value)}")
        return " AND ".join(parts)

    def in_period(self, column: str) -> str:
        return f"{column} >= {self.p(self.scope.lo)} AND {column} < {self.p(self.scope.hi)}"

    def buckets_cte(self) -> str:
        """SQLite: the buckets as a table (b.idx, b.lo, b.hi), to start a WITH clause. Empty on PostgreSQL."""
        if self.pg:
            return ""
        rows = ", ".join(f"({index}, {self.p(bucket.lo)}, {self.p(bucket.hi)})"
                         for index, bucket in enumerate(self.scope.buckets))
        return f"b(idx, lo, hi) AS (VALUES {rows})"

    def bucket_of(self, column: str) -> tuple[str, str]:
        """(the bucket number of ``column``, the join that provides it) for rows already within the period."""
        if self.pg:
            starts = [bucket.lo for bucket in self.scope.buckets]
            return f"width_bucket({column}, {self.p(starts, '::timestamptz[]')}) - 1", ""
        return "b.idx", f" JOIN b ON {column} >= b.lo AND {column} < b.hi"

    def seconds_between(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"EXTRACT(EPOCH FROM ({later} - {earlier}))::float8"
        return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"

    async def rows(self, text: str) -> list[dict[str, Any]]:
        if not self.pg:
            return await Ticket._meta.db.execute_query_dict(text, self.params)
        async with in_transaction() as connection:
            await connection.execute_script(POSTGRES_SETTINGS)
            return await connection.execute_query_dict(text, self.params)


def _with(*ctes: str) -> str:
    present = [cte for cte in ctes if cte]
    return f"WITH {', '.join(present)} " if present else ""


async def _series(scope: Scope, table: str, column: str, where: str = "", *, group: str = "",
                  join_tickets: str = "t.id") -> list[dict[str, Any]]:
    """Rows (idx[, group], n) counting rows of ``table`` (alias x, joined to its ticket t) per bucket of
    ``column`` within the period."""
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of(column)
    source = "loket_ticket t" if table == "loket_ticket" else f"{table} x JOIN loket_ticket t ON t.id = {join_tickets}"
    group_sql = f", {group} AS grp" if group else ""
    text = (f"{_with(cte)}SELECT {index} AS idx{group_sql}, COUNT(*) AS n FROM {source}{join} "
            f"WHERE {sql.tickets()} AND {sql.in_period(column)}{where} GROUP BY 1{', 2' if group else ''}")
    return await sql.rows(text)


def _fill(scope: Scope, rows: list[dict[str, Any]], key: str = "n") -> list[int]:
    values = scope.zeros()
    for row in rows:
        values[int(row["idx"])] += int(row[key])
    return values
