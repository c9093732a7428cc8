"""A desk admin sets the desk's office hours, time zone and national holidays at run time: open tickets'
working-time clocks (stage clocks too) are counted again in the same change, keeping the time already used;
a desk without a calendar gets one; bad hours are refused with the field at fault, changing nothing."""

from __future__ import annotations

import pytest

from tests.admin import service_levels as shared
from tests.admin.service_levels import (
    CALENDAR, DESK, LOG, SET_HOLIDAY, SET_HOURS, at, clock_of, instant,
    open_ticket, ticket,
)
from tests.ticket_ops import ESCALATE, TAKE

pytestmark = pytest.mark.asyncio
plugins, clock, staff = shared.plugins, shared.clock, shared.staff  # fixtures

WEEK = [{"weekday": day, "opens": opens, "closes": closes}
        for day in range(1, 6) for opens, closes in (("08:00", "12:00"), ("13:00", "17:00"))]
ZONE = """mutation($desk: String!, $zone: String!) {
  setCalendarTimeZone(input: {desk: $desk, timeZone: $zone}) { calendar { timeZone } } }"""
NATIONAL = """mutation($desk: String!, $country: String) {
  setNationalHolidays(input: {desk: $desk, country: $country}) {
    calendar { nationalHolidays daysOff(year: 2026) { date } } } }"""


