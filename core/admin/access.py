"""Who may administer what. Superusers administer everything; a desk admin their own desks only; nobody else
anything. Refusals say FORBIDDEN (anonymous callers are refused earlier, as UNAUTHENTICATED)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loket.core.desks.registry import DeskInfo
from loket.core.errors import PermissionDeniedError
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


def can_administer(viewer: Viewer, desk: DeskInfo | int) -> bool:
    desk_id = desk if isinstance(desk, int) else desk.id
    return viewer.is_superuser or desk_id in viewer.admin_desk_ids


def require_admin_of(viewer: Viewer, desk: DeskInfo | int) -> None:
    """Refuse unless ``viewer`` administers ``desk`` (its desk admin, or a superuser)."""
    if not can_administer(viewer, desk):
        raise PermissionDeniedError()


def require_superuser(viewer: Viewer) -> None:
    if not viewer.is_superuser:
        raise PermissionDeniedError()


def administered_desk(rt: Runtime, viewer: Viewer, desk_slug: str) -> DeskInfo:
    """The desk ``desk_slug`` (UNKNOWN_DESK otherwise), if ``viewer`` administers it (FORBIDDEN otherwise)."""
    desk = rt.desks.get(desk_slug)
    require_admin_of(viewer, desk)
    return desk
