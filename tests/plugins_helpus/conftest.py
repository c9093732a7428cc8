"""People of the HelpUs desk, each with a token, speaking Indonesian."""

from __future__ import annotations

import pytest

from tests.people import Person, sign_up

PEOPLE = {"pegawai": None, "admin": "admin-helpus", "pic": "pic-teknisi"}


@pytest.fixture
async def helpus(client, settings, app) -> dict[str, Person]:
    return {role: await sign_up(client, settings, f"{role}@bappenas.example", role.upper(),
                                teams=(("helpus", team),) if team else (), language="id")
            for role, team in PEOPLE.items()}
