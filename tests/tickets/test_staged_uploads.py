"""Files waiting to be sent are bounded: a quota of files and bytes per person (a refused upload leaves nothing
behind, however many arrive at once), and an expiry after which the file can no longer be sent and is purged,
row and bytes, through the deployment's storage, exactly once even with several purgers at work."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loket.core.hookspecs import hookimpl
from loket.core.models import Attachment
from loket.core.settings import Settings
from loket.core.storage import LocalStorage
from loket.core.tickets.staged import purge_expired
from tests.sla.conftest import FakeClock
from tests.ticket_ops import CREATE, create, ticket_input
from tests.tickets.test_attachments import MB, PDF, REMOVE, REPLACE, STAGE, refused, send_file, stage

MAX_FILES = 4


class CountingVolume(LocalStorage):
    """The deployment's storage, a folder that also notes every key it is asked to delete."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.deleted: list[str] = []

    async def delete(self, key: str) -> None:
        self.deleted.append(key)
        await super().delete(key)


class CountingVolumePlugin:
    def __init__(self, root: Path) -> None:
        self.storage = CountingVolume(root)

    @hookimpl
    def attachment_storage(self, settings):
        return self.storage


@pytest.fixture
def volume(tmp_path: Path) -> CountingVolume:
    return CountingVolumePlugin(tmp_path / "volume")


@pytest.fixture
def plugins(test_desk_plugins, volume):
    return [*test_desk_plugins, volume]


@pytest.fixture
def settings(settings: Settings, request) -> Settings:
    """Four files or 2 MB waiting per person (the test desk takes files of up to 1 MB); a test may ask for more."""
    return settings.model_copy(update={"max_upload_bytes": 3 * MB, "staged_max_files": MAX_FILES,
                                       "staged_max_bytes": 2 * MB, **getattr(request, "param", {})})


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(datetime(2026, 12, 14, 1, 0, tzinfo=UTC))
    app.state.runtime.clock = fake.now
    return fake


def kept(volume: CountingVolumePlugin) -> list[Path]:
    """Every file in the storage folder, partial ones included."""
    root = volume.storage.root
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


async def test_a_person_may_have_only_so_many_files_waiting(people, volume):
    reporter = people["reporter"]
    waiting = [await stage(reporter, f"part{i}.pdf", PDF) for i in range(MAX_FILES)]
    over = await send_file(reporter, STAGE, "one-more.pdf", PDF, desk="testdesk", purpose="ticket")
    refused(over, "STAGED_QUOTA_EXCEEDED", "input.file")
    assert over.errors[0]["message"] == ("Your files waiting to be sent have reached the limit (4 files, 2.0 MB "
                                         "together); send or remove some first")
    assert await Attachment.all().count() == MAX_FILES and len(kept(volume)) == MAX_FILES
    # Someone else's quota is their own.
    await stage(people["other_reporter"], "theirs.pdf", PDF)

    # Replacing a waiting file swaps one for one.
    replaced = (await send_file(reporter, REPLACE, "part0-final.pdf", PDF, id=waiting[0]["id"])).ok()
    waiting[0] = replaced["replaceAttachment"]["attachment"]
    # Files sent with a ticket no longer wait; a removed one frees its place too.
    await create(reporter, attachmentIds=[f["id"] for f in waiting[:3]])
    assert (await reporter.ok(REMOVE, id=waiting[3]["id"]))["removeAttachment"] == {"removedId": waiting[3]["id"]}
    for i in range(MAX_FILES):
        await stage(reporter, f"next{i}.pdf", PDF)
    refused(await send_file(reporter, STAGE, "again.pdf", PDF, desk="testdesk"), "STAGED_QUOTA_EXCEEDED", "input.file")


