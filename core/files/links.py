"""Signed file links: absolute URLs a browser can put in ``<img src>`` or ``<a href>`` with no header.

A link names one file (``kind`` and the database id, e.g. ``attachment`` and its uuid), the user and the session
that asked for it, and when it ends; an HMAC-SHA256 over all of them, under a key derived from
``LOKET_SECRET_KEY``, is its signature. Whoever follows it is served as that user in that session, so it stops
working when the link expires (``LOKET_FILE_LINK_TTL_SECONDS``), when the session ends (sign-out, expiry,
revocation) or the account is disabled, and when the user may no longer see the file (the route checks that as
it does for a bearer token). Anything wrong with it answers exactly as a file that does not exist.

Expiry is rounded up to the next whole minute: the same link is given for a minute, so a page that asks again
does not make the browser fetch an image again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from starlette.datastructures import QueryParams

from loket.core.auth.tokens import refusal
from loket.core.models import AuthSession, User
from loket.core.settings import Settings

SIGNED_PARAMS = ("uid", "sid", "exp", "sig")
_ROUND_SECONDS = 60
_KEY_LABEL = b"loket file links v1"


@dataclass(frozen=True)
class FileRef:
    """One file as a link names it: what kind of file and its database id (with a variant, such as a preview's
    size, in ``kind``)."""

    kind: str
    key: str


def _key(settings: Settings) -> bytes:
    # A key of its own, so a file signature can never stand for a token signature or the reverse.
    return hmac.new(settings.secret_key.encode(), _KEY_LABEL, hashlib.sha256).digest()


def _signature(settings: Settings, ref: FileRef, user_id: int, session_id: str, expires: int) -> str:
    message = "\n".join((ref.kind, ref.key, str(user_id), session_id, str(expires))).encode()
    digest = hmac.new(_key(settings), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def base_url(settings: Settings) -> str:
    return (settings.files_base_url or settings.public_url).rstrip("/")


def expiry(settings: Settings, now: datetime) -> int:
    """When a link made ``now`` ends (seconds since the epoch), rounded up to a whole minute."""
    return math.ceil((now.timestamp() + settings.file_link_ttl_seconds) / _ROUND_SECONDS) * _ROUND_SECONDS


def signed_url(settings: Settings, now: datetime, session: AuthSession | None, path: str, ref: FileRef) -> str:
    """The absolute link to ``path`` (the route serving ``ref``) signed for ``session``'s user; without a
    session (no one signed in), the bare absolute URL, which needs a bearer token."""
    url = f"{base_url(settings)}{path}"
    if session is None:
        return url
    expires = expiry(settings, now)
    user_id, session_id = session.user_id, str(session.id)  # type: ignore[attr-defined]
    query = {"uid": str(user_id), "sid": session_id, "exp": str(expires),
             "sig": _signature(settings, ref, user_id, session_id, expires)}
    return f"{url}?{urlencode(query)}"


def is_signed(query: QueryParams) -> bool:
    return any(name in query for name in SIGNED_PARAMS)


async def holder(settings: Settings, now: datetime, query: QueryParams, ref: FileRef) -> tuple[User, AuthSession] | None:
    """The user and session a signed link to ``ref`` was made for, if it is genuine, unexpired, and its session
    still admits that user; None otherwise (checked in that order, so a forged link costs no database read)."""
    try:
        user_id, session_id, expires = int(query["uid"]), str(uuid.UUID(query["sid"])), int(query["exp"])
        given = query["sig"]
    except (KeyError, ValueError):
        return None
    if expires < now.timestamp():
        return None
    if not hmac.compare_digest(given.encode(), _signature(settings, ref, user_id, session_id, expires).encode()):
        return None
    session = await AuthSession.get_or_none(id=session_id).select_related("user")
    if session is None or session.user_id != user_id or refusal(session) is not None:  # type: ignore[attr-defined]
        return None
    return session.user, session


# Where each kind of file is served, and how its link names it (by database id, whatever the path shows).

def attachment_link(attachment_id: object) -> tuple[str, FileRef]:
    return f"/attachments/{attachment_id}", FileRef("attachment", str(attachment_id))


def thumbnail_link(attachment_id: object, edge: int) -> tuple[str, FileRef]:
    return f"/attachments/{attachment_id}/thumbnail/{edge}", FileRef(f"thumbnail:{edge}", str(attachment_id))


def export_link(job_id: object) -> tuple[str, FileRef]:
    return f"/exports/{job_id}", FileRef("export", str(job_id))


def print_link(number: str, ticket_id: int) -> tuple[str, FileRef]:
    return f"/tickets/{quote(number, safe='')}/print.pdf", FileRef("print", str(ticket_id))


def zip_link(number: str, ticket_id: int) -> tuple[str, FileRef]:
    return f"/tickets/{quote(number, safe='')}/attachments.zip", FileRef("zip", str(ticket_id))
