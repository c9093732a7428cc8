"""Self-registration: an account confirmed through an emailed link, and password reset the same way.

Links carry a random token; only its SHA-256 hash is stored, with an expiry and the moment it was used, so
each link works once and not after it expires.

Nothing here tells anyone whether an address has an account (OWASP's authentication cheat sheet): registering
an address that has one answers as for a new one and mails the owner instead; asking to resend a confirmation
or to reset a password always succeeds at once, and the look-up and the mail happen after the answer, off the
request path, so the answer also takes the same time either way.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import secrets
from datetime import timedelta
from urllib.parse import quote

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth import accounts, passwords, throttle
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.errors import InvalidInputError
from loket.core.models import AccountToken, AuthSession, OutboxMessage, User
from loket.core.notify.outbox import enqueue
from loket.core.runtime import Runtime

logger = logging.getLogger("loket.auth")

CONFIRM_EMAIL = "confirm_email"
RESET_PASSWORD = "reset_password"
ACCOUNT_EXISTS = "account_exists"
_PATHS = {CONFIRM_EMAIL: "confirm-email", RESET_PASSWORD: "reset-password"}
RESEND_INTERVAL = timedelta(minutes=1)
"""Asking again within this interval sends nothing (the request still succeeds): no mail-bombing an address."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _ttl(rt: Runtime, purpose: str) -> float:
    settings = rt.settings
    return settings.confirmation_ttl_hours if purpose == CONFIRM_EMAIL else settings.password_reset_ttl_hours


async def _send_link(rt: Runtime, user: User, purpose: str, *, throttle: bool = False) -> None:
    """Store a new token and write its email to the outbox (in the caller's transaction). With ``throttle``,
    nothing is sent when a link of this purpose went to the user less than ``RESEND_INTERVAL`` ago."""
    now = rt.now()
    if throttle and await AccountToken.filter(user_id=user.id, purpose=purpose,
                                              created_at__gt=now - RESEND_INTERVAL).exists():
        return
    token = secrets.token_urlsafe(32)
    hours = _ttl(rt, purpose)
    await AccountToken.create(user=user, purpose=purpose, token_hash=hash_token(token), created_at=now,
                              expires_at=now + timedelta(hours=hours))
    link = f"{rt.settings.public_url.rstrip('/')}/{_PATHS[purpose]}?token={quote(token)}"
    await enqueue(rt, kind=purpose, recipient=user, desk=None, values={"link": link, "hours": f"{hours:g}"})


async def register(rt: Runtime, *, email: str, password: str, display_name: str, language: str,
                   address: str | None = None) -> str:
    """Create an unconfirmed account and email it a confirmation link; it may sign in once confirmed.

    When the address already has an account nothing is created and its owner is mailed instead (someone tried
    to register with it). The answer, the registered address, is the same either way, and so is the work
    before it: the password is hashed in both cases.
    """
    await throttle.count_account_request(rt, address)
    email = accounts.validate_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInputError("DISPLAY_NAME_REQUIRED", field="displayName")
    passwords.check_new_password(password)
    password_hash = await passwords.hash_password(password)
    try:
        async with in_transaction():
            if not await User.filter(email=email).exists():
                user = await User.create(email=email, display_name=display_name, password_hash=password_hash,
                                         email_confirmed=False, language=language)
                await _send_link(rt, user, CONFIRM_EMAIL)
                return email
    except IntegrityError:
        pass  # registered by another request at the same moment: answered like any existing address
    async with in_transaction():
        # Locked: concurrent attempts mail the owner once.
        owner = await User.filter(email=email, is_active=True).select_for_update().first()
        if owner is not None:
            await _tell_owner(rt, owner)
    return email


async def _tell_owner(rt: Runtime, owner: User) -> None:
    """Mail the owner of an address someone tried to register with (at most once per ``RESEND_INTERVAL``)."""
    now = rt.now()
    if await OutboxMessage.filter(kind=ACCOUNT_EXISTS, recipient=owner.email,
                                  created_at__gt=now - RESEND_INTERVAL).exists():
        return
    await enqueue(rt, kind=ACCOUNT_EXISTS, recipient=owner, desk=None,
                  values={"link": rt.settings.public_url.rstrip("/"), "email": owner.email})


def _after_answer(rt: Runtime, work, name: str) -> None:
    """Run ``work`` (a coroutine) after the request has answered, outside its context and transaction."""

    async def run() -> None:
        try:
            await work
        except Exception:  # noqa: BLE001 - nobody awaits this task: record the failure for the operator
            logger.exception("%s failed", name)

    rt.tasks.spawn(run(), name=name, context=contextvars.Context())


async def resend_confirmation(rt: Runtime, email: str, *, address: str | None = None) -> None:
    """Accept at once; a new confirmation link is emailed, after the answer, when the address has an
    unconfirmed account."""
    await throttle.count_account_request(rt, address)
    _after_answer(rt, _resend_confirmation(rt, email), "loket-resend-confirmation")


async def _resend_confirmation(rt: Runtime, email: str) -> None:
    async with in_transaction():
        user = await accounts.find_by_email(email, email_confirmed=False, is_active=True, for_update=True)
        if user is not None:
            await _send_link(rt, user, CONFIRM_EMAIL, throttle=True)


async def request_password_reset(rt: Runtime, email: str, *, address: str | None = None) -> None:
    """Accept at once; a reset link is emailed, after the answer, when the address has an active account with
    a password."""
    await throttle.count_account_request(rt, address)
    _after_answer(rt, _request_password_reset(rt, email), "loket-password-reset")


async def _request_password_reset(rt: Runtime, email: str) -> None:
    async with in_transaction():
        user = await accounts.find_by_email(email, is_active=True, for_update=True)
        if user is not None and user.password_hash is not None:
            await _send_link(rt, user, RESET_PASSWORD, throttle=True)


async def _use_token(rt: Runtime, token: str, purpose: str) -> User:
    """Mark the token used (once only) and return its user; refuses unknown, used and expired tokens."""
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
    # The other links of this purpose sent to the account stop working too.
    await AccountToken.filter(user_id=row.user_id, purpose=purpose, used_at=None).update(used_at=now)
    return row.user


async def confirm_email(rt: Runtime, token: str) -> User:
    """Confirm the address a confirmation link was sent to; the account may sign in from now on."""
    async with in_transaction():
        user = await _use_token(rt, token, CONFIRM_EMAIL)
        user.email_confirmed = True
        await user.save(update_fields=["email_confirmed"])
    return user


async def reset_password(rt: Runtime, token: str, new_password: str) -> User:
    """Set a new password through a reset link; every earlier sign-in of the account is revoked."""
    passwords.check_new_password(new_password, field="newPassword")
    password_hash = await passwords.hash_password(new_password)
    async with in_transaction():
        user = await _use_token(rt, token, RESET_PASSWORD)
        user.password_hash = password_hash
        user.email_confirmed = True  # opening the link proves the address
        await user.save(update_fields=["password_hash", "email_confirmed"])
        await AuthSession.filter(user_id=user.id, revoked_at=None).update(revoked_at=rt.now())
    await announce_sessions_ended(rt, user_id=user.id)
    return user
