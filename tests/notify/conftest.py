"""A loopback SMTP server the deployment sends to, a clock the tests move, and the sender run on demand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loket.core.notify.sender import send_pending
from loket.core.settings import Settings
from tests.conftest import TEST_SECRET
from tests.sla.conftest import FakeClock
from tests.smtp_server import Mailbox


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture
def smtp_settings() -> dict:
    return {}


@pytest.fixture
def settings(migrated_database_url: str, tmp_path: Path, mailbox: Mailbox, smtp_settings: dict) -> Settings:
    return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET, plugins="all",
                    run_timers=False, smtp_host="127.0.0.1", smtp_port=mailbox.port,
                    public_url="https://helpdesk.example/app", **smtp_settings)


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(datetime(2026, 12, 14, 1, 0, tzinfo=UTC))
    app.state.runtime.clock = fake.now
    return fake


@pytest.fixture
def send(app):
    async def run() -> int:
        # Work done after a request answered (password reset and resend look-ups) finishes first, as it does
        # long before a server's sender wakes up.
        await app.state.runtime.tasks.settle()
        return await send_pending(app.state.runtime)

    return run
