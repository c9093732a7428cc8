"""Reading tickets: the queues desks work from, filters, search, keyset pages and an agent's dashboard."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.inputs import check_day, row_id
from loket.core.models import Ticket, TicketEvent, User
from loket.core.paging import Window
from loket.core.runtime import Runtime
from loket.core.workflow.access import Viewer, visible_filter
from loket.core.tickets.search import search_clause
from loket.core.workflow.queues import Queue, queue_filter


@dataclass
class TicketFilter:
    desk: str | None = None
    statuses: list[str] = field(default_factory=list)  # status slugs of the desks' workflows
    categories: list[str] = field(default_factory=list)  # status categories (see CATEGORIES)
    topic: str | None = None  # includes its sub-topics
    priorities: list[str] = field(default_factory=list)
    application: str | None = None
    application_version: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    assignee_email: str | None = None
    team: str | None = None
    channel: str | None = None
    search: str | None = None
    sla_breached: bool | None = None
    overdue: bool | None = None  # a running SLA target is past due now


class Order(str, Enum):
    NEWEST = "newest"  # newest first
    SLA_DUE = "sla_due"  # the soonest SLA due time first; tickets without one last


@dataclass
class Page:
    tickets: list[Ticket]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]  # how many tickets every page together holds: counted only when asked


def cursor_of(ticket: Ticket, order: Order = Order.NEWEST) -> str:
    if order is Order.SLA_DUE:
        due = ticket.sla_due_at.isoformat() if ticket.sla_due_at else "-"
        return base64.urlsafe_b64encode(f"due:{due}|{ticket.id}".encode()).decode()
    return base64.urlsafe_b64encode(f"ticket:{ticket.id}".encode()).decode()


def _id_from_cursor(cursor: str, field: str = "after") -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        ticket_id = row_id(value)
        if kind != "ticket" or ticket_id is None:
            raise ValueError
        return ticket_id
    except ValueError:
        raise InvalidInputError("INVALID_CURSOR", field=field) from None


def _due_from_cursor(cursor: str, field: str = "after") -> tuple[datetime | None, int]:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        due, _, ticket_id = value.rpartition("|")
        row = row_id(ticket_id)
        if kind != "due" or row is None:
            raise ValueError
        if due == "-":
            return None, row
        moment = datetime.fromisoformat(due)
        if moment.tzinfo is None:  # the cursors this module writes carry their offset
            raise ValueError
        return moment, row
    except (ValueError, OverflowError):
        raise InvalidInputError("INVALID_CURSOR", field=field) from None


async def _filters(rt: Runtime, viewer: Viewer, wanted: TicketFilter) -> list[Q]:
    clauses: list[Q] = []
    desk = rt.desks.get(wanted.desk, field="filter.desk") if wanted.desk else None
    if desk:
        clauses.append(Q(desk_id=desk.id))
    if wanted.statuses:
        known = list(dict.fromkeys(status.slug for each in ([desk] if desk else rt.desks)
                                   for status in each.workflow.statuses))
        unknown = [s for s in wanted.statuses if s not in known]
        if unknown:
            raise InvalidInputError("NOT_A_CHOICE", field="filter.statuses", value=", ".join(unknown),
                                    choices=", ".join(known))
        clauses.append(Q(status__in=wanted.statuses))
    if wanted.categories:
        clauses.append(Q(status_category__in=wanted.categories))
    if wanted.topic:
        if desk is None:
            raise InvalidInputError("DESK_REQUIRED_FOR_FILTER", field="filter.topic")
        topics = [slug for slug, _id in desk.topic_ids.items() if wanted.topic in desk.topic_path(slug)]
        if not topics:
            raise InvalidInputError("UNKNOWN_TOPIC", field="filter.topic", topic=wanted.topic)
        clauses.append(Q(topic_id__in=[desk.topic_ids[slug] for slug in topics]))
    if wanted.priorities:
        clauses.append(Q(priority__in=wanted.priorities))
    if wanted.application:
        clauses.append(Q(application=wanted.application))
    if wanted.application_version:
        clauses.append(Q(application_version=wanted.application_version))
    if wanted.created_from:
        clauses.append(Q(created_at__gte=_utc(check_day(wanted.created_from, "filter.createdFrom"))))
    if wanted.created_to:
        clauses.append(Q(created_at__lt=_utc(check_day(wanted.created_to, "filter.createdTo"))))
    if wanted.channel:
        clauses.append(Q(channel=wanted.channel))
    if wanted.team:
        if desk is None:
            raise InvalidInputError("DESK_REQUIRED_FOR_FILTER", field="filter.team")
        if wanted.team not in desk.team_ids:
            raise InvalidInputError("UNKNOWN_TEAM", field="filter.team", team=wanted.team, desk=desk.slug)
        clauses.append(Q(team_id=desk.team_ids[wanted.team]))
    if wanted.assignee_email:
        assignee = await User.get_or_none(email=wanted.assignee_email.strip().lower())
        clauses.append(Q(assignee_id=assignee.id if assignee else 0))
    if wanted.sla_breached is not None:
        clauses.append(Q(sla_breached=wanted.sla_breached))
    if wanted.overdue is not None:
        overdue = Q(sla_due_at__lt=rt.now())
        clauses.append(overdue if wanted.overdue else ~overdue | Q(sla_due_at__isnull=True))
    if wanted.search and wanted.search.strip():
        clauses.append(await search_clause(viewer, wanted.search.strip(), postgres=not rt.settings.is_sqlite,
                                           desks=rt.desks))
    return clauses


async def ticket_query(rt: Runtime, viewer: Viewer, queue: Queue, wanted: TicketFilter) -> QuerySet[Ticket]:
    """Every ticket of ``queue`` that ``viewer`` may see and that matches ``wanted``: what the list shows
    page by page and what an export writes out (refuses invalid filters with their field)."""
    clauses = [clause for clause in (visible_filter(viewer), queue_filter(viewer, queue)) if clause is not None]
    clauses += await _filters(rt, viewer, wanted)
    return Ticket.filter(*clauses)


async def keyset_page(base: QuerySet[Ticket], limit: int, after: str | None, order: Order) -> list[Ticket]:
    """Up to ``limit`` tickets of ``base`` after the cursor ``after``, in ``order``."""
    if order is Order.SLA_DUE:
        return await _by_due(base, limit, after)
    page_query = base.filter(id__lt=_id_from_cursor(after)) if after is not None else base
    return await page_query.order_by("-id").limit(limit)


async def keyset_page_before(base: QuerySet[Ticket], limit: int, before: str | None,
                             order: Order) -> list[Ticket]:
    """Up to ``limit`` tickets of ``base`` just before the cursor ``before`` (the list's last ones without
    one), nearest the cursor first: the list's order reversed."""
    if order is Order.SLA_DUE:
        return await _by_due_before(base, limit, before)
    page_query = base.filter(id__gt=_id_from_cursor(before, "before")) if before is not None else base
    return await page_query.order_by("id").limit(limit)


