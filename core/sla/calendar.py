"""Counting time the way a desk does: plain calendar hours ("3x24 hours" taken literally), or working
hours of a business calendar (weekdays, office hours, public holidays and collective leave days).

All functions take and return timezone-aware datetimes; the calendar's own time zone decides what a
working day is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from loket.core.sla.national import COLLECTIVE_LEAVE, HOLIDAY, national_days

WorkingHours = tuple[tuple[time, time], ...]


@dataclass(frozen=True)
class BusinessCalendar:
    """Working time of a desk.

    ``hours`` maps a weekday (0 = Monday) to its working intervals; a weekday absent from it is a day off.
    ``holidays`` maps dates (public holidays, collective leave) to their names; ``collective_leave`` does the
    same for days the calendar keeps apart as collective leave (cuti bersama).

    ``national_holidays`` (a country code such as ``"ID"``) adds that country's national days off from the
    ``holidays`` package (``loket.core.sla.national``: for Indonesia its public holidays and cuti bersama),
    except the dates in ``working_days``, which are worked after all.
    """

    timezone: str = "Asia/Jakarta"
    hours: dict[int, WorkingHours] = field(default_factory=lambda: {
        day: ((time(8, 0), time(16, 0)),) for day in range(5)})
    holidays: dict[date, str] = field(default_factory=dict)
    collective_leave: dict[date, str] = field(default_factory=dict)
    national_holidays: str | None = None
    working_days: frozenset[date] = frozenset()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def day_length(self) -> timedelta:
        """A working day's length: the working time of the calendar's most usual working day."""
        lengths = [sum((datetime.combine(date.min, close) - datetime.combine(date.min, opens)
                        for opens, close in intervals), timedelta(0)) for intervals in self.hours.values()]
        lengths = [length for length in lengths if length > timedelta(0)]
        if not lengths:
            raise ValueError("the business calendar has no working hours")
        return max(set(lengths), key=lambda length: (lengths.count(length), length))

    def intervals_on(self, day: date) -> WorkingHours:
        if day in self.holidays or day in self.collective_leave:
            return ()
        if self.national_holidays and day in national_days(self.national_holidays, day.year) \
                and day not in self.working_days:
            return ()
        return self.hours.get(day.weekday(), ())

    def day_off(self, day: date) -> tuple[str, str, str] | None:
        """Why ``day`` is not worked, as (name, kind, source): kind ``holiday`` or ``collective_leave``, source
        ``calendar`` (the desk's own) or ``national``; None for a day of the usual week."""
        if day in self.holidays:
            return self.holidays[day], HOLIDAY, "calendar"
        if day in self.collective_leave:
            return self.collective_leave[day], COLLECTIVE_LEAVE, "calendar"
        if self.national_holidays and day not in self.working_days:
            found = national_days(self.national_holidays, day.year).get(day)
            if found is not None:
                return found[0], found[1], "national"
        return None

    def days_off(self, year: int) -> list[tuple[date, str, str, str]]:
        """Every day off of ``year`` beyond the usual week, in order: (date, name, kind, source)."""
        dates = {day for day in (*self.holidays, *self.collective_leave) if day.year == year}
        if self.national_holidays:
            dates.update(national_days(self.national_holidays, year))
        return [(day, *found) for day in sorted(dates) if (found := self.day_off(day)) is not None]

    def _working_intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from ``start`` onwards, in order (clipped to start)."""
        zone = self.zone
        local = start.astimezone(zone)
        day = local.date()
        empty_days = 0
        while empty_days < 3700:  # ten years without a working hour means a misconfigured calendar
            intervals = self.intervals_on(day)
            empty_days = 0 if intervals else empty_days + 1
            for opens, closes in intervals:
                begin = datetime.combine(day, opens, zone)
                end = datetime.combine(day, closes, zone)
                if end <= local:
                    continue
                yield max(begin, local), end
            day += timedelta(days=1)
        raise ValueError("the business calendar has no working hours")


def add_working_time(start: datetime, amount: timedelta, calendar: BusinessCalendar | None) -> datetime:
    """The moment ``amount`` of working time after ``start`` (plain time when ``calendar`` is None)."""
    if calendar is None:
        return start + amount
    remaining = amount
    if remaining <= timedelta(0):
        return start
    for begin, end in calendar._working_intervals(start):
        span = end - begin
        if remaining <= span:
            return (begin + remaining).astimezone(start.tzinfo)
        remaining -= span
    raise AssertionError("unreachable")


def working_time_between(start: datetime, end: datetime, calendar: BusinessCalendar | None) -> timedelta:
    """Working time from ``start`` to ``end`` (zero when end is not after start)."""
    if end <= start:
        return timedelta(0)
    if calendar is None:
        return end - start
    total = timedelta(0)
    for begin, close in calendar._working_intervals(start):
        if begin >= end:
            break
        total += min(close, end) - begin
    return total
