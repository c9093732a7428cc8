"""The accounts and tickets a plugin contributes to ``loket demo``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoUser:
    """An account ``loket demo`` creates so a newcomer can sign in.

    ``teams`` are ``(desk_slug, team_slug)`` pairs the user works in as an agent (a shared team may be named
    through any desk it serves: one membership); ``admin_of`` lists desk slugs the user administers.
    """

    email: str
    display_name: str
    password: str
    is_superuser: bool = False
    teams: tuple[tuple[str, str], ...] = ()
    admin_of: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class DemoTicket:
    """A ticket ``loket demo`` opens through the ordinary services (so it gets a number, a priority and a
    timeline). ``opened_by`` is an agent recording it on the reporter's behalf through ``channel``;
    ``taken_by`` an agent who takes it; ``replies`` are ``(author_email, text)`` pairs added afterwards."""

    desk: str
    reporter: str
    title: str
    description: str
    topic: str | None = None
    application: str | None = None
    application_version: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    channel: str = "web"
    opened_by: str | None = None
    reporter_category: str | None = None
    origin: str | None = None
    taken_by: str | None = None
    replies: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoGuide:
    """A guide or FAQ article ``loket demo`` writes for a desk, as its admins would at run time (through the same
    service, audited as the demo's doing), unless the desk has one of that topic and key already. ``topic`` None:
    a desk-wide FAQ article. ``title`` and ``body`` are plain text per language."""

    desk: str
    key: str
    title: dict[str, str]
    body: dict[str, str]
    topic: str | None = None
    keywords: tuple[str, ...] = ()
    published: bool = True


@dataclass(frozen=True)
class DemoData:
    """What one plugin contributes to the demo deployment."""

    users: tuple[DemoUser, ...] = ()
    tickets: tuple[DemoTicket, ...] = ()
    guides: tuple[DemoGuide, ...] = ()
