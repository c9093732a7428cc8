"""Files: staged by their uploader (added, replaced, removed at will), then bound to a ticket or a message
when it is sent. Each is checked against the desk's policy for its purpose: the extension (after the
name is decoded) against the allow-list, the size while it streams to storage, and for common types the
first bytes against the type the name claims."""

from __future__ import annotations

import unicodedata
import uuid
from typing import BinaryIO
from urllib.parse import unquote

import anyio
from tortoise.transactions import in_transaction

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, NotFoundError
from loket.core.models import Attachment, Message, Ticket, User
from loket.core.plugin_types import AttachmentPolicy
from loket.core.plugins import first_answer
from loket.core.runtime import Runtime
from loket.core.storage import FileTooLarge
from loket.core.tickets import staged
from loket.core.workflow.access import can_view, viewer_for

MAX_NAME_LENGTH = 255  # characters, as the database keeps them
CORE_PURPOSES = ("ticket", "message", "resolution")  # any other purpose is a desk's own

# Signatures of common types: a file named .pdf must start like a PDF, and so on.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "rar": (b"Rar!\x1a\x07",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "txt": "text/plain", "csv": "text/csv", "zip": "application/zip", "rar": "application/vnd.rar",
    "doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


async def policy_for(rt: Runtime, desk: DeskInfo, purpose: str) -> AttachmentPolicy:
    """The files ``desk`` accepts for ``purpose`` (``attachment_policy``); a purpose nobody takes is refused."""
    policy = await first_answer(rt.pm.hook.attachment_policy, desk=desk.spec, purpose=purpose)
    if policy is None:
        raise InvalidInputError("UNKNOWN_ATTACHMENT_PURPOSE", field="purpose", purpose=purpose)
    return policy


def clean_filename(raw: str) -> str:
    """The name as the uploader meant it: percent-decoded, Unicode-normalised, surrounding spaces and dots
    dropped. Whether it is acceptable is :func:`check_name`'s decision."""
    return unicodedata.normalize("NFC", unquote(raw or "")).strip().strip(".")


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def _printable(name: str) -> str:
    return "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in name)[:MAX_NAME_LENGTH] or "?"


def check_name(name: str, policy: AttachmentPolicy) -> str:
    """The allowed extension of the (decoded) ``name``, or a clear refusal: a folder path, a control or
    formatting character (a NUL byte, a right-to-left override) or an over-long name is refused outright,
    and the extension is the last one (``a.pdf.php`` is a .php file)."""
    if (any(unicodedata.category(ch)[0] == "C" for ch in name) or "/" in name or "\\" in name
            or len(name) > MAX_NAME_LENGTH):
        raise InvalidInputError("ATTACHMENT_NAME_NOT_ALLOWED", field="file", name=_printable(name),
                                max=MAX_NAME_LENGTH)
    extension = extension_of(name)
    allowed = {ext.lower().lstrip(".") for ext in policy.extensions}
    if not name or not extension or extension not in allowed:
        raise InvalidInputError("ATTACHMENT_TYPE_NOT_ALLOWED", field="file", name=name or "?",
                                allowed=", ".join(sorted(allowed)))
    return extension


async def stage(rt: Runtime, uploader: User, desk: DeskInfo, purpose: str, filename: str, source: BinaryIO,
                *, replaces: Attachment | None = None) -> Attachment:
    """Store an upload (``source``: a readable binary file, such as the spooled upload) as a staged
    attachment of ``uploader``, within their quota of files waiting to be sent (``replaces``, removed once
    this succeeds, does not count); a refused upload leaves nothing behind."""
    policy = await policy_for(rt, desk, purpose)
    name = clean_filename(filename)
    extension = check_name(name, policy)
    replaced = replaces.id if replaces is not None else None
    room = await staged.room_for_one_more(rt, uploader, excluding=replaced)
    try:
        stored = await rt.storage.save(source, max_bytes=min(policy.max_bytes, room))
    except FileTooLarge:
        if room < policy.max_bytes:
            raise staged.quota_exceeded(rt) from None
        raise InvalidInputError("ATTACHMENT_TOO_LARGE", field="file", name=name,
                                max_mb=round(policy.max_bytes / 1024 / 1024, 1)) from None
    try:
        signatures = MAGIC.get(extension)
        if stored.size == 0 or (signatures and not stored.head.startswith(signatures)):
            code = "ATTACHMENT_EMPTY" if stored.size == 0 else "ATTACHMENT_CONTENT_MISMATCH"
            raise InvalidInputError(code, field="file", name=name, extension=extension)
        async with in_transaction():
            await staged.hold_quota(rt, uploader, stored.size, excluding=replaced)
            attachment = await Attachment.create(
                id=uuid.uuid4(), desk_id=desk.id, uploader=uploader, purpose=purpose, storage_key=stored.key,
                original_name=name, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
                size=stored.size, sha256=stored.sha256, created_at=rt.now())
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request must not leave an orphan file either
            await rt.storage.delete(stored.key)
        raise
    if replaces is not None:
        await remove(rt, uploader, replaces)
    return attachment


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def staged_by(rt: Runtime, uploader: User, attachment_id: str, field: str = "id") -> Attachment:
    """The uploader's own attachment ``attachment_id``, still staged and not expired; anyone else's, or one
    past ``LOKET_STAGED_FILE_TTL_HOURS`` (about to be purged), is "not found"."""
    key = _uuid(attachment_id)
    attachment = await Attachment.get_or_none(id=key, uploader_id=uploader.id, ticket_id=None,
                                              created_at__gte=staged.staged_since(rt)) if key else None
    if attachment is None:
        raise NotFoundError("ATTACHMENT_NOT_FOUND", field=field)
    return attachment