async def test_bytes_waiting_are_limited_and_a_refused_upload_leaves_nothing_behind(people, volume):
    reporter = people["reporter"]
    first = await stage(reporter, "full.pdf", PDF + b"0" * (MB - len(PDF)))
    second = await stage(reporter, "most.pdf", PDF + b"0" * (MB * 9 // 10))
    assert first["size"] + second["size"] < 2 * MB
    over = await send_file(reporter, STAGE, "half.pdf", PDF + b"0" * (MB // 2), desk="testdesk")
    refused(over, "STAGED_QUOTA_EXCEEDED", "input.file")
    assert sorted(a.original_name for a in await Attachment.all()) == ["full.pdf", "most.pdf"]
    assert len(kept(volume)) == 2, "no partial file of the refused upload stays behind"
    # With room again, a file over the desk's own limit is still refused as too large, not as over the quota.
    await reporter.ok(REMOVE, id=second["id"])
    refused(await send_file(reporter, STAGE, "huge.pdf", PDF + b"0" * (MB + MB // 2), desk="testdesk"),
            "ATTACHMENT_TOO_LARGE", "input.file")
    assert len(kept(volume)) == 1
    assert (await stage(reporter, "half.pdf", PDF + b"0" * (MB // 2)))["staged"] is True


async def test_uploads_arriving_at_once_cannot_pass_the_quota_together(people, volume):
    reporter = people["reporter"]
    answers = await asyncio.gather(*(send_file(reporter, STAGE, f"burst{i}.pdf", PDF, desk="testdesk")
                                     for i in range(3 * MAX_FILES)))
    accepted = [a for a in answers if not a.errors]
    assert len(accepted) == MAX_FILES
    assert sorted(a.error_codes[0] for a in answers if a.errors) == ["STAGED_QUOTA_EXCEEDED"] * (2 * MAX_FILES)
    assert await Attachment.all().count() == MAX_FILES and len(kept(volume)) == MAX_FILES


async def test_a_file_not_sent_in_time_expires_and_is_purged_exactly_once(people, volume, clock, app):
    reporter = people["reporter"]
    old = await stage(reporter, "forgotten.pdf", PDF)
    sent = await stage(reporter, "sent.pdf", PDF)
    ticket = await create(reporter, attachmentIds=[sent["id"]])
    clock.advance(hours=23)
    recent = await stage(reporter, "recent.pdf", PDF)
    clock.advance(minutes=59, seconds=59)
    # Just before the 24 hours are over the old file still counts.
    assert (await stage(reporter, "a.pdf", PDF))["staged"] and (await stage(reporter, "b.pdf", PDF))["staged"]
    refused(await send_file(reporter, STAGE, "c.pdf", PDF, desk="testdesk"), "STAGED_QUOTA_EXCEEDED", "input.file")
    clock.advance(seconds=2)

    # Past them, it is gone for its uploader: not sendable, not removable, not counted.
    refused(await reporter.run(CREATE, input=ticket_input(attachmentIds=[old["id"]])), "ATTACHMENT_NOT_FOUND",
            "input.attachmentIds")
    refused(await reporter.run(REMOVE, id=old["id"]), "ATTACHMENT_NOT_FOUND", "input.id")
    assert (await stage(reporter, "c.pdf", PDF))["staged"] is True
    old_key = (await Attachment.get(original_name="forgotten.pdf")).storage_key

    # Four purgers at once (each a process's runner): the expired file is deleted once, row and bytes.
    purged = await asyncio.gather(*(purge_expired(app.state.runtime) for _ in range(4)))
    assert sum(purged) == 1 and volume.storage.deleted == [old_key]
    assert not await volume.storage.exists(old_key)
    assert sorted(a.original_name for a in await Attachment.all()) == ["a.pdf", "b.pdf", "c.pdf", "recent.pdf",
                                                                      "sent.pdf"]
    assert len(kept(volume)) == 5
    # A file sent long ago stays with its ticket, however old.
    clock.advance(days=30)
    await purge_expired(app.state.runtime)
    remaining = await Attachment.all().values_list("original_name", "ticket_id")
    assert remaining == [("sent.pdf", remaining[0][1])] and remaining[0][1] is not None
    assert len(kept(volume)) == 1 and ticket["number"]


@pytest.mark.parametrize("settings", [{"run_timers": True, "staged_purge_poll_seconds": 0.05}], indirect=True)
async def test_the_background_runner_purges_expired_files(people, volume, clock):
    reporter = people["reporter"]
    forgotten = await stage(reporter, "forgotten.pdf", PDF)
    await asyncio.sleep(0.3)  # the runner is at work: a fresh file stays
    assert await Attachment.all().count() == 1 and len(kept(volume)) == 1
    clock.advance(hours=24, seconds=1)
    deadline = time.monotonic() + 10
    while (await Attachment.all().count() or kept(volume)) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert await Attachment.all().count() == 0 and kept(volume) == []
    refused(await reporter.run(REMOVE, id=forgotten["id"]), "ATTACHMENT_NOT_FOUND", "input.id")
