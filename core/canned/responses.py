"""Canned responses of a desk or of one of its teams: its admins write them, its agents render one for a ticket
and edit the text before replying.

A name is unique within its scope (the desk's own responses, or one team's). Each change is one transaction with
its audit record (``canned_response.add``, ``.change``, ``.delete``; before and after as :func:`plain`).
Agents may use the desk-wide responses and those of their own teams; the desk's admins and superusers, all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from loket.core.admin.access import administered_desk, can_administer, require_admin_of
from loket.core.admin.audit import Actor, record
from loket.core.canned.templates import check_body, render
from loket.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from loket.core.models import CannedResponse, User
from loket.core.plugin_types import label
from loket.core.tickets.display_numbers import display_number
from loket.core.workflow.access import Viewer, visible_ticket

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

NAME_MAX = 100
DESK_SCOPE = "desk"


def plain(response: CannedResponse, team: str | None) -> dict[str, Any]:
    """The response as plain JSON, for the audit log."""
    return {"team": team, "name": response.name, "body": response.body}


def _scope(team_id: int | None) -> str:
    return DESK_SCOPE if team_id is None else f"team:{team_id}"


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("CANNED_NAME_REQUIRED", field="input.name")
    if len(name) > NAME_MAX:
        raise InvalidInputError("TEXT_TOO_LONG", field="input.name", max=NAME_MAX, length=len(name))
    return name


async def add_canned_response(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, team: str | None,
                              name: str, body: str) -> CannedResponse:
    """Write a canned response for the whole desk (``team`` None) or for one of its teams."""
    desk = administered_desk(rt, viewer, desk_slug)
    team_id = None
    if team:
        team_id = desk.team_ids.get(team)
        if team_id is None:
            raise InvalidInputError("UNKNOWN_TEAM", field="input.team", desk=desk.slug, team=team)
    name, body = _name(name), check_body(body)
    now = rt.now()
    async with in_transaction():
        response = await _stored(CannedResponse(desk_id=desk.id, team_id=team_id, scope=_scope(team_id), name=name,
                                                body=body, created_at=now, updated_at=now, updated_by=actor.user))
        await record(actor, now, "canned_response.add", f"canned_response:{response.id}",
                     after=plain(response, team or None), desk_id=desk.id)
    return response


async def change_canned_response(rt: Runtime, viewer: Viewer, actor: Actor, response_id: int,
                                 name: str | None = None, body: str | None = None) -> CannedResponse:
    """Rename a canned response or rewrite its body."""
    async with in_transaction():
        response = await _administered(rt, viewer, response_id)
        team = team_of(rt, response)
        before = plain(response, team)
        if name is not None:
            response.name = _name(name)
        if body is not None:
            response.body = check_body(body)
        if plain(response, team) != before:
            response.updated_at, response.updated_by = rt.now(), actor.user
            await _stored(response)
            await record(actor, response.updated_at, "canned_response.change", f"canned_response:{response.id}",
                         before=before, after=plain(response, team), desk_id=response.desk_id)
    return response


async def delete_canned_response(rt: Runtime, viewer: Viewer, actor: Actor, response_id: int) -> int:
    async with in_transaction():
        response = await _administered(rt, viewer, response_id)
        await response.delete()
        await record(actor, rt.now(), "canned_response.delete", f"canned_response:{response_id}",
                     before=plain(response, team_of(rt, response)), desk_id=response.desk_id)
    return response_id


async def usable_responses(rt: Runtime, viewer: Viewer, desk_slug: str) -> list[CannedResponse]:
    """The canned responses ``viewer`` may use at the desk, desk-wide ones first, each group by name."""
    desk = rt.desks.get(desk_slug)
    if not viewer.is_staff_of(desk.id):
        raise PermissionDeniedError()
    return await _usable(viewer, desk.id).order_by("scope", "name")


async def render_for_ticket(rt: Runtime, viewer: Viewer, number: str, response_id: int) -> str:
    """The canned response's text filled in for the ticket, for the agent to edit and send."""
    ticket = await visible_ticket(viewer, number)
    if not viewer.is_staff_of(ticket.desk_id):
        raise PermissionDeniedError()
    response = await _usable(viewer, ticket.desk_id).filter(id=response_id).first()
    if response is None:
        raise NotFoundError("CANNED_RESPONSE_NOT_FOUND", field="id", id=response_id)
    desk = rt.desks.by_id(ticket.desk_id)
    reporter = await User.get(id=ticket.reporter_id)
    context = {"reporter": {"name": reporter.display_name}, "agent": {"name": viewer.user.display_name},
               "ticket": {"number": display_number(desk.spec, ticket.number), "title": ticket.title},
               "desk": {"name": label(desk.spec.name, desk.spec.language)}}
    return render(response.body, context)


async def usable_by(viewer: Viewer, response_id: int) -> CannedResponse | None:
    """The canned response if ``viewer`` may use it (as ``usable_responses`` lists it), else None."""
    response = await CannedResponse.get_or_none(id=response_id)
    if response is None or not viewer.is_staff_of(response.desk_id):
        return None
    return await _usable(viewer, response.desk_id).filter(id=response_id).first()


def _usable(viewer: Viewer, desk_id: int):
    query = CannedResponse.filter(desk_id=desk_id)
    if not can_administer(viewer, desk_id):
        query = query.filter(Q(team_id__isnull=True) | Q(team_id__in=sorted(viewer.team_ids) or [0]))
    return query


def team_of(rt: Runtime, response: CannedResponse) -> str | None:
    """The slug of the team a response is for (None: desk-wide)."""
    if response.team_id is None:
        return None
    return rt.desks.by_id(response.desk_id).team_slug(response.team_id)


async def _administered(rt: Runtime, viewer: Viewer, response_id: int) -> CannedResponse:
    response = await CannedResponse.get_or_none(id=response_id)
    if response is None:
        raise NotFoundError("CANNED_RESPONSE_NOT_FOUND", field="id", id=response_id)
    require_admin_of(viewer, response.desk_id)
    return response


async def _stored(response: CannedResponse) -> CannedResponse:
    """Save, turning a name already used in the scope into a typed error (also when a race was lost)."""
    taken = CannedResponse.filter(desk_id=response.desk_id, scope=response.scope, name=response.name)
    if response.id is not None:
        taken = taken.exclude(id=response.id)
    if await taken.exists():
        raise InvalidInputError("CANNED_NAME_TAKEN", field="input.name", name=response.name)
    try:
        async with in_transaction():  # a savepoint: the lost race must not end the caller's transaction
            await response.save()
    except IntegrityError:
        raise InvalidInputError("CANNED_NAME_TAKEN", field="input.name", name=response.name) from None
    return response
