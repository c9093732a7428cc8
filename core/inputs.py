"""The bounds of what clients send: how long each kind of text may be, which characters no text may hold, the
shape of JSON objects, and the ids that can name a row.

Every check here runs before any query sees the value, so a value no column could hold, or no database could
store, is refused with a typed error naming the field instead of failing deep inside a lookup. The GraphQL
layer declares one of these lengths on every text input (``loket.schema.inputs``); HTTP routes and services
that take text from elsewhere call the same functions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from loket.core.errors import InvalidInputError

# Maximum lengths, in characters, by what the text is. Identifiers match their columns; free text is bounded
# well below what a spreadsheet cell holds (32,767), so every value can be exported.
TICKET_NUMBER = 40  # Ticket.number
SLUG = 64  # desks, teams, topics, applications and their versions, priorities, purposes, reasons, providers
EMAIL = 254  # User.email (RFC 5321's limit of a forward path)
NAME = 200  # User.display_name
PASSWORD = 1024
LINK_TOKEN = 512  # the token of an emailed confirmation or reset link
CREDENTIAL = 16 * 1024  # what an identity provider hands a client (e.g. an ID token)
TITLE = 300  # Ticket.title; a desk's own maximum is usually lower
SHORT_TEXT = 1000  # a reason or note given with an action, a reference key
LONG_TEXT = 20_000  # descriptions, messages, solutions
SEARCH = 200  # what a search box holds
GLOBAL_ID = 200  # node ids, attachment and export ids, page cursors
DEFAULT = 255  # any text input that declares nothing else

# JSON inputs (a ticket's extra fields, a rating's answers): at most this much nesting, and this many members in
# each object or list.
JSON_MAX_DEPTH = 4
JSON_MAX_ITEMS = 100

# The largest id of a row (ids are 32-bit integer columns on every backend).
MAX_ROW_ID = 2**31 - 1

# The days a date or time input may name: far enough from the ends of the calendar that the next day or month,
# or the same moment in any time zone, is still a date every backend can store.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def check_text(value: str, field: str, max_length: int = DEFAULT, *, lowered: bool = False) -> str:
    """``value`` if it has at most ``max_length`` characters, none of them NUL (which PostgreSQL refuses) or an
    unpaired surrogate (which no encoding can write); a typed error naming ``field`` otherwise. ``lowered``:
    the value is looked up lower-cased (an email), which must fit too (``"İ".lower()`` is two characters)."""
    if len(value) > max_length or (lowered and len(value.lower()) > max_length):
        raise InvalidInputError("TEXT_TOO_LONG", field=field, max=max_length, length=len(value))
    if "\x00" in value or (not value.isascii() and _has_surrogate(value)):
        raise InvalidInputError("TEXT_INVALID_CHARACTER", field=field)
    return value


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_json_object(value: Any, field: str, max_length: int = LONG_TEXT) -> dict[str, Any]:
    """``value`` if it is a JSON object that ``check_json`` accepts; a typed error naming ``field`` otherwise."""
    if not isinstance(value, dict):
        raise InvalidInputError("JSON_OBJECT_REQUIRED", field=field)
    check_json(value, field, max_length)
    return value


def check_json(value: Any, field: str, max_length: int = LONG_TEXT, depth: int = 1) -> Any:
    """``value`` if it is JSON of bounded size (nesting, members) whose keys and strings are clean text (see
    ``check_text``); a typed error naming ``field`` (or the member at fault) otherwise."""
    if isinstance(value, str):
        check_text(value, field, max_length)
    elif isinstance(value, (dict, list)):
        if depth > JSON_MAX_DEPTH:
            raise InvalidInputError("JSON_TOO_DEEP", field=field, max=JSON_MAX_DEPTH)
        if len(value) > JSON_MAX_ITEMS:
            raise InvalidInputError("JSON_TOO_LARGE", field=field, max=JSON_MAX_ITEMS)
        if isinstance(value, dict):
            for key, item in value.items():
                check_text(key, field, SLUG)
                check_json(item, f"{field}.{key}", max_length, depth + 1)
        else:
            for item in value:
                check_json(item, field, max_length, depth + 1)
    return value


def check_day(value: date, field: str) -> date:
    """``value`` (a date, or a date and time) if it lies between ``FIRST_DAY`` and ``LAST_DAY``; a typed error
    naming ``field`` otherwise."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInputError("DATE_OUT_OF_RANGE", field=field, min=FIRST_DAY.isoformat(), max=LAST_DAY.isoformat())
    return value


def row_id(text: str) -> int | None:
    """The row id ``text`` spells in ASCII digits, or None when it cannot name a row (other digits such as
    ``²`` or ``١``, signs, spaces, or a number no id column holds)."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ROW_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ROW_ID else None
