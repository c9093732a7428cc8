"""Looking references up in an institution's own systems (e.g. a tender code), through its plugin."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from loket.core.errors import InvalidInputError
from loket.core.plugin_types import ReferenceResult, label
from loket.core.plugins import first_answer
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated


@strawberry.type(description="The answer of a reference lookup: found with data, not found, or the source "
                 "was unavailable (enter the data by hand).")
class ReferenceLookup:
    found: bool = strawberry.field(description="True: the key is known and `data` holds what the source says.")
    unavailable: bool = strawberry.field(description="True: the source could not be asked (timeout, error); let "
                                         "the user enter the data by hand.")
    message: str = strawberry.field(description="What the source said, in your language, for showing; empty when "
                                    "it said nothing.")
    data: JSON = strawberry.field(description="What the source knows of the key, an object whose members depend "
                                  "on the desk and the kind; empty unless found.")


@strawberry.type
class ReferenceQueries:
    @strawberry.field(description="Look a reference up (e.g. kind 'tender' and a tender code) for a desk.",
                      permission_classes=[IsAuthenticated])
    async def lookup_reference(self, info: Info,
                               desk: Annotated[Slug, strawberry.argument(description="The desk's slug.")],
                               kind: Annotated[Slug, strawberry.argument(
                                   description="What to look up, a kind the desk's plugin knows (e.g. tender); "
                                   "else UNKNOWN_REFERENCE_KIND.")],
                               key: Annotated[ShortText, strawberry.argument(
                                   description="The reference itself, e.g. a tender code; spaces around it are "
                                   "dropped.")],
                               ) -> ReferenceLookup:
        runtime = info.context.runtime
        found = runtime.desks.get(desk)
        key = key.strip()
        if not key:
            raise InvalidInputError("REFERENCE_KEY_REQUIRED", field="key")
        answer = await first_answer(runtime.pm.hook.lookup_reference, desk=found.spec, kind=kind, key=key,
                                    settings=runtime.settings)
        if answer is None:
            raise InvalidInputError("UNKNOWN_REFERENCE_KIND", field="kind", kind=kind, desk=desk)
        if not isinstance(answer, ReferenceResult):
            raise RuntimeError(f"lookup_reference of desk {desk} answered {answer!r}")
        return ReferenceLookup(found=answer.found, unavailable=answer.unavailable,
                               message=label(answer.message, info.context.language), data=answer.data)
