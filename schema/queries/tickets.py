"""Reading tickets: one by number, lists by queue with filters and search, an agent's dashboard, nodes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.paging import window
from loket.core.tickets import queries
from loket.core.tickets.display_numbers import stored_number
from loket.core.workflow.access import visible_ticket
from loket.schema.inputs import Cursor, Email, SearchText, Slug, TicketNumber
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.desks import Desk
from loket.schema.types.workflow import StatusCategory
from loket.schema.types.connections import AFTER, BEFORE, FIRST, LAST, Connection, Edge, PageInfo
from loket.schema.types.tickets import Ticket
from loket.schema.types.vocabulary import Channel


@strawberry.enum(description="The lists desks work from (docs/workflows.md says exactly what each holds).")
class TicketQueue(Enum):
    ALL = strawberry.enum_value("all", description="Every ticket you may see.")
    INCOMING = strawberry.enum_value("incoming", description="Tickets of your teams nobody has taken, in a status "
                                     "of category NEW.")
    HANDLED = strawberry.enum_value("handled", description="Tickets you hold, or held and handed on, that are not "
                                    "closed: waiting on the reporter, a third party or another tier included.")
    HISTORY = strawberry.enum_value("history", description="Every ticket you acted on in any way.")
    MINE = strawberry.enum_value("mine", description="What you reported, or opened on someone's behalf.")


@strawberry.enum(description="How a ticket list is ordered.")
class TicketOrder(Enum):
    NEWEST = "newest"
    SLA_DUE = "sla_due"


@strawberry.input(description="Narrow a ticket list. Every condition must hold.")
class TicketFilter:
    desk: Slug | None = None
    statuses: list[Slug] | None = strawberry.field(default=None, description="Status slugs of the desks' "
                                                   "workflows (see Desk.statuses).")
    categories: list[StatusCategory] | None = strawberry.field(default=None, description="Status categories: "
                                                               "tickets of any desk whose status means one of them.")
    topic: Slug | None = strawberry.field(default=None, description="A topic slug; its sub-topics are included.")
    priorities: list[Slug] | None = None
    application: Slug | None = None
    application_version: Slug | None = None
    created_from: datetime | None = None
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    assignee_email: Email | None = None
    team: Slug | None = None
    channel: Channel | None = None
    search: SearchText | None = strawberry.field(default=None, description="A ticket number (as stored or "
                                          "as its desk shows it), or words of the title, description or messages.")
    sla_breached: bool | None = strawberry.field(default=None, description="Tickets that missed (or met) an SLA target.")
    overdue: bool | None = strawberry.field(default=None, description="Tickets with a running SLA target past due.")

    def to_core(self) -> queries.TicketFilter:
        return queries.TicketFilter(
            desk=self.desk, statuses=list(self.statuses or []),
            categories=[c.value for c in self.categories or []], topic=self.topic,
            priorities=list(self.priorities or []), application=self.application,
            application_version=self.application_version, created_from=self.created_from,
            created_to=self.created_to, assignee_email=self.assignee_email, team=self.team,
            channel=self.channel.value if self.channel else None,
            search=self.search, sla_breached=self.sla_breached, overdue=self.overdue)


@strawberry.type(description="A page of tickets, in the order asked for (newest first by default).")
class TicketConnection(Connection[Ticket]):
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many tickets every page together holds.")
    async def total_count(self) -> int:
        # Counted only when asked for: over a large desk the count costs far more than the page.
        return await self.count()


@strawberry.type
class DayCount:
    day: date
    count: int


@strawberry.type(description="An agent's counters.")
class Dashboard:
    not_taken: int = strawberry.field(description="New tickets in my teams' queues, not yet taken.")
    waiting_to_be_worked: int = strawberry.field(description="Tickets I took that are in progress.")
    taken_per_day: list[DayCount] = strawberry.field(description="Tickets I took per day, oldest day first.")


@strawberry.type
class TicketQueries:
    @strawberry.field(description="The desks this deployment serves, with their teams, catalogue and forms.")
    def desks(self, info: Info) -> list[Desk]:
        return [Desk.of(desk, info.context) for desk in sorted(info.context.runtime.desks, key=lambda d: d.slug)]

    @strawberry.field(description="One desk by slug.")
    def desk(self, info: Info, slug: Slug) -> Desk:
        return Desk.of(info.context.runtime.desks.get(slug, field="slug"), info.context)

    @strawberry.field(description="A ticket by its number, as stored or as its desk shows it (`displayNumber`, any "
                      "letter case and spaces), if you may see it.", permission_classes=[IsAuthenticated])
    async def ticket(self, info: Info, number: TicketNumber) -> Ticket:
        number = await stored_number(info.context.runtime.desks, number)
        return Ticket.of(await visible_ticket(await info.context.viewer(), number))

    @strawberry.field(description="Tickets you may see, by queue, filter and search; newest first, keyset-paged.",
                      permission_classes=[IsAuthenticated])
    async def tickets(self, info: Info, queue: TicketQueue = TicketQueue.ALL, filter: TicketFilter | None = None,
                      first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                      after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                      last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                      before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                      order_by: TicketOrder = TicketOrder.NEWEST) -> TicketConnection:
        viewer = await info.context.viewer()
        order = queries.Order(order_by.value)
        page = await queries.list_tickets(info.context.runtime, viewer, queries.Queue(queue.value),
                                          (filter or TicketFilter()).to_core(), window(first, after, last, before),
                                          order)
        edges = [Edge(cursor=queries.cursor_of(t, order), node=Ticket.of(t)) for t in page.tickets]
        return TicketConnection(edges=edges, count=page.count, page_info=PageInfo.of(
            page, [edge.cursor for edge in edges]))

    @strawberry.field(description="Counters for the signed-in agent, for one desk or all of theirs.",
                      permission_classes=[IsAuthenticated])
    async def dashboard(self, info: Info, desk: Slug | None = None, days: int = 14) -> Dashboard:
        found = await queries.dashboard(info.context.runtime, await info.context.viewer(), desk, days)
        return Dashboard(not_taken=found.not_taken, waiting_to_be_worked=found.waiting_to_be_worked,
                         taken_per_day=[DayCount(day=day, count=count) for day, count in found.taken_per_day])
