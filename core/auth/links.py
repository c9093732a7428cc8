"""Emailed links: a random token in a URL, of which only the SHA-256 hash is stored, with an expiry and the
moment it was used, so each link works once and not after it expires.

Purposes, each with its page under ``LOKET_PUBLIC_URL`` and its validity:
- ``confirm_email``: confirm a registered address (``LOKET_CONFIRMATION_TTL_HOURS``);
- ``reset_password``: choose a new password (``LOKET_PASSWORD_RESET_TTL_HOURS``);
- ``invitation``: a caller an agent registered chooses a password (``LOKET_INVITATION_TTL_HOURS``);
- ``guest_access``: a guest opens a sign-in to follow their tickets (``LOKET_GUEST_LINK_TTL_HOURS``).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from loket.core.errors import InvalidInputError
from loket.core.models import AccountToken, User
from loket.core.runtime import Runtime

logger = logging.getLogger("loket.auth")

CONFIRM_EMAIL = "confirm_email"
RESET_PASSWORD = "reset_password"
INVITATION = "invitation"
GUEST_ACCESS = "guest_access"
_PAGES = {CONFIRM_EMAIL: ("confirm-email", "confirmation_ttl_hours"),
          RESET_PASSWORD: ("reset-password", "password_reset_ttl_hours"),
          INVITATION: ("accept-invitation", "invitation_ttl_hours"),
          GUEST_ACCESS: ("guest", "guest_link_ttl_hours")}
RESEND_INTERVAL = timedelta(minutes=1)
"""Asking again within this interval sends nothing (the request still succeeds): no mail-bombing an address."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ttl_hours(rt: Runtime, purpose: str) -> float:
    """How long a link of ``purpose`` works."""
    return getattr(rt.settings, _PAGES[purpose][1])


async def sent_recently(rt: Runtime, user: User, purpose: str) -> bool:
    """Whether a link of ``purpose`` went to ``user`` less than ``RESEND_INTERVAL`` ago."""
    return await AccountToken.filter(user_id=user.id, purpose=purpose,
                                     created_at__gt=rt.now() - RESEND_INTERVAL).exists()


async def issue_link(rt: Runtime, user: User, purpose: str, *, password_hash: str | None = None,
                     **query: str) -> str:
    """Store a new token for ``user`` (in the caller's transaction) and return the URL that carries it, with
    ``query`` added. ``password_hash``: what confirming the link sets as the account's password."""
    now = rt.now()
    token = secrets.token_urlsafe(32)
    await AccountToken.create(user=user, purpose=purpose, token_hash=hash_token(token), created_at=now,
                              expires_at=now + timedelta(hours=ttl_hours(rt, purpose)), password_hash=password_hash)
    page = _PAGES[purpose][0]
    return f"{rt.settings.public_url.rstrip('/')}/{page}?{urlencode({'token': token, **query})}"


async def use_token(rt: Runtime, token: str, purpose: str, *, retire_others: bool = True) -> AccountToken:
    """Mark the token used (once only) and return it with its user; refuses unknown, used and expired tokens.
    With ``retire_others``, the user's other unused links of this purpose stop working too."""
    row = await AccountToken.get_or_none(token_hash=hash_token(token.strip()), purpose=purpose).select_related("user")
    if row is None:
        raise InvalidInputError("LINK_INVALID", field="token")
    if row.used_at is not None:
        raise InvalidInputError("LINK_ALREADY_USED", field="token")
    now = rt.now()
    if row.expires_at <= now:
        raise InvalidInputError("LINK_EXPIRED", field="token")
    if not await AccountToken.filter(id=row.id, used_at=None).update(used_at=now):
        raise InvalidInputError("LINK_ALREADY_USED", field="token")
    if retire_others:
        await retire(rt, row.user_id, purpose)
    return row


async def retire(rt: Runtime, user_id: int, purpose: str) -> None:
    """Every unused link of ``purpose`` sent to the user stops working."""
    await AccountToken.filter(user_id=user_id, purpose=purpose, used_at=None).update(used_at=rt.now())


def after_answer(rt: Runtime, work, name: str) -> None:
    """Run ``work`` (a coroutine) after the request has answered, outside its context and transaction: the
    answer then takes the same time whether an address has an account or not."""

    async def run() -> None:
        try:
            await work
        except Exception:  # noqa: BLE001 - nobody awaits this task: record the failure for the operator
            logger.exception("%s failed", name)

    rt.tasks.spawn(run(), name=name, context=contextvars.Context())
