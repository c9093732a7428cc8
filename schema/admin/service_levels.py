"""A desk's service levels at run time: its business calendar (office hours, time zone, national holidays,
days off of its own) and its SLA targets. Desk admins of the desk and superusers."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from loket.core.desk_config import calendar as calendars
from loket.core.desk_config import holidays, sla_targets
from loket.core.admin.access import require_admin_of
from loket.core.plugin_types import DeskSpec
from loket.core.sla.calendar import BusinessCalendar as CalendarSpec
from loket.schema.admin.desk_settings import actor_of
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.enum(description="Why a day is off.")
class DayOffKind(Enum):
    HOLIDAY = "holiday"
    COLLECTIVE_LEAVE = "collective_leave"


@strawberry.enum(description="Where a day off comes from.")
class DayOffSource(Enum):
    CALENDAR = "calendar"  # the desk's own: its plugin's or its admins'
    NATIONAL = "national"  # the country's national holidays (the `holidays` package)


@strawberry.type(description="A working interval on a weekday.")
class OfficeHours:
    weekday: int = strawberry.field(description="1 = Monday ... 7 = Sunday (ISO 8601).")
    opens: str = strawberry.field(description="HH:MM, in the calendar's time zone.")
    closes: str


@strawberry.type(description="A day not worked beyond the usual week: a holiday or a collective leave day.")
class DayOff:
    date: date
    name: str
    kind: DayOffKind
    source: DayOffSource


@strawberry.type(description="When a desk works: SLA clocks counting working time count these hours only.")
class BusinessCalendar:
    time_zone: str
    hours: list[OfficeHours]
    national_holidays: str | None = strawberry.field(
        description="The country whose national holidays (and, for ID, cuti bersama) are days off, e.g. ID.")
    working_days: list[date] = strawberry.field(
        description="Days the calendar would keep off that its admins declared working days.")
    _calendar: strawberry.Private[CalendarSpec]

    @strawberry.field(description="The days off of a year, national ones and the desk's own, in order.")
    def days_off(self, year: int) -> list[DayOff]:
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
    opens: ShortText = strawberry.field(description="HH:MM")
    closes: ShortText = strawberry.field(description="HH:MM")


@strawberry.type(description="Service-level targets for some of a desk's tickets.")
class SlaTarget:
    topics: list[str] = strawberry.field(description="Only tickets of these categories (or sub-categories); "
                                         "empty: every category.")
    priorities: list[str] = strawberry.field(description="Only tickets of these priorities; empty: every one.")
    first_response: str | None = strawberry.field(description="e.g. '24 hours', '1 working days'.")
    resolution: str | None


@strawberry.type(description="A set of SLA targets and since when it is (or was) in force.")
class SlaTargetSet:
    since: datetime | None = strawberry.field(description="Null for the plugin's own targets.")
    set_by: str | None = strawberry.field(description="The admin's email; null for the plugin's targets.")
    targets: list[SlaTarget]

    @classmethod
    def of(cls, found: sla_targets.TargetSet) -> SlaTargetSet:
        return cls(since=found.since, set_by=found.set_by, targets=[
            SlaTarget(topics=t["topics"], priorities=t["priorities"], first_response=t["first_response"],
                      resolution=t["resolution"]) for t in sla_targets.stored_targets(found.targets)])


@strawberry.type(description="A desk's SLA targets: those in force for tickets opened now, and every set before.")
class SlaTargets:
    in_force: SlaTargetSet
    history: list[SlaTargetSet] = strawberry.field(description="Oldest first; the plugin's own first.")


@strawberry.input(description="Targets for some tickets; durations as text: '72 hours', '3x24 jam', "
                  "'3 working days', '2 hari kerja' (working time needs the desk's calendar).")
class SlaTargetInput:
    topics: list[Slug] = strawberry.field(default_factory=list)
    priorities: list[Slug] = strawberry.field(default_factory=list)
    first_response: ShortText | None = None
    resolution: ShortText | None = None


def _calendar_of(spec: DeskSpec) -> BusinessCalendar | None:
    return BusinessCalendar.of(spec.calendar)


@strawberry.type
class ServiceLevelQueries:
    @strawberry.field(description="The desk's business calendar (null: the desk counts plain time only). "
                      "Desk admins and superusers.", permission_classes=[IsAuthenticated])
    async def business_calendar(self, info: Info, desk: Slug) -> BusinessCalendar | None:
        found = info.context.runtime.desks.get(desk)
        require_admin_of(await info.context.viewer(), found)
        return _calendar_of(found.spec)

    @strawberry.field(description="The desk's SLA targets in force and their history. Desk admins and superusers.",
                      permission_classes=[IsAuthenticated])
    async def sla_targets(self, info: Info, desk: Slug) -> SlaTargets:
        history = await sla_targets.target_history(info.context.runtime, await info.context.viewer(), desk)
        return SlaTargets(in_force=SlaTargetSet.of(history[-1]), history=[SlaTargetSet.of(h) for h in history])


@strawberry.type
class ServiceLevelMutations:
    @strawberry.mutation(description="Set the desk's office hours: every working interval of the week (a weekday "
                         "without one is a day off). Open tickets' working-time clocks are counted again.",
                         permission_classes=[IsAuthenticated])
    async def set_office_hours(self, info: Info, desk: Slug, hours: list[OfficeHoursInput]) -> BusinessCalendar:
        rt = info.context.runtime
        spec = await calendars.set_office_hours(rt, await info.context.viewer(), actor_of(info), desk,
                                                [(h.weekday, h.opens, h.closes) for h in hours])
        return _calendar_of(spec)

    @strawberry.mutation(description="Set the time zone of the desk's calendar (an IANA name, e.g. Asia/Makassar).",
                         permission_classes=[IsAuthenticated])
    async def set_calendar_time_zone(self, info: Info, desk: Slug, time_zone: ShortText) -> BusinessCalendar:
        spec = await calendars.set_time_zone(info.context.runtime, await info.context.viewer(), actor_of(info),
                                             desk, time_zone)
        return _calendar_of(spec)

    @strawberry.mutation(description="Take a country's national holidays as the desk's starting set of days off "
                         "(ISO code, e.g. ID); null: none.", permission_classes=[IsAuthenticated])
    async def set_national_holidays(self, info: Info, desk: Slug, country: Slug | None = None) -> BusinessCalendar:
        spec = await calendars.set_national_holidays(info.context.runtime, await info.context.viewer(),
                                                     actor_of(info), desk, country)
        return _calendar_of(spec)

    @strawberry.mutation(description="Declare a day off (a holiday or a collective leave day), or rename one. "
                         "Open tickets' working-time clocks are counted again.", permission_classes=[IsAuthenticated])
    async def set_holiday(self, info: Info, desk: Slug, date: date, name: ShortText,
                          kind: DayOffKind = DayOffKind.HOLIDAY) -> BusinessCalendar:
        spec = await holidays.set_holiday(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                          date, name, kind.value)
        return _calendar_of(spec)

    @strawberry.mutation(description="Work on a day off after all: the desk's own day off goes, a national "
                         "holiday is declared a working day.", permission_classes=[IsAuthenticated])
    async def remove_holiday(self, info: Info, desk: Slug, date: date) -> BusinessCalendar:
        spec = await holidays.remove_holiday(info.context.runtime, await info.context.viewer(), actor_of(info),
                                             desk, date)
        return _calendar_of(spec)

    @strawberry.mutation(description="Put a new set of SLA targets in force for the desk's tickets opened from now "
                         "on; tickets already open keep the targets they were opened under.",
                         permission_classes=[IsAuthenticated])
    async def set_sla_targets(self, info: Info, desk: Slug, targets: list[SlaTargetInput]) -> SlaTargetSet:
        found = await sla_targets.set_sla_targets(
            info.context.runtime, await info.context.viewer(), actor_of(info), desk,
            [sla_targets.TargetInput(topics=tuple(t.topics), priorities=tuple(t.priorities),
                                     first_response=t.first_response, resolution=t.resolution) for t in targets])
        return SlaTargetSet.of(found)
