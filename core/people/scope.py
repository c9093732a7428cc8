"""Whose account an admin may act on, and what an account's duties are (as the audit log records them)."""

from __future__ import annotations

from loket.core.errors import NotFoundError, PermissionDeniedError
from loket.core.models import DeskAdmin, TeamDesk, TeamMembership, User
from loket.core.workflow.access import Viewer


def console_viewer() -> Viewer:
    """The operator at the console (``loket users``): every power of a superuser, and no account of their own
    (an unsaved user whose id no account has)."""
    return Viewer(user=User(id=0, email="console", display_name="console", is_superuser=True))


def target(user: User | int) -> str:
    """An account as the audit log names it."""
    return f"user:{user if isinstance(user, int) else user.id}"


async def find_user(user_id: int | str, *, field: str = "user") -> User:
    """The account of this id; NOT_FOUND names ``field`` when there is none."""
    try:
        number = int(user_id)
    except (TypeError, ValueError):
        raise NotFoundError(field=field) from None
    user = await User.get_or_none(id=number) if 0 < number < 2**62 else None
    if user is None:
        raise NotFoundError(field=field)
    return user


async def duty_desk_ids(user_id: int) -> set[int]:
    """The desks where the account has a duty: those its teams serve, and those it administers."""
    served = await TeamDesk.filter(team__memberships__user_id=user_id).values_list("desk_id", flat=True)
    admin = await DeskAdmin.filter(user_id=user_id).values_list("desk_id", flat=True)
    return set(served) | set(admin)


async def duties(user_id: int) -> dict[str, list[str]]:
    """The account's duties as plain JSON: ``teams`` (``desk/team``, the desk the team was declared at) and
    ``admin_of`` (desk slugs)."""
    teams = await TeamMembership.filter(user_id=user_id).select_related("team__desk")
    admin = await DeskAdmin.filter(user_id=user_id).select_related("desk")
    return {"teams": sorted(f"{m.team.desk.slug}/{m.team.slug}" for m in teams),
            "admin_of": sorted(grant.desk.slug for grant in admin)}


async def require_may_manage(viewer: Viewer, user: User) -> set[int]:
    """Refuse unless ``viewer`` may manage ``user``'s account as a whole (deactivate, reactivate, mail a
    password reset): a superuser any account; a desk admin an account that is no superuser and whose duties
    are all at desks they administer (an account without duties is the superusers' alone). Answers the
    account's duty desks."""
    desks = await duty_desk_ids(user.id)
    if viewer.is_superuser:
        return desks
    if user.is_superuser or not desks or not desks <= viewer.admin_desk_ids:
        raise PermissionDeniedError()
    return desks


def desk_of(desks: set[int]) -> int | None:
    """The desk an account-wide change belongs to in the audit log: the one desk of the account's duties,
    else none (deployment-wide, the superusers' log)."""
    return next(iter(desks)) if len(desks) == 1 else None
