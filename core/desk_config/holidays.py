"""A desk's days off as its admins correct them (section ``holiday``, key the ISO date): a holiday or a
collective leave day (cuti bersama) of their own, added or renamed, or a day the calendar would keep off (a
national holiday, or one the plugin names) declared a working day after all.

Removing a day off the admins added deletes their setting; removing one the calendar has of itself stores a
working day. Each change counts the desk's open tickets' working-time clocks again in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from loket.core.admin.access import administered_desk
from loket.core.admin.audit import Actor
from loket.core.desk_config.calendar import calendar_of, change_calendar
from loket.core.desk_config.changes import REMOVE
from loket.core.desk_config.sections import Items, Section
from loket.core.errors import InvalidInputError
from loket.core.plugin_types import DeskSpec
from loket.core.sla.national import COLLECTIVE_LEAVE, HOLIDAY
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

WORKING_DAY = "working_day"
REMOVED = "removed"  # an admin's day off taken away again, kept so that the calendar it made stays the desk's
KINDS = (HOLIDAY, COLLECTIVE_LEAVE)
FIRST_YEAR = 2000
YEARS_AHEAD = 10
NAME_MAX = 200


def apply_holidays(spec: DeskSpec, items: Items) -> DeskSpec:
    calendar = calendar_of(spec)
    holidays, leave, working = dict(calendar.holidays), dict(calendar.collective_leave), set(calendar.working_days)
    for key, value in items.items():
        day = date.fromisoformat(key)
        holidays.pop(day, None)
        leave.pop(day, None)
        working.discard(day)
        if value["kind"] == WORKING_DAY:
            working.add(day)
        elif value["kind"] != REMOVED:
            (leave if value["kind"] == COLLECTIVE_LEAVE else holidays)[day] = value["name"]
    return replace(spec, calendar=replace(calendar, holidays=holidays, collective_leave=leave,
                                          working_days=frozenset(working)))


def describe_holiday(spec: DeskSpec, key: str) -> Any:
    if spec.calendar is None:
        return None
    day = date.fromisoformat(key)
    found = spec.calendar.day_off(day)
    if found is not None:
        return {"name": found[0], "kind": found[1]}
    return {"kind": WORKING_DAY} if day in spec.calendar.working_days else None


HOLIDAYS = Section("holiday", apply_holidays, describe_holiday)


def checked_day(rt: Runtime, day: date, *, field: str = "date") -> date:
    """A day admins may set: from the year 2000 to ten years ahead."""
    first, last = date(FIRST_YEAR, 1, 1), date(rt.now().year + YEARS_AHEAD, 12, 31)
    if not first <= day <= last:
        raise InvalidInputError("DATE_OUT_OF_RANGE", field=field, min=first.isoformat(), max=last.isoformat())
    return day


async def set_holiday(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, day: date, name: str,
                      kind: str = HOLIDAY) -> DeskSpec:
    """Make ``day`` a day off of the desk (kind ``holiday`` or ``collective_leave``), or rename it."""
    desk = administered_desk(rt, viewer, desk_slug)
    checked_day(rt, day)
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("HOLIDAY_NAME_REQUIRED", field="name")
    if len(name) > NAME_MAX:
        raise InvalidInputError("HOLIDAY_NAME_TOO_LONG", field="name", max=NAME_MAX)
    if kind not in KINDS:
        raise InvalidInputError("HOLIDAY_KIND_INVALID", field="kind", kind=kind)
    return await change_calendar(rt, actor, desk, HOLIDAYS.name, day.isoformat(), {"name": name, "kind": kind},
                                 action="holiday.set", field="date")


async def remove_holiday(rt: Runtime, viewer: Viewer, actor: Actor, desk_slug: str, day: date) -> DeskSpec:
    """Work on ``day`` after all: a day off the admins added goes; one the calendar has of itself (a national
    holiday, or the plugin's) is declared a working day."""
    desk = administered_desk(rt, viewer, desk_slug)
    checked_day(rt, day)
    calendar = desk.spec.calendar
    if calendar is None or calendar.day_off(day) is None:
        raise InvalidInputError("NOT_A_DAY_OFF", field="date", date=day.isoformat())
    plugin = desk.base.calendar
    national_or_plugin = replace(calendar, holidays=plugin.holidays if plugin else {},
                                 collective_leave=plugin.collective_leave if plugin else {}, working_days=frozenset())
    if national_or_plugin.day_off(day) is not None:
        value = {"kind": WORKING_DAY}
    else:  # a day the admins added: gone, though a calendar only its admins' settings made stays with the desk
        value = REMOVE if desk.base.calendar is not None else {"kind": REMOVED}
    return await change_calendar(rt, actor, desk, HOLIDAYS.name, day.isoformat(), value, action="holiday.remove",
                                 field="date")
