"""People of the HelpUs desk, each with a token, speaking Indonesian."""

from __future__ import annotations

import pytest

from loket.core.auth.tokens import issue_token
from loket.core.models import Team, TeamMembership, User
from tests.people import Person

PEOPLE = {"pegawai": None, "admin": "admin-helpus", "pic": "pic-teknisi"}


@pytest.fixture
async def helpus(client, settings, app) -> dict[str, Person]:
    people = {}
    for role, team in PEOPLE.items():
        user = await User.create(email=f"{role}@bappenas.example", display_name=role.upper())
        if team:
            await TeamMembership.create(user=user, team=await Team.get(desk__slug="helpus", slug=team))
        issued = await issue_token(user, settings, method="test")
        person_client = client.as_user(issued.token)
        person_client.language = "id"
        people[role] = Person(user=user, client=person_client)
    return people
