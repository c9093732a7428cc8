"""A desk admin declares a holiday and an open ticket's SLA due time moves past it, in the same change; national
holidays (from the `holidays` package) are the starting set, corrected by the desk's admins."""

from __future__ import annotations

import pytest

from tests.admin import service_levels as shared
from tests.admin.service_levels import (
    CALENDAR, DESK, LOG, REMOVE_HOLIDAY, SET_HOLIDAY, at, clock_of, instant,
    open_ticket, ticket,
)

pytestmark = pytest.mark.asyncio
plugins, clock, staff = shared.plugins, shared.clock, shared.staff  # fixtures


async def test_a_declared_holiday_moves_an_open_tickets_due_time_one_working_day(staff, clock) -> None:
    number = await open_ticket(staff["reporter"])  # Monday 2 February 08:00, 3 working days to resolve
    before = await ticket(staff["agent"], number)
    assert instant(before["slaDueAt"]) == at(4, 16)
    clock.advance(hours=2)

    changed = await staff["admin"].ok(SET_HOLIDAY, desk=DESK, date="2026-02-03", name="Hari jadi kota",
                                      kind="HOLIDAY")
    assert {"date": "2026-02-03", "name": "Hari jadi kota", "kind": "HOLIDAY", "source": "CALENDAR"} in \
        changed["setHoliday"]["calendar"]["daysOff"]

    after = await ticket(staff["agent"], number)
    assert instant(after["slaDueAt"]) == at(5, 16), "one working day later"
    resolution = clock_of(after, "resolution")
    assert instant(resolution["dueAt"]) == at(5, 16) and resolution["usedSeconds"] == 2 * 3600
    deadline = next(d for d in after["deadlines"] if d["kind"] == "CLOCK" and d["rule"] == "resolution")
    assert instant(deadline["at"]) == at(5, 16)

    entry = (await staff["admin"].ok(LOG))["auditLog"]["edges"][0]["node"]
    assert (entry["action"], entry["target"], entry["desk"]) == ("holiday.set", "holiday:2026-02-03", DESK)
    assert entry["before"] is None and entry["after"] == {"name": "Hari jadi kota", "kind": "holiday"}

    await staff["admin"].ok(REMOVE_HOLIDAY, desk=DESK, date="2026-02-03")  # the desk's own day off goes
    assert instant((await ticket(staff["agent"], number))["slaDueAt"]) == at(4, 16)


async def test_national_holidays_and_cuti_bersama_are_days_off_that_admins_correct(staff, clock) -> None:
    days = (await staff["admin"].ok(CALENDAR, desk=DESK, year=2026))["businessCalendar"]
    assert days["nationalHolidays"] == "ID" and days["timeZone"] == "Asia/Jakarta"
    by_date = {day["date"]: day for day in days["daysOff"]}
    assert by_date["2026-08-17"]["kind"] == "HOLIDAY" and by_date["2026-08-17"]["source"] == "NATIONAL"
    assert by_date["2026-02-16"]["kind"] == "COLLECTIVE_LEAVE", "cuti bersama come with the national set"

    clock.set(at(13, 8))  # Friday 13 February; Monday 16 (cuti bersama) and Tuesday 17 (Imlek) are off
    number = await open_ticket(staff["reporter"])
    assert instant((await ticket(staff["agent"], number))["slaDueAt"]) == at(19, 16)

    corrected = await staff["admin"].ok(REMOVE_HOLIDAY, desk=DESK, date="2026-02-16")
    assert corrected["removeHoliday"]["calendar"]["workingDays"] == ["2026-02-16"]
    assert "2026-02-16" not in {day["date"] for day in corrected["removeHoliday"]["calendar"]["daysOff"]}
    assert instant((await ticket(staff["agent"], number))["slaDueAt"]) == at(18, 16)

    renamed = await staff["admin"].ok(SET_HOLIDAY, desk=DESK, date="2026-02-16", name="Cuti bersama Imlek",
                                      kind="COLLECTIVE_LEAVE")
    assert {"date": "2026-02-16", "name": "Cuti bersama Imlek", "kind": "COLLECTIVE_LEAVE",
            "source": "CALENDAR"} in renamed["setHoliday"]["calendar"]["daysOff"]
    assert instant((await ticket(staff["agent"], number))["slaDueAt"]) == at(19, 16)


async def test_bad_days_and_strangers_change_nothing(staff, clock, client) -> None:
    admin = staff["admin"]
    refused = await admin.run(SET_HOLIDAY, desk=DESK, date="1999-12-31", name="Old", kind="HOLIDAY")
    assert refused.error_codes == ["DATE_OUT_OF_RANGE"] and refused.errors[0]["extensions"]["field"] == "input.date"
    refused = await admin.run(SET_HOLIDAY, desk=DESK, date="2026-02-03", name="   ", kind="HOLIDAY")
    assert refused.error_codes == ["HOLIDAY_NAME_REQUIRED"] and refused.errors[0]["extensions"]["field"] == "input.name"
    refused = await admin.run(REMOVE_HOLIDAY, desk=DESK, date="2026-02-03")
    assert refused.error_codes == ["NOT_A_DAY_OFF"] and refused.errors[0]["extensions"]["field"] == "input.date"
    refused = await admin.run(CALENDAR, desk="nosuchdesk", year=2026)
    assert refused.error_codes == ["UNKNOWN_DESK"]
    for role in ("reporter", "agent", "other_admin", "outsider"):
        refused = await staff[role].run(SET_HOLIDAY, desk=DESK, date="2026-02-03", name="Mine", kind="HOLIDAY")
        assert refused.error_codes == ["FORBIDDEN"], role
        assert (await staff[role].run(REMOVE_HOLIDAY, desk=DESK, date="2026-08-17")).error_codes == ["FORBIDDEN"]
        assert (await staff[role].run(CALENDAR, desk=DESK, year=2026)).error_codes == ["FORBIDDEN"], role
    anonymous = await client.execute(SET_HOLIDAY, {"desk": DESK, "date": "2026-02-03", "name": "X"})
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    assert (await admin.ok(LOG))["auditLog"]["edges"] == []
    superuser = await staff["superuser"].ok(SET_HOLIDAY, desk=DESK, date="2026-02-03", name="Libur", kind="HOLIDAY")
    assert "2026-02-03" in {day["date"] for day in superuser["setHoliday"]["calendar"]["daysOff"]}
