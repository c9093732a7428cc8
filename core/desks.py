"""Keeping the stored desks and teams in step with what the enabled plugins define."""

from __future__ import annotations

import pluggy
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.errors import ConfigurationError
from loket.core.models import Desk, Team
from loket.core.plugin_types import DeskSpec
from loket.core.settings import Settings


def collect_desk_specs(pm: pluggy.PluginManager, settings: Settings) -> list[DeskSpec]:
    """Every desk the enabled plugins define; a slug defined twice is a configuration error."""
    specs: dict[str, DeskSpec] = {}
    for answer in pm.hook.register_desks(settings=settings):
        for spec in answer or ():
            if spec.slug in specs:
                raise ConfigurationError(f"two plugins define the desk '{spec.slug}'")
            team_slugs = [team.slug for team in spec.teams]
            if len(team_slugs) != len(set(team_slugs)):
                raise ConfigurationError(f"desk '{spec.slug}' defines a team slug twice")
            specs[spec.slug] = spec
    return sorted(specs.values(), key=lambda spec: spec.slug)


async def sync_desks(specs: list[DeskSpec]) -> None:
    """Create or update each desk and team by slug; desks no plugin defines any more are deactivated.

    Safe to run from several processes starting at once: a lost insert race is retried as an update.
    """
    for attempt in range(3):
        try:
            async with in_transaction():
                await _sync(specs)
            return
        except IntegrityError:
            if attempt == 2:
                raise


async def _sync(specs: list[DeskSpec]) -> None:
    await Desk.exclude(slug__in=[spec.slug for spec in specs]).update(is_active=False)
    for spec in specs:
        desk, _ = await Desk.get_or_create(slug=spec.slug, defaults={"name": spec.name})
        desk.name, desk.language, desk.description, desk.is_active = spec.name, spec.language, spec.description, True
        await desk.save()
        for team_spec in spec.teams:
            team, _ = await Team.get_or_create(desk=desk, slug=team_spec.slug, defaults={"name": team_spec.name})
            team.name, team.tier, team.description = team_spec.name, team_spec.tier, team_spec.description
            await team.save()
