"""What the desk's staff need to hand out work: a team's members with their load, and finding the person a
ticket is opened for (``onBehalfOf``).

Both are for the desk's staff: its agents, its admins, superusers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tortoise.expressions import Q
from tortoise.functions import Count

from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.models import Ticket, User
from loket.core.people.duties import team_of_desk
from loket.core.workflow.access import Viewer
from loket.core.workflow.spec import DONE_CATEGORIES

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

SEARCH_MIN_LENGTH = 2
FOUND_MAX = 20


@dataclass(frozen=True)
class MemberLoad:
    """A team member and the open tickets they hold (as assignee, at any desk: one person, one load)."""

    user: User
    open_tickets: int


def _require_staff(rt: Runtime, viewer: Viewer, desk_slug: str, *, field: str = "desk"):
    desk = rt.desks.get(desk_slug, field=field)
    if not viewer.is_staff_of(desk.id):
        raise PermissionDeniedError()
    return desk


async def team_load(rt: Runtime, viewer: Viewer, desk_slug: str, team_slug: str) -> list[MemberLoad]:
    """The team's members (a team serving ``desk``), by name, each with the number of tickets they hold that
    are not done."""
    _require_staff(rt, viewer, desk_slug)
    _, team_id = team_of_desk(rt, desk_slug, team_slug)
    members = await User.filter(memberships__team_id=team_id).order_by("display_name", "id")
    if not members:
        return []
    held = await Ticket.filter(assignee_id__in=[m.id for m in members]) \
        .exclude(status_category__in=sorted(DONE_CATEGORIES)) \
        .annotate(count=Count("id")).group_by("assignee_id").values_list("assignee_id", "count")
    counts = dict(held)
    return [MemberLoad(user=member, open_tickets=counts.get(member.id, 0)) for member in members]


async def find_reporters(rt: Runtime, viewer: Viewer, desk_slug: str, text: str, limit: int = 10) -> list[User]:
    """Active accounts whose email or name starts with ``text`` (at least two characters), for the desk's
    staff opening a ticket on someone's behalf: a few, by email."""
    _require_staff(rt, viewer, desk_slug)
    text = text.strip()
    if len(text) < SEARCH_MIN_LENGTH:
        raise InvalidInputError("TEXT_TOO_SHORT", field="text", min=SEARCH_MIN_LENGTH, length=len(text))
    limit = max(1, min(limit, FOUND_MAX))
    query = User.filter(Q(email__istartswith=text.lower()) | Q(display_name__istartswith=text), is_active=True)
    return await query.order_by("email").limit(limit)
