"""Plain data types that plugins build and return from hooks. Core turns them into stored rows;
plugins never touch core's models directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TeamSpec:
    """A team of a desk. ``tier`` is the escalation level: 1 handles first, 2 takes escalations from 1, ..."""

    slug: str
    name: str
    tier: int = 1
    description: str = ""


@dataclass(frozen=True)
class DeskSpec:
    """A helpdesk a plugin runs: its identity, language and teams."""

    slug: str
    name: str
    language: str = "id"
    description: str = ""
    teams: tuple[TeamSpec, ...] = ()


@dataclass(frozen=True)
class DemoUser:
    """An account ``loket demo`` creates so a newcomer can sign in.

    ``teams`` are ``(desk_slug, team_slug)`` pairs the user works in as an agent; ``admin_of`` lists desk
    slugs the user administers.
    """

    email: str
    display_name: str
    password: str
    is_superuser: bool = False
    teams: tuple[tuple[str, str], ...] = ()
    admin_of: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class DemoData:
    """What one plugin contributes to the demo deployment."""

    users: tuple[DemoUser, ...] = ()


@dataclass(frozen=True)
class ExternalIdentity:
    """A person as an external identity provider (e.g. a ministry's SSO) vouches for them.

    ``provider`` and ``subject`` identify the person for good; email and name are refreshed at each sign-in.
    """

    provider: str
    subject: str
    email: str
    display_name: str
    attributes: dict[str, Any] = field(default_factory=dict)
