"""Accounts with duties (agents of teams, desk admins, superusers) made in one step, at the console
(``loket createuser``) and by the test kit. Duties of existing accounts change through ``loket.core.people``
(the administration mutations and ``loket users``)."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.transactions import in_transaction

from loket.core.auth.accounts import create_user
from loket.core.desks.teams import find_team
from loket.core.errors import ConfigurationError
from loket.core.models import Desk, DeskAdmin, TeamMembership, User


async def create_staff(*, email: str, display_name: str, password: str | None, superuser: bool = False,
                       teams: Iterable[str] = (), admin_of: Iterable[str] = ()) -> User:
    """Create an account with its duties, all in one transaction. ``teams`` are ``desk/team`` references (a
    desk's own team, or a shared team serving it); ``admin_of`` are desk slugs. The desks must have been
    synchronised from the plugins. An unknown team or desk is a ConfigurationError, and nothing is written."""
    async with in_transaction():
        user = await create_user(email=email, display_name=display_name, password=password, is_superuser=superuser)
        for ref in teams:
            desk_slug, _, team_slug = ref.partition("/")
            team = await find_team(desk_slug, team_slug)
            if team is None:
                raise ConfigurationError(f"no team '{ref}' (expected desk/team)")
            await TeamMembership.create(user=user, team=team)
        for desk_slug in admin_of:
            desk = await Desk.get_or_none(slug=desk_slug)
            if desk is None:
                raise ConfigurationError(f"no desk '{desk_slug}'")
            await DeskAdmin.create(user=user, desk=desk)
    return user
