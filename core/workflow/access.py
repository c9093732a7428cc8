"""Who may see a ticket and who they are to it.

- Reporters see the tickets they reported, or created on someone's behalf.
- Agents see their desks' tickets held by their own teams or by teams at a tier no higher than their
  highest tier in that desk (level 2 oversees level 1, not the other way round), plus every ticket they
  have acted on (their history). A team works at every desk it serves: a member of a shared team (one
  serving several desks) is an agent of each, at the team's tier; a higher tier of one desk oversees a
  shared team's tickets of that desk only.
- Desk admins see every ticket of their desks; superusers every ticket.
- Internal notes and internal files are for agents, admins and superusers of the ticket's desk only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tortoise.expressions import Q, Subquery

from loket.core.errors import NotFoundError
from loket.core.models import DeskAdmin, Team, TeamDesk, Ticket, TicketEvent, User

if TYPE_CHECKING:
    from loket.core.tickets.events import UnitOfWork


@dataclass
class Viewer:
    """A user with their memberships loaded once, for every access decision of a request."""

    user: User
    team_ids: set[int] = field(default_factory=set)
    max_tier: dict[int, int] = field(default_factory=dict)  # desk id -> highest tier of my teams serving it
    admin_desk_ids: set[int] = field(default_factory=set)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def is_superuser(self) -> bool:
        return self.user.is_superuser

    def is_staff_of(self, desk_id: int) -> bool:
        """An agent, admin or superuser of the desk: sees internal notes there."""
        return self.is_superuser or desk_id in self.admin_desk_ids or desk_id in self.max_tier

    def is_agent_somewhere(self) -> bool:
        return bool(self.team_ids) or bool(self.admin_desk_ids) or self.is_superuser


async def viewer_for(user: User) -> Viewer:
    viewer = Viewer(user=user)
    # each desk my teams serve (a shared team serves several), at the team's tier
    served = TeamDesk.filter(team__memberships__user_id=user.id)
    for team_id, desk_id, tier in await served.values_list("team_id", "desk_id", "team__tier"):
        viewer.team_ids.add(team_id)
        viewer.max_tier[desk_id] = max(viewer.max_tier.get(desk_id, 0), tier)
    viewer.admin_desk_ids = set(await DeskAdmin.filter(user_id=user.id).values_list("desk_id", flat=True))
    return viewer


def visible_filter(viewer: Viewer) -> Q | None:
    """A filter of the tickets ``viewer`` may see, or None for every ticket (superusers)."""
    if viewer.is_superuser:
        return None
    clauses = [Q(reporter_id=viewer.id), Q(created_by_id=viewer.id)]
    if viewer.admin_desk_ids:
        clauses.append(Q(desk_id__in=sorted(viewer.admin_desk_ids)))
    if viewer.team_ids:
        clauses.append(Q(team_id__in=sorted(viewer.team_ids)))
        for desk_id, tier in sorted(viewer.max_tier.items()):
            # the desk's own tickets only: a shared team's tickets at another desk are not this tier's to oversee
            lower = TeamDesk.filter(desk_id=desk_id, team__tier__lte=tier).values("team_id")
            clauses.append(Q(desk_id=desk_id, team_id__in=Subquery(lower)))
        # history: tickets of the desks I work at that I acted on (as can_view decides: leaving a desk ends it)
        acted_on = Subquery(TicketEvent.filter(actor_id=viewer.id).values("ticket_id"))
        clauses.append(Q(Q(id__in=acted_on), Q(desk_id__in=sorted(viewer.max_tier))))
    return Q(*clauses, join_type="OR")


async def can_view(viewer: Viewer, ticket: Ticket) -> bool:
    if viewer.is_superuser or ticket.desk_id in viewer.admin_desk_ids:
        return True
    if viewer.id in (ticket.reporter_id, ticket.created_by_id):
        return True
    if ticket.desk_id not in viewer.max_tier:
        return False
    if ticket.team_id in viewer.team_ids or ticket.assignee_id == viewer.id:
        return True
    team = await Team.get(id=ticket.team_id)
    if team.tier <= viewer.max_tier[ticket.desk_id]:
        return True
    return await TicketEvent.filter(ticket_id=ticket.id, actor_id=viewer.id).exists()


async def visible_ticket(viewer: Viewer, number: str, work: UnitOfWork | None = None) -> Ticket:
    """The ticket with this number if the viewer may see it; otherwise NOT_FOUND (never "forbidden", so
    numbers of other people's tickets cannot be probed). Given the unit of work of an action, the ticket's
    row is locked first and the ticket read as it is under that lock."""
    number = number.strip()
    ticket = await (work.lock_ticket(number) if work is not None else Ticket.get_or_none(number=number))
    if ticket is None or not await can_view(viewer, ticket):
        raise NotFoundError("TICKET_NOT_FOUND", field="number", number=number)
    return ticket
