"""Keeping a session alive: sliding expiry with token rotation and reuse detection (OWASP Session Management).

- Idle timeout: a token expires ``LOKET_TOKEN_TTL_SECONDS`` after it was issued. A client still in use calls
  ``refreshSession`` with its token before then and gets a new token whose expiry is now plus that TTL.
- Absolute timeout: no refresh moves the expiry beyond ``LOKET_SESSION_LIFETIME_SECONDS`` after the sign-in;
  there, the person signs in again.
- Rotation: each refresh replaces the session's token. The replaced one keeps working for
  ``LOKET_TOKEN_ROTATION_GRACE_SECONDS`` (requests already under way; a second tab refreshing with it meanwhile
  gets the same new token, not a third one). Presented after that, it can only be a copy in other hands: the
  whole session is revoked, every process's websockets of it end, and the caller gets ``TOKEN_REUSED``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from loket.core.auth import tokens
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.models import AuthSession, User
from loket.core.timekeeping.clock import utcnow

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


async def authenticate(rt: Runtime, token: str) -> tuple[User, AuthSession]:
    """The user and session a bearer token stands for (``tokens.authenticate_token``); a session revoked for
    reuse is announced, so that its websockets end everywhere too."""
    _token_id, session = await _verify(rt, token)
    return session.user, session


async def refresh_session(rt: Runtime, token: str) -> tokens.IssuedToken:
    """A new token for the session ``token`` stands for, expiring after the idle TTL (never beyond the
    session's end); ``token`` is replaced and works only for the grace from now on."""
    settings = rt.settings
    token_id, session = await _verify(rt, token)
    if token_id == session.token_id:
        now = utcnow()
        ends_at = tokens.session_end(session, settings)
        expires_at = min(now + timedelta(seconds=settings.token_ttl_seconds), ends_at)
        new_id = tokens.new_token_id()
        # Conditional: of two refreshes with the same token, one rotates; the other finds it in its grace.
        rotated = await AuthSession.filter(id=session.id, token_id=token_id, revoked_at=None).update(
            token_id=new_id, previous_token_id=token_id, rotated_at=now, expires_at=expires_at, ends_at=ends_at)
        if rotated:
            session.token_id, session.previous_token_id, session.rotated_at = new_id, token_id, now
            session.expires_at, session.ends_at = expires_at, ends_at
            return tokens.IssuedToken(token=tokens.sign(session, settings, token_id=new_id, issued_at=now,
                                                        expires_at=expires_at),
                                      expires_at=expires_at, session=session)
        token_id, session = await _verify(rt, token)
    # ``token`` was replaced a moment ago (in its grace): the answer is the token that replaced it.
    assert session.rotated_at is not None
    current = tokens.sign(session, settings, token_id=session.token_id, issued_at=session.rotated_at,
                          expires_at=session.expires_at)
    return tokens.IssuedToken(token=current, expires_at=session.expires_at, session=session)


async def _verify(rt: Runtime, token: str) -> tuple[str, AuthSession]:
    try:
        return await tokens.verify(token, rt.settings)
    except tokens.TokenReused as reused:
        await announce_sessions_ended(rt, session_ids=[reused.session_id], code=reused.code)
        raise
