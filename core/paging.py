"""Pages of a list, Relay style: ``first`` rows after a cursor, or ``last`` rows before one, and whether rows
lie beyond the page on either side. Cursors are opaque: a list's prefix and the key of a row."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.queryset import QuerySet

from loket.core.errors import InvalidInputError

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """Which part of a list a client asks for: ``size`` rows after ``cursor`` (forward), or before it
    (``backward``, the list's last rows when there is no cursor)."""

    size: int
    backward: bool = False
    cursor: str | None = None

    @property
    def cursor_field(self) -> str:
        return "before" if self.backward else "after"


def window(first: int | None = None, after: str | None = None, last: int | None = None,
           before: str | None = None, *, default: int = DEFAULT_PAGE_SIZE) -> Window:
    """The window the Relay arguments name. Forward is ``first``/``after``, backward ``last``/``before``;
    mixing the two directions is refused naming the argument that does not fit (PAGE_ARGUMENTS_CONFLICT)."""
    if first is not None and last is not None:
        raise InvalidInputError("PAGE_ARGUMENTS_CONFLICT", field="last")
    if after is not None and before is not None:
        raise InvalidInputError("PAGE_ARGUMENTS_CONFLICT", field="before")
    if first is not None and before is not None:
        raise InvalidInputError("PAGE_ARGUMENTS_CONFLICT", field="before")
    if last is not None and after is not None:
        raise InvalidInputError("PAGE_ARGUMENTS_CONFLICT", field="after")
    backward = last is not None or before is not None
    size = (last if backward else first)
    if size is None:
        size = default
    elif not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInputError("PAGE_SIZE_OUT_OF_RANGE", field="last" if backward else "first",
                                max=MAX_PAGE_SIZE)
    return Window(size=size, backward=backward, cursor=before if backward else after)


@dataclass
class Slice(Generic[T]):
    """A page's rows in the list's order, and whether the list goes on after it or before it."""

    rows: list[T]
    has_next_page: bool
    has_previous_page: bool


def cursor_of(key: int, prefix: str) -> str:
    return base64.urlsafe_b64encode(f"{prefix}:{key}".encode()).decode().rstrip("=")


def key_of(cursor: str, prefix: str, field: str = "after") -> int:
    """The row key a cursor of this list holds (INVALID_CURSOR, naming ``field``, otherwise)."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        value = int(number)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("INVALID_CURSOR", field=field) from None
    if kind != prefix or not 0 < value < 2**62 or not number.isdigit():
        raise InvalidInputError("INVALID_CURSOR", field=field)
    return value


async def page_by_key(query: QuerySet[T], win: Window, prefix: str, *, key: str = "id",
                      descending: bool = True) -> Slice[T]:
    """A page of ``query`` ordered by the unique column ``key`` (descending: newest first). Backward pages
    read the rows before the cursor in reverse and turn them round; the far side costs one small query, and
    only when a cursor is given."""
    cursor = key_of(win.cursor, prefix, win.cursor_field) if win.cursor is not None else None
    later, earlier = ("lt", "gt") if descending else ("gt", "lt")
    order = f"-{key}" if descending else key
    reverse = key if descending else f"-{key}"
    if not win.backward:
        ahead = query.filter(**{f"{key}__{later}": cursor}) if cursor is not None else query
        rows = await ahead.order_by(order).limit(win.size + 1)
        behind = cursor is not None and await query.filter(**{f"{key}__{earlier}": cursor}).exists()
        return Slice(rows=rows[:win.size], has_next_page=len(rows) > win.size, has_previous_page=behind)
    before = query.filter(**{f"{key}__{earlier}": cursor}) if cursor is not None else query
    rows = await before.order_by(reverse).limit(win.size + 1)
    beyond = cursor is not None and await query.filter(**{f"{key}__{later}": cursor}).exists()
    return Slice(rows=list(reversed(rows[:win.size])), has_next_page=beyond, has_previous_page=len(rows) > win.size)


async def page_by_id(query: QuerySet[T], win: Window, prefix: str, *,
                     newest_first: bool = True) -> Slice[T]:
    """A page of ``query`` by id, newest first unless told otherwise; ``prefix`` tells this list's cursors
    from another's."""
    return await page_by_key(query, win, prefix, descending=newest_first)


def page_list(rows: Sequence[T], win: Window, prefix: str, key: Callable[[T], int]) -> Slice[T]:
    """A page of rows already loaded, in the order given, each with a ``key`` that rises along the list."""
    cursor = key_of(win.cursor, prefix, win.cursor_field) if win.cursor is not None else None
    if not win.backward:
        ahead = [row for row in rows if cursor is None or key(row) > cursor]
        return Slice(rows=ahead[:win.size], has_next_page=len(ahead) > win.size,
                     has_previous_page=len(ahead) < len(rows) and cursor is not None)
    before = [row for row in rows if cursor is None or key(row) < cursor]
    return Slice(rows=before[-win.size:], has_next_page=len(before) < len(rows) and cursor is not None,
                 has_previous_page=len(before) > win.size)
