"""Core's default attachment storage: a folder under the data directory."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.settings import Settings
from loket.core.storage import LocalStorage


@hookimpl(trylast=True)
def attachment_storage(settings: Settings) -> LocalStorage:
    return LocalStorage(settings.data_dir / "attachments")