async def list_tickets(rt: Runtime, viewer: Viewer, queue: Queue, wanted: TicketFilter,
                       win: Window = Window(size=20), order: Order = Order.NEWEST) -> Page:
    base = await ticket_query(rt, viewer, queue, wanted)
    if not win.backward:
        rows = await keyset_page(base, win.size + 1, win.cursor, order)
        behind = win.cursor is not None and bool(await keyset_page_before(base, 1, win.cursor, order))
        return Page(tickets=rows[:win.size], has_next_page=len(rows) > win.size, has_previous_page=behind,
                    count=base.count)
    rows = await keyset_page_before(base, win.size + 1, win.cursor, order)  # checks the cursor, naming `before`
    beyond = win.cursor is not None and bool(await keyset_page(base, 1, win.cursor, order))
    return Page(tickets=list(reversed(rows[:win.size])), has_next_page=beyond,
                has_previous_page=len(rows) > win.size, count=base.count)


async def _by_due(base, limit: int, after: str | None) -> list[Ticket]:
    """Keyset pages by (due time, id), tickets without a due time last: two index-friendly range reads
    instead of NULLS LAST, which SQLite and PostgreSQL order differently."""
    due, last_id = _due_from_cursor(after) if after is not None else (None, None)
    rows: list[Ticket] = []
    if after is None or due is not None:
        dated = base.filter(sla_due_at__isnull=False)
        if due is not None:
            dated = dated.filter(Q(sla_due_at__gt=due) | Q(sla_due_at=due, id__gt=last_id))
        rows = await dated.order_by("sla_due_at", "id").limit(limit)
    if len(rows) < limit:
        undated = base.filter(sla_due_at__isnull=True)
        if after is not None and due is None:
            undated = undated.filter(id__gt=last_id)
        rows += await undated.order_by("id").limit(limit - len(rows))
    return rows


