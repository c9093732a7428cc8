"""Self-registration: an account confirmed through an emailed link, and password reset the same way.

Links carry a random token; only its SHA-256 hash is stored, with an expiry and the moment it was used, so
each link works once and not after it expires. Asking to resend a confirmation or to reset a password
always succeeds, so nobody learns from it whether an address has an account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import quote

from tortoise.transactions import in_transaction

from loket.core.auth import accounts, passwords
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.errors import InvalidInputError
from loket.core.models import AccountToken, AuthSession, User
from loket.core.notify.outbox import enqueue
from loket.core.runtime import Runtime

CONFIRM_EMAIL = "confirm_email"
RESET_PASSWORD = "reset_password"
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


async def register(rt: Runtime, *, email: str, password: str, display_name: str, language: str) -> User:
    """Create an unconfirmed account and email it a confirmation link; it may sign in once confirmed."""
    if len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise InvalidInputError("PASSWORD_TOO_SHORT", field="password", min=passwords.MIN_PASSWORD_LENGTH)
    async with in_transaction():
        user = await accounts.create_user(email=email, display_name=display_name, password=password)
        user.email_confirmed, user.language = False, language
        await user.save(update_fields=["email_confirmed", "language"])
        await _send_link(rt, user, CONFIRM_EMAIL)
    return user


async def resend_confirmation(rt: Runtime, email: str) -> None:
    """Email a new confirmation link when the address has an unconfirmed account; silent otherwise."""
    async with in_transaction():
        user = await User.get_or_none(email=accounts.normalise_email(email), email_confirmed=False, is_active=True)
        if user is not None:
            await _send_link(rt, user, CONFIRM_EMAIL, throttle=True)


async def request_password_reset(rt: Runtime, email: str) -> None:
    """Email a password reset link when the address has an active account with a password; silent otherwise."""
    async with in_transaction():
        user = await User.get_or_none(email=accounts.normalise_email(email), is_active=True)
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
    if len(new_password) < passwords.MIN_PASSWORD_LENGTH:
        raise InvalidInputError("PASSWORD_TOO_SHORT", field="newPassword", min=passwords.MIN_PASSWORD_LENGTH)
    password_hash = await passwords.hash_password(new_password)
    async with in_transaction():
        user = await _use_token(rt, token, RESET_PASSWORD)
        user.password_hash = password_hash
        user.email_confirmed = True  # opening the link proves the address
        await user.save(update_fields=["password_hash", "email_confirmed"])
        await AuthSession.filter(user_id=user.id, revoked_at=None).update(revoked_at=rt.now())
    await announce_sessions_ended(rt, user_id=user.id)
    return user
