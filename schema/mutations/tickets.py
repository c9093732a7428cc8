"""Changing tickets. Each mutation hands its input to one core service and returns what changed."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.tickets import actions
from loket.core.tickets.create import NewTicket, create_ticket
from loket.schema.inputs import Email, GlobalId, JsonObject, LongText, Name, ShortText, Slug, TicketNumber, Title
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.tickets import Channel, Rating, Ticket, parse_global_id


@strawberry.input(description="Who a ticket is for, when an agent opens it on their behalf.")
class OnBehalfOf:
    email: Email = strawberry.field(description="The reporter's email; an account is made for an unknown address.")
    display_name: Name | None = strawberry.field(default=None, description="Their name, for a new account; "
                                                 "ignored when the address already has one.")


@strawberry.input(description="A new ticket, checked against the desk's rules (Desk.limits, topics, "
                  "applications, fields); every problem is reported at once, each with its `field`.")
class CreateTicketInput:
    desk: Slug = strawberry.field(description="The desk's slug.")
    title: Title = strawberry.field(description="A one-line summary; spaces are collapsed, at most "
                                    "Desk.limits.titleMaxLength characters.")
    description: LongText = strawberry.field(description="What happened, at least Desk.limits.descriptionMinLength "
                                             "characters.")
    topic: Slug | None = strawberry.field(default=None, description="A leaf topic slug of the desk.")
    application: Slug | None = strawberry.field(default=None, description="An application slug of the desk "
                                                "(Desk.applications); required where the desk lists any.")
    application_version: Slug | None = strawberry.field(default=None, description="One of the application's "
                                                        "versions; required where it lists any.")
    fields: JsonObject | None = strawberry.field(default=None, description="The desk's extra fields, by key.")
    attachment_ids: list[GlobalId] | None = strawberry.field(
        default=None, description="Files staged with stageAttachment (purpose \"ticket\").")
    channel: Channel = strawberry.field(default=Channel.WEB, description="How the ticket reached the desk, one of "
                                        "Desk.channels; only agents may record another channel than web.")
    reporter_category: Slug | None = strawberry.field(default=None, description="What kind of reporter this is: "
                                                      "one of Desk.reporterCategories (free text where it is empty).")
    origin: Name | None = strawberry.field(default=None, description="Where the ticket comes from, e.g. the local "
                                           "office: one of Desk.origins (free text where it is empty).")
    on_behalf_of: OnBehalfOf | None = strawberry.field(
        default=None, description="Agents only: the reporter this ticket is for (created if unknown).")


@strawberry.input(description="A ticket and the message that goes with the action.")
class MessageInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    message: LongText = strawberry.field(description="Why: the message the other team reads (by default at least "
                                         "Desk.limits.messageMinLength characters).")
    attachment_ids: list[GlobalId] | None = strawberry.field(default=None, description="Files staged with "
                                                             "stageAttachment (purpose \"message\").")


@strawberry.input(description="A question on a ticket, to its reporter or another participant.")
class FeedbackRequestInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    message: LongText = strawberry.field(description="The question (by default at least "
                                         "Desk.limits.messageMinLength characters).")
    attachment_ids: list[GlobalId] | None = strawberry.field(default=None, description="Files staged with "
                                                             "stageAttachment (purpose \"message\").")
    to_person: Email | None = strawberry.field(default=None, description="Whom to ask: the reporter by default; "
                                               "where the desk allows, another participant (their email), e.g. "
                                               "the level-1 agent who escalated.")


@strawberry.input(description="A message on a ticket: a reply in the conversation or an internal note.")
class ReplyInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    message: LongText = strawberry.field(description="The text (by default at least Desk.limits.messageMinLength "
                                         "characters).")
    attachment_ids: list[GlobalId] | None = strawberry.field(default=None, description="Files staged with "
                                                             "stageAttachment (purpose \"message\").")
    internal: bool = strawberry.field(default=False, description="An internal note: the reporter never sees it.")


@strawberry.input(description="A ticket handed to another team (escalation or transfer), with a message for it.")
class HandoverInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    message: LongText = strawberry.field(description="Why, for the team that receives it (by default at least "
                                         "Desk.limits.messageMinLength characters).")
    to_team: Slug | None = strawberry.field(default=None, description="A team slug of the same desk.")
    attachment_ids: list[GlobalId] | None = strawberry.field(default=None, description="Files staged with "
                                                             "stageAttachment (purpose \"message\").")


@strawberry.input(description="A ticket's solution, for its reporter to confirm (confirmResolution).")
class ResolveInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    solution: LongText = strawberry.field(description="What solved it, as the reporter reads it (by default at "
                                          "least Desk.limits.messageMinLength characters).")
    attachment_ids: list[GlobalId] | None = strawberry.field(
        default=None, description="Evidence, staged with purpose \"resolution\".")


@strawberry.input(description="A ticket's corrected category. The values replace the ticket's own: send them "
                  "all, changed or not.")
class RecategoriseInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    topic: Slug | None = strawberry.field(default=None, description="A leaf topic slug of the desk; required "
                                          "where the desk has topics.")
    application: Slug | None = strawberry.field(default=None, description="An application slug of the desk "
                                                "(Desk.applications); required where the desk lists any.")
    application_version: Slug | None = strawberry.field(default=None, description="One of the application's "
                                                        "versions; required where it lists any.")


@strawberry.input(description="The ticket to take.")
class TakeTicketInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")


@strawberry.input(description="The reporter's answer to a resolution.")
class ConfirmResolutionInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")
    solved: bool = strawberry.field(description="True: solved, the ticket closes; false: not solved yet.")
    reason: ShortText | None = strawberry.field(default=None, description="Why it is not solved yet.")


@strawberry.input(description="The ticket its reporter closes.")
class ForceCloseTicketInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")
    reason: ShortText | None = strawberry.field(default=None, description="Why, in the reporter's words.")


@strawberry.input(description="An SLA exception to mark on a ticket.")
class PauseSlaInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")
    reason: Slug = strawberry.field(description="One of the desk's pause reasons (see Desk.pauseReasons).")
    note: ShortText = strawberry.field(default="", description="What the exception is waiting on.")


@strawberry.input(description="The ticket whose SLA exception ends.")
class ResumeSlaInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")


@strawberry.input(description="A rating of a closed ticket.")
class RateTicketInput:
    number: TicketNumber = strawberry.field(description="The ticket's number.")
    answers: JsonObject = strawberry.field(description="The answers to the desk's rating form, by question key "
                                           "(see Ticket.ratingForm).")


@strawberry.type(description="The ticket after the change.")
class TicketPayload:
    ticket: Ticket = strawberry.field(description="The ticket as it is now.")


@strawberry.type(description="The rated ticket and its rating.")
class RatePayload:
    ticket: Ticket = strawberry.field(description="The ticket as it is now.")
    rating: Rating = strawberry.field(description="The rating given.")


def _ids(values: list[strawberry.ID] | None) -> list[str]:
    """Attachment ids as core knows them (the ids stageAttachment returns are global ids)."""
    return [_attachment_key(str(value)) for value in values or []]


def _payload(ticket) -> TicketPayload:
    return TicketPayload(ticket=Ticket.of(ticket))


@strawberry.type
class TicketMutations:
    @strawberry.mutation(description="Open a ticket (as its reporter, or as an agent on a reporter's behalf). "
                         "The priority is computed by the desk's rule.", permission_classes=[IsAuthenticated])
    async def create_ticket(
            self, info: Info, input: Annotated[CreateTicketInput, strawberry.argument(description="The ticket.")],
    ) -> TicketPayload:
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
    async def take_ticket(
            self, info: Info, input: Annotated[TakeTicketInput, strawberry.argument(description="The ticket.")],
    ) -> TicketPayload:
        return _payload(await actions.take(info.context.runtime, await info.context.viewer(), input.number))

    @strawberry.mutation(description="Ask the reporter (or another participant) for more information; the "
                         "ticket waits on them, and they answer with reply.", permission_classes=[IsAuthenticated])
    async def request_feedback(
            self, info: Info, input: Annotated[FeedbackRequestInput, strawberry.argument(description="The question.")],
    ) -> TicketPayload:
        return _payload(await actions.request_feedback(info.context.runtime, await info.context.viewer(),
                                                       input.number, input.message, _ids(input.attachment_ids),
                                                       input.to_person))

    @strawberry.mutation(description="Reply on a ticket, or (agents) write an internal note.",
                         permission_classes=[IsAuthenticated])
    async def reply(
            self, info: Info, input: Annotated[ReplyInput, strawberry.argument(description="The message.")],
    ) -> TicketPayload:
        return _payload(await actions.reply(info.context.runtime, await info.context.viewer(), input.number,
                                            input.message, _ids(input.attachment_ids), internal=input.internal))

    @strawberry.mutation(description="Escalate to the next tier, or to a named higher-tier team.",
                         permission_classes=[IsAuthenticated])
    async def escalate_ticket(
            self, info: Info, input: Annotated[HandoverInput, strawberry.argument(description="The hand-over.")],
    ) -> TicketPayload:
        return _payload(await actions.escalate(info.context.runtime, await info.context.viewer(), input.number,
                                               input.message, input.to_team, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Transfer to another team of the same tier.", permission_classes=[IsAuthenticated])
    async def transfer_ticket(
            self, info: Info,
            input: Annotated[HandoverInput, strawberry.argument(description="The hand-over; `toTeam` is required.")],
    ) -> TicketPayload:
        return _payload(await actions.transfer(info.context.runtime, await info.context.viewer(), input.number,
                                               input.to_team or "", input.message, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Return the ticket to the team it came from.", permission_classes=[IsAuthenticated])
    async def return_ticket(
            self, info: Info,
            input: Annotated[MessageInput, strawberry.argument(description="The ticket and why it goes back.")],
    ) -> TicketPayload:
        return _payload(await actions.return_ticket(info.context.runtime, await info.context.viewer(), input.number,
                                                    input.message, _ids(input.attachment_ids)))

    @strawberry.mutation(description="Resolve with a solution (and evidence files).", permission_classes=[IsAuthenticated])
    async def resolve_ticket(
            self, info: Info, input: Annotated[ResolveInput, strawberry.argument(description="The solution.")],
    ) -> TicketPayload:
        return _payload(await actions.resolve(info.context.runtime, await info.context.viewer(), input.number,
                                              input.solution, _ids(input.attachment_ids)))

    @strawberry.mutation(description="The reporter answers a resolution: solved (closes) or not yet, with a reason.",
                         permission_classes=[IsAuthenticated])
    async def confirm_resolution(
            self, info: Info, input: Annotated[ConfirmResolutionInput, strawberry.argument(description="The answer.")],
    ) -> TicketPayload:
        return _payload(await actions.confirm(info.context.runtime, await info.context.viewer(), input.number,
                                              input.solved, input.reason))

    @strawberry.mutation(description="The reporter closes their own ticket.", permission_classes=[IsAuthenticated])
    async def force_close_ticket(
            self, info: Info, input: Annotated[ForceCloseTicketInput, strawberry.argument(description="The ticket.")],
    ) -> TicketPayload:
        return _payload(await actions.force_close(info.context.runtime, await info.context.viewer(), input.number,
                                                  input.reason))

    @strawberry.mutation(description="Correct the topic (and application); the priority is recomputed.",
                         permission_classes=[IsAuthenticated])
    async def recategorise_ticket(
            self, info: Info, input: Annotated[RecategoriseInput, strawberry.argument(description="The new category.")],
    ) -> TicketPayload:
        return _payload(await actions.recategorise(info.context.runtime, await info.context.viewer(), input.number,
                                                   input.topic, input.application, input.application_version,
                                                   info.context.language))

    @strawberry.mutation(description="Mark an SLA exception: the resolution clock stands still for one of the "
                         "desk's pause reasons (see Desk.pauseReasons).", permission_classes=[IsAuthenticated])
    async def pause_sla(
            self, info: Info, input: Annotated[PauseSlaInput, strawberry.argument(description="The exception.")],
    ) -> TicketPayload:
        return _payload(await actions.pause_clock(info.context.runtime, await info.context.viewer(), input.number,
                                                  input.reason, input.note))

    @strawberry.mutation(description="Lift an SLA exception: the resolution clock runs again.",
                         permission_classes=[IsAuthenticated])
    async def resume_sla(
            self, info: Info, input: Annotated[ResumeSlaInput, strawberry.argument(description="The ticket.")],
    ) -> TicketPayload:
        return _payload(await actions.resume_clock(info.context.runtime, await info.context.viewer(), input.number))

    @strawberry.mutation(description="Rate a closed ticket with the desk's form (see Ticket.ratingForm).",
                         permission_classes=[IsAuthenticated])
    async def rate_ticket(
            self, info: Info, input: Annotated[RateTicketInput, strawberry.argument(description="The rating.")],
    ) -> RatePayload:
        ticket, rating = await actions.rate(info.context.runtime, await info.context.viewer(), input.number,
                                            dict(input.answers or {}))
        return RatePayload(ticket=Ticket.of(ticket), rating=Rating(form=rating.form, answers=rating.answers,
                                                                   stars=rating.stars, created_at=rating.created_at))


def _attachment_key(value: str) -> str:
    kind, key = parse_global_id(value)
    return key if kind == "Attachment" else value
