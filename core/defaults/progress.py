"""Core's default progress: by status."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl

BY_STATUS = {"new": 0, "in_progress": 50, "waiting_on_reporter": 50, "resolved": 90, "closed": 100}


@hookimpl(trylast=True)
def ticket_progress(ticket):
    return BY_STATUS.get(ticket.status)
