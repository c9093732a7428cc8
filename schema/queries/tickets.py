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
    NEWEST = strawberry.enum_value("newest", description="The newest ticket first.")
    SLA_DUE = strawberry.enum_value("sla_due", description="The soonest SLA due time first; tickets without a "
                                    "running target last, oldest first.")


@strawberry.input(description="Narrow a ticket list. Every condition must hold.")
class TicketFilter:
    desk: Slug | None = strawberry.field(default=None, description="A desk slug: its tickets only.")
    statuses: list[Slug] | None = strawberry.field(default=None, description="Status slugs of the desks' "
                                                   "workflows (see Desk.statuses).")
    categories: list[StatusCategory] | None = strawberry.field(default=None, description="Status categories: "
                                                               "tickets of any desk whose status means one of them.")
    topic: Slug | None = strawberry.field(default=None, description="A topic slug; its sub-topics are included.")
    priorities: list[Slug] | None = strawberry.field(default=None, description="Priority slugs (see "
                                                     "Desk.priorities): tickets with any of them.")
    application: Slug | None = strawberry.field(default=None, description="An application slug (see "
                                                "Desk.applications).")
    application_version: Slug | None = strawberry.field(default=None, description="One of the application's "
                                                        "versions.")
    created_from: datetime | None = strawberry.field(default=None, description="Created at or after this moment "
                                                     "(inclusive). A time without an offset is UTC.")
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
    assignee_email: Email | None = strawberry.field(default=None, description="Tickets the agent with this email "
                                                    "holds; an unknown address matches none.")
    team: Slug | None = strawberry.field(default=None, description="Tickets in this team's queue (a team slug); "
                                         "needs `desk` (else DESK_REQUIRED_FOR_FILTER).")
    channel: Channel | None = strawberry.field(default=None, description="Tickets that reached the desk this way.")
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


@strawberry.type(description="A count for one day.")
class DayCount:
    day: date = strawberry.field(description="The day, in the desk's time zone (the deployment's when no desk "
                                 "is named).")
    count: int = strawberry.field(description="How many tickets.")


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
    def desk(self, info: Info, slug: Annotated[Slug, strawberry.argument(description="The desk's slug.")]) -> Desk:
        return Desk.of(info.context.runtime.desks.get(slug, field="slug"), info.context)

    @strawberry.field(description="A ticket by its number, as stored or as its desk shows it (`displayNumber`, any "
                      "letter case and spaces), if you may see it.", permission_classes=[IsAuthenticated])
    async def ticket(self, info: Info, number: Annotated[TicketNumber, strawberry.argument(
            description="The ticket's number, as stored or as its desk shows it.")]) -> Ticket:
        number = await stored_number(info.context.runtime.desks, number)
        return Ticket.of(await visible_ticket(await info.context.viewer(), number))

    @strawberry.field(description="Tickets you may see, by queue, filter and search; newest first, keyset-paged.",
                      permission_classes=[IsAuthenticated])
    async def tickets(self, info: Info,
                      queue: Annotated[TicketQueue, strawberry.argument(
                          description="Which list; every ticket you may see by default.")] = TicketQueue.ALL,
                      filter: Annotated[TicketFilter | None, strawberry.argument(
                          description="Conditions every ticket of the list meets; none by default.")] = None,
                      first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                      after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                      last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                      before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                      order_by: Annotated[TicketOrder, strawberry.argument(
                          description="The list's order; newest first by default.")] = TicketOrder.NEWEST,
                      ) -> TicketConnection:
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
    async def dashboard(self, info: Info,
                        desk: Annotated[Slug | None, strawberry.argument(
                            description="A desk slug; all of your desks when null.")] = None,
                        days: Annotated[int, strawberry.argument(
                            description="How many days `takenPerDay` covers, today included (1 to 366).")] = 14,
                        ) -> Dashboard:
        found = await queries.dashboard(info.context.runtime, await info.context.viewer(), desk, days)
        return Dashboard(not_taken=found.not_taken, waiting_to_be_worked=found.waiting_to_be_worked,
                         taken_per_day=[DayCount(day=day, count=count) for day, count in found.taken_per_day])
