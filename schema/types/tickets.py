"""GraphQL types for tickets: the ticket itself, its priority, position, working time, rating and participants
(its people, files, messages and timeline are in ``ticket_parts``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from loket.core import models
from loket.core.files import links
from loket.core.plugin_types import label
from loket.core.paging import MAX_PAGE_SIZE, cursor_of, page_by_key, page_list, window
from loket.core.plugins import first_answer, gather_results
from loket.core.workflow import rules
from loket.core.tickets.actions import rating_form_for
from loket.core.tickets import display_numbers
from loket.core.tickets.drafts import draft_of_ticket
from loket.core.tickets.queries import working_seconds
from loket.core.desks.registry import status_label
from loket.schema.inputs import Cursor
from loket.schema.types.connections import AFTER, BEFORE, FIRST, LAST, Connection, connection
from loket.schema.types.desks import Desk
from loket.schema.types.rating_forms import RatingForm
from loket.schema.types.workflow import AvailableAction, StatusCategory, WorkflowStatus, available_action, workflow_status
from loket.schema.types.deadlines import Deadline, deadlines_for
from loket.schema.types.file_links import LINK_NOTE, signed
from loket.schema.types.sla import SlaClock, clocks_of
from loket.schema.types.vocabulary import ParticipantRole
from loket.schema.types.ticket_parts import (
    Attachment,
    Channel,
    Message,
    Node,
    Person,
    TicketEvent,
    TicketLink,
    team_as_seen,
)
from loket.schema.types.node import global_id, parse_global_id
from loket.schema.types.ticket_facts import Participant, Position, Priority, Rating, WorkingTime

# The parts are imported from here by the rest of the schema too.
__all__ = ["Attachment", "Channel", "Message", "Node", "Person", "Ticket", "TicketEvent", "TicketLink",
           "parse_global_id"]


MESSAGE_CURSOR = "message"
EVENT_CURSOR = "event"


@strawberry.type(description="A request for help at a desk.")
class Ticket(Node):
    number: str = strawberry.field(description="The ticket's number, unique across desks: names the ticket in "
                                   "inputs and URLs (see also displayNumber).")
    title: str = strawberry.field(description="A one-line summary, as filed.")
    description: str = strawberry.field(description="The request as filed, plain text.")
    status_category: StatusCategory = strawberry.field(
        description="What the status means, whatever the desk calls it.",
        deprecation_reason="Use `status { category }`. Removed after 2027-06-30.")
    channel: Channel = strawberry.field(description="How it reached the desk.")
    reporter_category: str | None = strawberry.field(description="What the reporter is, e.g. their role (see "
                                                     "Desk.reporterCategories); null: not given.")
    origin: str | None = strawberry.field(description="Where it comes from, e.g. the local office it belongs to.")
    application: str | None = strawberry.field(description="The slug of the system it is about (Desk.applications); "
                                               "null: none.")
    application_version: str | None = strawberry.field(description="The version of that system; null: not given.")
    fields: JSON = strawberry.field(description="The desk's extra fields, by key.")
    created_at: datetime = strawberry.field(description="When it was filed.")
    updated_at: datetime = strawberry.field(description="When its latest event happened.")
    taken_at: datetime | None = strawberry.field(description="When an agent last took it; null: never taken.")
    resolved_at: datetime | None = strawberry.field(description="When a solution was last proposed; null while "
                                                    "none is standing (cleared when it is reopened).")
    closed_at: datetime | None = strawberry.field(description="When it entered a closed or final status; null "
                                                  "while it is not done.")
    close_reason: str | None = strawberry.field(description="Why it was closed: confirmed, a force-close reason, a "
                                                "timed rule's name (e.g. an auto-close), or the closing step's "
                                                "kind; null while it is not done.")
    version: int = strawberry.field(description="Rises with every event; equals the latest event's seq.")
    _model: strawberry.Private[models.Ticket]

    @classmethod
    def of(cls, ticket: models.Ticket) -> Ticket:
        return cls(id=global_id("Ticket", ticket.id), number=ticket.number, title=ticket.title,
                   description=ticket.description,
                   status_category=StatusCategory(ticket.status_category), channel=Channel(ticket.channel),
                   reporter_category=ticket.reporter_category, origin=ticket.origin, application=ticket.application,
                   application_version=ticket.application_version, fields=ticket.fields_data or {},
                   created_at=ticket.created_at, updated_at=ticket.updated_at, taken_at=ticket.taken_at,
                   resolved_at=ticket.resolved_at, closed_at=ticket.closed_at, close_reason=ticket.close_reason,
                   version=ticket.version, _model=ticket)

    def _desk(self, info: Info):
        return info.context.runtime.desks.by_id(self._model.desk_id)

    async def _staff(self, info: Info) -> bool:
        return (await info.context.viewer()).is_staff_of(self._model.desk_id)

    @strawberry.field(description="The number as its desk shows it (e.g. Ticket#8881358; the same as `number` at "
                      "most desks). Wherever a ticket is named by number, this form is accepted too.")
    def display_number(self, info: Info) -> str:
        return display_numbers.display_number(self._desk(info).spec, self._model.number)

    @strawberry.field(description="Its status in the desk's workflow: the name filters take, the desk's label in "
                      "the caller's language, and what it means.")
    def status(self, info: Info) -> WorkflowStatus:
        return workflow_status(self._desk(info), self._model.status, info.context.language, info.context.catalog)

    @strawberry.field(description="The status in the desk's own words, in the caller's language.",
                      deprecation_reason="Use `status { label }`. Removed after 2027-06-30.")
    def status_label(self, info: Info) -> str:
        return status_label(self._desk(info), self._model.status, info.context.language, info.context.catalog)

    @strawberry.field(description="The desk it was filed at.")
    def desk(self, info: Info) -> Desk:
        return Desk.of(self._desk(info), info.context)

    @strawberry.field(description="The chosen topic, and its path from the top level (category > sub-category).")
    def topic_path(self, info: Info) -> list[str]:
        desk = self._desk(info)
        slug = desk.topic_slug(self._model.topic_id)
        return [label(desk.topic(s).name, info.context.language) for s in desk.topic_path(slug)] if slug else []

    @strawberry.field(description="The slug of the chosen topic.")
    def topic(self, info: Info) -> str | None:
        return self._desk(info).topic_slug(self._model.topic_id)

    @strawberry.field(description="Its priority, as the desk's rule computed it; null: the desk sets none.")
    async def priority(self, info: Info) -> Priority | None:
        if not self._model.priority:
            return None
        desk = self._desk(info)
        spec = next((p for p in desk.spec.priorities if p.slug == self._model.priority), None)
        return Priority(slug=self._model.priority, name=label(spec.name, info.context.language) if spec else
                        self._model.priority, rank=spec.rank if spec else 0,
                        reason=self._model.priority_reason if await self._staff(info) else None)

    @strawberry.field(description="Who asked for help.")
    async def reporter(self, info: Info) -> Person:
        user = await info.context.loaders.user.load(self._model.reporter_id)
        return Person.of(user, await info.context.viewer(), self._model.desk_id, self._model.reporter_phone)

    @strawberry.field(description="Who opened it: the reporter, or an agent on their behalf.")
    async def created_by(self, info: Info) -> Person:
        user = await info.context.loaders.user.load(self._model.created_by_id)
        return Person.of(user, await info.context.viewer(), self._model.desk_id)

    @strawberry.field(description="The agent who took it.")
    async def assignee(self, info: Info) -> Person | None:
        if self._model.assignee_id is None:
            return None
        user = await info.context.loaders.user.load(self._model.assignee_id)
        return Person.of(user, await info.context.viewer(), self._model.desk_id)

    @strawberry.field(description="Which team and tier hold it now.")
    async def position(self, info: Info) -> Position:
        team = await team_as_seen(info, self._model.team_id, self._model.desk_id)
        return Position(team=team, tier=team.tier)

    @strawberry.field(description="How long it has been worked on: from creation to closing, or to now.")
    def working_time(self, info: Info) -> WorkingTime:
        seconds = working_seconds(self._model, info.context.runtime.now())
        return WorkingTime(seconds=seconds, days=round(seconds / 86400, 1))

    @strawberry.field(description="The conversation, oldest first (internal notes for staff only); 100 messages "
                      "unless told otherwise.")
    async def messages(self, info: Info, first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                       after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                       last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                       before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                       ) -> Connection[Message]:
        win = window(first, after, last, before, default=MAX_PAGE_SIZE)
        found = await info.context.loaders.messages.load((self._model.id, await self._staff(info)))
        page = page_list(found, win, MESSAGE_CURSOR, key=lambda message: message.id)
        return connection(page, lambda message: cursor_of(message.id, MESSAGE_CURSOR),
                          lambda message: Message.of(message, self._model.desk_id))

    @strawberry.field(description="Its newest message the caller may read; null: none yet.")
    async def last_message(self, info: Info) -> Message | None:
        found = await info.context.loaders.last_message.load((self._model.id, await self._staff(info)))
        return Message.of(found, self._model.desk_id) if found else None

    @strawberry.field(description="Every file of the ticket (internal ones for staff only).")
    async def attachments(self, info: Info) -> list[Attachment]:
        files = await info.context.loaders.attachments.load((self._model.id, await self._staff(info)))
        return [Attachment.of(f) for f in files]

    @strawberry.field(description="A zip of every file the caller may see. " + LINK_NOTE)
    def download_all_url(self, info: Info) -> str:
        return signed(info, links.zip_link(self._model.number, self._model.id))

    @strawberry.field(description="The ticket printed as a PDF (opens inline), as you may see it. " + LINK_NOTE)
    def print_url(self, info: Info) -> str:
        return signed(info, links.print_link(self._model.number, self._model.id))

    @strawberry.field(description="The activity timeline, oldest first; 100 events unless told otherwise.")
    async def timeline(self, info: Info,
                       after_seq: Annotated[int, strawberry.argument(description="Only the events after this "
                                                                     "`seq` (the last one you saw).")] = 0,
                       first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                       after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                       last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                       before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                       ) -> Connection[TicketEvent]:
        win = window(first, after, last, before, default=MAX_PAGE_SIZE)
        query = models.TicketEvent.filter(ticket_id=self._model.id, seq__gt=after_seq)
        if not await self._staff(info):
            query = query.filter(visibility="public")
        page = await page_by_key(query, win, EVENT_CURSOR, key="seq", descending=False)
        return connection(page, lambda event: cursor_of(event.seq, EVENT_CURSOR),
                          lambda event: TicketEvent.of(event, self._model.desk_id))

    @strawberry.field(description="The reporter's rating; null until rated.")
    async def rating(self, info: Info) -> Rating | None:

        found = await info.context.loaders.rating.load(self._model.id)
        return Rating(form=found.form, answers=found.answers, stars=found.stars,
                      created_at=found.created_at) if found else None

    @strawberry.field(description="The form to rate this ticket with, once it is closed.")
    async def rating_form(self, info: Info) -> RatingForm:
        return RatingForm.from_spec(await rating_form_for(info.context.runtime, self._desk(info), self._model),
                                    info.context.language)

    @strawberry.field(description="How far along it is, in percent (the desk decides; by default from the status).")
    async def progress(self, info: Info) -> int | None:
        desk = self._desk(info)
        return await first_answer(info.context.runtime.pm.hook.ticket_progress, desk=desk.spec,
                                  ticket=draft_of_ticket(desk, self._model))

    @strawberry.field(description="Links for the desk's staff, e.g. a chat with the reporter (none for others).")
    async def links(self, info: Info) -> list[TicketLink]:
        if not await self._staff(info):
            return []
        desk = self._desk(info)
        answers = await gather_results(info.context.runtime.pm.hook.ticket_links(
            desk=desk.spec, ticket=draft_of_ticket(desk, self._model)))
        return [TicketLink(label=label(link.label, info.context.language), url=link.url)
                for answer in answers for link in answer]

    @strawberry.field(description="Its service-level clocks: due times, time used and left, breaches, and "
                      "every running and paused stretch with its reason.")
    async def sla(self, info: Info) -> list[SlaClock]:
        return await clocks_of(info, self._model, await self._staff(info))

    @strawberry.field(description="Every pending timed transition, open window and running or paused clock, "
                      "soonest first: what will happen or end, when and why. The desk's staff see all; others "
                      "see those meant for everyone (e.g. an auto-close, a complaint window, a reply lock).")
    async def deadlines(self, info: Info) -> list[Deadline]:
        return await deadlines_for(info, self._model)

    @strawberry.field(description="The earliest due time of its running SLA clocks.")
    def sla_due_at(self) -> datetime | None:
        return self._model.sla_due_at

    @strawberry.field(description="Whether any of its SLA targets was missed.")
    def sla_breached(self) -> bool:
        return self._model.sla_breached

    @strawberry.field(description="What the caller may do to the ticket now, by the desk's workflow and their "
                      "role, with the inputs each action asks for.")
    async def available_actions(self, info: Info) -> list[AvailableAction]:
        viewer, desk = await info.context.viewer(), self._desk(info)
        participants = await info.context.loaders.participants.load(self._model.id)
        found = await rules.available(desk, self._model, viewer, info.context.runtime.now(), participants)
        if any(action.does == "rate" for action in found):
            if await info.context.loaders.rating.load(self._model.id) is not None:
                found = [action for action in found if action.does != "rate"]
        return [available_action(desk, self._model, viewer, action, info.context.language, info.context.loaders,
                                 participants, info.context.catalog) for action in found]

    @strawberry.field(description="Who resolved it (the latest resolution); null while it is not resolved.")
    async def resolved_by(self, info: Info) -> Person | None:
        return await self._person(info, self._model.resolved_by_id)

    @strawberry.field(description="Who closed it; null while it is open, or when the system closed it.")
    async def closed_by(self, info: Info) -> Person | None:
        return await self._person(info, self._model.closed_by_id)

    @strawberry.field(description="Whom a pending question is addressed to: the reporter, or another participant "
                      "(e.g. the level-1 agent who escalated). Null when no question is pending.")
    async def waiting_on(self, info: Info) -> Person | None:
        return await self._person(info, self._model.asked_id)

    @strawberry.field(description="Who takes part besides the reporter: agents who held it and people asked "
                      "(for the desk's staff and participants; empty for others).")
    async def participants(self, info: Info) -> list[Participant]:
        viewer = await info.context.viewer()
        rows = await info.context.loaders.participants.load(self._model.id)
        if not viewer.is_staff_of(self._model.desk_id) and viewer.id not in {row.user_id for row in rows}:
            return []
        found = []
        for row in rows:
            user = await info.context.loaders.user.load(row.user_id)
            found.append(Participant(person=Person.of(user, viewer, self._model.desk_id), role=ParticipantRole(row.role),
                                     since=row.created_at))
        return found

    async def _person(self, info: Info, user_id: int | None) -> Person | None:
        if user_id is None:
            return None
        user = await info.context.loaders.user.load(user_id)
        return Person.of(user, await info.context.viewer(), self._model.desk_id)
