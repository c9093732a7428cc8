"""A country's national days off, from the maintained ``holidays`` package, read once per country and year.

For Indonesia ("ID") the package answers the public holidays (``public``: Tahun Baru, Idul Fitri, Natal, ...)
and, as the ``government`` category, the collective leave days (cuti bersama) the government decrees for its
civil servants; both are days off here, the second of kind ``collective_leave``. Dates of the Islamic and
Chinese calendars and the cuti bersama of years not yet decreed are the package's estimates: a desk's admins
correct them (``BusinessCalendar.working_days``, or a day off of their own).
"""

from __future__ import annotations

from datetime import date
from functools import cache

HOLIDAY = "holiday"
COLLECTIVE_LEAVE = "collective_leave"
CATEGORY_KINDS = {"public": HOLIDAY, "government": COLLECTIVE_LEAVE}


@cache
def supported_countries() -> frozenset[str]:
    """The country codes the package knows (ISO 3166-1 alpha-2)."""
    import holidays

    return frozenset(holidays.list_supported_countries())


@cache
def national_days(country: str, year: int) -> dict[date, tuple[str, str]]:
    """The national days off of ``country`` in ``year``: date -> (name in the country's language, kind)."""
    import holidays

    kind_class = holidays.country_holidays(country).__class__
    categories = [category for category in CATEGORY_KINDS
                  if category in getattr(kind_class, "supported_categories", ("public",))]
    days: dict[date, tuple[str, str]] = {}
    for category in categories:  # public first: a public holiday keeps its kind on a shared date
        found = holidays.country_holidays(country, years=year, categories=(category,),
                                          language=getattr(kind_class, "default_language", None))
        for day, name in found.items():
            days.setdefault(day, (name, CATEGORY_KINDS[category]))
    return days
