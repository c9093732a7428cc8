"""A desk's business calendar as its admins set it: office hours per weekday, the time zone, and whose national
holidays it starts from (section ``calendar``, keys ``hours``, ``timezone`` (``{"zone"}``),
``national_holidays`` (``{"country"}``, null for none)). The days
off of their own are section ``holiday`` (``loket.core.desk_config.holidays``).

A desk without a calendar gets one from its admins' first change: office hours 08:00-16:00 Monday to Friday in
Asia/Jakarta, with Indonesia's national holidays. Every change counts the desk's open tickets' working-time
clocks again in the same transaction (``loket.core.sla.recount``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.changes import change_setting
from loket.core.desk_config.sections import Items, Section
from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError
from loket.core.plugin_types import DeskSpec
from loket.core.sla.calendar import BusinessCalendar, WorkingHours
from loket.core.sla.national import supported_countries
from loket.core.sla.recount import recount_clocks
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

DEFAULT_COUNTRY = "ID"
INTERVALS_MAX = 6  # per weekday


def calendar_of(spec: DeskSpec) -> BusinessCalendar:
    """The desk's calendar, or the one its admins' first change starts from."""
    return spec.calendar or BusinessCalendar(national_holidays=DEFAULT_COUNTRY)


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def hours_from_stored(stored: dict[str, list[list[str]]]) -> dict[int, WorkingHours]:
    return {int(day): tuple((_clock(opens), _clock(closes)) for opens, closes in intervals)
            for day, intervals in stored.items() if intervals}


def hours_to_stored(hours: dict[int, WorkingHours]) -> dict[str, list[list[str]]]:
    return {str(day): [[opens.strftime("%H:%M"), closes.strftime("%H:%M")] for opens, closes in intervals]
            for day, intervals in sorted(hours.items()) if intervals}


def apply_calendar(spec: DeskSpec, items: Items) -> DeskSpec:
    calendar = calendar_of(spec)
    if "hours" in items:
        calendar = replace(calendar, hours=hours_from_stored(items["hours"]))
    if "timezone" in items:
        calendar = replace(calendar, timezone=items["timezone"]["zone"])
    if "national_holidays" in items:
        calendar = replace(calendar, national_holidays=items["national_holidays"]["country"])
    return replace(spec, calendar=calendar)


def describe_calendar(spec: DeskSpec, key: str) -> Any:
    calendar = spec.calendar
    if calendar is None:
        return None
    if key == "hours":
        return hours_to_stored(calendar.hours)
    if key == "timezone":
        return {"zone": calendar.timezone}
    return {"country": calendar.national_holidays}


CALENDAR = Section("calendar", apply_calendar, describe_calendar)


async def change_calendar(rt: Runtime, actor: Actor, desk: DeskInfo, section: str, key: str, value: Any, *,
                          action: str, field: str) -> DeskSpec:
    """Store one item of the desk's calendar and count its open tickets' working-time clocks again with it, in
    the same transaction."""
    async def recount(spec: DeskSpec) -> None:
        await recount_clocks(rt, desk, spec)

    return await change_setting(rt, actor, desk, section, key, value, action=action, field=field, also=recount)


async def set_office_hours(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str,
                           hours: list[tuple[int, str, str]]) -> DeskSpec:
    """Set the desk's office hours: (ISO weekday 1 = Monday .. 7 = Sunday, opens, closes) per interval, times as
    ``HH:MM``; a weekday without an interval is a day off."""
    desk = administered_desk(rt, viewer, desk_slug)
    stored = hours_to_stored(checked_hours(hours, field="hours"))
    return await change_calendar(rt, actor, desk, CALENDAR.name, "hours", stored, action="calendar.hours.set",
                                 field="hours")


def checked_hours(hours: list[tuple[int, str, str]], *, field: str) -> dict[int, WorkingHours]:
    """Office hours as admins give them, checked: weekdays in range, each interval opening before it closes,
    no two intervals of a day overlapping, and some working time in the week."""
    days: dict[int, list[tuple[time, time, int]]] = {}
    for index, (weekday, opens, closes) in enumerate(hours):
        where = f"{field}[{index}]"
        if not 1 <= weekday <= 7:
            raise InvalidInputError("WEEKDAY_INVALID", field=f"{where}.weekday", weekday=weekday)
        start, end = _time_of(opens, f"{where}.opens"), _time_of(closes, f"{where}.closes")
        if end <= start:
            raise InvalidInputError("HOURS_INVERTED", field=where, opens=opens, closes=closes)
        days.setdefault(weekday - 1, []).append((start, end, index))
    checked: dict[int, WorkingHours] = {}
    for day, intervals in days.items():
        intervals.sort()
        if len(intervals) > INTERVALS_MAX:
            raise InvalidInputError("HOURS_TOO_MANY", field=f"{field}[{intervals[-1][2]}]", max=INTERVALS_MAX)
        for (_, closes, _), (opens, _, index) in zip(intervals, intervals[1:]):
            if opens < closes:
                raise InvalidInputError("HOURS_OVERLAP", field=f"{field}[{index}]", weekday=day + 1)
        checked[day] = tuple((opens, closes) for opens, closes, _ in intervals)
    if not checked:
        raise InvalidInputError("CALENDAR_WITHOUT_HOURS", field=field)
    return checked


def _time_of(text: str, field: str) -> time:
    try:
        found = time.fromisoformat(text.strip())
    except ValueError:
        found = None
    if found is None or found.tzinfo is not None or len(text.strip()) != 5:
        raise InvalidInputError("TIME_INVALID", field=field, value=text)
    return found


async def set_time_zone(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, zone: str) -> DeskSpec:
    """Set the time zone in which the desk's office hours and days off are read (an IANA name)."""
    desk = administered_desk(rt, viewer, desk_slug)
    zone = zone.strip()
    if zone not in available_timezones():
        raise InvalidInputError("TIME_ZONE_UNKNOWN", field="timeZone", zone=zone)
    return await change_calendar(rt, actor, desk, CALENDAR.name, "timezone", {"zone": zone},
                                 action="calendar.timezone.set", field="timeZone")


async def set_national_holidays(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str,
                                country: str | None) -> DeskSpec:
    """Start the desk's days off from ``country``'s national holidays (None: from none)."""
    desk = administered_desk(rt, viewer, desk_slug)
    code = (country or "").strip().upper()
    if code and code not in supported_countries():
        raise InvalidInputError("COUNTRY_UNKNOWN", field="country", country=country)
    return await change_calendar(rt, actor, desk, CALENDAR.name, "national_holidays", {"country": code or None},
                                 action="calendar.national_holidays.set", field="country")
