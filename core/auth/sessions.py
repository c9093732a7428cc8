"""Ending sign-ins everywhere at once.

A session ends in the database (revoked, expired, or its account disabled), and every HTTP request checks that.
A websocket outlives requests, so it is told instead: whoever ends sessions announces it through the broker, and
every process ends the live subscriptions of those sessions with the code a request would get (TOKEN_REVOKED,
ACCOUNT_DISABLED). Each websocket also ends its own at the session's expiry (TOKEN_EXPIRED), and checks its session
in the database again before each operation it starts, which covers a notice lost while Redis was away.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from loket.core.auth import tokens
from loket.core.live.broker import SessionsEnded
from loket.core.models import AuthSession
from loket.core.timekeeping.clock import utcnow

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


async def announce_sessions_ended(rt: Runtime, *, session_ids: Iterable[uuid.UUID | str] = (),
                                  user_id: int | None = None, code: str = "TOKEN_REVOKED") -> None:
    """Tell every process that these sessions (and, with ``user_id``, all of that user's) ended, so their
    websockets stop serving them. Call it after the commit that ended them; it never raises."""
    await rt.broker.announce(SessionsEnded(code=code, session_ids=tuple(str(s) for s in session_ids),
                                           user_id=user_id))


async def sign_out(rt: Runtime, session: AuthSession) -> None:
    """Revoke ``session``: its token admits no one from now on and its live subscriptions end everywhere."""
    await tokens.revoke(session)
    await announce_sessions_ended(rt, session_ids=[session.id])


async def sign_out_everywhere(rt: Runtime, user_id: int) -> int:
    """Revoke every session of the user, this one included; their live subscriptions end everywhere. Answers how
    many ended."""
    ended = await AuthSession.filter(user_id=user_id, revoked_at=None).update(revoked_at=utcnow())
    await announce_sessions_ended(rt, user_id=user_id)
    return ended


async def session_refusal(session_id: uuid.UUID | str) -> str | None:
    """Why the session admits no one any more, read again from the database (an error code), or None."""
    session = await AuthSession.get_or_none(id=session_id).select_related("user")
    if session is None:
        return "TOKEN_REVOKED"
    return tokens.refusal(session)
