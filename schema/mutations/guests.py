"""Filing and following tickets without an account, at desks that allow it (``Desk.guestIntake``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.auth import guests
from loket.core.tickets.create import NewTicket
from loket.core.tickets.guest_intake import GuestContact, create_guest_ticket
from loket.schema.inputs import Email, JsonObject, LinkToken, LongText, Name, ShortText, Slug, Title
from loket.schema.mutations.auth import login_payload
from loket.schema.types.accounts import LoginPayload, RequestAcceptedPayload


@strawberry.input(description="A ticket from someone without an account: who they are, and the ticket as "
                  "createTicket takes it (checked by the same rules).")
class CreateGuestTicketInput:
    desk: Slug = strawberry.field(description="The desk's slug; its Desk.guestIntake must be true.")
    name: Name = strawberry.field(description="The guest's name.")
    email: Email = strawberry.field(description="The guest's address: the ticket's news and the link to follow it "
                                    "go there.")
    title: Title = strawberry.field(description="A one-line summary; spaces are collapsed, at most "
                                    "Desk.limits.titleMaxLength characters.")
    description: LongText = strawberry.field(description="What happened, at least Desk.limits.descriptionMinLength "
                                             "characters.")
    phone: ShortText | None = strawberry.field(default=None, description="Where the desk can reach them.")
    topic: Slug | None = strawberry.field(default=None, description="A leaf topic slug of the desk.")
    application: Slug | None = strawberry.field(default=None, description="An application slug of the desk "
                                                "(Desk.applications); required where the desk lists any.")
    application_version: Slug | None = strawberry.field(default=None, description="One of the application's "
                                                        "versions; required where it lists any.")
    fields: JsonObject | None = strawberry.field(default=None, description="The desk's extra fields, by key.")
    reporter_category: Slug | None = strawberry.field(default=None, description="What kind of reporter this is: "
                                                      "one of Desk.reporterCategories (free text where it is empty).")
    origin: Name | None = strawberry.field(default=None, description="Where the ticket comes from, e.g. the local "
                                           "office: one of Desk.origins (free text where it is empty).")


@strawberry.type(description="The ticket was filed. An email went to the address with what to do next: a link "
                 "to follow the ticket, or (for an address that has an account) a note to sign in.")
class GuestTicketPayload:
    number: str = strawberry.field(description="The new ticket's number, as stored.")
    email: str = strawberry.field(description="The address the email went to, lower-cased.")


@strawberry.input(description="The token of an emailed guest link.")
class FollowGuestLinkInput:
    token: LinkToken = strawberry.field(description="The token the link carries.")


@strawberry.input(description="Whom to email a new guest link.")
class RequestGuestLinkInput:
    email: Email = strawberry.field(description="The guest's address.")


@strawberry.type
class GuestMutations:
    @strawberry.mutation(description="File a ticket without signing in, at a desk that allows it (else "
                         "GUEST_INTAKE_CLOSED). Throttled per client address like register (TOO_MANY_ATTEMPTS).")
    async def create_guest_ticket(
            self, info: Info,
            input: Annotated[CreateGuestTicketInput, strawberry.argument(description="The guest and the ticket.")],
    ) -> GuestTicketPayload:
        context = info.context
        new = NewTicket(desk=input.desk, title=input.title, description=input.description, topic=input.topic,
                        application=input.application, application_version=input.application_version,
                        fields=dict(input.fields or {}), reporter_category=input.reporter_category,
                        origin=input.origin)
        contact = GuestContact(name=input.name, email=input.email, phone=input.phone)
        ticket = await create_guest_ticket(context.runtime, contact, new, context.language,
                                           address=context.client_address)
        return GuestTicketPayload(number=ticket.number, email=contact.email.strip().lower())

    @strawberry.mutation(description="Sign in as a guest with the token of an emailed guest link (each link "
                         "works once). The session sees and answers the guest's own tickets.")
    async def follow_guest_link(
            self, info: Info,
            input: Annotated[FollowGuestLinkInput, strawberry.argument(description="The link's token.")],
    ) -> LoginPayload:
        return login_payload(await guests.follow_guest_link(info.context.runtime, input.token))

    @strawberry.mutation(description="Email a new guest link to a guest's address. Always accepted.")
    async def request_guest_link(
            self, info: Info, input: Annotated[RequestGuestLinkInput, strawberry.argument(description="The address.")],
    ) -> RequestAcceptedPayload:
        await guests.request_guest_link(info.context.runtime, input.email, address=info.context.client_address)
        return RequestAcceptedPayload(accepted=True)
