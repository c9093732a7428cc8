"""The audit log: every administrative change records who made it, when, to what, and the values before and after.

``record`` is called inside the transaction that makes the change, so the change and its record commit together
or not at all. Values are plain JSON (what the GraphQL API shows); secrets (passwords, tokens) are never passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from loket.core.errors import PermissionDeniedError
from loket.core.models import AuditEntry, User
from loket.core.workflow.access import Viewer


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a signed-in user, or an operator at the console (``user`` None)."""

    user: User | None
    label: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user=user, label=user.email)

    @classmethod
    def console(cls, login: str) -> Actor:
        return cls(user=None, label=f"console ({login})")


async def record(actor: Actor, at: datetime, action: str, target: str, *, before: Any = None, after: Any = None,
                 desk_id: int | None = None) -> AuditEntry:
    """Record one administrative change; call it in the change's own transaction."""
    return await AuditEntry.create(at=at, actor=actor.user, actor_label=actor.label[:300], desk_id=desk_id,
                                   action=action, target=target[:300], before=before, after=after)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: of one desk, by one actor (email), of one action, at or after ``since``."""

    desk_id: int | None = None
    actor_email: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None


def visible_entries(viewer: Viewer, wanted: AuditFilter):
    """The entries ``viewer`` may read, newest first: a superuser every one, a desk admin their desks' ones.

    Deployment-wide entries (accounts, superuser grants) are the superusers' alone; an account's changes on a
    desk (a team membership, the desk-admin role) belong to that desk and show in its log.
    """
    if not viewer.is_superuser:
        if not viewer.admin_desk_ids or (wanted.desk_id is not None and wanted.desk_id not in viewer.admin_desk_ids):
            raise PermissionDeniedError()
    query = AuditEntry.all()
    if not viewer.is_superuser:
        query = query.filter(desk_id__in=sorted(viewer.admin_desk_ids))
    if wanted.desk_id is not None:
        query = query.filter(desk_id=wanted.desk_id)
    if wanted.actor_email:
        query = query.filter(actor_label=wanted.actor_email.strip().lower())
    if wanted.action:
        query = query.filter(Q(action=wanted.action) | Q(action__startswith=f"{wanted.action}."))
    if wanted.target:
        query = query.filter(target=wanted.target)
    if wanted.since is not None:
        query = query.filter(at__gte=wanted.since)
    return query.order_by("-id")
