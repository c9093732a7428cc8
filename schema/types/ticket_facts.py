"""What a ticket shows about itself beside its conversation: priority, position, working time, rating and
participants."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from loket.schema.types.desks import Team
from loket.schema.types.ticket_parts import Person
from loket.schema.types.vocabulary import ParticipantRole


@strawberry.type(description="A ticket's priority, computed by the desk's rule.")
class Priority:
    slug: str = strawberry.field(description="One of the desk's priority levels (Desk.priorities).")
    name: str = strawberry.field(description="In the caller's language.")
    rank: int = strawberry.field(description="Higher is more urgent.")
    reason: str | None = strawberry.field(description="Why: shown to the desk's staff only.")


@strawberry.type(description="Which team and tier hold the ticket now.")
class Position:
    team: Team = strawberry.field(description="The team whose queue holds it.")
    tier: int = strawberry.field(description="That team's tier: 1 handles first, higher tiers take escalations.")


@strawberry.type(description="How long the ticket has been worked on: from creation to closing (or now).")
class WorkingTime:
    seconds: int = strawberry.field(description="Plain seconds (not working hours) from creation to closing, or "
                                    "to now while it is open.")
    days: float = strawberry.field(description="The same in days, one decimal ('Lama pengerjaan').")


@strawberry.type(description="The reporter's rating of a closed ticket.")
class Rating:
    form: str = strawberry.field(description="The slug of the rating form answered.")
    answers: JSON = strawberry.field(description="The answers by question key: a number of stars, a scale value, "
                                     "a list of tags, or text.")
    stars: int | None = strawberry.field(description="The stars given (to the form's first stars question answered); "
                                         "null: none given.")

    created_at: datetime = strawberry.field(description="When the reporter rated.")


@strawberry.type(description="Someone taking part in a ticket besides its reporter.")
class Participant:
    person: Person = strawberry.field(description="Who it is.")
    role: ParticipantRole = strawberry.field(description="How they take part.")
    since: datetime = strawberry.field(description="When they joined the ticket in this role.")
