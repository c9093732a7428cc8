"""Working-time arithmetic across nights, weekends, public holidays and collective leave."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.core.sla.calendar import BusinessCalendar, add_working_time, working_time_between

WIB = ZoneInfo("Asia/Jakarta")
# Office hours 08:00-12:00 and 13:00-16:00 (a lunch break), Monday to Friday.
CALENDAR = BusinessCalendar(
    timezone="Asia/Jakarta",
    hours={day: ((time(8), time(12)), (time(13), time(16))) for day in range(5)},
    holidays={date(2026, 12, 24): "Cuti bersama Natal", date(2026, 12, 25): "Hari Raya Natal"},
)


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def test_plain_hours_are_counted_literally():
    start = at(18, 15)  # a Friday afternoon
    assert add_working_time(start, timedelta(hours=72), None) == at(21, 15)
    assert working_time_between(start, at(21, 15), None) == timedelta(hours=72)


def test_within_one_morning():
    assert add_working_time(at(14, 8), timedelta(hours=2), CALENDAR) == at(14, 10)


def test_the_lunch_break_does_not_count():
    assert add_working_time(at(14, 11), timedelta(hours=2), CALENDAR) == at(14, 14)
    assert working_time_between(at(14, 11), at(14, 14), CALENDAR) == timedelta(hours=2)


def test_friday_afternoon_rolls_over_the_weekend():
    # Friday 18 Dec, 15:00 + 3 working hours: 1 h on Friday, then Monday 08:00-10:00.
    assert add_working_time(at(18, 15), timedelta(hours=3), CALENDAR) == at(21, 10)
    assert working_time_between(at(18, 15), at(21, 10), CALENDAR) == timedelta(hours=3)


def test_holidays_and_collective_leave_are_skipped():
    # Wednesday 23 Dec 15:00 + 2 h: 1 h on the 23rd; 24th and 25th off; 26-27 weekend; Monday 28th 09:00.
    assert add_working_time(at(23, 15), timedelta(hours=2), CALENDAR) == at(28, 9)


def test_three_working_days_of_seven_hours():
    three_days = timedelta(hours=21)
    assert add_working_time(at(21, 8), three_days, CALENDAR) == at(23, 16)
    # From Tuesday 22nd: 22nd and 23rd, then the holidays and the weekend, then all of Monday 28th.
    assert add_working_time(at(22, 8), three_days, CALENDAR) == at(28, 16)


def test_starting_outside_working_hours_starts_at_the_next_opening():
    saturday_night = at(19, 22)
    assert add_working_time(saturday_night, timedelta(minutes=30), CALENDAR) == at(21, 8, 30)
    assert working_time_between(saturday_night, at(21, 8), CALENDAR) == timedelta(0)


def test_a_span_over_a_holiday_week_counts_only_working_hours():
    # From Monday 21 Dec 08:00 to Monday 28 Dec 08:00: Mon, Tue, Wed at 7 h each; 24-25 off.
    assert working_time_between(at(21, 8), at(28, 8), CALENDAR) == timedelta(hours=21)


def test_utc_inputs_are_judged_in_the_calendars_time_zone():
    start = datetime(2026, 12, 14, 1, 0, tzinfo=ZoneInfo("UTC"))  # 08:00 in Jakarta
    due = add_working_time(start, timedelta(hours=1), CALENDAR)
    assert due == datetime(2026, 12, 14, 2, 0, tzinfo=ZoneInfo("UTC"))


def test_a_calendar_without_working_hours_is_refused():
    with pytest.raises(ValueError):
        add_working_time(at(14, 8), timedelta(hours=1), BusinessCalendar(hours={}))