async def _by_due_before(base, limit: int, before: str | None) -> list[Ticket]:
    """``_by_due`` read backward from ``before``: the undated tickets (the list's end) first, then the dated."""
    due, first_id = _due_from_cursor(before, "before") if before is not None else (None, None)
    rows: list[Ticket] = []
    if before is None or due is None:
        undated = base.filter(sla_due_at__isnull=True)
        if before is not None:
            undated = undated.filter(id__lt=first_id)
        rows = await undated.order_by("-id").limit(limit)
    if len(rows) < limit:
        dated = base.filter(sla_due_at__isnull=False)
        if due is not None:
            dated = dated.filter(Q(sla_due_at__lt=due) | Q(sla_due_at=due, id__lt=first_id))
        rows += await dated.order_by("-sla_due_at", "-id").limit(limit - len(rows))
    return rows


def _utc(moment: datetime) -> datetime:
    """A moment as UTC, to compare with stored times: SQLite stores them as text, and text with another offset
    does not compare in time order. A moment without an offset is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def working_seconds(ticket: Ticket, now: datetime) -> int:
    """How long the ticket has been worked on ("Lama pengerjaan"): from creation to closing, or to now."""
    return max(0, int(((ticket.closed_at or now) - ticket.created_at).total_seconds()))


def desk_timezone(rt: Runtime, desk: DeskInfo | None) -> ZoneInfo:
    """Where the desk's days begin: its calendar's time zone, else the deployment's."""
    calendar = desk.spec.calendar if desk else None
    return ZoneInfo(calendar.timezone if calendar else rt.settings.timezone)


@dataclass
class Dashboard:
    not_taken: int
    waiting_to_be_worked: int
    taken_per_day: list[tuple[date, int]]


async def dashboard(rt: Runtime, viewer: Viewer, desk_slug: str | None, days: int) -> Dashboard:
    if not 1 <= days <= 366:
        raise InvalidInputError("DAYS_OUT_OF_RANGE", field="days", max=366)
    scope = [Q(desk_id=rt.desks.get(desk_slug).id)] if desk_slug else []
    not_taken = await Ticket.filter(*scope, queue_filter(viewer, Queue.INCOMING)).count()
    waiting = await Ticket.filter(*scope, assignee_id=viewer.id, status_category="open").count()
    zone = desk_timezone(rt, rt.desks.get(desk_slug) if desk_slug else None)
    today = rt.now().astimezone(zone).date()
    since = _utc(datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tzinfo=zone))
    taken_events = TicketEvent.filter(actor_id=viewer.id, kind="taken", created_at__gte=since)
    if desk_slug:
        taken_events = taken_events.filter(ticket__desk_id=rt.desks.get(desk_slug).id)
    counts: dict[date, int] = {}
    for created_at in await taken_events.values_list("created_at", flat=True):
        day = created_at.astimezone(zone).date()
        counts[day] = counts.get(day, 0) + 1
    series = [(today - timedelta(days=offset), 0) for offset in range(days - 1, -1, -1)]
    return Dashboard(not_taken=not_taken, waiting_to_be_worked=waiting,
                     taken_per_day=[(day, counts.get(day, 0)) for day, _ in series])
