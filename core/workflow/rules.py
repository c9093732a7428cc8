"""Who may take which action on a ticket now: the roles a person has on a ticket, the workflow's rules
matched against them, and the refusals when nothing matches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, LoketError, PermissionDeniedError
from loket.core.models import Ticket, TicketParticipant
from loket.core.workflow.access import Viewer
from loket.core.workflow.spec import ActionSpec
from loket.core.workflow.timed import within_windows


class InvalidStateError(LoketError):
    code = "ACTION_NOT_ALLOWED_IN_STATUS"


async def roles_of(viewer: Viewer, ticket: Ticket, desk: DeskInfo,
                   participants: list[TicketParticipant] | None = None) -> set[str]:
    """What the viewer is to the ticket and its desk (the names of ``ACTOR_RULES`` without parameters).
    ``participants``: the ticket's participant rows when the caller has them (else they are asked for)."""
    found: set[str] = set()
    desk_id = ticket.desk_id
    if viewer.id in (ticket.reporter_id, ticket.created_by_id):
        found.update({"reporter", "participant"})
    if ticket.asked_id is not None and (viewer.id == ticket.asked_id or (
            ticket.asked_id == ticket.reporter_id and viewer.id == ticket.created_by_id)):
        found.update({"asked", "participant"})
    if ticket.assignee_id is not None and ticket.assignee_id == viewer.id:
        found.update({"assignee", "participant"})
    admin = viewer.is_superuser or desk_id in viewer.admin_desk_ids
    if ticket.team_id in viewer.team_ids or admin:
        found.add("holding_team")
    if admin:
        found.add("desk_admin")
    if viewer.is_staff_of(desk_id):
        found.add("staff")
    if "participant" not in found:
        if participants is None:
            taking_part = await TicketParticipant.filter(ticket_id=ticket.id, user_id=viewer.id).exists()
        else:
            taking_part = any(row.user_id == viewer.id for row in participants)
        if taking_part:
            found.add("participant")
    return found


def matches(rule: str, roles: set[str], viewer: Viewer, ticket: Ticket, desk: DeskInfo) -> bool:
    """Whether someone with ``roles`` matches one actor rule of a workflow."""
    if rule.startswith("tier>="):
        tier = viewer.max_tier.get(ticket.desk_id, 0)
        if viewer.is_superuser or ticket.desk_id in viewer.admin_desk_ids:
            return True
        return tier >= int(rule.removeprefix("tier>="))
    if rule.startswith("team:"):
        team_id = desk.team_ids.get(rule.removeprefix("team:"))
        return team_id in viewer.team_ids or viewer.is_superuser or ticket.desk_id in viewer.admin_desk_ids
    return rule in roles


def may_take(action: ActionSpec, roles: set[str], viewer: Viewer, ticket: Ticket, desk: DeskInfo) -> bool:
    return any(matches(rule, roles, viewer, ticket, desk) for rule in action.who)


def choose(desk: DeskInfo, ticket: Ticket, viewer: Viewer, roles: set[str], candidates: Iterable[ActionSpec],
           asked_for: str) -> ActionSpec:
    """The first candidate the viewer may take in the ticket's status. Refuses as the state machine always
    has: not yours (no candidate's rules match you) before not now (none starts from this status)."""
    candidates = list(candidates)
    if not candidates:
        raise InvalidInputError("ACTION_NOT_IN_WORKFLOW", field="action", action=asked_for, desk=desk.slug)
    mine = [action for action in candidates if may_take(action, roles, viewer, ticket, desk)]
    if not mine:
        raise PermissionDeniedError("ACTION_NOT_ALLOWED_FOR_YOU", action=asked_for)
    for action in mine:
        if desk.workflow.starts_from(action, ticket.status):
            return action
    raise InvalidStateError(action=asked_for, status=ticket.status, number=ticket.number)


def by_name(desk: DeskInfo, name: str) -> list[ActionSpec]:
    action = desk.workflow.action(name)
    return [action] if action is not None and "system" not in action.who else []


def by_effect(desk: DeskInfo, *effects: str) -> list[ActionSpec]:
    """The desk's actions doing one of ``effects``, in the order given (then the workflow's order)."""
    return [action for effect in effects for action in desk.workflow.actions
            if action.does == effect and "system" not in action.who]


async def available(desk: DeskInfo, ticket: Ticket, viewer: Viewer, now: datetime,
                    participants: list[TicketParticipant] | None = None) -> list[ActionSpec]:
    """What the viewer may do to the ticket now, by the workflow, its windows and the viewer's roles (a guard
    hook may still refuse a particular input)."""
    roles = await roles_of(viewer, ticket, desk, participants)
    found = []
    for action in desk.workflow.actions:
        if "system" in action.who or not desk.workflow.starts_from(action, ticket.status):
            continue
        if not may_take(action, roles, viewer, ticket, desk):
            continue
        if action.does == "take" and ticket.assignee_id is not None:
            continue
        if desk.workflow.windows and not within_windows(desk, ticket, action, now):
            continue
        found.append(action)
    return found