async def readable(user: User, attachment_id: str) -> Attachment | None:
    """The attachment if ``user`` may download it, else None (whether or not it exists): a staged file is
    its uploader's alone; a sent one is for whoever may see its ticket, an internal one for the desk's staff."""
    key = _uuid(attachment_id)
    attachment = await Attachment.get_or_none(id=key) if key else None
    if attachment is None:
        return None
    if attachment.ticket_id is None:
        return attachment if attachment.uploader_id == user.id else None
    ticket = await Ticket.get(id=attachment.ticket_id)
    viewer = await viewer_for(user)
    if not await can_view(viewer, ticket):
        return None
    if attachment.visibility != "public" and not viewer.is_staff_of(ticket.desk_id):
        return None
    return attachment


async def readable_of_ticket(user: User, number: str) -> tuple[Ticket, list[Attachment]] | None:
    """The ticket ``number`` with every file ``user`` may download from it, oldest first; None when the
    ticket does not exist or is not theirs to see."""
    ticket = await Ticket.get_or_none(number=number.strip())
    if ticket is None:
        return None
    viewer = await viewer_for(user)
    if not await can_view(viewer, ticket):
        return None
    files = Attachment.filter(ticket_id=ticket.id)
    if not viewer.is_staff_of(ticket.desk_id):
        files = files.filter(visibility="public")
    return ticket, await files.order_by("created_at", "original_name")


async def remove(rt: Runtime, uploader: User, attachment: Attachment) -> None:
    """Remove a staged attachment (files already sent stay with their ticket)."""
    # Only while it is still staged: a file sent meanwhile belongs to its ticket, bytes included.
    if await Attachment.filter(id=attachment.id, uploader_id=uploader.id, ticket_id=None).delete():
        await rt.storage.delete(attachment.storage_key)


async def take_staged(rt: Runtime, uploader: User, desk: DeskInfo, ids: list[str], purpose: str,
                      field: str = "attachmentIds") -> list[Attachment]:
    """The staged attachments about to be sent, checked: the uploader's own, for this desk and purpose,
    not yet sent, and no more than the policy allows. A file staged for a purpose of the desk's own (e.g.
    ``verification`` documents, checked against that purpose's policy when uploaded) may be sent with a
    new ticket or a message."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    policy = await policy_for(rt, desk, purpose)
    if len(ids) > policy.max_files:
        raise InvalidInputError("TOO_MANY_ATTACHMENTS", field=field, max=policy.max_files)
    found = []
    for attachment_id in ids:
        attachment = await staged_by(rt, uploader, attachment_id, field)
        if attachment.desk_id != desk.id or not _may_send_as(attachment.purpose, purpose):
            raise InvalidInputError("ATTACHMENT_NOT_FOR_THIS", field=field, name=attachment.original_name,
                                    purpose=purpose)
        found.append(attachment)
    return found


def _may_send_as(staged_for: str, purpose: str) -> bool:
    if staged_for == purpose:
        return True
    return purpose in ("ticket", "message") and staged_for not in CORE_PURPOSES


async def bind(rt: Runtime, attachments: list[Attachment], ticket: Ticket, message: Message | None = None,
               *, internal: bool = False) -> None:
    """Attach staged files to a ticket (and the message they came with), in the caller's transaction."""
    if not attachments:
        return
    bound = await Attachment.filter(id__in=[a.id for a in attachments], ticket_id=None).update(
        ticket_id=ticket.id, message_id=message.id if message else None, bound_at=rt.now(),
        visibility="internal" if internal else "public")
    if bound != len(attachments):
        raise InvalidInputError("ATTACHMENT_ALREADY_SENT", field="attachmentIds")
