"""Global ids: every object a client refetches carries one (``Node.id``), and ``node(id:)`` fetches it again.

A global id is the URL-safe base64 of ``<Kind>:<key>``: opaque to clients, unique across every type."""

from __future__ import annotations

import base64
import binascii
import uuid

import strawberry

from loket.core import inputs
from loket.core.errors import InvalidInputError


def global_id(kind: str, key: object) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode())


def parse_global_id(value: str) -> tuple[str, str]:
    """The kind and key a global id names; ``("", "")`` for text that is no global id."""
    try:
        kind, _, key = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return "", ""
    return kind, key


@strawberry.interface(description="An object that can be fetched again by its global id with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Its global id: opaque, unique across every type.")


def row_key(key: str, field: str = "id") -> int:
    """The row a global id's key names; a key that can name no row (``Ticket:²``, ``Ticket:99999999999``)
    is refused (INVALID_ID)."""
    row = inputs.row_id(key)
    if row is None:
        raise InvalidInputError("INVALID_ID", field=field)
    return row


def uuid_key(key: str, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(key)
    except ValueError:
        raise InvalidInputError("INVALID_ID", field=field) from None


def row_of(value: str, *kinds: str, field: str = "id") -> int:
    """The row an input's id names: a global id of one of ``kinds``. A bare database id is still taken
    (deprecated: the ids clients were given before global ids). Anything else is INVALID_ID."""
    if value.isascii() and value.isdigit():
        return row_key(value, field)
    kind, key = parse_global_id(value)
    if kind not in kinds:
        raise InvalidInputError("INVALID_ID", field=field)
    return row_key(key, field)
