"""``node(id:)``: any object by its global id, if the caller may see it.

Each kind has a loader that applies the rules of the kind's own query, so an id reveals nothing more than that
query would: an object one may not see answers null, exactly like one that does not exist. A malformed id,
or one of a kind no loader knows, is refused (INVALID_ID)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.admin.access import can_administer
from loket.core.admin.audit import AuditFilter, visible_entries
from loket.core.canned.responses import usable_by
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.people import directory
from loket.core.workflow.access import Viewer, can_view
from loket.schema.admin.audit import audit_entry
from loket.schema.admin.canned_responses import CannedResponse
from loket.schema.admin.guides import GuideArticle
from loket.schema.admin.people import Account
from loket.schema.inputs import GlobalId
from loket.schema.permissions import IsAuthenticated
from loket.schema.queries.exports import ExportJob
from loket.schema.types.accounts import User
from loket.schema.types.desks import Desk, Team
from loket.schema.types.node import Node, parse_global_id, row_key, uuid_key
from loket.schema.types.tickets import Attachment, Message, Ticket, TicketEvent

Loader = Callable[[Info, Viewer, str], Awaitable[Node | None]]


def _sees_part(viewer: Viewer, ticket: models.Ticket, visibility: str) -> bool:
    """A message, event or file of a ticket one may see: public ones, internal ones for the desk's staff."""
    return visibility == "public" or viewer.is_staff_of(ticket.desk_id)


async def _ticket(info: Info, viewer: Viewer, key: str) -> Node | None:
    ticket = await models.Ticket.get_or_none(id=row_key(key))
    return Ticket.of(ticket) if ticket and await can_view(viewer, ticket) else None


async def _message(info: Info, viewer: Viewer, key: str) -> Node | None:
    message = await models.Message.get_or_none(id=row_key(key)).select_related("ticket")
    if message and await can_view(viewer, message.ticket) and _sees_part(viewer, message.ticket,
                                                                          message.visibility):
        return Message.of(message, message.ticket.desk_id)
    return None


async def _event(info: Info, viewer: Viewer, key: str) -> Node | None:
    event = await models.TicketEvent.get_or_none(id=row_key(key)).select_related("ticket")
    if event and await can_view(viewer, event.ticket) and _sees_part(viewer, event.ticket, event.visibility):
        return TicketEvent.of(event, event.ticket.desk_id)
    return None


async def _attachment(info: Info, viewer: Viewer, key: str) -> Node | None:
    attachment = await models.Attachment.get_or_none(id=uuid_key(key)).select_related("ticket")
    if attachment is None:
        return None
    if attachment.ticket is None:  # staged: its uploader's alone
        return Attachment.of(attachment) if attachment.uploader_id == viewer.id else None
    if await can_view(viewer, attachment.ticket) and _sees_part(viewer, attachment.ticket, attachment.visibility):
        return Attachment.of(attachment)
    return None


async def _desk(info: Info, viewer: Viewer, key: str) -> Node | None:
    # Desks are public (`desks`): every deployed desk, none that is not served any more.
    desk_id = row_key(key)
    found = next((desk for desk in info.context.runtime.desks if desk.id == desk_id), None)
    return Desk.of(found, info.context) if found else None


async def _team(info: Info, viewer: Viewer, key: str) -> Node | None:
    # Teams are public as their desks are (`Desk.teams`); seen from the desk that declared them.
    team = await models.Team.get_or_none(id=row_key(key))
    desks = info.context.runtime.desks.desks_of_team(team.id) if team else []
    if not desks:
        return None
    home = next((desk for desk in desks if desk.id == team.desk_id), desks[0])
    return Team.from_model(team, home.slug)


async def _user(info: Info, viewer: Viewer, key: str) -> Node | None:
    # A person's own profile (`me`): theirs alone.
    return User.from_model(viewer.user) if row_key(key) == viewer.id else None


async def _account(info: Info, viewer: Viewer, key: str) -> Node | None:
    """An account as `people` shows it: to its desks' admins and superusers; and to its owner."""
    user_id = row_key(key)
    desks = directory.visible_desk_slugs(viewer, info.context.runtime.desks)
    if user_id == viewer.id:
        return Account.of(viewer.user, desks)
    try:
        query = directory.find_people(info.context.runtime.desks, viewer, directory.PeopleFilter())
    except PermissionDeniedError:
        return None
    user = await query.get_or_none(id=user_id)
    return Account.of(user, desks) if user else None


async def _export_job(info: Info, viewer: Viewer, key: str) -> Node | None:
    # Its requester's alone, as `exportJob` (not even a superuser's to read).
    job = await models.ExportJob.get_or_none(id=uuid_key(key), requested_by_id=viewer.id)
    return ExportJob.of(job, info) if job else None


async def _guide_article(info: Info, viewer: Viewer, key: str) -> Node | None:
    # As `guideArticles`: its desk's admins and superusers.
    article = await models.GuideArticle.get_or_none(id=row_key(key))
    return GuideArticle.of(article, info) if article and can_administer(viewer, article.desk_id) else None


async def _canned_response(info: Info, viewer: Viewer, key: str) -> Node | None:
    # As `cannedResponses`: the ones the caller may use.
    response = await usable_by(viewer, row_key(key))
    return CannedResponse.of(response, info) if response else None


async def _audit_entry(info: Info, viewer: Viewer, key: str) -> Node | None:
    # As `auditLog`: a desk admin their desks' entries, a superuser every one.
    try:
        query = visible_entries(viewer, AuditFilter())
    except PermissionDeniedError:
        return None
    row = await query.select_related("desk").get_or_none(id=row_key(key))
    return audit_entry(row) if row else None


LOADERS: dict[str, Loader] = {
    "Ticket": _ticket,
    "Message": _message,
    "TicketEvent": _event,
    "Attachment": _attachment,
    "Desk": _desk,
    "Team": _team,
    "User": _user,
    "Account": _account,
    "ExportJob": _export_job,
    "GuideArticle": _guide_article,
    "CannedResponse": _canned_response,
    "AuditEntry": _audit_entry,
}


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global id (`Node.id`), if you may see it: null for one you "
                      "may not see, as for one that does not exist. INVALID_ID for an id that names no kind of "
                      "object.", permission_classes=[IsAuthenticated])
    async def node(self, info: Info, id: Annotated[GlobalId, strawberry.argument(
            description="A global id, as an object's `id` field gives it.")]) -> Node | None:
        kind, key = parse_global_id(id)
        loader = LOADERS.get(kind)
        if loader is None:
            raise InvalidInputError("INVALID_ID", field="id")
        return await loader(info, await info.context.viewer(), key)
