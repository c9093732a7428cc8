"""Attachment storage that also writes down every key it deletes (one line each, appended), so a test can tell
how often each file was deleted by the server processes sharing it."""

from __future__ import annotations

import os

from loket.core.hookspecs import hookimpl
from loket.core.storage import LocalStorage


class LoggedStorage(LocalStorage):
    async def delete(self, key: str) -> None:
        # One write of one short line with O_APPEND: lines of several processes never interleave.
        descriptor = os.open(self.root.parent / "deleted.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(descriptor, f"{os.getpid()} {key}\n".encode())
        finally:
            os.close(descriptor)
        await super().delete(key)


@hookimpl
def attachment_storage(settings):
    return LoggedStorage(settings.data_dir / "attachments")
