"""An account's standing: deactivated (it signs in no more, and its sessions end at once, in every process)
or active again.

Nobody deactivates themselves, and the last active superuser stays active. A desk admin deactivates and
reactivates the accounts whose duties are all at their desks (``loket.core.people.scope.require_may_manage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from loket.core.admin.audit import Actor, record
from loket.core.auth.sessions import announce_sessions_ended
from loket.core.errors import InvalidInputError
from loket.core.models import AuthSession, User
from loket.core.people.duties import locked, refuse_last_superuser
from loket.core.people.scope import desk_of, require_may_manage, target
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


async def deactivate(rt: Runtime, viewer: Viewer, actor: Actor, user: User) -> bool:
    """Disable the account and revoke its sessions; True when it was active. Its tokens are refused from now
    on (ACCOUNT_DISABLED), and its live subscriptions end on every server process."""
    if user.id == viewer.id:
        raise InvalidInputError("CANNOT_DEACTIVATE_SELF", field="user")
    desks = await require_may_manage(viewer, user)
    async with in_transaction():
        row = await locked(user)
        if not row.is_active:
            return False
        await refuse_last_superuser(row)
        await User.filter(id=user.id).update(is_active=False)
        await AuthSession.filter(user_id=user.id, revoked_at=None).update(revoked_at=rt.now())
        await record(actor, rt.now(), "user.deactivate", target(user), before={"active": True},
                     after={"active": False}, desk_id=desk_of(desks))
    user.is_active = False
    await announce_sessions_ended(rt, user_id=user.id, code="ACCOUNT_DISABLED")
    return True


async def reactivate(rt: Runtime, viewer: Viewer, actor: Actor, user: User) -> bool:
    """Let the account sign in again (its old sessions stay revoked); True when it was inactive."""
    desks = await require_may_manage(viewer, user)
    async with in_transaction():
        if not await User.filter(id=user.id, is_active=False).update(is_active=True):
            return False
        await record(actor, rt.now(), "user.reactivate", target(user), before={"active": False},
                     after={"active": True}, desk_id=desk_of(desks))
    user.is_active = True
    return True
