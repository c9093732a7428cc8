"""Duties on existing accounts: team memberships, the desk-admin role, the superuser role.

A desk admin grants and revokes the teams serving their desk (a shared team serving it counts) and the
desk-admin role of their desk; superuser grants are the superusers' alone. Granting what is held already, or
revoking what is not, changes nothing and records nothing. A shared team is one membership whatever the
number of desks it serves: revoking it at one desk ends it at all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from loket.core.admin.access import administered_desk, require_superuser
from loket.core.admin.audit import Actor, record
from loket.core.errors import InvalidInputError
from loket.core.models import DeskAdmin, TeamMembership, User
from loket.core.people.scope import duties, target
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


def team_of_desk(rt: Runtime, desk_slug: str, team_slug: str, *, desk_field: str = "desk",
                 team_field: str = "team") -> tuple[int, int]:
    """The desk's id and the id of the team serving it as ``team_slug``; TEAM_NOT_OF_DESK otherwise."""
    desk = rt.desks.get(desk_slug, field=desk_field)
    team_id = desk.team_ids.get(team_slug)
    if team_id is None:
        raise InvalidInputError("TEAM_NOT_OF_DESK", field=team_field, team=team_slug, desk=desk_slug)
    return desk.id, team_id


async def grant_team(rt: Runtime, viewer: Viewer, actor: Actor, user: User, desk_slug: str, team_slug: str) -> bool:
    """Make ``user`` an agent of the team; True when that is new."""
    desk_id, team_id = _checked_team(rt, viewer, desk_slug, team_slug)
    async with in_transaction():
        before = await duties(user.id)
        _, created = await TeamMembership.get_or_create(user_id=user.id, team_id=team_id)
        if created:
            await record(actor, rt.now(), "team_membership.grant", target(user), before=before,
                         after=await duties(user.id), desk_id=desk_id)
    return created


async def revoke_team(rt: Runtime, viewer: Viewer, actor: Actor, user: User, desk_slug: str,
                      team_slug: str) -> bool:
    """``user`` is no agent of the team any more; True when they were."""
    desk_id, team_id = _checked_team(rt, viewer, desk_slug, team_slug)
    async with in_transaction():
        before = await duties(user.id)
        if not await TeamMembership.filter(user_id=user.id, team_id=team_id).delete():
            return False
        await record(actor, rt.now(), "team_membership.revoke", target(user), before=before,
                     after=await duties(user.id), desk_id=desk_id)
    return True


def _checked_team(rt: Runtime, viewer: Viewer, desk_slug: str, team_slug: str) -> tuple[int, int]:
    administered_desk(rt, viewer, desk_slug)
    return team_of_desk(rt, desk_slug, team_slug)


async def grant_desk_admin(rt: Runtime, viewer: Viewer, actor: Actor, user: User, desk_slug: str) -> bool:
    """Make ``user`` an admin of the desk; True when that is new."""
    desk = administered_desk(rt, viewer, desk_slug)
    async with in_transaction():
        before = await duties(user.id)
        _, created = await DeskAdmin.get_or_create(user_id=user.id, desk_id=desk.id)
        if created:
            await record(actor, rt.now(), "desk_admin.grant", target(user), before=before,
                         after=await duties(user.id), desk_id=desk.id)
    return created


async def revoke_desk_admin(rt: Runtime, viewer: Viewer, actor: Actor, user: User, desk_slug: str) -> bool:
    """``user`` administers the desk no more; True when they did."""
    desk = administered_desk(rt, viewer, desk_slug)
    async with in_transaction():
        before = await duties(user.id)
        if not await DeskAdmin.filter(user_id=user.id, desk_id=desk.id).delete():
            return False
        await record(actor, rt.now(), "desk_admin.revoke", target(user), before=before,
                     after=await duties(user.id), desk_id=desk.id)
    return True


async def set_superuser(rt: Runtime, viewer: Viewer, actor: Actor, user: User, granted: bool) -> bool:
    """Grant or revoke the superuser role (superusers only); True when it changed. The last active superuser
    keeps it: a deployment always has someone with every power."""
    require_superuser(viewer)
    async with in_transaction():
        row = await locked(user)
        if row.is_superuser == granted:
            return False
        if not granted and row.is_active:
            await refuse_last_superuser(row)
        await User.filter(id=user.id).update(is_superuser=granted)
        await record(actor, rt.now(), "superuser.grant" if granted else "superuser.revoke", target(user),
                     before={"superuser": not granted}, after={"superuser": granted})
    user.is_superuser = granted
    return True


async def locked(user: User) -> User:
    """``user``'s row, locked for the rest of the transaction with every superuser's, always in the order of their
    ids: two superusers changing each other at once wait for one another rather than deadlock (PostgreSQL; SQLite
    runs one transaction at a time)."""
    rows = await User.filter(Q(is_superuser=True) | Q(id=user.id)).order_by("id").select_for_update()
    return next(row for row in rows if row.id == user.id)


async def refuse_last_superuser(user: User, *, field: str = "user") -> None:
    """Refuse (LAST_SUPERUSER) when ``user`` is the only active superuser left; call it in the transaction of
    the change, after ``locked``."""
    others = await User.filter(is_superuser=True, is_active=True).exclude(id=user.id)
    if user.is_superuser and not others:
        raise InvalidInputError("LAST_SUPERUSER", field=field)
