"""Files waiting to be sent: each uploader's quota of them, and their expiry.

A staged file (uploaded, not yet sent with a ticket or message) counts against its uploader's quota:
``LOKET_STAGED_MAX_FILES`` files and ``LOKET_STAGED_MAX_BYTES`` bytes together. It may be sent for
``LOKET_STAGED_FILE_TTL_HOURS`` after its upload; after that it is gone for its uploader (``ATTACHMENT_NOT_FOUND``)
and no longer counts, and the :class:`StagedFilePurger` of a process that runs timers deletes its row and its
bytes, through the deployment's attachment storage.

Several processes may purge at once: each row is deleted by a conditional delete (still staged) in a transaction
that also deletes its bytes, so exactly one process deletes a file, and a file sent meanwhile stays with its
ticket.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from loket.core.background import BackgroundLoop
from loket.core.errors import InvalidInputError
from loket.core.models import Attachment, User
from loket.core.runtime import Runtime

logger = logging.getLogger("loket.uploads")

PURGE_BATCH = 100


def staged_since(rt: Runtime) -> datetime:
    """Files staged before this moment have expired."""
    return rt.now() - timedelta(hours=rt.settings.staged_file_ttl_hours)


def quota_exceeded(rt: Runtime) -> InvalidInputError:
    settings = rt.settings
    return InvalidInputError("STAGED_QUOTA_EXCEEDED", field="file", max_files=settings.staged_max_files,
                             max_mb=round(settings.staged_max_bytes / 1024 / 1024, 1))


async def _usage(rt: Runtime, uploader_id: int, excluding: object | None) -> tuple[int, int]:
    """How many files, and bytes, the uploader has waiting to be sent (``excluding`` one being replaced)."""
    waiting = Attachment.filter(uploader_id=uploader_id, ticket_id=None, created_at__gte=staged_since(rt))
    if excluding is not None:
        waiting = waiting.exclude(id=excluding)
    row = await waiting.annotate(files=Count("id"), size=Sum("size")).first().values("files", "size")
    return int(row["files"] or 0), int(row["size"] or 0)


async def room_for_one_more(rt: Runtime, uploader: User, *, excluding: object | None = None) -> int:
    """The bytes the uploader may still stage in one more file; refuses (``STAGED_QUOTA_EXCEEDED``) when not
    even one more file fits. Checked before the upload is copied, so a full quota costs no copying."""
    files, size = await _usage(rt, uploader.id, excluding)
    if files >= rt.settings.staged_max_files or size >= rt.settings.staged_max_bytes:
        raise quota_exceeded(rt)
    return rt.settings.staged_max_bytes - size


async def hold_quota(rt: Runtime, uploader: User, size: int, *, excluding: object | None = None) -> None:
    """Check, in the caller's transaction, that a file of ``size`` bytes still fits the uploader's quota. The
    uploader's row is locked first, so two uploads of one person at once are counted one after the other
    (``NO KEY UPDATE``: rows referring to the user may still be written meanwhile)."""
    await User.filter(id=uploader.id).select_for_update(no_key=True).only("id")  # (values() would drop the lock)
    files, used = await _usage(rt, uploader.id, excluding)
    if files + 1 > rt.settings.staged_max_files or used + size > rt.settings.staged_max_bytes:
        raise quota_exceeded(rt)


async def purge_expired(rt: Runtime, *, limit: int = PURGE_BATCH) -> int:
    """Delete up to ``limit`` expired staged files (row and bytes); returns how many this call deleted."""
    due = await (Attachment.filter(ticket_id=None, created_at__lt=staged_since(rt)).order_by("created_at")
                 .limit(limit).values_list("id", "storage_key"))
    purged = 0
    for attachment_id, key in due:
        try:
            async with in_transaction():
                # The row first, only while still staged: whoever deletes it deletes the bytes, and a failure to
                # delete them keeps the row for the next round.
                if await Attachment.filter(id=attachment_id, ticket_id=None).delete():
                    await rt.storage.delete(key)
                    purged += 1
        except Exception:  # one file the storage cannot delete must not stop the others
            logger.exception("could not remove expired upload %s", attachment_id)
    return purged


class StagedFilePurger(BackgroundLoop):
    """Removes uploaded files nobody sent within ``LOKET_STAGED_FILE_TTL_HOURS``."""

    name = "loket-staged-files"

    def __init__(self, rt: Runtime, *, poll: float = 60.0) -> None:
        super().__init__(poll=poll)
        self.rt = rt

    async def run_round(self) -> bool:
        return await purge_expired(self.rt) >= PURGE_BATCH
