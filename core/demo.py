"""``loket demo``: load the enabled plugins' demo content, idempotently."""

from __future__ import annotations

from dataclasses import dataclass

import pluggy
from tortoise.transactions import in_transaction

from loket.core.auth.accounts import create_user, normalise_email
from loket.core.desks import collect_desk_specs, sync_desks
from loket.core.errors import ConfigurationError
from loket.core.models import Desk, DeskAdmin, Team, TeamMembership, User
from loket.core.plugin_types import DemoData, DemoUser
from loket.core.plugins import gather_results
from loket.core.settings import Settings


@dataclass
class DemoReport:
    created: list[DemoUser]
    existing: list[DemoUser]

    @property
    def users(self) -> list[DemoUser]:
        return self.created + self.existing


async def load_demo(pm: pluggy.PluginManager, settings: Settings) -> DemoReport:
    await sync_desks(collect_desk_specs(pm, settings))
    contributions: list[DemoData] = await gather_results(pm.hook.demo_data(settings=settings))
    report = DemoReport(created=[], existing=[])
    async with in_transaction():
        for contribution in contributions:
            for demo_user in contribution.users:
                created = await _ensure_user(demo_user)
                (report.created if created else report.existing).append(demo_user)
    return report


async def _ensure_user(spec: DemoUser) -> bool:
    user = await User.get_or_none(email=normalise_email(spec.email))
    created = user is None
    if user is None:
        user = await create_user(
            email=spec.email, display_name=spec.display_name, password=spec.password, is_superuser=spec.is_superuser
        )
    for desk_slug, team_slug in spec.teams:
        team = await Team.get_or_none(desk__slug=desk_slug, slug=team_slug)
        if team is None:
            raise ConfigurationError(f"demo user {spec.email} names unknown team {desk_slug}/{team_slug}")
        await TeamMembership.get_or_create(user=user, team=team)
    for desk_slug in spec.admin_of:
        desk = await Desk.get_or_none(slug=desk_slug)
        if desk is None:
            raise ConfigurationError(f"demo user {spec.email} names unknown desk {desk_slug}")
        await DeskAdmin.get_or_create(user=user, desk=desk)
    return created
