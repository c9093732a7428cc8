"""The parts of a ticket: the people on it, its files, its messages and its timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from loket.core import models
from loket.core.files import links, thumbnails
from loket.core.workflow.access import Viewer
from loket.core.tickets.audience import payload_for
from loket.core.workflow.deadlines import changes_deadlines
from loket.schema.types.deadlines import Deadline, deadlines_for
from loket.schema.types.desks import Team
from loket.schema.types.file_links import LINK_NOTE, signed
from loket.schema.types.node import Node, global_id
from loket.schema.types.workflow import WorkflowStatus, workflow_status
from loket.schema.types.vocabulary import Channel, MessagePurpose, TicketEventKind  # noqa: F401 - Channel: re-exported

@strawberry.type(description="A person as shown on a ticket. Email is shown to the desk's staff and to oneself.")
class Person:
    display_name: str = strawberry.field(description="The name to show.")
    email: str | None = strawberry.field(description="Null unless the caller is the desk's staff or this person.")
    guest: bool = strawberry.field(default=False, description="Filed without an account (createGuestTicket).")
    phone: str | None = strawberry.field(default=None, description="A reporter's: the phone a guest left.")

    @classmethod
    def of(cls, user: models.User | None, viewer: Viewer, desk_id: int, phone: str | None = None) -> Person | None:
        if user is None:
            return None
        visible = viewer.is_staff_of(desk_id) or user.id == viewer.id
        return cls(display_name=user.display_name, email=user.email if visible else None, guest=user.is_guest,
                   phone=phone if visible else None)


@strawberry.type(description="A link shown to the desk's staff on a ticket.")
class TicketLink:
    label: str = strawberry.field(description="What to show, in the caller's language.")
    url: str = strawberry.field(description="Where it leads: an absolute URL, opened outside Loket.")


@strawberry.type(description="A file of a ticket. Show or download it from `downloadUrl` (images and PDFs open "
                 "inline), preview an image from `thumbnailUrl`.")
class Attachment(Node):
    name: str = strawberry.field(description="The name it was uploaded with (stored under another name).")
    size: float = strawberry.field(description="Bytes.")
    content_type: str = strawberry.field(description="The file's media type as stored, e.g. 'application/pdf'.")
    sha256: str = strawberry.field(description="The SHA-256 of its content, in hexadecimal.")
    purpose: str = strawberry.field(description="What it was uploaded for: ticket, message, resolution, or a "
                                    "desk's own purpose (see Desk.attachmentRules).")
    internal: bool = strawberry.field(description="True: for the desk's staff only (attached to an internal note).")
    created_at: datetime = strawberry.field(description="When it was uploaded.")
    staged: bool = strawberry.field(description="Uploaded but not yet sent with a ticket or message.")
    _model: strawberry.Private[models.Attachment]

    @strawberry.field(description="The file (`GET`; `Range` and `If-None-Match` work). " + LINK_NOTE)
    def download_url(self, info: Info) -> str:
        return signed(info, links.attachment_link(self._model.id))

    @strawberry.field(description="A preview of an image (PNG, JPEG, GIF), its longest edge `size` pixels "
                      "(rounded up to 64, 128, 256 or 512); null for other files. A preview that cannot be made "
                      "(too large, broken) answers 422 THUMBNAIL_NOT_AVAILABLE: show the file's name instead. "
                      + LINK_NOTE)
    def thumbnail_url(self, info: Info, size: Annotated[int, strawberry.argument(
            description="Longest edge in pixels, from 1 (larger than 512 gives 512).")] = 256) -> str | None:
        edge = thumbnails.edge_for(size)
        if not thumbnails.can_preview(self._model):
            return None
        return signed(info, links.thumbnail_link(self._model.id, edge))

    @classmethod
    def of(cls, attachment: models.Attachment) -> Attachment:
        return cls(id=global_id("Attachment", attachment.id), name=attachment.original_name,
                   size=float(attachment.size), content_type=attachment.content_type, sha256=attachment.sha256,
                   purpose=attachment.purpose, internal=attachment.visibility == "internal",
                   created_at=attachment.created_at, staged=attachment.ticket_id is None, _model=attachment)


@strawberry.type(description="A message of the conversation. Internal notes reach the desk's staff only.")
class Message(Node):
    body: str = strawberry.field(description="The text, as written (plain text: escape it when rendering).")
    internal: bool = strawberry.field(description="True: an internal note, for the desk's staff only.")
    purpose: MessagePurpose = strawberry.field(description="Why it was written.")
    created_at: datetime = strawberry.field(description="When it was sent.")
    _model: strawberry.Private[models.Message]
    _desk_id: strawberry.Private[int]

    @strawberry.field(description="Who wrote it; null when the system did.")
    async def author(self, info: Info) -> Person | None:
        if self._model.author_id is None:
            return None
        user = await info.context.loaders.user.load(self._model.author_id)
        return Person.of(user, await info.context.viewer(), self._desk_id)

    @strawberry.field(description="The files sent with it.")
    async def attachments(self, info: Info) -> list[Attachment]:
        viewer = await info.context.viewer()
        files = await info.context.loaders.attachments.load((self._model.ticket_id, viewer.is_staff_of(self._desk_id)))
        return [Attachment.of(f) for f in files if f.message_id == self._model.id]

    @classmethod
    def of(cls, message: models.Message, desk_id: int) -> Message:
        return cls(id=global_id("Message", message.id), body=message.body, internal=message.visibility == "internal",
                   purpose=MessagePurpose(message.purpose), created_at=message.created_at, _model=message, _desk_id=desk_id)


@strawberry.type(description="One entry of a ticket's activity timeline: who did what, when, from which state to which.")
class TicketEvent(Node):
    seq: int = strawberry.field(description="1, 2, 3, ... per ticket: ask for events after the last you saw.")
    kind: TicketEventKind = strawberry.field(description="What happened.")
    created_at: datetime = strawberry.field(description="When it happened.")
    _model: strawberry.Private[models.TicketEvent]
    _desk_id: strawberry.Private[int]

    @strawberry.field(description="Details of the step; parts meant for the desk's staff reach them alone.")
    async def payload(self, info: Info) -> JSON:
        return payload_for(self._model, (await info.context.viewer()).is_staff_of(self._desk_id))

    @strawberry.field(description="The status it left; null when the status did not change.")
    def from_status(self, info: Info) -> WorkflowStatus | None:
        return self._status(info, self._model.from_status)

    @strawberry.field(description="The status it led to; null when the status did not change.")
    def to_status(self, info: Info) -> WorkflowStatus | None:
        return self._status(info, self._model.to_status)

    def _status(self, info: Info, slug: str | None) -> WorkflowStatus | None:
        if slug is None:
            return None
        desk = info.context.runtime.desks.by_id(self._desk_id)
        return workflow_status(desk, slug, info.context.language, info.context.catalog)

    @strawberry.field(description="Who did it; null when the system did.")
    async def actor(self, info: Info) -> Person | None:
        if self._model.actor_id is None:
            return None
        user = await info.context.loaders.user.load(self._model.actor_id)
        return Person.of(user, await info.context.viewer(), self._desk_id)

    @strawberry.field(description="The team that held the ticket before this step; null on `created`. Differs "
                      "from toTeam when the step moved the ticket.")
    async def from_team(self, info: Info) -> Team | None:
        return await team_as_seen(info, self._model.from_team_id, self._desk_id)

    @strawberry.field(description="The team that held the ticket after this step.")

    async def to_team(self, info: Info) -> Team | None:

        return await team_as_seen(info, self._model.to_team_id, self._desk_id)

    @strawberry.field(description="The message written with this step, if the viewer may read it.")
    async def message(self, info: Info) -> Message | None:
        if self._model.message_id is None:
            return None
        viewer = await info.context.viewer()
        messages = await info.context.loaders.messages.load((self._model.ticket_id, viewer.is_staff_of(self._desk_id)))
        found = next((m for m in messages if m.id == self._model.message_id), None)
        return Message.of(found, self._desk_id) if found else None

    @strawberry.field(description="On an event that changed the ticket's deadlines (a new status, a clock moved "
                      "or extended): its deadlines as they stand when the event is delivered, as `Ticket.deadlines` "
                      "shows them. Null on "
                      "other events.")
    async def deadlines(self, info: Info) -> list[Deadline] | None:
        if not changes_deadlines(self._model):
            return None
        ticket = await info.context.loaders.ticket.load(self._model.ticket_id)
        return await deadlines_for(info, ticket) if ticket else None

    @classmethod
    def of(cls, event: models.TicketEvent, desk_id: int) -> TicketEvent:
        return cls(id=global_id("TicketEvent", event.id), seq=event.seq, kind=TicketEventKind(event.kind),
                   created_at=event.created_at, _model=event, _desk_id=desk_id)


async def team_as_seen(info: Info, team_id: int | None, desk_id: int) -> Team | None:
    """A team as the ticket of ``desk_id`` sees it (a shared team serves that desk among others)."""
    if team_id is None:
        return None
    team = await info.context.loaders.team.load(team_id)
    return Team.from_model(team, info.context.runtime.desks.by_id(desk_id).slug)
