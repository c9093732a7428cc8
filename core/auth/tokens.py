"""Signed, expiring bearer tokens. Each names a stored AuthSession, so signing out revokes it at once."""

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


async def issue_token(user: User, settings: Settings, *, method: str) -> IssuedToken:
    """Open a session for ``user`` and return its signed token."""
    now = utcnow()
    expires_at = now + timedelta(seconds=settings.token_ttl_seconds)
    session = await AuthSession.create(id=uuid.uuid4(), user=user, method=method, expires_at=expires_at)
    claims = {
        "sub": str(user.id),
        "sid": str(session.id),
        "aud": _AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    token = jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)
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
    """The user and session a bearer token stands for; raises AuthenticationError with the reason."""
    claims = _decode(token, settings)
    try:
        session_id = uuid.UUID(claims["sid"])
    except (ValueError, TypeError):
        raise AuthenticationError("INVALID_TOKEN") from None
    session = await AuthSession.get_or_none(id=session_id).select_related("user")
    if session is None or str(session.user_id) != str(claims["sub"]):
        raise AuthenticationError("INVALID_TOKEN")
    code = refusal(session)
    if code is not None:
        raise AuthenticationError(code)
    return session.user, session


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
