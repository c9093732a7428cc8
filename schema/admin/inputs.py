"""What the administration mutations share: their one shape (``name(input: NameInput!): SomethingPayload!``),
errors naming the field of ``input`` at fault, and the inputs several of them take."""

from __future__ import annotations

from typing import Any

import strawberry

from loket.schema.errors import InputFieldErrors
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated

DESK = "The desk's slug."


@strawberry.input(description="A text in one language, e.g. {language: \"id\", text: \"Pengaduan\"}.")
class LocalizedTextInput:
    language: Slug = strawberry.field(description="An ISO 639 code: id, en, ...")
    text: ShortText = strawberry.field(description="The text in that language.")


def words_of(texts: list[LocalizedTextInput] | None) -> dict[str, str] | None:
    """Text per language, as core takes it (None stays None)."""
    if texts is None:
        return None
    return {text.language: text.text for text in texts}


def admin_mutation(description: str) -> Any:
    """An administration mutation: signed-in callers only (core decides who may), errors naming ``input``'s
    fields."""
    return strawberry.mutation(description=description, permission_classes=[IsAuthenticated],
                               extensions=[InputFieldErrors()])
