"""Creating accounts and signing in with a password (external identity providers: ``loket.core.auth.external``)."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth import passwords, throttle, tokens
from loket.core.timekeeping.clock import utcnow
from loket.core.errors import AuthenticationError, InvalidInputError
from loket.core.models import DeskAdmin, ExternalAccount, User
from loket.core.plugins import first_answer
from loket.core.runtime import Runtime

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX_LENGTH = 254  # as stored (RFC 5321's limit)


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def find_by_email(email: str, *, for_update: bool = False, **filters) -> User | None:
    """The account with this (typed) email and ``filters`` (row-locked ``for_update``); None too when no account
    could have it."""
    email = normalise_email(email)
    if len(email) > EMAIL_MAX_LENGTH:
        return None
    query = User.filter(email=email, **filters)
    return await (query.select_for_update() if for_update else query).first()


def validate_email(email: str, *, field: str = "email") -> str:
    email = normalise_email(email)
    if not email:
        raise InvalidInputError("EMAIL_REQUIRED", field=field)
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.match(email):
        raise InvalidInputError("EMAIL_INVALID", field=field)
    return email


async def create_user(
    *, email: str, display_name: str, password: str | None, is_superuser: bool = False
) -> User:
    """Create an account; ``password`` None makes an account that signs in only through an external provider."""
    email = validate_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInputError("DISPLAY_NAME_REQUIRED", field="displayName")
    if password is not None:
        passwords.check_new_password(password)
    if await User.filter(email=email).exists():
        raise InvalidInputError("EMAIL_TAKEN", field="email")
    password_hash = await passwords.hash_password(password) if password is not None else None
    try:
        return await User.create(
            email=email, display_name=display_name, password_hash=password_hash, is_superuser=is_superuser
        )
    except IntegrityError:
        raise InvalidInputError("EMAIL_TAKEN", field="email") from None  # created meanwhile by someone else


async def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password (refused when too short or too common)."""
    passwords.check_new_password(password)
    user.password_hash = await passwords.hash_password(password)
    await user.save(update_fields=["password_hash"])


async def login_with_password(rt: Runtime, email: str, password: str, *,
                              address: str | None = None) -> tokens.IssuedToken:
    """Check the password and issue a token. A wrong email and a wrong password look the same to the caller.

    Attempts are throttled per account and per client ``address`` (``loket.core.auth.throttle``). Plugins may
    refuse password sign-in to accounts an external provider created (``password_login_allowed``).
    """
    attempt = await throttle.begin_sign_in(rt, email=email, address=address)
    user = await find_by_email(email)
    matches = await passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not matches:
        raise AuthenticationError("INVALID_CREDENTIALS", field="password")
    await attempt.succeeded()
    if not user.is_active:
        raise AuthenticationError("ACCOUNT_DISABLED")
    if not user.email_confirmed:
        raise AuthenticationError("EMAIL_NOT_CONFIRMED", field="email")
    # An account linked to a provider after it existed keeps its password: only creators are named.
    providers = sorted(set(await ExternalAccount.filter(user_id=user.id, linked_existing=False)
                           .values_list("provider", flat=True)))
    is_desk_admin = await DeskAdmin.filter(user_id=user.id).exists()
    allowed = await first_answer(rt.pm.hook.password_login_allowed, user_email=user.email,
                                 is_superuser=user.is_superuser, is_desk_admin=is_desk_admin, providers=providers)
    if allowed is False:
        raise AuthenticationError("PASSWORD_LOGIN_DISABLED", field="password",
                                  provider=", ".join(providers) or "SSO")
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_password(password)
    user.last_login_at = utcnow()
    async with in_transaction():
        await user.save(update_fields=["password_hash", "last_login_at"])
        return await tokens.issue_token(user, rt.settings, method="password")
