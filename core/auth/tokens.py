"""Signed, expiring bearer tokens. Each names a stored AuthSession, so signing out revokes it at once.

A token carries its own id (``jti``); the session records which token stands for it now (``token_id``). A
refresh (``loket.core.auth.renewal``) replaces that token: the one replaced is still honoured for
``LOKET_TOKEN_ROTATION_GRACE_SECONDS`` (requests sent just before the refresh), and presented after that it is a
reuse, a sign that a copy of it is in other hands: the session is revoked (``TOKEN_REUSED``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from loket.core.timekeeping.clock import utcnow
from loket.core.errors import AuthenticationError
from loket.core.models import AuthSession, User
from loket.core.settings import Settings

_ALGORITHM = "HS256"
_AUDIENCE = "loket"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    session: AuthSession


class TokenReused(AuthenticationError):
    """A token its session replaced was presented after the grace: the session has just been revoked."""

    def __init__(self, session_id: uuid.UUID) -> None:
        super().__init__("TOKEN_REUSED")
        self.session_id = session_id


def new_token_id() -> str:
    return uuid.uuid4().hex


def session_end(session: AuthSession, settings: Settings) -> datetime:
    """The absolute end of a session: no refresh extends it further."""
    return session.ends_at or session.created_at + timedelta(seconds=settings.session_lifetime_seconds)


def sign(session: AuthSession, settings: Settings, *, token_id: str, issued_at: datetime,
         expires_at: datetime) -> str:
    """The signed token ``token_id`` of ``session``."""
    claims = {
        "sub": str(session.user_id),
        "sid": str(session.id),
        "jti": token_id,
        "aud": _AUDIENCE,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)


async def issue_token(user: User, settings: Settings, *, method: str) -> IssuedToken:
    """Open a session for ``user`` and return its signed token."""
    now = utcnow()
    ends_at = now + timedelta(seconds=settings.session_lifetime_seconds)
    expires_at = min(now + timedelta(seconds=settings.token_ttl_seconds), ends_at)
    token_id = new_token_id()
    session = await AuthSession.create(id=uuid.uuid4(), user=user, method=method, expires_at=expires_at,
                                       ends_at=ends_at, token_id=token_id)
    token = sign(session, settings, token_id=token_id, issued_at=now, expires_at=expires_at)
    return IssuedToken(token=token, expires_at=expires_at, session=session)


def _decode(token: str, settings: Settings) -> dict:
    try:
        return jwt.decode(
            token,
            settings.secret_key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["sub", "sid", "exp", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationError("TOKEN_EXPIRED") from None
    except jwt.InvalidTokenError:
        raise AuthenticationError("INVALID_TOKEN") from None


async def authenticate_token(token: str, settings: Settings) -> tuple[User, AuthSession]:
    """The user and session a bearer token stands for; raises AuthenticationError with the reason (and
    ``TokenReused``, after revoking the session, for a replaced token presented after its grace)."""
    _token_id, session = await verify(token, settings)
    return session.user, session


async def verify(token: str, settings: Settings) -> tuple[str, AuthSession]:
    """The id of a token that admits its holder, and its session (with the user loaded)."""
    claims = _decode(token, settings)
    token_id = claims.get("jti", "")  # tokens issued before refreshing existed carry none
    try:
        session_id = uuid.UUID(claims["sid"])
    except (ValueError, TypeError):
        raise AuthenticationError("INVALID_TOKEN") from None
    if not isinstance(token_id, str):
        raise AuthenticationError("INVALID_TOKEN")
    session = await AuthSession.get_or_none(id=session_id).select_related("user")
    if session is None or str(session.user_id) != str(claims["sub"]):
        raise AuthenticationError("INVALID_TOKEN")
    code = refusal(session)
    if code is not None:
        raise AuthenticationError(code)
    if token_id != session.token_id and not in_grace(session, token_id, settings):
        await revoke(session)
        raise TokenReused(session.id)
    return token_id, session


def in_grace(session: AuthSession, token_id: str, settings: Settings) -> bool:
    """Whether ``token_id`` is the token the session's last refresh replaced, still within its grace."""
    return (session.previous_token_id is not None and token_id == session.previous_token_id
            and session.rotated_at is not None
            and utcnow() < session.rotated_at + timedelta(seconds=settings.token_rotation_grace_seconds))


def refusal(session: AuthSession) -> str | None:
    """Why a stored session (with its user loaded) admits no one any more, as an error code; None while it does."""
    if session.revoked_at is not None:
        return "TOKEN_REVOKED"
    if session.expires_at <= utcnow():
        return "TOKEN_EXPIRED"
    if not session.user.is_active:
        return "ACCOUNT_DISABLED"
    return None


async def revoke(session: AuthSession) -> None:
    """Sign out: the session's token admits no one from now on."""
    await AuthSession.filter(id=session.id, revoked_at=None).update(revoked_at=utcnow())
