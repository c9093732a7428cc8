"""People of the LPSE Support desk, each with a token."""

from __future__ import annotations

import pytest

from loket.core.models import Desk, DeskAdmin, User
from tests.people import Person, sign_up

PEOPLE = {
    "ppk": None, "vendor": None,
    "level1": "lpse-level-1", "level1b": "lpse-level-1",
    "adminppe": "admin-ppe", "teknis": "tim-teknis-lkpp", "direktorat": "teknis-direktorat",
}


@pytest.fixture
async def lpse(client, settings, app) -> dict[str, Person]:
    people = {role: await sign_up(client, settings, f"{role}@lpse.example", role.upper(),
                                  teams=(("lpse-support", team),) if team else (), language="id")
              for role, team in PEOPLE.items()}
    admin = await User.create(email="admin@lpse.example", display_name="ADMIN")
    await DeskAdmin.create(user=admin, desk=await Desk.get(slug="lpse-support"))
    return people
