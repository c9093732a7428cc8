"""Keeping the stored desks, teams and topics in step with what the enabled plugins define (teams:
core/desks/teams.py)."""

from __future__ import annotations

import pluggy
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.desk_config.overlay import build_desk, effective_spec, load_overlays
from loket.core.desks.registry import DeskRegistry
from loket.core.errors import ConfigurationError
from loket.core.models import Desk, Topic
from loket.core.plugin_types import CHANNELS, FIELD_KINDS, DeskSpec, label
from loket.core.plugins import gather_results
from loket.core.settings import Settings
from loket.core.desks.teams import check_shared_teams, sync_teams
from loket.core.sla.checks import check_service_levels
from loket.core.tickets.display_numbers import display_rule_broken
from loket.core.workflow.checks import check_workflow


async def collect_desk_specs(pm: pluggy.PluginManager, settings: Settings) -> list[DeskSpec]:
    """Every desk the enabled plugins define (``register_desks``, whose answers may be awaitable);
    inconsistent definitions are configuration errors."""
    specs: dict[str, DeskSpec] = {}
    for answer in await gather_results(pm.hook.register_desks(settings=settings)):
        for spec in answer:
            if spec.slug in specs:
                raise ConfigurationError(f"two plugins define the desk '{spec.slug}'")
            check_desk(spec)
            specs[spec.slug] = spec
    ordered = sorted(specs.values(), key=lambda spec: spec.slug)
    check_shared_teams(ordered)
    return ordered


def check_desk(spec: DeskSpec) -> None:
    """Refuse (ConfigurationError) a desk whose parts do not fit together: run at start-up on each plugin's
    definition, and on every change its admins make."""
    team_slugs = [team.slug for team in spec.teams]
    if len(team_slugs) != len(set(team_slugs)):
        raise ConfigurationError(f"desk '{spec.slug}' defines a team slug twice")
    for team in spec.teams:
        if team.escalates_to and team.escalates_to not in team_slugs:
            raise ConfigurationError(f"team '{team.slug}' of desk '{spec.slug}' escalates to unknown team "
                                     f"'{team.escalates_to}'")
    topic_slugs = [topic.slug for topic, _, _ in spec.walk_topics()]
    if len(topic_slugs) != len(set(topic_slugs)):
        raise ConfigurationError(f"desk '{spec.slug}' defines a topic slug twice")
    priority_slugs = {priority.slug for priority in spec.priorities}
    if spec.default_priority and spec.default_priority not in priority_slugs:
        raise ConfigurationError(f"desk '{spec.slug}' has an unknown default priority '{spec.default_priority}'")
    unknown_channels = [channel for channel in spec.channels if channel not in CHANNELS]
    if unknown_channels:
        raise ConfigurationError(f"desk '{spec.slug}' offers the channel '{unknown_channels[0]}', not one of "
                                 f"{', '.join(CHANNELS)}")
    for field in spec.fields:
        if field.kind not in FIELD_KINDS:
            raise ConfigurationError(f"field '{field.key}' of desk '{spec.slug}' has the kind '{field.kind}', not one "
                                     f"of {', '.join(FIELD_KINDS)}")
    broken = display_rule_broken(spec)
    if broken:
        raise ConfigurationError(f"desk '{spec.slug}': {broken}")
    if spec.workflow is not None:
        check_workflow(spec.slug, spec.workflow, teams=set(team_slugs), fields={f.key for f in spec.fields},
                       calendar=spec.calendar)
    check_service_levels(spec)


async def sync_desks(specs: list[DeskSpec]) -> DeskRegistry:
    """Create or update each desk, team and topic by slug; what no plugin defines any more is deactivated. Each
    desk is answered as it is now: its admins' settings laid over the plugin's definition.

    Safe to run from several processes starting at once: a lost insert race is retried.
    """
    for attempt in range(5):
        try:
            async with in_transaction():
                await Desk.exclude(slug__in=[spec.slug for spec in specs]).update(is_active=False)
                desks = {spec.slug: await _sync_desk(spec) for spec in specs}
                team_ids = await sync_teams(specs, {slug: desk.id for slug, desk in desks.items()})
                overlays = await load_overlays([desk.id for desk in desks.values()])
                infos = []
                for spec in specs:
                    desk, overlay = desks[spec.slug], overlays[desks[spec.slug].id]
                    await sync_topics(effective_spec(spec, overlay), desk)
                    infos.append(await build_desk(spec, desk.id, team_ids[spec.slug], overlay))
                return DeskRegistry(infos)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


async def _sync_desk(spec: DeskSpec) -> Desk:
    desk, _ = await Desk.get_or_create(slug=spec.slug, defaults={"name": spec.name})
    desk.name, desk.language, desk.description, desk.is_active = spec.name, spec.language, spec.description, True
    await desk.save()
    return desk


async def sync_topics(spec: DeskSpec, desk: Desk) -> dict[str, int]:
    topic_ids: dict[str, int] = {}
    await Topic.filter(desk=desk).update(is_active=False)
    for position, (topic_spec, parent, depth) in enumerate(spec.walk_topics()):
        values = {"name": label(topic_spec.name, spec.language)[:300], "depth": depth, "position": position,
                  "parent_id": topic_ids[parent.slug] if parent else None, "is_active": not topic_spec.retired}
        topic, created = await Topic.get_or_create(desk=desk, slug=topic_spec.slug, defaults=values)
        if not created:
            await Topic.filter(id=topic.id).update(**values)
        topic_ids[topic_spec.slug] = topic.id
    return topic_ids
