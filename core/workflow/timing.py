"""Time in a desk's workflow, as data: durations that say how they count, timed transitions the system
takes, windows that limit when people may act, clocks that start fresh at a stage, and extensions of a
clock's target.

docs/workflows.md ("Time") describes each with the bundled desks' rules as examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from loket.core.sla.calendar import BusinessCalendar, add_working_time

Labels = dict[str, str]

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "working_hours": 3600, "working_days": None}
"""Units of a duration: calendar seconds, minutes, hours and days, or working hours and days of the desk's
calendar."""

_WORDS = {
    "seconds": ("second", "seconds", "s", "sec", "detik"),
    "minutes": ("minute", "minutes", "min", "mins", "menit"),
    "hours": ("hour", "hours", "h", "jam"),
    "days": ("day", "days", "d", "hari"),
    "working_hours": ("working hour", "working hours", "business hour", "business hours", "jam kerja"),
    "working_days": ("working day", "working days", "business day", "business days", "hari kerja"),
}
_UNIT_OF_WORD = {word: unit for unit, words in _WORDS.items() for word in words}
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:x\s*(\d+)\s*)?([a-z][a-z ]*?)?\s*$")
_NAMES = {
    "en": {"seconds": "seconds", "minutes": "minutes", "hours": "hours", "days": "days", "working_hours": "working hours",
           "working_days": "working days"},
    "id": {"seconds": "detik", "minutes": "menit", "hours": "jam", "days": "hari", "working_hours": "jam kerja",
           "working_days": "hari kerja"},
}


@dataclass(frozen=True)
class Duration:
    """A length of time that says how it counts: calendar time (``seconds``, ``minutes``, ``hours``,
    ``days``: every hour counts, nights and holidays too) or the desk's working time (``working_hours``,
    ``working_days``: only the opening hours of the desk's ``calendar``).

    A working day is the calendar's usual day of working time (8 hours for 08:00-16:00), so three working
    days from Monday 10:00 end on Thursday 10:00, and a ticket filed on Friday evening has until the third
    working day's closing time. Build one with ``Duration.hours(72)``, ``Duration.working_days(3)``, or
    ``Duration.parse("3x24 hours")`` / ``"3 hari kerja"``.
    """

    amount: float
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown duration unit {self.unit!r} (one of {', '.join(UNITS)})")
        if self.amount < 0:
            raise ValueError("a duration cannot be negative")

    @classmethod
    def seconds(cls, amount: float) -> Duration:
        return cls(amount, "seconds")

    @classmethod
    def minutes(cls, amount: float) -> Duration:
        return cls(amount, "minutes")

    @classmethod
    def hours(cls, amount: float) -> Duration:
        return cls(amount, "hours")

    @classmethod
    def days(cls, amount: float) -> Duration:
        return cls(amount, "days")

    @classmethod
    def working_hours(cls, amount: float) -> Duration:
        return cls(amount, "working_hours")

    @classmethod
    def working_days(cls, amount: float) -> Duration:
        return cls(amount, "working_days")

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read ``"72 hours"``, ``"3x24 jam"``, ``"2 days"``, ``"5 working days"``, ``"3 hari kerja"``,
        ``"30 min"``. A number without its unit is refused: whether it counts working time must be said."""
        match = _PATTERN.match(str(text).lower())
        if not match:
            raise ValueError(f"{text!r} is not a duration (e.g. '72 hours' or '3 working days')")
        number, times, word = match.groups()
        if not word:
            raise ValueError(f"the duration {text!r} has no unit: say hours, days, working hours or working days")
        unit = _UNIT_OF_WORD.get(word.strip())
        if unit is None:
            raise ValueError(f"{word.strip()!r} is not a unit of time (hours, days, working hours, working days, "
                             f"minutes)")
        amount = float(number) * (int(times) if times else 1)
        return cls(int(amount) if amount.is_integer() else amount, unit)

    @property
    def working(self) -> bool:
        """True when it counts the desk's working time rather than calendar time."""
        return self.unit.startswith("working_")

    def length(self, calendar: BusinessCalendar | None = None) -> timedelta:
        """The time it counts: calendar time, or working time of ``calendar`` (working days need one)."""
        if self.unit == "working_days":
            if calendar is None:
                raise ValueError("working days are counted in a desk calendar, and none was given")
            return calendar.day_length * self.amount
        return timedelta(seconds=UNITS[self.unit] * self.amount)

    def after(self, start: datetime, calendar: BusinessCalendar | None) -> datetime:
        """The moment this long after ``start``; working time needs the desk's ``calendar``."""
        if not self.working:
            return start + self.length()
        if calendar is None:
            raise ValueError(f"{self} is counted in a desk calendar, and the desk has none")
        return add_working_time(start, self.length(calendar), calendar)

    def describe(self, language: str = "en") -> str:
        names = _NAMES.get(language, _NAMES["en"])
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount} {names[self.unit]}"

    def __str__(self) -> str:
        return self.describe("en")


