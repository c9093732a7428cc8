"""Finding people: the accounts an admin may see, searched by text, desk, team and role, a page at a time.

A superuser sees every account. A desk admin sees the people with duties at their desks (agents of the teams
serving them, their admins) and, to grant a duty to someone new, any account by its exact email address.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from loket.core.auth.accounts import normalise_email
from loket.core.auth.roles import Role
from loket.core.desks.registry import DeskRegistry
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.models import DeskAdmin, TeamDesk, TeamMembership, User
from loket.core.workflow.access import Viewer


@dataclass(frozen=True)
class PeopleFilter:
    """Which accounts to list: ``text`` in the name or email, ``email`` exactly, with duties at ``desk``, in
    ``team`` (of ``desk``), holding ``role`` (at ``desk`` when given), active or not."""

    text: str | None = None
    email: str | None = None
    desk: str | None = None
    team: str | None = None
    role: Role | None = None  # reporter: accounts without any duty
    active: bool | None = None


def _members_of_desks(desk_ids: list[int]) -> Q:
    """Accounts with a duty at one of these desks."""
    agents = TeamMembership.filter(team_id__in=Subquery(TeamDesk.filter(desk_id__in=desk_ids).values("team_id")))
    admins = DeskAdmin.filter(desk_id__in=desk_ids)
    return Q(id__in=Subquery(agents.values("user_id"))) | Q(id__in=Subquery(admins.values("user_id")))


def find_people(desks: DeskRegistry, viewer: Viewer, wanted: PeopleFilter) -> QuerySet[User]:
    """The accounts ``viewer`` may see that match ``wanted`` (refuses everyone but desk admins and superusers;
    a desk admin naming another desk is refused too)."""
    if not viewer.is_superuser and not viewer.admin_desk_ids:
        raise PermissionDeniedError()
    query = User.filter(is_guest=False)
    desk_id = desks.get(wanted.desk, field="filter.desk").id if wanted.desk else None
    if desk_id is not None and not viewer.is_superuser and desk_id not in viewer.admin_desk_ids:
        raise PermissionDeniedError()
    if wanted.email:
        query = query.filter(email=normalise_email(wanted.email))
    elif not viewer.is_superuser:
        query = query.filter(_members_of_desks(sorted(viewer.admin_desk_ids)))
    if wanted.text and wanted.text.strip():
        text = wanted.text.strip()
        query = query.filter(Q(email__icontains=text) | Q(display_name__icontains=text))
    if desk_id is not None:
        query = query.filter(_members_of_desks([desk_id]))
    if wanted.team:
        if not wanted.desk:
            raise InvalidInputError("DESK_REQUIRED", field="filter.desk")
        team_id = desks.get(wanted.desk).team_ids.get(wanted.team)
        if team_id is None:
            raise InvalidInputError("TEAM_NOT_OF_DESK", field="filter.team", team=wanted.team, desk=wanted.desk)
        query = query.filter(id__in=Subquery(TeamMembership.filter(team_id=team_id).values("user_id")))
    if wanted.role is not None:
        query = query.filter(_role_filter(wanted.role, desk_id))
    if wanted.active is not None:
        query = query.filter(is_active=wanted.active)
    return query


def _role_filter(role: Role, desk_id: int | None) -> Q:
    teams = TeamMembership.all()
    admins = DeskAdmin.all()
    if desk_id is not None:
        teams = teams.filter(team_id__in=Subquery(TeamDesk.filter(desk_id=desk_id).values("team_id")))
        admins = admins.filter(desk_id=desk_id)
    if role is Role.AGENT:
        return Q(id__in=Subquery(teams.values("user_id")))
    if role is Role.DESK_ADMIN:
        return Q(id__in=Subquery(admins.values("user_id")))
    if role is Role.SUPERUSER:
        return Q(is_superuser=True)
    return Q(~Q(id__in=Subquery(TeamMembership.all().values("user_id"))),
             ~Q(id__in=Subquery(DeskAdmin.all().values("user_id"))), is_superuser=False)


def visible_desk_slugs(viewer: Viewer, desks: DeskRegistry) -> set[str] | None:
    """The desks whose roles ``viewer`` may see on an account (None: all of them, for a superuser)."""
    if viewer.is_superuser:
        return None
    return {desk.slug for desk in desks if desk.id in viewer.admin_desk_ids}
