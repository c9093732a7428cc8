"""People of the LPSE Support desk, each with a token."""

from __future__ import annotations

import pytest

from loket.core.auth.tokens import issue_token
from loket.core.models import Desk, DeskAdmin, Team, TeamMembership, User
from tests.people import Person

PEOPLE = {
    "ppk": None, "vendor": None,
    "level1": "lpse-level-1", "level1b": "lpse-level-1",
    "adminppe": "admin-ppe", "teknis": "tim-teknis-lkpp", "direktorat": "teknis-direktorat",
}


@pytest.fixture
async def lpse(client, settings, app) -> dict[str, Person]:
    people = {}
    for role, team in PEOPLE.items():
        user = await User.create(email=f"{role}@lpse.example", display_name=role.upper())
        if team:
            await TeamMembership.create(user=user, team=await Team.get(desk__slug="lpse-support", slug=team))
        issued = await issue_token(user, settings, method="test")
        person_client = client.as_user(issued.token)
        person_client.language = "id"
        people[role] = Person(user=user, client=person_client)
    admin = await User.create(email="admin@lpse.example", display_name="ADMIN")
    await DeskAdmin.create(user=admin, desk=await Desk.get(slug="lpse-support"))
    return people
