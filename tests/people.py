"""People in every role at the test desk, each with a token (issued directly: no password hashing, fast)."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.auth.tokens import issue_token
from loket.core.models import Desk, DeskAdmin, Team, TeamMembership, User
from loket.core.settings import Settings
from tests.graphql_client import GraphQLClient

ROLES = {
    "reporter": None,
    "other_reporter": None,
    "agent": "intake",
    "agent2": "intake",
    "second": "second",
    "expert": "experts",
    "specialist": "specialists",
    "admin": None,
    "superuser": None,
    "outsider": None,  # an agent of another desk
}


@dataclass
class Person:
    user: User
    client: GraphQLClient

    async def run(self, query: str, **variables):
        return await self.client.execute(query, variables)

    async def ok(self, query: str, **variables) -> dict:
        return (await self.client.execute(query, variables)).ok()


async def make_people(client: GraphQLClient, settings: Settings, desk_slug: str) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for role, team_slug in ROLES.items():
        user = await User.create(email=f"{role}@test.example", display_name=role.replace("_", " ").title(),
                                 is_superuser=role == "superuser")
        if team_slug:
            await TeamMembership.create(user=user, team=await Team.get(desk__slug=desk_slug, slug=team_slug))
        if role == "admin":
            await DeskAdmin.create(user=user, desk=await Desk.get(slug=desk_slug))
        if role == "outsider":
            await TeamMembership.create(user=user, team=await Team.get(desk__slug="kemsos", slug="layanan"))
        issued = await issue_token(user, settings, method="test")
        person_client = client.as_user(issued.token)
        person_client.language = "en"
        people[role] = Person(user=user, client=person_client)
    return people
