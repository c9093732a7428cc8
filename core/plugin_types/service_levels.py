"""Service levels and timers: targets, the policy one ticket runs on, pause reasons, and the timers a plugin
arms for rules workflow data cannot say."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from loket.core.plugin_types.labels import Labels
from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.timing import Duration


@dataclass(frozen=True)
class SlaTarget:
    """Service-level targets for some tickets of a desk: time to first response and to resolution.

    Each is a ``Duration`` that says how it counts: calendar time (``Duration.hours(72)``, "3x24 hours" taken
    literally) or working time of the desk's ``calendar`` (``Duration.working_days(3)``). A target limited to
    ``topics`` (or their sub-topics) and/or ``priorities`` applies only to those; the most specific matching
    target wins (topic and priority, then topic, then priority, then desk-wide).
    """

    first_response: Duration | None = None
    resolution: Duration | None = None
    topics: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlaPolicy:
    """The targets one ticket runs on.

    Each target is a ``Duration``, and each clock counts the way its target says: calendar time, or working
    time of ``calendar`` (None: the desk's ``calendar``). ``warn_before``: an approaching-breach event fires
    this long before a target is due, counted the way that target counts.
    """

    first_response: Duration | None = None
    resolution: Duration | None = None
    calendar: BusinessCalendar | None = None
    warn_before: Duration | None = None


@dataclass(frozen=True)
class PauseReason:
    """A reason agents may give for stopping a ticket's resolution clock (an SLA exception).

    ``retired``: no longer offered; clocks already stopped for it keep it (and may be resumed).
    """

    slug: str
    label: str | Labels
    retired: bool = False


@dataclass(frozen=True)
class TimerRequest:
    """A timer a plugin's ``ticket_timers`` arms when an event happens, for a rule workflow data cannot say.

    It fires ``after`` the event (a ``Duration``, which says whether it counts the desk's working time; a
    plain ``timedelta`` counts working time of the desk's SLA calendar when ``working_time``), exactly once,
    if the ticket is still in ``expect_status`` (and is cancelled as soon as it is not). The ``timer_fired``
    hook says what it does. ``label`` (text per language) is shown to the desk's staff among the ticket's
    deadlines while it is pending.
    """

    kind: str
    after: Duration | timedelta
    expect_status: str | None
    working_time: bool = False
    payload: dict[str, Any] = field(default_factory=dict)
    label: str | Labels = ""


@dataclass(frozen=True)
class TimerOutcome:
    """What a desk-defined timer does when it fires: ``close`` (with ``close_reason``), ``escalate`` (to
    ``to_team``), ``note`` (an internal note with ``message``) or ``nothing``."""

    action: str
    to_team: str | None = None
    close_reason: str | None = None
    message: str | None = None
