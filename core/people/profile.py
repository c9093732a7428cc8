"""The signed-in person's own profile: their password (with the old one), display name and language.

The language is the one of their mails, and of the API's messages when a request names none
(``Accept-Language``). Changes are audited as ``profile.update`` like an admin's, a new password as the mere
fact that it changed.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from loket.core.admin.audit import Actor, record
from loket.core.auth import passwords
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.errors import InvalidInputError
from loket.core.models import AuthSession, User
from loket.core.people.invitations import checked_language
from loket.core.people.scope import target

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

DISPLAY_NAME_MAX = 200


async def update_profile(rt: Runtime, user: User, *, display_name: str | None = None,
                         language: str | None = None) -> User:
    """Change my display name and/or preferred language (None: unchanged)."""
    changes: dict[str, str] = {}
    if display_name is not None:
        name = display_name.strip()
        if not name:
            raise InvalidInputError("DISPLAY_NAME_REQUIRED", field="displayName")
        if len(name) > DISPLAY_NAME_MAX:
            raise InvalidInputError("TEXT_TOO_LONG", field="displayName", max=DISPLAY_NAME_MAX, length=len(name))
        changes["display_name"] = name
    if language is not None:
        changes["language"] = checked_language(language, field="language") or ""
    changed = {key: value for key, value in changes.items() if getattr(user, key) != value}
    if not changed:
        return user
    before = {_json(key): getattr(user, key) for key in changed}
    async with in_transaction():
        await User.filter(id=user.id).update(**changed)
        await record(Actor.of(user), rt.now(), "profile.update", target(user), before=before,
                     after={_json(key): value for key, value in changed.items()})
    for key, value in changed.items():
        setattr(user, key, value)
    return user


def _json(key: str) -> str:
    return {"display_name": "displayName"}.get(key, key)


async def change_password(rt: Runtime, user: User, current_session: uuid.UUID | str | None, old_password: str,
                          new_password: str) -> int:
    """Set a new password, given the old one; my other sessions end (this one goes on). Answers how many
    ended."""
    if not await passwords.verify_password(user.password_hash, old_password):
        raise InvalidInputError("OLD_PASSWORD_WRONG", field="oldPassword")
    passwords.check_new_password(new_password, field="newPassword")
    password_hash = await passwords.hash_password(new_password)
    async with in_transaction():
        others = AuthSession.filter(user_id=user.id, revoked_at=None)
        if current_session is not None:
            others = others.exclude(id=current_session)
        ended = [str(session_id) for session_id in await others.values_list("id", flat=True)]
        await User.filter(id=user.id).update(password_hash=password_hash)
        if ended:
            await AuthSession.filter(id__in=ended).update(revoked_at=rt.now())
        await record(Actor.of(user), rt.now(), "profile.update", target(user), before=None,
                     after={"password": "changed", "sessionsEnded": len(ended)})
    user.password_hash = password_hash
    if ended:
        await announce_sessions_ended(rt, session_ids=ended)
    return len(ended)
