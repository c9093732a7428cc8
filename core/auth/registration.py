"""Self-registration: an account confirmed through an emailed link, and password reset the same way.

Links (``loket.core.auth.links``) work once and expire.

Nothing here tells anyone whether an address has an account (OWASP's authentication cheat sheet): registering
an address that has one answers as for a new one and mails the owner instead; asking to resend a confirmation
or to reset a password always succeeds at once, and the look-up and the mail happen after the answer, off the
request path, so the answer also takes the same time either way.

A guest (someone who filed a ticket without an account) claims the account of their address by registering
with it: the confirmation link they are mailed carries the password they chose, and opening it turns the guest
into an ordinary account that keeps its tickets. Until then the guest's row is unchanged, so a stranger who
registers a guest's address gains nothing unless the guest opens the stranger's link.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.auth import accounts, passwords, throttle
from loket.core.auth.links import (
    CONFIRM_EMAIL,
    GUEST_ACCESS,
    RESEND_INTERVAL,
    RESET_PASSWORD,
    after_answer,
    issue_link,
    retire,
    sent_recently,
    ttl_hours,
    use_token,
)
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.errors import InvalidInputError
from loket.core.models import AuthSession, ExternalAccount, OutboxMessage, User
from loket.core.notify.outbox import enqueue
from loket.core.runtime import Runtime

ACCOUNT_EXISTS = "account_exists"


async def _send_link(rt: Runtime, user: User, purpose: str, *, throttle: bool = False,
                     password_hash: str | None = None) -> None:
    """Store a new token and write its email to the outbox (in the caller's transaction). With ``throttle``,
    nothing is sent when a link of this purpose went to the user less than ``RESEND_INTERVAL`` ago."""
    if throttle and await sent_recently(rt, user, purpose):
        return
    link = await issue_link(rt, user, purpose, password_hash=password_hash)
    await enqueue(rt, kind=purpose, recipient=user, desk=None,
                  values={"link": link, "hours": f"{ttl_hours(rt, purpose):g}"})


async def register(rt: Runtime, *, email: str, password: str, display_name: str, language: str,
                   address: str | None = None) -> str:
    """Create an unconfirmed account and email it a confirmation link; it may sign in once confirmed.

    When the address already has an account nothing is created and its owner is mailed instead (someone tried
    to register with it); a guest's address gets a confirmation link that claims the account with this
    password. The answer, the registered address, is the same either way, and so is the work before it: the
    password is hashed in both cases.
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
        if owner is not None and owner.is_guest:
            await _send_link(rt, owner, CONFIRM_EMAIL, throttle=True, password_hash=password_hash)
        elif owner is not None:
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


async def resend_confirmation(rt: Runtime, email: str, *, address: str | None = None) -> None:
    """Accept at once; a new confirmation link is emailed, after the answer, when the address has an
    unconfirmed account."""
    await throttle.count_account_request(rt, address)
    after_answer(rt, _resend_confirmation(rt, email), "loket-resend-confirmation")


async def _resend_confirmation(rt: Runtime, email: str) -> None:
    async with in_transaction():
        user = await accounts.find_by_email(email, email_confirmed=False, is_active=True, is_guest=False,
                                            for_update=True)
        if user is not None:
            await _send_link(rt, user, CONFIRM_EMAIL, throttle=True)


async def request_password_reset(rt: Runtime, email: str, *, address: str | None = None) -> None:
    """Accept at once; a reset link is emailed, after the answer, when the address has an active account that
    may have a password: one that has one, or one without an external sign-in that created it (a caller an agent
    registered, a guest)."""
    await throttle.count_account_request(rt, address)
    after_answer(rt, _request_password_reset(rt, email), "loket-password-reset")


async def _request_password_reset(rt: Runtime, email: str) -> None:
    async with in_transaction():
        user = await accounts.find_by_email(email, is_active=True, for_update=True)
        if user is not None and (user.password_hash is not None or not await ExternalAccount.filter(
                user_id=user.id, linked_existing=False).exists()):
            await _send_link(rt, user, RESET_PASSWORD, throttle=True)


async def confirm_email(rt: Runtime, token: str) -> User:
    """Confirm the address a confirmation link was sent to; the account may sign in from now on. A guest's
    link from ``register`` sets the password chosen then, and the guest becomes an ordinary account."""
    async with in_transaction():
        row = await use_token(rt, token, CONFIRM_EMAIL)
        user = row.user
        user.email_confirmed = True
        if row.password_hash is not None and user.is_guest:
            user.password_hash = row.password_hash
            await _no_longer_guest(rt, user)
        await user.save(update_fields=["email_confirmed", "password_hash", "is_guest"])
    return user


async def reset_password(rt: Runtime, token: str, new_password: str, *, purpose: str = RESET_PASSWORD) -> User:
    """Set a new password through a reset link (or an invitation, ``purpose``); every earlier sign-in of the
    account is revoked. A guest becomes an ordinary account."""
    passwords.check_new_password(new_password, field="newPassword")
    password_hash = await passwords.hash_password(new_password)
    async with in_transaction():
        user = (await use_token(rt, token, purpose)).user
        user.password_hash = password_hash
        user.email_confirmed = True  # opening the link proves the address
        await _no_longer_guest(rt, user)
        await user.save(update_fields=["password_hash", "email_confirmed", "is_guest"])
        await AuthSession.filter(user_id=user.id, revoked_at=None).update(revoked_at=rt.now())
    await announce_sessions_ended(rt, user_id=user.id)
    return user


async def _no_longer_guest(rt: Runtime, user: User) -> None:
    """The person now signs in with a password: the links that opened a guest's sign-in stop working."""
    if user.is_guest:
        user.is_guest = False
        await retire(rt, user.id, GUEST_ACCESS)
