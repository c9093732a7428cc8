"""Canned responses: a desk's admins write them, its agents list the ones they may use and render one for a
ticket to edit before replying."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.canned import responses
from loket.core.models import CannedResponse as ResponseRow
from loket.core.tickets.display_numbers import stored_number
from loket.schema.admin.desk_settings import actor_of
from loket.schema.admin.guides import stored_id
from loket.schema.admin.inputs import DESK, admin_mutation
from loket.schema.inputs import GlobalId, LongText, ShortText, Slug, TicketNumber
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.node import Node, global_id

RESPONSE = "The canned response's id."

PLACEHOLDERS_HELP = ("Placeholders: {{ reporter.name }}, {{ ticket.number }} (as the desk shows it), "
                     "{{ ticket.title }}, {{ agent.name }}, {{ desk.name }}; filters upper, lower, title, "
                     "capitalize, trim, default, truncate; {% if %}. Nothing else (no loops, calls or arithmetic).")


@strawberry.type(description="A reply text agents start from, with placeholders filled in for a ticket.")
class CannedResponse(Node):
    desk: str = strawberry.field(description="Its desk's slug.")
    team: str | None = strawberry.field(description="The team it is for (null: the whole desk).")
    name: str = strawberry.field(description="What agents pick it by; unique among the desk's (or the team's) "
                                 "responses.")
    body: str = strawberry.field(description="The template. " + PLACEHOLDERS_HELP)
    updated_at: datetime = strawberry.field(description="When it was last written or changed.")

    @classmethod
    def of(cls, row: ResponseRow, info: Info) -> CannedResponse:
        rt = info.context.runtime
        return cls(id=global_id("CannedResponse", row.id), desk=rt.desks.by_id(row.desk_id).slug,
                   team=responses.team_of(rt, row), name=row.name, body=row.body, updated_at=row.updated_at)


@strawberry.input(description="A new canned response of a desk, or of one of its teams.")
class AddCannedResponseInput:
    desk: Slug = strawberry.field(description=DESK)
    name: ShortText = strawberry.field(description="Unique among the desk's (or the team's) responses.")
    body: LongText = strawberry.field(description=PLACEHOLDERS_HELP)
    team: Slug | None = strawberry.field(default=None, description="The team it is for (null: the whole desk).")


@strawberry.input(description="What to change of a canned response; what is left out stays.")
class ChangeCannedResponseInput:
    id: GlobalId = strawberry.field(description=RESPONSE)
    name: ShortText | None = strawberry.field(default=None, description="Its new name, unique among the desk's (or "
                                              "the team's) responses.")
    body: LongText | None = strawberry.field(default=None, description="Its new text. " + PLACEHOLDERS_HELP)


@strawberry.input(description="A canned response to delete.")
class DeleteCannedResponseInput:
    id: GlobalId = strawberry.field(description=RESPONSE)


@strawberry.type
class CannedResponseQueries:
    @strawberry.field(description="The canned responses you may use at a desk: its desk-wide ones and your "
                      "teams' (its admins: all). The desk's staff only.", permission_classes=[IsAuthenticated])
    async def canned_responses(self, info: Info, desk: Annotated[Slug, strawberry.argument(description=DESK)],
                               ) -> list[CannedResponse]:
        rows = await responses.usable_responses(info.context.runtime, await info.context.viewer(), desk)
        return [CannedResponse.of(row, info) for row in rows]

    @strawberry.field(description="A canned response filled in for a ticket: the text to edit and send as a "
                      "reply.", permission_classes=[IsAuthenticated])
    async def render_canned_response(
            self, info: Info,
            number: Annotated[TicketNumber, strawberry.argument(
                description="The ticket to fill it in for, by its number as stored or as its desk shows it.")],
            id: Annotated[GlobalId, strawberry.argument(description=RESPONSE + " It must be one you may use at "
                                                        "the ticket's desk.")],
    ) -> str:
        rt = info.context.runtime
        return await responses.render_for_ticket(rt, await info.context.viewer(), await stored_number(rt.desks,
                                                 number), stored_id(id, "CannedResponse"))


@strawberry.type(description="What a change of a canned response answers: the response as it now is.")
class CannedResponsePayload:
    canned_response: CannedResponse = strawberry.field(description="The canned response, with the change in "
                                                       "force.")


@strawberry.type(description="What `deleteCannedResponse` answers.")
class DeleteCannedResponsePayload:
    deleted_id: strawberry.ID = strawberry.field(description="The id the deleted canned response had.")


@strawberry.type
class CannedResponseMutations:
    @admin_mutation("Write a canned response for a desk or one of its teams. Desk admins and superusers.")
    async def add_canned_response(
            self, info: Info,
            input: Annotated[AddCannedResponseInput, strawberry.argument(description="The new canned response.")],
    ) -> CannedResponsePayload:
        row = await responses.add_canned_response(info.context.runtime, await info.context.viewer(),
                                                  actor_of(info), input.desk, input.team, input.name, input.body)
        return CannedResponsePayload(canned_response=CannedResponse.of(row, info))

    @admin_mutation("Rename a canned response or rewrite its text.")
    async def change_canned_response(
            self, info: Info,
            input: Annotated[ChangeCannedResponseInput, strawberry.argument(description="The response and what "
                                                                            "changes.")],
    ) -> CannedResponsePayload:
        row = await responses.change_canned_response(info.context.runtime, await info.context.viewer(),
                                                     actor_of(info), stored_id(input.id, "CannedResponse"),
                                                     input.name, input.body)
        return CannedResponsePayload(canned_response=CannedResponse.of(row, info))

    @admin_mutation("Delete a canned response.")
    async def delete_canned_response(
            self, info: Info,
            input: Annotated[DeleteCannedResponseInput, strawberry.argument(description="The canned response.")],
    ) -> DeleteCannedResponsePayload:
        await responses.delete_canned_response(info.context.runtime, await info.context.viewer(), actor_of(info),
                                               stored_id(input.id, "CannedResponse"))
        return DeleteCannedResponsePayload(deleted_id=input.id)
