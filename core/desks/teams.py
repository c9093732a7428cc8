"""Teams as the desks declare them: each desk's own teams, and teams shared by several desks.

A shared team (``TeamSpec.shared``) is one row whatever the number of desks declaring it, so an agent's one
membership works at each of them; ``loket_team_desk`` lists the desks every team serves (an own team: its
desk). Start-up checks that the desks declaring a shared team agree on what it is, then keeps the rows in step.
"""

from __future__ import annotations

from loket.core.errors import ConfigurationError
from loket.core.models import Team, TeamDesk
from loket.core.plugin_types import DeskSpec, TeamSpec

# What every desk declaring a shared team must say alike (escalation and intake are each desk's own).
_AGREED = ("tier", "name", "description")


def check_shared_teams(specs: list[DeskSpec]) -> None:
    """Refuse, naming the desk and the rule, a shared team declared differently by two desks."""
    first: dict[str, tuple[DeskSpec, TeamSpec]] = {}
    for spec in specs:
        for team in spec.teams:
            if not team.shared:
                continue
            other_desk, other = first.setdefault(team.slug, (spec, team))
            for what in _AGREED:
                mine, theirs = getattr(team, what), getattr(other, what)
                if mine != theirs:
                    raise ConfigurationError(
                        f"desk '{spec.slug}': the shared team '{team.slug}' must have the same {what} in every desk "
                        f"that declares it ({mine!r} here, {theirs!r} at desk '{other_desk.slug}')")


def _shared_teams(specs: list[DeskSpec]) -> dict[str, list[DeskSpec]]:
    """Each shared team's slug with the desks declaring it, in the order given (by slug)."""
    found: dict[str, list[DeskSpec]] = {}
    for spec in specs:
        for team in spec.teams:
            if team.shared:
                found.setdefault(team.slug, []).append(spec)
    return found


async def sync_teams(specs: list[DeskSpec], desk_ids: dict[str, int]) -> dict[str, dict[str, int]]:
    """Create or update every declared team and make the desks it serves exactly those declaring it; answers
    desk slug -> team slug -> team id."""
    ids: dict[str, dict[str, int]] = {spec.slug: {} for spec in specs}
    for slug, declaring in _shared_teams(specs).items():
        own_at = [desk_ids[spec.slug] for spec in specs if (team := spec.team(slug)) and not team.shared]
        team = await _shared_row(slug, [desk_ids[spec.slug] for spec in declaring], own_at)
        await _update(team, declaring[0].team(slug), shared=True)
        await _serve(team, [desk_ids[spec.slug] for spec in declaring])
        for spec in declaring:
            ids[spec.slug][slug] = team.id
    for spec in specs:
        for team_spec in spec.teams:
            if team_spec.shared:
                continue
            team, _ = await Team.get_or_create(desk_id=desk_ids[spec.slug], slug=team_spec.slug,
                                               defaults={"name": team_spec.name})
            await _update(team, team_spec, shared=False)
            await _serve(team, [desk_ids[spec.slug]])
            ids[spec.slug][team_spec.slug] = team.id
    for spec in specs:  # a team the desk no longer declares no longer serves it
        stale = TeamDesk.filter(desk_id=desk_ids[spec.slug])
        declared = sorted(ids[spec.slug].values())
        await (stale.exclude(team_id__in=declared) if declared else stale).delete()
    return ids


async def _shared_row(slug: str, declaring: list[int], own_at: list[int]) -> Team:
    """The row of the shared team ``slug``: the one already shared (unless the desk it was first declared in now
    has an own team of that slug), else a declaring desk's own team of that slug (so a team that becomes shared
    keeps its members and tickets), else a new row at the first declaring desk."""
    shared = Team.filter(slug=slug, shared=True)
    if own_at:
        shared = shared.exclude(desk_id__in=own_at)
    team = await shared.order_by("id").first()
    if team is not None:
        return team
    existing = {team.desk_id: team for team in await Team.filter(slug=slug, desk_id__in=declaring)}
    for desk_id in declaring:
        if desk_id in existing:
            return existing[desk_id]
    return await Team.create(desk_id=declaring[0], slug=slug, name="", shared=True)


async def _update(team: Team, spec: TeamSpec, *, shared: bool) -> None:
    team.name, team.tier, team.description, team.shared = spec.name, spec.tier, spec.description, shared
    await team.save()


async def _serve(team: Team, desk_ids: list[int]) -> None:
    """Make ``desk_ids`` exactly the desks the team serves."""
    current = set(await TeamDesk.filter(team_id=team.id).values_list("desk_id", flat=True))
    wanted = set(desk_ids)
    if current - wanted:
        await TeamDesk.filter(team_id=team.id, desk_id__in=sorted(current - wanted)).delete()
    for desk_id in sorted(wanted - current):
        await TeamDesk.create(team_id=team.id, desk_id=desk_id)


async def find_team(desk_slug: str, team_slug: str) -> Team | None:
    """The team a desk knows as ``team_slug``: its own, or a shared team it serves."""
    return await Team.filter(slug=team_slug, desk_links__desk__slug=desk_slug).order_by("id").first()
