"""Pages of a list by id, newest first: ``first`` rows after an opaque cursor, and whether more follow."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.queryset import QuerySet

from loket.core.errors import InvalidInputError

MAX_PAGE_SIZE = 100
T = TypeVar("T")


@dataclass
class IdPage(Generic[T]):
    rows: list[T]
    has_next_page: bool


def cursor_of(row_id: int, prefix: str) -> str:
    return base64.urlsafe_b64encode(f"{prefix}:{row_id}".encode()).decode().rstrip("=")


def _after_id(cursor: str, prefix: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        value = int(number)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("INVALID_CURSOR", field="after") from None
    if kind != prefix or not 0 < value < 2**62 or not number.isdigit():
        raise InvalidInputError("INVALID_CURSOR", field="after")
    return value


async def page_by_id(query: QuerySet[T], first: int, after: str | None, prefix: str, *,
                     newest_first: bool = True) -> IdPage[T]:
    """Up to ``first`` rows of ``query`` after ``after``, ordered by id (newest first unless told otherwise);
    ``prefix`` tells this list's cursors from another's."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise InvalidInputError("PAGE_SIZE_OUT_OF_RANGE", field="first", max=MAX_PAGE_SIZE)
    if after is not None:
        after_id = _after_id(after, prefix)
        query = query.filter(id__lt=after_id) if newest_first else query.filter(id__gt=after_id)
    rows = await query.order_by("-id" if newest_first else "id").limit(first + 1)
    return IdPage(rows=rows[:first], has_next_page=len(rows) > first)
