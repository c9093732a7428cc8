"""What the administration mutations share: their one shape (``name(input: NameInput!): SomethingPayload!``),
errors naming the field of ``input`` at fault, and the inputs several of them take."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from loket.core.errors import LoketError
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


class InputFieldErrors(FieldExtension):
    """An error names the field of the mutation's ``input`` at fault. Core mostly names a field as its service
    takes it (``desk``, ``topic``, ``hours[0].opens``); the client sent it as ``input.desk``, ``input.topic``,
    ``input.hours[0].opens``, as the bounds on text inputs name it too (``loket.schema.inputs``). A name core
    already gives under ``input`` stays as it is."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except LoketError as error:
            for each in (error, *getattr(error, "errors", ())):
                if each.field and each.field != "input" and not each.field.startswith("input."):
                    each.field = f"input.{each.field}"
            raise


def admin_mutation(description: str) -> Any:
    """An administration mutation: signed-in callers only (core decides who may), errors naming ``input``'s
    fields."""
    return strawberry.mutation(description=description, permission_classes=[IsAuthenticated],
                               extensions=[InputFieldErrors()])
