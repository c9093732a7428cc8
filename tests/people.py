"""People in every role at the test desk, each with a token (issued directly: no password hashing, fast)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from loket.core.auth.tokens import issue_token
from loket.core.models import Desk, DeskAdmin, TeamMembership, User
from loket.core.settings import Settings
from loket.core.desks.teams import find_team
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


def stored_key(global_id: str) -> str:
    """The database key a global id names (``Account:12`` -> ``12``): to look a row up, or name it in the
    audit log."""
    return base64.urlsafe_b64decode(global_id).decode().partition(":")[2]


@dataclass
class Person:
    user: User
    client: GraphQLClient

    async def run(self, query: str, **variables):
        return await self.client.execute(query, variables)

    async def ok(self, query: str, **variables) -> dict:
        return (await self.client.execute(query, variables)).ok()

    async def stage(self, desk: str, purpose: str, name: str, content: bytes) -> str:
        """Upload a file the way a browser does (GraphQL multipart request) and return its id."""
        query = "mutation($input: StageAttachmentInput!) { stageAttachment(input: $input) { attachment { id } } }"
        operations = {"query": query, "variables": {"input": {"desk": desk, "file": None, "purpose": purpose}}}
        response = await self.client.http.post(
            "/graphql", data={"operations": json.dumps(operations),
                              "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (name, content, "text/plain")}, headers={"Authorization": f"Bearer {self.client.token}"})
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]["stageAttachment"]["attachment"]["id"]


async def sign_up(client: GraphQLClient, settings: Settings, email: str, name: str, *,
                  teams: tuple[tuple[str, str], ...] = (), language: str = "en", superuser: bool = False) -> Person:
    """A user in the given (desk, team) pairs, with a token issued directly and a client of their own."""
    user = await User.create(email=email, display_name=name, is_superuser=superuser)
    for desk_slug, team_slug in teams:
        team = await find_team(desk_slug, team_slug)  # a desk's own team, or a shared team it is served by
        assert team is not None, f"no team {desk_slug}/{team_slug}"
        await TeamMembership.create(user=user, team=team)
    person_client = client.as_user((await issue_token(user, settings, method="test")).token)
    person_client.language = language
    return Person(user=user, client=person_client)


async def make_people(client: GraphQLClient, settings: Settings, desk_slug: str) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for role, team_slug in ROLES.items():
        teams = ((desk_slug, team_slug),) if team_slug else (("kemsos", "layanan"),) if role == "outsider" else ()
        people[role] = await sign_up(client, settings, f"{role}@test.example", role.replace("_", " ").title(),
                                     teams=teams, superuser=role == "superuser")
        if role == "admin":
            await DeskAdmin.create(user=people[role].user, desk=await Desk.get(slug=desk_slug))
    return people
