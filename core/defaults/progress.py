"""Core's default progress: by the category of the ticket's status."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl

BY_CATEGORY = {"new": 0, "open": 50, "waiting_on_reporter": 50, "waiting_on_third_party": 50, "resolved": 90,
               "closed": 100, "final": 100}


@hookimpl(trylast=True)
def ticket_progress(ticket):
    return BY_CATEGORY.get(ticket.status_category)
