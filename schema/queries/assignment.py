"""What the desk's staff need to hand out work: a team's members with their load, and finding the person a
ticket is opened for (``onBehalfOf``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.people import assignment
from loket.schema.inputs import SearchText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.type(description="A person as the desk's staff may see them: name and email.")
class PersonRef:
    display_name: str = strawberry.field(description="Their name.")
    email: str = strawberry.field(description="Their email, lower-case: what `onBehalfOf.email` and "
                                  "`assigneeEmail` take.")


@strawberry.type(description="A member of a team and the tickets they hold.")
class TeamMemberLoad:
    person: PersonRef = strawberry.field(description="Who they are.")
    is_active: bool = strawberry.field(description="False: deactivated, cannot be assigned.")
    open_tickets: int = strawberry.field(description="Tickets they hold (as assignee, at any desk) that are "
                                         "not done.")


@strawberry.type
class AssignmentQueries:
    @strawberry.field(description="A team's members with their current load, by name; the desk's staff only.",
                      permission_classes=[IsAuthenticated])
    async def team_members(self, info: Info,
                           desk: Annotated[Slug, strawberry.argument(description="The desk's slug.")],
                           team: Annotated[Slug, strawberry.argument(description="A team slug of the desk.")],
                           ) -> list[TeamMemberLoad]:
        loads = await assignment.team_load(info.context.runtime, await info.context.viewer(), desk, team)
        return [TeamMemberLoad(person=PersonRef(display_name=m.user.display_name, email=m.user.email),
                               is_active=m.user.is_active, open_tickets=m.open_tickets) for m in loads]

    @strawberry.field(description="Accounts whose email or name starts with `text` (two characters at least): "
                      "whom a ticket may be opened for (`onBehalfOf`). The desk's staff only; a few at most.",
                      permission_classes=[IsAuthenticated])
    async def find_reporters(self, info: Info,
                             desk: Annotated[Slug, strawberry.argument(
                                 description="The desk the ticket is for; you must be of its staff.")],
                             text: Annotated[SearchText, strawberry.argument(
                                 description="The start of an email or name, any letter case (2 characters at "
                                 "least, else TEXT_TOO_SHORT).")],
                             first: Annotated[int, strawberry.argument(
                                 description="How many to return, by email (1 to 20).")] = 10,
                             ) -> list[PersonRef]:
        found = await assignment.find_reporters(info.context.runtime, await info.context.viewer(), desk, text,
                                                first)
        return [PersonRef(display_name=user.display_name, email=user.email) for user in found]
