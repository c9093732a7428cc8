"""What the catalogue sections share: an item's stored value, and the checks of what admins type."""

from __future__ import annotations

import re
from typing import Any

from loket.core.errors import InvalidInputError
from loket.core.models import DeskSetting

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
"""A slug an admin gives a new topic or pause reason: lowercase letters, digits, '-' and '_'."""


async def stored_item(desk_id: int, section: str, key: str) -> dict[str, Any]:
    """The admin's version of one item as stored (empty: the plugin's definition holds)."""
    row = await DeskSetting.get_or_none(desk_id=desk_id, section=section, key=key)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else {}


async def stored_items(desk_id: int, section: str) -> dict[str, dict[str, Any]]:
    """Every stored item of a section of the desk, by key."""
    rows = await DeskSetting.filter(desk_id=desk_id, section=section).values_list("key", "value")
    return {key: value for key, value in rows if isinstance(value, dict)}


def checked_slug(slug: str, *, code: str, field: str) -> str:
    """A new item's slug, or ``code`` naming ``field``."""
    cleaned = slug.strip()
    if not SLUG.fullmatch(cleaned):
        raise InvalidInputError(code, field=field, value=slug)
    return cleaned


def text_of(words: Any) -> Any:
    """A label as the audit log shows it: a plain string stays one, text per language a plain dict."""
    return words if isinstance(words, str) or words is None else dict(words)
