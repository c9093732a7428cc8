"""A deployment's own attachment storage, through the ``attachment_storage`` hook: files go where it keeps
them and come back from there, and nothing is written to the default folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.core.hookspecs import hookimpl
from loket.core.storage import LocalStorage
from tests.tickets.test_attachments import PDF, download, stage, stored_files
from tests.ticket_ops import create


class SharedVolume(LocalStorage):
    """Stands for an institution's storage: a folder of its own choosing that counts what it keeps."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.saved: list[str] = []

    async def save(self, source, *, max_bytes):
        stored = await super().save(source, max_bytes=max_bytes)
        self.saved.append(stored.key)
        return stored


class SharedVolumePlugin:
    def __init__(self, root: Path) -> None:
        self.storage = SharedVolume(root)

    @hookimpl
    def attachment_storage(self, settings):
        return self.storage


@pytest.fixture
def volume(tmp_path: Path) -> SharedVolumePlugin:
    return SharedVolumePlugin(tmp_path / "shared-volume")


@pytest.fixture
def plugins(test_desk_plugins, volume):
    return [*test_desk_plugins, volume]


async def test_files_live_in_the_storage_a_plugin_provides(people, settings, volume):
    reporter = people["reporter"]
    staged = await stage(reporter, "invoice.pdf", PDF)
    ticket = await create(reporter, attachmentIds=[staged["id"]])
    assert len(volume.storage.saved) == 1
    assert (volume.storage.root / volume.storage.saved[0]).read_bytes() == PDF
    assert stored_files(settings) == [], "nothing was written to the default folder"

    answer = await download(reporter, staged["downloadUrl"])
    assert answer.status_code == 200 and answer.content == PDF
    assert ticket["number"]
