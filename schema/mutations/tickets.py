"""Changing tickets. Each mutation hands its input to one core service and returns what changed."""

from __future__ import annotations

from typing import BinaryIO

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.types import Info

from loket.core.errors import InvalidInputError
from loket.core.tickets import actions, attachments
from loket.core.tickets.create import NewTicket, create_ticket
from loket.schema.inputs import Email, GlobalId, JsonObject, LongText, Name, ShortText, Slug, TicketNumber, Title
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.tickets import Attachment, Channel, Rating, Ticket, parse_global_id


@strawberry.input(description="Who a ticket is for, when an agent opens it on their behalf.")
class OnBehalfOf:
    email: Email
    display_name: Name | None = None


@strawberry.input
class CreateTicketInput:
    desk: Slug
    title: Title
    description: LongText
    topic: Slug | None = strawberry.field(default=None, description="A leaf topic slug of the desk.")
    application: Slug | None = None
    application_version: Slug | None = None
    fields: JsonObject | None = strawberry.field(default=None, description="The desk's extra fields, by key.")
    attachment_ids: list[GlobalId] | None = strawberry.field(
        default=None, description="Files staged with stageAttachment(purpose: \"ticket\").")
    channel: Channel = Channel.WEB
    reporter_category: Slug | None = None
    origin: Name | None = None
    on_behalf_of: OnBehalfOf | None = strawberry.field(
        default=None, description="Agents only: the reporter this ticket is for (created if unknown).")


@strawberry.input
class MessageInput:
    number: TicketNumber
    message: LongText
    attachment_ids: list[GlobalId] | None = None


@strawberry.input
class FeedbackRequestInput:
    number: TicketNumber
    message: LongText
    attachment_ids: list[GlobalId] | None = None
    to_person: Email | None = strawberry.field(default=None, description="Whom to ask: the reporter by default; "
                                               "where the desk allows, another participant (their email), e.g. "
                                               "the level-1 agent who escalated.")


@strawberry.input
class ReplyInput:
    number: TicketNumber
    message: LongText
    attachment_ids: list[GlobalId] | None = None
    internal: bool = strawberry.field(default=False, description="An internal note: the reporter never sees it.")


@strawberry.input
class HandoverInput:
    number: TicketNumber
    message: LongText
    to_team: Slug | None = strawberry.field(default=None, description="A team slug of the same desk.")
    attachment_ids: list[GlobalId] | None = None


@strawberry.input
class ResolveInput:
    number: TicketNumber
    solution: LongText
    attachment_ids: list[GlobalId] | None = strawberry.field(
        default=None, description="Evidence, staged with purpose \"resolution\".")


@strawberry.input
class RecategoriseInput:
    number: TicketNumber
    topic: Slug | None = None
    application: Slug | None = None
    application_version: Slug | None = None


@strawberry.type(description="The ticket after the change.")
class TicketPayload:
    ticket: Ticket


@strawberry.type
class RatePayload:
    ticket: Ticket
    rating: Rating


def _ids(values: list[strawberry.ID] | None) -> list[str]:
    """Attachment ids as core knows them (the ids stageAttachment returns are global ids)."""
    return [_attachment_key(str(value)) for value in values or []]


def _upload(upload: Upload) -> tuple[str, BinaryIO]:
    """The name and bytes of an uploaded file as the request parser spooled it (in memory up to 1 MB, then on
    disk), from its start."""
    if not isinstance(upload, UploadFile):  # e.g. a string put in the variables instead of a mapped file
        raise InvalidInputError("ATTACHMENT_FILE_REQUIRED", field="file")
    upload.file.seek(0)
    return upload.filename or "", upload.file


def _payload(ticket) -> TicketPayload:
    return TicketPayload(ticket=Ticket.of(ticket))


