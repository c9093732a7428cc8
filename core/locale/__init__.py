"""Core's messages: one module per language, and one per area (both languages) where an area has many."""

from loket.core.locale import admin, calendar, catalogue, files, guides, http, paging, people, sessions
from loket.core.locale.en import MESSAGES as EN
from loket.core.locale.id import MESSAGES as ID

AREAS = (admin, catalogue, calendar, files, guides, http, paging, people, sessions)

CORE_MESSAGES: dict[str, dict[str, str]] = {
    "en": {**EN, **{key: text for area in AREAS for key, text in area.EN.items()}},
    "id": {**ID, **{key: text for area in AREAS for key, text in area.ID.items()}},
}
