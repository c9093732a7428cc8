"""Inputs the administration mutations share."""

from __future__ import annotations

import strawberry

from loket.schema.inputs import ShortText, Slug


@strawberry.input(description="A text in one language, e.g. {language: \"id\", text: \"Pengaduan\"}.")
class LocalizedTextInput:
    language: Slug = strawberry.field(description="An ISO 639 code: id, en, ...")
    text: ShortText


def words_of(texts: list[LocalizedTextInput] | None) -> dict[str, str] | None:
    """Text per language, as core takes it (None stays None)."""
    if texts is None:
        return None
    return {text.language: text.text for text in texts}
