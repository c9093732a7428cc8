"""Creating accounts and signing in, by password or through a plugin's external identity provider."""

from __future__ import annotations

import re

import pluggy
from tortoise.transactions import in_transaction

from loket.core.auth import passwords, tokens
from loket.core.clock import utcnow
from loket.core.errors import AuthenticationError, InvalidInputError
from loket.core.models import DeskAdmin, ExternalAccount, User
from loket.core.plugin_types import ExternalIdentity
from loket.core.plugins import await_me_maybe
from loket.core.settings import Settings

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def validate_email(email: str, *, field: str = "email") -> str:
    email = normalise_email(email)
    if not email:
        raise InvalidInputError("EMAIL_REQUIRED", field=field)
    if len(email) > 254 or not _EMAIL.match(email):
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
    if password is not None and len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise InvalidInputError("PASSWORD_TOO_SHORT", field="password", min=passwords.MIN_PASSWORD_LENGTH)
    if await User.filter(email=email).exists():
        raise InvalidInputError("EMAIL_TAKEN", field="email")
    password_hash = await passwords.hash_password(password) if password is not None else None
    return await User.create(
        email=email, display_name=display_name, password_hash=password_hash, is_superuser=is_superuser
    )


async def set_password(user: User, password: str) -> None:
    if len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise InvalidInputError("PASSWORD_TOO_SHORT", field="password", min=passwords.MIN_PASSWORD_LENGTH)
    user.password_hash = await passwords.hash_password(password)
    await user.save(update_fields=["password_hash"])


async def login_with_password(
    email: str, password: str, settings: Settings, pm: pluggy.PluginManager | None = None
) -> tokens.IssuedToken:
    """Check the password and issue a token. A wrong email and a wrong password look the same to the caller.

    With a plugin manager, plugins may refuse password sign-in for the account (``password_login_allowed``).
    """
    user = await User.get_or_none(email=normalise_email(email))
    matches = await passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not matches:
        raise AuthenticationError("INVALID_CREDENTIALS", field="password")
    if not user.is_active:
        raise AuthenticationError("ACCOUNT_DISABLED")
    if not user.email_confirmed:
        raise AuthenticationError("EMAIL_NOT_CONFIRMED", field="email")
    if pm is not None:
        providers = sorted(set(await ExternalAccount.filter(user_id=user.id).values_list("provider", flat=True)))
        is_desk_admin = await DeskAdmin.filter(user_id=user.id).exists()
        allowed = pm.hook.password_login_allowed(user_email=user.email, is_superuser=user.is_superuser,
                                                 is_desk_admin=is_desk_admin, providers=providers)
        if allowed is False:
            raise AuthenticationError("PASSWORD_LOGIN_DISABLED", field="password",
                                      provider=", ".join(providers) or "SSO")
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_password(password)
    user.last_login_at = utcnow()
    async with in_transaction():
        await user.save(update_fields=["password_hash", "last_login_at"])
        return await tokens.issue_token(user, settings, method="password")


async def login_with_provider(
    provider: str, credential: str, pm: pluggy.PluginManager, settings: Settings
) -> tokens.IssuedToken:
    """Ask the plugins to vouch for ``credential``; create or refresh the user; issue a Loket token."""
    answer = pm.hook.authenticate_external(provider=provider, credential=credential, settings=settings)
    if answer is None:
        raise AuthenticationError("UNKNOWN_PROVIDER", field="provider", provider=provider)
    identity = await await_me_maybe(answer)
    if not isinstance(identity, ExternalIdentity):
        raise AuthenticationError("EXTERNAL_IDENTITY_REFUSED", field="credential", provider=provider)
    async with in_transaction():
        user = await _user_for_identity(identity)
        if not user.is_active:
            raise AuthenticationError("ACCOUNT_DISABLED")
        user.last_login_at = utcnow()
        await user.save(update_fields=["last_login_at", "display_name", "email"])
        return await tokens.issue_token(user, settings, method=identity.provider)


async def _user_for_identity(identity: ExternalIdentity) -> User:
    email = validate_email(identity.email, field="credential")
    link = await ExternalAccount.get_or_none(provider=identity.provider, subject=identity.subject).select_related(
        "user"
    )
    if link is not None:
        user = link.user
        link.attributes = identity.attributes
        await link.save(update_fields=["attributes"])
        if email != user.email and not await User.filter(email=email).exists():
            user.email = email
    else:
        # First sign-in: adopt an existing account with the same email (created by an admin), else create one.
        user = await User.get_or_none(email=email)
        if user is None:
            user = await User.create(email=email, display_name=identity.display_name.strip() or email, password_hash=None)
        await ExternalAccount.create(
            user=user, provider=identity.provider, subject=identity.subject, attributes=identity.attributes
        )
    if identity.display_name.strip():
        user.display_name = identity.display_name.strip()
    return user