@strawberry.type
class TicketMutations:
    @strawberry.mutation(description="Open a ticket (as its reporter, or as an agent on a reporter's behalf). "
                         "The priority is computed by the desk's rule.", permission_classes=[IsAuthenticated])
    async def create_ticket(self, info: Info, input: CreateTicketInput) -> TicketPayload:
        context = info.context
        new = NewTicket(desk=input.desk, title=input.title, description=input.description, topic=input.topic,
                        application=input.application, application_version=input.application_version,
                        fields=dict(input.fields or {}), attachment_ids=_ids(input.attachment_ids),
                        channel=input.channel.value, reporter_category=input.reporter_category, origin=input.origin,
                        on_behalf_of_email=input.on_behalf_of.email if input.on_behalf_of else None,
                        on_behalf_of_name=input.on_behalf_of.display_name if input.on_behalf_of else None)
        return _payload(await create_ticket(context.runtime, await context.viewer(), new, context.language))

    @strawberry.mutation(description="Take a ticket from your team's queue. Only one agent can.",
                         permission_classes=[IsAuthenticated])
    async def take_ticket(self, info: Info, number: TicketNumber) -> TicketPayload:
        return _payload(await actions.take(info.context.runtime, await info.context.viewer(), number))

    @strawberry.mutation(description="Ask the reporter (or another participant) for more information; the "
                         "ticket waits on them, and they answer with reply.", permission_classes=[IsAuthenticated])
    async def request_feedback(self, info: Info, input: FeedbackRequestInput) -> TicketPayload:
        return _payload(await actions.request_feedback(info.context.runtime, await info.context.viewer(),
                                                       input.number, input.message, _ids(input.attachment_ids),
                                                       input.to_person))

    @strawberry.mutation(description="Reply on a ticket, or (agents) write an internal note.",
                         permission_classes=[IsAuthenticated])
    async def reply(self, info: Info, input: ReplyInput) -> TicketPayload:
        return _payload(await actions.reply(info.context.runtime, await info.context.viewer(), input.number,
                                            input.message, _ids(input.attachment_ids), internal=input.internal))

    @strawberry.mutation(description="Escalate to the next tier, or to a named higher-tier team.",
                         permission_classes=[IsAuthenticated])
    async def escalate_ticket(self, info: Info, input: HandoverInput) -> TicketPayload:
        return _payload(await actions.escalate(info.context.runtime, await info.context.viewer(), input.number,
                                               input.message, input.to_team, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Transfer to another team of the same tier.", permission_classes=[IsAuthenticated])
    async def transfer_ticket(self, info: Info, input: HandoverInput) -> TicketPayload:
        return _payload(await actions.transfer(info.context.runtime, await info.context.viewer(), input.number,
                                               input.to_team or "", input.message, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Return the ticket to the team it came from.", permission_classes=[IsAuthenticated])
    async def return_ticket(self, info: Info, input: MessageInput) -> TicketPayload:
        return _payload(await actions.return_ticket(info.context.runtime, await info.context.viewer(), input.number,
                                                    input.message, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Resolve with a solution (and evidence files).", permission_classes=[IsAuthenticated])
    async def resolve_ticket(self, info: Info, input: ResolveInput) -> TicketPayload:
        return _payload(await actions.resolve(info.context.runtime, await info.context.viewer(), input.number,
                                              input.solution, _ids(input.attachment_ids)))

    @strawberry.mutation(description="The reporter answers a resolution: solved (closes) or not yet, with a reason.",
                         permission_classes=[IsAuthenticated])
    async def confirm_resolution(self, info: Info, number: TicketNumber, solved: bool,
                                 reason: ShortText | None = None) -> TicketPayload:
        return _payload(await actions.confirm(info.context.runtime, await info.context.viewer(), number, solved,
                                              reason))

    @strawberry.mutation(description="The reporter closes their own ticket.", permission_classes=[IsAuthenticated])
    async def force_close_ticket(self, info: Info, number: TicketNumber,
                                 reason: ShortText | None = None) -> TicketPayload:
        return _payload(await actions.force_close(info.context.runtime, await info.context.viewer(), number, reason))

    @strawberry.mutation(description="Correct the topic (and application); the priority is recomputed.",
                         permission_classes=[IsAuthenticated])
    async def recategorise_ticket(self, info: Info, input: RecategoriseInput) -> TicketPayload:
        return _payload(await actions.recategorise(info.context.runtime, await info.context.viewer(), input.number,
                                                   input.topic, input.application, input.application_version,
                                                   info.context.language))

    @strawberry.mutation(description="Mark an SLA exception: the resolution clock stands still for one of the "
                         "desk's pause reasons (see Desk.pauseReasons).", permission_classes=[IsAuthenticated])
    async def pause_sla(self, info: Info, number: TicketNumber, reason: Slug, note: ShortText = "") -> TicketPayload:
        return _payload(await actions.pause_clock(info.context.runtime, await info.context.viewer(), number, reason,
                                                  note))

    @strawberry.mutation(description="Lift an SLA exception: the resolution clock runs again.",
                         permission_classes=[IsAuthenticated])
    async def resume_sla(self, info: Info, number: TicketNumber) -> TicketPayload:
        return _payload(await actions.resume_clock(info.context.runtime, await info.context.viewer(), number))

    @strawberry.mutation(description="Rate a closed ticket with the desk's form (see Ticket.ratingForm).",
                         permission_classes=[IsAuthenticated])
    async def rate_ticket(self, info: Info, number: TicketNumber, answers: JsonObject) -> RatePayload:
        ticket, rating = await actions.rate(info.context.runtime, await info.context.viewer(), number,
                                            dict(answers or {}))
        return RatePayload(ticket=Ticket.of(ticket), rating=Rating(form=rating.form, answers=rating.answers,
                                                                   stars=rating.stars, created_at=rating.created_at))

    @strawberry.mutation(description="Upload a file (GraphQL multipart request) to send later with a ticket or "
                         "message; purpose: ticket, message, resolution, or a desk's own. A file not sent within "
                         "the deployment's LOKET_STAGED_FILE_TTL_HOURS (24 by default) is removed; each person may "
                         "have a limited number and size of files waiting (STAGED_QUOTA_EXCEEDED).",
                         permission_classes=[IsAuthenticated])
    async def stage_attachment(self, info: Info, desk: Slug, file: Upload, purpose: Slug = "ticket") -> Attachment:
        runtime = info.context.runtime
        staged = await attachments.stage(runtime, info.context.user, runtime.desks.get(desk), purpose,
                                         *_upload(file))
        return Attachment.of(staged)

    @strawberry.mutation(description="Replace a staged file with another.", permission_classes=[IsAuthenticated])
    async def replace_attachment(self, info: Info, id: GlobalId, file: Upload) -> Attachment:
        runtime = info.context.runtime
        old = await attachments.staged_by(runtime, info.context.user, _attachment_key(id))
        staged = await attachments.stage(runtime, info.context.user, runtime.desks.by_id(old.desk_id), old.purpose,
                                         *_upload(file), replaces=old)
        return Attachment.of(staged)

    @strawberry.mutation(description="Remove a staged file before sending.", permission_classes=[IsAuthenticated])
    async def remove_attachment(self, info: Info, id: GlobalId) -> bool:
        old = await attachments.staged_by(info.context.runtime, info.context.user, _attachment_key(id))
        await attachments.remove(info.context.runtime, info.context.user, old)
        return True


def _attachment_key(value: str) -> str:
    kind, key = parse_global_id(value)
    return key if kind == "Attachment" else value
