"""Reading the audit log: a desk admin their desks' entries, a superuser every entry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from loket.core.admin.audit import AuditFilter, visible_entries
from loket.core.models import AuditEntry as AuditRow
from loket.core.paging import cursor_of, page_by_id, window
from loket.schema.inputs import Cursor, Email, ShortText, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.connections import (
    AFTER,
    BEFORE,
    DEPRECATED_PAGE_FIELD,
    FIRST,
    LAST,
    Connection,
    connection,
)
from loket.schema.types.node import Node, global_id

CURSOR = "audit"
PAGE_SIZE = 50


@strawberry.type(description="One administrative change: who made it, when, to what, before and after.")
class AuditEntry(Node):
    at: datetime = strawberry.field(description="When the change was made.")
    actor: str = strawberry.field(description="Who acted: their email, or 'console (<login>)' for an operator.")
    desk: str | None = strawberry.field(description="The desk's slug, or null for a deployment-wide change.")
    action: str = strawberry.field(description="What was done, e.g. topic.add, user.deactivate (see docs).")
    target: str = strawberry.field(description="What it was done to, e.g. topic:pengaduan, user:12.")
    before: JSON | None = strawberry.field(description="The item before the change (null: it did not exist).")
    after: JSON | None = strawberry.field(description="The item after the change (null: it no longer exists).")


@strawberry.type(description="A page of the audit log, newest first.")
class AuditConnection(Connection[AuditEntry]):
    @strawberry.field(description="Whether more entries follow.", deprecation_reason=DEPRECATED_PAGE_FIELD)
    def has_next_page(self) -> bool:
        return self.page_info.has_next_page

    @strawberry.field(description="The last entry's cursor.", deprecation_reason=DEPRECATED_PAGE_FIELD)
    def end_cursor(self) -> str | None:
        return self.page_info.end_cursor


@strawberry.input(description="Which audit entries to list.")
class AuditFilterInput:
    desk: Slug | None = strawberry.field(default=None, description="A desk's slug: its entries only (a desk admin "
                                         "names one of their own desks).")
    actor: Email | None = strawberry.field(default=None, description="The acting user's email.")
    action: ShortText | None = strawberry.field(default=None, description="An action (topic.add) or its "
                                                "prefix (topic).")
    target: ShortText | None = strawberry.field(default=None, description="Exactly this target, e.g. "
                                                "topic:pengaduan or user:12.")
    since: datetime | None = strawberry.field(default=None, description="Entries made at or after this moment.")


@strawberry.type
class AuditQueries:
    @strawberry.field(description="Administrative changes, newest first: a desk admin sees their desks' "
                      "entries, a superuser every entry.", permission_classes=[IsAuthenticated])
    async def audit_log(self, info: Info,
                        filter: Annotated[AuditFilterInput | None, strawberry.argument(
                            description="Conditions every entry listed meets; none by default.")] = None,
                        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                        after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                        before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                        ) -> AuditConnection:
        wanted = filter or AuditFilterInput()
        rt = info.context.runtime
        desk_id = rt.desks.get(wanted.desk, field="filter.desk").id if wanted.desk else None
        query = visible_entries(await info.context.viewer(), AuditFilter(
            desk_id=desk_id, actor_email=wanted.actor, action=wanted.action, target=wanted.target,
            since=wanted.since))
        page = await page_by_id(query.select_related("desk"), window(first, after, last, before, default=PAGE_SIZE),
                                CURSOR)
        found = connection(page, lambda row: cursor_of(row.id, CURSOR), audit_entry)
        return AuditConnection(edges=found.edges, page_info=found.page_info)


def audit_entry(row: AuditRow) -> AuditEntry:
    """An entry as the log shows it (its desk selected with it)."""
    return AuditEntry(id=global_id("AuditEntry", row.id), at=row.at, actor=row.actor_label,
                      desk=row.desk.slug if row.desk else None, action=row.action, target=row.target,
                      before=row.before, after=row.after)