async def test_new_office_hours_count_the_rest_of_an_open_tickets_time(staff, clock) -> None:
    number = await open_ticket(staff["reporter"])  # Monday 08:00: 3 working days of 8 hours, due Wednesday 16:00
    clock.advance(hours=2)
    changed = await staff["admin"].ok(SET_HOURS, desk=DESK, hours=WEEK)
    assert changed["setOfficeHours"]["calendar"]["hours"][:2] == [{"weekday": 1, "opens": "08:00", "closes": "12:00"},
                                                      {"weekday": 1, "opens": "13:00", "closes": "17:00"}]
    found = await ticket(staff["agent"], number)
    resolution = clock_of(found, "resolution")
    assert resolution["usedSeconds"] == 2 * 3600, "the time used stays as counted"
    # 22 hours left from Monday 10:00: 6 on Monday (lunch off), 8 on Tuesday, 8 on Wednesday until 17:00
    assert instant(resolution["dueAt"]) == instant(found["slaDueAt"]) == at(4, 17)

    entry = (await staff["admin"].ok(LOG))["auditLog"]["edges"][0]["node"]
    assert (entry["action"], entry["target"]) == ("calendar.hours.set", "calendar:hours")
    assert entry["before"]["0"] == [["08:00", "16:00"]]
    assert entry["after"]["0"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert "5" not in entry["after"], "Saturday is off"


async def test_a_stage_clock_moves_with_the_calendar_too(staff, clock) -> None:
    number = await open_ticket(staff["reporter"])
    await staff["agent"].ok(TAKE, n=number)
    await staff["agent"].ok(ESCALATE, n=number, m="Needs level 2", to="l2")  # Monday 08:00: 2 working days
    level2 = clock_of(await ticket(staff["expert"], number), "level2")
    assert instant(level2["dueAt"]) == at(3, 16)
    await staff["admin"].ok(SET_HOLIDAY, desk=DESK, date="2026-02-03", name="Libur daerah", kind="HOLIDAY")
    found = await ticket(staff["expert"], number)
    assert instant(clock_of(found, "level2")["dueAt"]) == at(4, 16)
    assert instant(clock_of(found, "resolution")["dueAt"]) == at(5, 16)
    assert instant(found["slaDueAt"]) == at(4, 16)


async def test_a_desk_without_a_calendar_gets_one_from_its_admins_first_change(staff, clock) -> None:
    admin = staff["other_admin"]  # of the test desk, which counts no working time
    assert (await admin.ok(CALENDAR, desk="testdesk", year=2026))["businessCalendar"] is None
    await admin.ok(ZONE, desk="testdesk", zone="Asia/Makassar")
    made = (await admin.ok(CALENDAR, desk="testdesk", year=2026))["businessCalendar"]
    assert made["timeZone"] == "Asia/Makassar" and made["nationalHolidays"] == "ID"
    assert made["hours"][0] == {"weekday": 1, "opens": "08:00", "closes": "16:00"} and len(made["hours"]) == 5
    none = await admin.ok(NATIONAL, desk="testdesk", country=None)
    assert none["setNationalHolidays"]["calendar"] == {"nationalHolidays": None, "daysOff": []}
    refused = await admin.run(NATIONAL, desk="testdesk", country="XX")
    assert refused.error_codes == ["COUNTRY_UNKNOWN"] and refused.errors[0]["extensions"]["field"] == "input.country"
    refused = await admin.run(ZONE, desk="testdesk", zone="Mars/Olympus")
    assert refused.error_codes == ["TIME_ZONE_UNKNOWN"] and refused.errors[0]["extensions"]["field"] == "input.timeZone"


@pytest.mark.parametrize("hours, code, field", [
    ([{"weekday": 1, "opens": "16:00", "closes": "08:00"}], "HOURS_INVERTED", "input.hours[0]"),
    ([{"weekday": 1, "opens": "08:00", "closes": "12:00"}, {"weekday": 1, "opens": "11:00", "closes": "15:00"}],
     "HOURS_OVERLAP", "input.hours[1]"),
    ([{"weekday": 8, "opens": "08:00", "closes": "12:00"}], "WEEKDAY_INVALID", "input.hours[0].weekday"),
    ([{"weekday": 0, "opens": "08:00", "closes": "12:00"}], "WEEKDAY_INVALID", "input.hours[0].weekday"),
    ([{"weekday": 2, "opens": "08:00", "closes": "25:00"}], "TIME_INVALID", "input.hours[0].closes"),
    ([], "CALENDAR_WITHOUT_HOURS", "input.hours"),
])
async def test_bad_office_hours_are_refused_and_change_nothing(staff, clock, hours, code, field) -> None:
    refused = await staff["admin"].run(SET_HOURS, desk=DESK, hours=hours)
    assert refused.error_codes == [code] and refused.errors[0]["extensions"]["field"] == field
    kept = (await staff["admin"].ok(CALENDAR, desk=DESK, year=2026))["businessCalendar"]["hours"]
    assert len(kept) == 5 and kept[0] == {"weekday": 1, "opens": "08:00", "closes": "16:00"}
    assert (await staff["admin"].ok(LOG))["auditLog"]["edges"] == []


async def test_only_the_desks_admins_and_superusers_set_its_calendar(staff, clock, client) -> None:
    for role in ("reporter", "agent", "other_admin", "outsider"):
        assert (await staff[role].run(SET_HOURS, desk=DESK, hours=WEEK)).error_codes == ["FORBIDDEN"], role
        assert (await staff[role].run(ZONE, desk=DESK, zone="Asia/Jayapura")).error_codes == ["FORBIDDEN"], role
        assert (await staff[role].run(NATIONAL, desk=DESK, country=None)).error_codes == ["FORBIDDEN"], role
    assert (await client.execute(SET_HOURS, {"desk": DESK, "hours": WEEK})).error_codes == ["UNAUTHENTICATED"]
    assert (await staff["superuser"].ok(ZONE, desk=DESK, zone="Asia/Jayapura"))["setCalendarTimeZone"] == {
        "calendar": {"timeZone": "Asia/Jayapura"}}
    assert (await staff["admin"].ok(ZONE, desk=DESK, zone="Asia/Makassar"))["setCalendarTimeZone"] == {
        "calendar": {"timeZone": "Asia/Makassar"}}
    actors = [e["node"]["actor"] for e in (await staff["superuser"].ok(LOG))["auditLog"]["edges"]]
    assert actors == ["admin@kalender.example", "superuser@test.example"]
