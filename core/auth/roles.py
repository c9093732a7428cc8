"""What a user is: reporter (everyone), agent in teams, desk admin, superuser."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from loket.core.models import DeskAdmin, Team, TeamDesk, TeamMembership, User


class Role(str, Enum):
    REPORTER = "reporter"
    AGENT = "agent"
    DESK_ADMIN = "desk_admin"
    SUPERUSER = "superuser"


@dataclass(frozen=True)
class RoleGrant:
    """One role a user holds; ``desk_slug``/``team`` say where it applies (none for reporter and superuser)."""

    role: Role
    desk_slug: str | None = None
    team: Team | None = None


async def roles_of(user: User) -> list[RoleGrant]:
    grants = [RoleGrant(Role.REPORTER)]
    # one agent grant per desk each of my teams serves (a shared team: several, from one membership)
    served = await TeamDesk.filter(team__memberships__user_id=user.id).select_related("team", "desk").order_by(
        "desk__slug", "team__tier", "team__slug")
    grants += [RoleGrant(Role.AGENT, link.desk.slug, link.team) for link in served]
    admin_grants = await DeskAdmin.filter(user=user).select_related("desk").order_by("desk__slug")
    grants += [RoleGrant(Role.DESK_ADMIN, g.desk.slug) for g in admin_grants]
    if user.is_superuser:
        grants.append(RoleGrant(Role.SUPERUSER))
    return grants


async def add_to_team(user: User, team: Team) -> TeamMembership:
    membership, _ = await TeamMembership.get_or_create(user=user, team=team)
    return membership