AUDIENCES = ("everyone", "staff")
"""Who sees a deadline: ``everyone`` who sees the ticket (its reporter and participants too), or the desk's
``staff`` only."""


@dataclass(frozen=True)
class TimedTransition:
    """The system takes ``action`` when a ticket has stayed ``after`` in a status.

    The clock starts when the ticket enters one of the statuses ``in_status`` (slugs) or of the categories
    ``in_categories``, or, with ``since``, at every event of that kind (the later one replaces the
    earlier). The transition is cancelled as soon as the ticket leaves the status it had then. ``action``
    names an action of the workflow that the ``system`` may take (e.g. ``auto_close``). ``label`` says
    why, in the desk's words, wherever the deadline is shown; ``shown_to`` says to whom.
    """

    name: str
    after: Duration
    action: str
    label: str | Labels = ""
    in_status: tuple[str, ...] = ()
    in_categories: tuple[str, ...] = ()
    since: str | None = None
    shown_to: str = "everyone"


@dataclass(frozen=True)
class Window:
    """``action`` is allowed only within ``within`` of the ticket entering one of ``in_status`` (slugs) or
    ``in_categories``.

    After it the action is refused with ``message`` (labels per language, or a code of the desk's
    ``messages``; ``{until}`` stands for the window's end), and nothing changes. ``then`` names a system
    action taken when the window ends, e.g. ``lock`` moving the ticket to a final status. ``label`` says
    what the window is for, wherever its end is shown; ``shown_to`` says to whom.
    """

    name: str
    action: str
    within: Duration
    label: str | Labels = ""
    in_status: tuple[str, ...] = ()
    in_categories: tuple[str, ...] = ()
    message: str | Labels = ""
    then: str | None = None
    shown_to: str = "everyone"


@dataclass(frozen=True)
class StageClock:
    """A clock that starts fresh, with its own ``target``, when a ticket reaches a stage: a team of tier
    ``tier`` or higher, or one of the ``teams`` (slugs).

    It runs like the resolution clock (standing still while the reporter is asked or a solution awaits
    confirmation, and during an agent's SLA exception), stops when the ticket is done or leaves the stage,
    and starts fresh again when the ticket reaches the stage again. A breach of it is a breach of the
    ticket's service level. ``shown_to`` says who sees its deadline (the staff, by default).
    """

    name: str
    target: Duration
    label: str | Labels = ""
    tier: int | None = None
    teams: tuple[str, ...] = ()
    shown_to: str = "staff"


@dataclass(frozen=True)
class ClockExtension:
    """Part of an action (``ActionSpec.extends``): the named clock (``resolution``, ``first_response`` or a
    stage clock's name) gets a new target, due ``to`` from the moment the action is taken. The clock keeps
    running: it is an extension, not a pause, and the old target no longer counts as a breach."""

    clock: str
    to: Duration
