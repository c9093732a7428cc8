"""A clock the tests move, desks with service levels, and people to work them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.people import sign_up

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
    roles = (("reporter", ()), ("agent", (("plainsla", "l1"),)), ("expert", (("plainsla", "l2"),)),
             ("office", (("officesla", "l1"),)))
    return {role: await sign_up(client, settings, f"{role}@sla.example", role.title(), teams=teams)
            for role, teams in roles}
