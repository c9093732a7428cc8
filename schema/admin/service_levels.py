"""A desk's service levels at run time: its business calendar (office hours, time zone, national holidays,
days off of its own) and its SLA targets. Desk admins of the desk and superusers."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.desk_config import calendar as calendars
from loket.core.desk_config import holidays, sla_targets
from loket.core.admin.access import require_admin_of
from loket.core.plugin_types import DeskSpec
from loket.core.sla.calendar import BusinessCalendar as CalendarSpec
from loket.schema.admin.desk_settings import actor_of
from loket.schema.admin.inputs import DESK, admin_mutation
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.enum(description="Why a day is off.")
class DayOffKind(Enum):
    HOLIDAY = strawberry.enum_value("holiday", description="A public holiday.")
    COLLECTIVE_LEAVE = strawberry.enum_value("collective_leave", description="A collective leave day (cuti "
                                             "bersama): a working day everyone takes off.")


@strawberry.enum(description="Where a day off comes from.")
class DayOffSource(Enum):
    CALENDAR = strawberry.enum_value("calendar", description="The desk's own: its plugin's or its admins'.")
    NATIONAL = strawberry.enum_value("national", description="The country's national holidays "
                                     "(`nationalHolidays`).")


@strawberry.type(description="A working interval on a weekday.")
class OfficeHours:
    weekday: int = strawberry.field(description="1 = Monday ... 7 = Sunday (ISO 8601).")
    opens: str = strawberry.field(description="HH:MM, in the calendar's time zone.")
    closes: str = strawberry.field(description="HH:MM, after `opens`, in the calendar's time zone.")


@strawberry.type(description="A day not worked beyond the usual week: a holiday or a collective leave day.")
class DayOff:
    date: date = strawberry.field(description="The day, in the calendar's time zone.")
    name: str = strawberry.field(description="What the day is, e.g. the holiday's name.")
    kind: DayOffKind = strawberry.field(description="Why the day is off.")
    source: DayOffSource = strawberry.field(description="Where the day off comes from.")


@strawberry.type(description="When a desk works: SLA clocks counting working time count these hours only.")
class BusinessCalendar:
    time_zone: str = strawberry.field(description="The IANA time zone its hours and days are read in, e.g. "
                                      "Asia/Jakarta.")
    hours: list[OfficeHours] = strawberry.field(description="Every working interval of the week, by weekday; a "
                                                "weekday without one is a day off.")
    national_holidays: str | None = strawberry.field(
        description="The country whose national holidays (and, for ID, cuti bersama) are days off, e.g. ID.")
    working_days: list[date] = strawberry.field(
        description="Days the calendar would keep off that its admins declared working days.")
    _calendar: strawberry.Private[CalendarSpec]

    @strawberry.field(description="The days off of a year, national ones and the desk's own, in order.")
    def days_off(self, year: Annotated[int, strawberry.argument(
            description="The year, 2000 to 2100 (an empty list outside them).")]) -> list[DayOff]:
        if not 2000 <= year <= 2100:
            return []
        return [DayOff(date=day, name=name, kind=DayOffKind(kind), source=DayOffSource(source))
                for day, name, kind, source in self._calendar.days_off(year)]

    @classmethod
    def of(cls, calendar: CalendarSpec | None) -> BusinessCalendar | None:
        if calendar is None:
            return None
        return cls(time_zone=calendar.timezone, national_holidays=calendar.national_holidays,
                   hours=[OfficeHours(weekday=int(day) + 1, opens=opens, closes=closes)
                          for day, intervals in calendars.hours_to_stored(calendar.hours).items()
                          for opens, closes in intervals],
                   working_days=sorted(calendar.working_days), _calendar=calendar)


@strawberry.input(description="A working interval, e.g. {weekday: 1, opens: \"08:00\", closes: \"12:00\"}.")
class OfficeHoursInput:
    weekday: int = strawberry.field(description="1 = Monday ... 7 = Sunday.")
    opens: ShortText = strawberry.field(description="When it starts: HH:MM, in the calendar's time zone.")
    closes: ShortText = strawberry.field(description="When it ends: HH:MM, after `opens`.")


@strawberry.type(description="Service-level targets for some of a desk's tickets.")
class SlaTarget:
    topics: list[str] = strawberry.field(description="Only tickets of these categories (or sub-categories); "
                                         "empty: every category.")
    priorities: list[str] = strawberry.field(description="Only tickets of these priorities; empty: every one.")
    first_response: str | None = strawberry.field(description="e.g. '24 hours', '1 working days'.")
    resolution: str | None = strawberry.field(description="The time to a resolution, written as "
                                              "`firstResponse`; null: no target.")


@strawberry.type(description="A set of SLA targets and since when it is (or was) in force.")
class SlaTargetSet:
    since: datetime | None = strawberry.field(description="Null for the plugin's own targets.")
    set_by: str | None = strawberry.field(description="The admin's email; null for the plugin's targets.")
    targets: list[SlaTarget] = strawberry.field(description="The targets. A ticket runs on the most specific one "
                                                "it matches: topic and priority, then topic, then priority, then "
                                                "desk-wide.")

    @classmethod
    def of(cls, found: sla_targets.TargetSet) -> SlaTargetSet:
        return cls(since=found.since, set_by=found.set_by, targets=[
            SlaTarget(topics=t["topics"], priorities=t["priorities"], first_response=t["first_response"],
                      resolution=t["resolution"]) for t in sla_targets.stored_targets(found.targets)])


@strawberry.type(description="A desk's SLA targets: those in force for tickets opened now, and every set before.")
class SlaTargets:
    in_force: SlaTargetSet = strawberry.field(description="The set applied to tickets opened now.")
    history: list[SlaTargetSet] = strawberry.field(description="Oldest first; the plugin's own first.")


@strawberry.input(description="Targets for some tickets; durations as text: '72 hours', '3x24 jam', "
                  "'3 working days', '2 hari kerja' (working time needs the desk's calendar).")
class SlaTargetInput:
    topics: list[Slug] = strawberry.field(default_factory=list, description="Only tickets of these topics (or "
                                          "their sub-topics); empty: every topic.")
    priorities: list[Slug] = strawberry.field(default_factory=list, description="Only tickets of these "
                                              "priorities; empty: every one.")
    first_response: ShortText | None = strawberry.field(default=None, description="The time to a first answer "
                                                        "(null: no target).")
    resolution: ShortText | None = strawberry.field(default=None, description="The time to a resolution (null: no "
                                                    "target).")


def _calendar_of(spec: DeskSpec) -> BusinessCalendar | None:
    return BusinessCalendar.of(spec.calendar)


@strawberry.type
class ServiceLevelQueries:
    @strawberry.field(description="The desk's business calendar (null: the desk counts plain time only). "
                      "Desk admins and superusers.", permission_classes=[IsAuthenticated])
    async def business_calendar(self, info: Info, desk: Annotated[Slug, strawberry.argument(description=DESK)],
                                ) -> BusinessCalendar | None:
        found = info.context.runtime.desks.get(desk)
        require_admin_of(await info.context.viewer(), found)
        return _calendar_of(found.spec)

    @strawberry.field(description="The desk's SLA targets in force and their history. Desk admins and superusers.",
                      permission_classes=[IsAuthenticated])
    async def sla_targets(self, info: Info, desk: Annotated[Slug, strawberry.argument(description=DESK)],
                          ) -> SlaTargets:
        history = await sla_targets.target_history(info.context.runtime, await info.context.viewer(), desk)
        return SlaTargets(in_force=SlaTargetSet.of(history[-1]), history=[SlaTargetSet.of(h) for h in history])


@strawberry.type(description="What a change of a desk's business calendar answers: the calendar as it now is.")
class CalendarPayload:
    calendar: BusinessCalendar = strawberry.field(description="The desk's calendar, with the change in force.")

    @classmethod
    def of(cls, spec: DeskSpec) -> CalendarPayload:
        return cls(calendar=BusinessCalendar.of(spec.calendar))


@strawberry.type(description="What `setSlaTargets` answers: the set of targets it put in force.")
class SlaTargetSetPayload:
    target_set: SlaTargetSet = strawberry.field(description="The targets now in force, and since when.")


@strawberry.input(description="A desk's office hours: every working interval of its week.")
class SetOfficeHoursInput:
    desk: Slug = strawberry.field(description=DESK)
    hours: list[OfficeHoursInput] = strawberry.field(description="Every working interval of the week (a weekday "
                                                     "without one is a day off).")


@strawberry.input(description="The time zone a desk's office hours and days off are read in.")
class SetCalendarTimeZoneInput:
    desk: Slug = strawberry.field(description=DESK)
    time_zone: ShortText = strawberry.field(description="An IANA name, e.g. Asia/Makassar.")


@strawberry.input(description="Whose national holidays a desk takes as its starting set of days off.")
class SetNationalHolidaysInput:
    desk: Slug = strawberry.field(description=DESK)
    country: Slug | None = strawberry.field(default=None, description="An ISO 3166 country code, e.g. ID; null: "
                                            "none.")


@strawberry.input(description="A day off of a desk: a holiday or a collective leave day.")
class SetHolidayInput:
    desk: Slug = strawberry.field(description=DESK)
    date: date = strawberry.field(description="The day.")
    name: ShortText = strawberry.field(description="What the day is, e.g. Hari Jadi Kota.")
    kind: DayOffKind = strawberry.field(default=DayOffKind.HOLIDAY, description="Why it is off.")


@strawberry.input(description="A day off a desk works after all.")
class RemoveHolidayInput:
    desk: Slug = strawberry.field(description=DESK)
    date: date = strawberry.field(description="The day.")


@strawberry.input(description="A new set of SLA targets for a desk's tickets opened from now on.")
class SetSlaTargetsInput:
    desk: Slug = strawberry.field(description=DESK)
    targets: list[SlaTargetInput] = strawberry.field(description="The targets, each for some of the "
                                                     "desk's tickets.")


@strawberry.type
class ServiceLevelMutations:
    @admin_mutation("Set the desk's office hours: every working interval of the week (a weekday without one is a "
                    "day off). Open tickets' working-time clocks are counted again.")
    async def set_office_hours(
            self, info: Info,
            input: Annotated[SetOfficeHoursInput, strawberry.argument(description="The desk and its hours.")],
    ) -> CalendarPayload:
        return CalendarPayload.of(await calendars.set_office_hours(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
            [(h.weekday, h.opens, h.closes) for h in input.hours]))

    @admin_mutation("Set the time zone of the desk's calendar (an IANA name, e.g. Asia/Makassar).")
    async def set_calendar_time_zone(
            self, info: Info,
            input: Annotated[SetCalendarTimeZoneInput, strawberry.argument(description="The desk and its zone.")],
    ) -> CalendarPayload:
        return CalendarPayload.of(await calendars.set_time_zone(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk, input.time_zone))

    @admin_mutation("Take a country's national holidays as the desk's starting set of days off (ISO code, e.g. "
                    "ID); null: none.")
    async def set_national_holidays(
            self, info: Info,
            input: Annotated[SetNationalHolidaysInput, strawberry.argument(description="The desk and country.")],
    ) -> CalendarPayload:
        return CalendarPayload.of(await calendars.set_national_holidays(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk, input.country))

    @admin_mutation("Declare a day off (a holiday or a collective leave day), or rename one. Open tickets' "
                    "working-time clocks are counted again.")
    async def set_holiday(
            self, info: Info, input: Annotated[SetHolidayInput, strawberry.argument(description="The day off.")],
    ) -> CalendarPayload:
        return CalendarPayload.of(await holidays.set_holiday(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk, input.date, input.name,
            input.kind.value))

    @admin_mutation("Work on a day off after all: the desk's own day off goes, a national holiday is declared a "
                    "working day.")
    async def remove_holiday(
            self, info: Info, input: Annotated[RemoveHolidayInput, strawberry.argument(description="The day.")],
    ) -> CalendarPayload:
        return CalendarPayload.of(await holidays.remove_holiday(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk, input.date))

    @admin_mutation("Put a new set of SLA targets in force for the desk's tickets opened from now on; tickets "
                    "already open keep the targets they were opened under.")
    async def set_sla_targets(
            self, info: Info,
            input: Annotated[SetSlaTargetsInput, strawberry.argument(description="The desk and its targets.")],
    ) -> SlaTargetSetPayload:
        found = await sla_targets.set_sla_targets(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
            [sla_targets.TargetInput(topics=tuple(t.topics), priorities=tuple(t.priorities),
                                     first_response=t.first_response, resolution=t.resolution)
             for t in input.targets])
        return SlaTargetSetPayload(target_set=SlaTargetSet.of(found))
