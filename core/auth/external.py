"""Signing in through an external identity provider (a plugin's ``authenticate_external``), and linking such an
identity to a local account.

Whose account an external identity opens:
1. an identity already linked (provider and subject) opens its account;
2. else, when the provider asserts a verified email that no account has, a new account is created and linked;
3. else, when an account has that email, it is linked automatically only when the provider asserts the email is
   verified, the deployment trusts the provider for the email's domain (``DeskSpec.sso_trusted_domains`` or
   ``LOKET_SSO_TRUSTED_DOMAINS``), and the account is neither a superuser's nor a desk admin's.
Otherwise the answer is EXTERNAL_ACCOUNT_NOT_LINKED (the same whether an account has the email or not) and
nothing changes: the person signs in to Loket (or registers) and links the identity with
``linkExternalAccount``. An account that existed before it was linked keeps its password sign-in.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth import throttle, tokens
from loket.core.auth.accounts import validate_email
from loket.core.timekeeping.clock import utcnow
from loket.core.errors import AuthenticationError, InvalidInputError
from loket.core.models import DeskAdmin, ExternalAccount, User
from loket.core.plugin_types import ExternalIdentity
from loket.core.plugins import first_answer
from loket.core.runtime import Runtime


def trusted_domains(rt: Runtime) -> dict[str, set[str]]:
    """Email domains each provider is trusted for: what the desks declare plus ``LOKET_SSO_TRUSTED_DOMAINS``."""
    trusted: dict[str, set[str]] = {}
    declared = [desk.spec.sso_trusted_domains for desk in rt.desks] + [rt.settings.sso_trusted_domains]
    for mapping in declared:
        for provider, domains in mapping.items():
            trusted.setdefault(provider, set()).update(domain.strip().lower() for domain in domains)
    return trusted


def is_trusted(rt: Runtime, provider: str, email: str) -> bool:
    """Whether ``provider`` is trusted for the domain of ``email`` (exactly that domain, not its subdomains)."""
    return email.rpartition("@")[2].lower() in trusted_domains(rt).get(provider, set())


async def verify_credential(rt: Runtime, provider: str, credential: str) -> ExternalIdentity:
    """The identity a plugin vouches for; AuthenticationError when no plugin knows ``provider`` or it refuses."""
    identity = await first_answer(rt.pm.hook.authenticate_external, provider=provider, credential=credential,
                                  settings=rt.settings)
    if identity is None:
        raise AuthenticationError("UNKNOWN_PROVIDER", field="provider", provider=provider)
    if not isinstance(identity, ExternalIdentity):
        raise AuthenticationError("EXTERNAL_IDENTITY_REFUSED", field="credential", provider=provider)
    return identity


async def login_with_provider(rt: Runtime, provider: str, credential: str, *,
                              address: str | None = None) -> tokens.IssuedToken:
    """Ask the plugins to vouch for ``credential``; open (or create) the account it stands for; issue a token."""
    attempt = await throttle.begin_sign_in(rt, email=None, address=address)
    identity = await verify_credential(rt, provider, credential)
    for last_try in (False, True):
        try:
            async with in_transaction():
                user = await _user_for_identity(rt, identity)
                if not user.is_active:
                    raise AuthenticationError("ACCOUNT_DISABLED")
                user.last_login_at = utcnow()
                await user.save(update_fields=["last_login_at", "display_name", "email", "is_guest"])
                issued = await tokens.issue_token(user, rt.settings, method=identity.provider)
            break
        except IntegrityError:
            # The same person's first sign-in, twice at once: the other one created the account; use it.
            if last_try:
                raise
    await attempt.succeeded()
    return issued


async def link_external_account(rt: Runtime, user: User, provider: str, credential: str, *,
                                address: str | None = None) -> ExternalAccount:
    """Link the identity ``credential`` proves to the signed-in ``user``, who may sign in through it from now
    on (and keeps their password). Refused when the identity is linked to someone else."""
    attempt = await throttle.begin_sign_in(rt, email=None, address=address)
    identity = await verify_credential(rt, provider, credential)
    try:
        async with in_transaction():
            link = await ExternalAccount.get_or_none(provider=identity.provider, subject=identity.subject)
            if link is not None and link.user_id != user.id:
                raise InvalidInputError("EXTERNAL_ACCOUNT_IN_USE", field="credential", provider=identity.provider)
            if link is None:
                link = await ExternalAccount.create(user=user, provider=identity.provider, subject=identity.subject,
                                                    attributes=identity.attributes, linked_existing=True)
            else:
                link.attributes = identity.attributes
                await link.save(update_fields=["attributes"])
    except IntegrityError:
        raise InvalidInputError("EXTERNAL_ACCOUNT_IN_USE", field="credential", provider=identity.provider) from None
    await attempt.succeeded()
    return link


async def _user_for_identity(rt: Runtime, identity: ExternalIdentity) -> User:
    email = validate_email(identity.email, field="credential")
    link = await ExternalAccount.get_or_none(provider=identity.provider, subject=identity.subject).select_related(
        "user")
    if link is not None:
        user = link.user
        link.attributes = identity.attributes
        await link.save(update_fields=["attributes"])
        # Only an address the provider vouches for replaces the one the account has.
        if identity.email_verified and email != user.email and not await User.filter(email=email).exists():
            user.email = email
    else:
        user = await User.get_or_none(email=email)
        if user is None and identity.email_verified:
            user = await User.create(email=email, display_name=identity.display_name.strip() or email,
                                     password_hash=None)
            linked_existing = False
        elif user is not None and await _links_automatically(rt, identity, user):
            linked_existing = True
            user.is_guest = False  # the provider vouches for the address: a guest's account is claimed
        else:
            raise AuthenticationError("EXTERNAL_ACCOUNT_NOT_LINKED", field="credential", provider=identity.provider)
        await ExternalAccount.create(user=user, provider=identity.provider, subject=identity.subject,
                                     attributes=identity.attributes, linked_existing=linked_existing)
    if identity.display_name.strip():
        user.display_name = identity.display_name.strip()
    return user


async def _links_automatically(rt: Runtime, identity: ExternalIdentity, user: User) -> bool:
    if not identity.email_verified or not is_trusted(rt, identity.provider, user.email):
        return False
    return not user.is_superuser and not await DeskAdmin.filter(user_id=user.id).exists()
