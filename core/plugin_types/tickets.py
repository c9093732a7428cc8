"""Tickets and their events as plugins see them: plain data, never core's models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loket.core.plugin_types.labels import Labels


@dataclass(frozen=True)
class ReporterView:
    """Who a ticket is for. ``kind`` is ``account`` (someone with an account, or a caller an agent
    registered) or ``guest`` (someone who filed without signing in: name, email and phone are as they typed
    them, not verified). ``phone`` is the number a guest left, if any."""

    kind: str
    name: str
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class TicketDraft:
    """What a plugin sees of a ticket (plain data, no models): being created, recategorised, or as it is.

    ``topic_path`` lists the slugs from the top-level topic down to the chosen one. ``reporter`` is who the
    ticket is for; it is always given to ``validate_ticket`` and ``ticket_priority``, and elsewhere when core has
    the reporter at hand (None otherwise). ``team`` is the slug of the team holding the ticket and ``tier`` that
    team's tier (None and 0 while the ticket is being filed).
    """

    desk: str
    title: str
    description: str
    topic_path: tuple[str, ...]
    application: str | None
    application_version: str | None
    fields: dict[str, Any]
    channel: str
    reporter_category: str | None
    origin: str | None
    number: str | None = None
    status: str = "new"
    status_category: str = "new"  # what the status means to core (see ``CATEGORIES`` in docs/workflows.md)
    priority: str | None = None
    by_agent: bool = False  # opened by one of the desk's agents (on a reporter's behalf)
    reporter: ReporterView | None = None
    team: str | None = None
    tier: int = 0


@dataclass(frozen=True)
class EventView:
    """What a plugin sees of a ticket event. ``payload`` is all of it, staff-only parts included; what may be
    passed on to the reporter is ``public_payload`` of an event that is not ``internal``."""

    kind: str
    seq: int
    from_status: str | None
    to_status: str | None
    by_system: bool
    payload: dict[str, Any] = field(default_factory=dict)
    internal: bool = False  # seen by the desk's staff alone
    public_payload: dict[str, Any] = field(default_factory=dict)  # the parts anyone who sees the event may read


@dataclass(frozen=True)
class PriorityDecision:
    """A computed priority and the reason agents see for it."""

    priority: str
    reason: str | Labels = ""


@dataclass(frozen=True)
class TicketLink:
    """A link shown to a desk's staff on a ticket (e.g. a chat with the reporter), from ``ticket_links``."""

    label: str | Labels
    url: str
