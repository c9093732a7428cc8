"""Taking any action of a desk's workflow by name: the one mutation a frontend needs to draw its buttons from
Ticket.availableActions, a desk's own actions included."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.tickets import actions
from loket.core.tickets.effects import ActionRequest
from loket.schema.inputs import Email, GlobalId, JsonObject, LongText, Slug, TicketNumber
from loket.schema.mutations.tickets import TicketPayload, _ids, _payload
from loket.schema.permissions import IsAuthenticated


@strawberry.input(description="An action of the ticket's workflow and the inputs it asks for (see "
                  "Ticket.availableActions).")
class PerformActionInput:
    number: TicketNumber = strawberry.field(description="The ticket's number, as stored or as its desk shows it.")
    action: Slug = strawberry.field(description="The action's name, e.g. take, resolve, or a desk's own.")
    message: LongText | None = strawberry.field(default=None, description="The message, solution or reason text.")
    reason: Slug | None = strawberry.field(default=None, description="One of the action's reason choices.")
    to_team: Slug | None = strawberry.field(default=None, description="Escalate or transfer: a team slug.")
    to_person: Email | None = strawberry.field(default=None, description="Ask: a participant's email; assign: an "
                                               "agent's email.")
    fields: JsonObject | None = strawberry.field(default=None, description="Desk fields the action asks for.")
    attachment_ids: list[GlobalId] | None = strawberry.field(default=None, description="Files staged with the "
                                                             "purpose the action names.")


@strawberry.type
class WorkflowMutations:
    @strawberry.mutation(description="Take an action of the ticket's workflow by name. Refused with "
                         "ACTION_NOT_IN_WORKFLOW, ACTION_NOT_ALLOWED_FOR_YOU, ACTION_NOT_ALLOWED_IN_STATUS, an input "
                         "error, or a desk guard's own code; a refused action changes nothing.",
                         permission_classes=[IsAuthenticated])
    async def perform_action(
            self, info: Info,
            input: Annotated[PerformActionInput, strawberry.argument(description="The action and its inputs.")],
    ) -> TicketPayload:
        request = ActionRequest(message=input.message or "", reason=input.reason, to_team=input.to_team,
                                to_person=input.to_person, fields=dict(input.fields) if input.fields else None,
                                attachment_ids=_ids(input.attachment_ids), language=info.context.language)
        return _payload(await actions.act(info.context.runtime, await info.context.viewer(), input.number,
                                          input.action, request))
