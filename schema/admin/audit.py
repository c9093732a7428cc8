"""Reading the audit log: a desk admin their desks' entries, a superuser every entry."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from loket.core.admin.audit import AuditFilter, visible_entries
from loket.core.models import AuditEntry as AuditRow
from loket.core.paging import cursor_of, page_by_id
from loket.schema.inputs import Cursor, Email, ShortText, Slug
from loket.schema.permissions import IsAuthenticated

CURSOR = "audit"


@strawberry.type(description="One administrative change: who made it, when, to what, before and after.")
class AuditEntry:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="Who acted: their email, or 'console (<login>)' for an operator.")
    desk: str | None = strawberry.field(description="The desk's slug, or null for a deployment-wide change.")
    action: str = strawberry.field(description="What was done, e.g. topic.add, user.deactivate (see docs).")
    target: str = strawberry.field(description="What it was done to, e.g. topic:pengaduan, user:12.")
    before: JSON | None = strawberry.field(description="The item before the change (null: it did not exist).")
    after: JSON | None = strawberry.field(description="The item after the change (null: it no longer exists).")


@strawberry.type
class AuditEdge:
    cursor: str
    node: AuditEntry


@strawberry.type(description="A page of the audit log, newest first. Pass `endCursor` as `after` for the next.")
class AuditConnection:
    edges: list[AuditEdge]
    has_next_page: bool
    end_cursor: str | None


@strawberry.input(description="Which audit entries to list.")
class AuditFilterInput:
    desk: Slug | None = None
    actor: Email | None = strawberry.field(default=None, description="The acting user's email.")
    action: ShortText | None = strawberry.field(default=None, description="An action (topic.add) or its "
                                                "prefix (topic).")
    target: ShortText | None = None
    since: datetime | None = None


@strawberry.type
class AuditQueries:
    @strawberry.field(description="Administrative changes, newest first: a desk admin sees their desks' "
                      "entries, a superuser every entry.", permission_classes=[IsAuthenticated])
    async def audit_log(self, info: Info, filter: AuditFilterInput | None = None, first: int = 50,
                        after: Cursor | None = None) -> AuditConnection:
        wanted = filter or AuditFilterInput()
        rt = info.context.runtime
        desk_id = rt.desks.get(wanted.desk, field="filter.desk").id if wanted.desk else None
        query = visible_entries(await info.context.viewer(), AuditFilter(
            desk_id=desk_id, actor_email=wanted.actor, action=wanted.action, target=wanted.target,
            since=wanted.since))
        page = await page_by_id(query.select_related("desk"), first, after, CURSOR)
        edges = [AuditEdge(cursor=cursor_of(row.id, CURSOR), node=_entry(row)) for row in page.rows]
        return AuditConnection(edges=edges, has_next_page=page.has_next_page,
                               end_cursor=edges[-1].cursor if edges else None)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(id=strawberry.ID(str(row.id)), at=row.at, actor=row.actor_label,
                      desk=row.desk.slug if row.desk else None, action=row.action, target=row.target,
                      before=row.before, after=row.after)
