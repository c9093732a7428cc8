"""A user's exports as a list, newest first, paged both ways by (creation time, id): job ids are UUIDs, so the
creation time orders them and the id breaks ties."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from tortoise.expressions import Q

from loket.core.errors import InvalidInputError
from loket.core.models import ExportJob
from loket.core.paging import Slice, Window

PREFIX = "export"


def cursor_of(job: ExportJob) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}:{job.created_at.isoformat()}|{job.id}".encode()).decode()


def _position(cursor: str, field: str) -> tuple[datetime, uuid.UUID]:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        moment, _, key = value.rpartition("|")
        created = datetime.fromisoformat(moment)
        if kind != PREFIX or created.tzinfo is None:
            raise ValueError
        return created, uuid.UUID(key)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("INVALID_CURSOR", field=field) from None


def _older(created: datetime, key: uuid.UUID) -> Q:
    return Q(created_at__lt=created) | Q(created_at=created, id__lt=key)


def _newer(created: datetime, key: uuid.UUID) -> Q:
    return Q(created_at__gt=created) | Q(created_at=created, id__gt=key)


async def page_jobs(owner_id: int, win: Window) -> Slice[ExportJob]:
    """A page of the owner's jobs, newest first."""
    mine = ExportJob.filter(requested_by_id=owner_id)
    at = _position(win.cursor, win.cursor_field) if win.cursor is not None else None
    if not win.backward:
        rows = await (mine.filter(_older(*at)) if at else mine).order_by("-created_at", "-id").limit(win.size + 1)
        behind = at is not None and await mine.filter(_newer(*at)).exists()
        return Slice(rows=rows[:win.size], has_next_page=len(rows) > win.size, has_previous_page=behind)
    rows = await (mine.filter(_newer(*at)) if at else mine).order_by("created_at", "id").limit(win.size + 1)
    beyond = at is not None and await mine.filter(_older(*at)).exists()
    return Slice(rows=list(reversed(rows[:win.size])), has_next_page=beyond, has_previous_page=len(rows) > win.size)
