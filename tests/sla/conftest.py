"""A clock the tests move, desks with service levels, and people to work them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.core.auth.tokens import issue_token
from loket.core.models import Team, TeamMembership, User
from tests.people import Person

WIB = ZoneInfo("Asia/Jakarta")


@dataclass
class FakeClock:
    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


@pytest.fixture
def plugins():
    from tests.plugins import loket_sla_desk

    return [loket_sla_desk]


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(datetime(2026, 12, 14, 8, 0, tzinfo=WIB))  # a Monday morning in Jakarta
    app.state.runtime.clock = fake.now
    return fake


@pytest.fixture
async def staff(client, settings, app):
    people = {}
    for role, desk, team in (("reporter", None, None), ("agent", "plainsla", "l1"), ("expert", "plainsla", "l2"),
                             ("office", "officesla", "l1")):
        user = await User.create(email=f"{role}@sla.example", display_name=role.title())
        if team:
            await TeamMembership.create(user=user, team=await Team.get(desk__slug=desk, slug=team))
        issued = await issue_token(user, settings, method="test")
        person_client = client.as_user(issued.token)
        person_client.language = "en"
        people[role] = Person(user=user, client=person_client)
    return people
