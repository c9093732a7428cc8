"""GraphQL types for desks and their teams."""

from __future__ import annotations

import strawberry

from loket.core import models


@strawberry.type(description="A team of agents at one tier of a desk (tier 1 handles first).")
class Team:
    id: strawberry.ID
    slug: str
    name: str
    tier: int
    description: str
    desk_slug: str

    @classmethod
    def from_model(cls, team: models.Team, desk_slug: str) -> Team:
        return cls(id=strawberry.ID(str(team.id)), slug=team.slug, name=team.name, tier=team.tier,
                   description=team.description, desk_slug=desk_slug)


@strawberry.type(description="A helpdesk served by this deployment, defined by an enabled plugin.")
class Desk:
    id: strawberry.ID
    slug: str
    name: str
    language: str = strawberry.field(description="The desk's own language (ISO 639-1), e.g. 'id'.")
    description: str
    teams: list[Team]

    @classmethod
    def from_model(cls, desk: models.Desk) -> Desk:
        teams = sorted(desk.teams, key=lambda team: (team.tier, team.slug))
        return cls(id=strawberry.ID(str(desk.id)), slug=desk.slug, name=desk.name, language=desk.language,
                   description=desk.description, teams=[Team.from_model(team, desk.slug) for team in teams])
