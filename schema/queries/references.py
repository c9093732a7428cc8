"""Looking references up in an institution's own systems (e.g. a tender code), through its plugin."""

from __future__ import annotations

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
    found: bool
    unavailable: bool
    message: str
    data: JSON


@strawberry.type
class ReferenceQueries:
    @strawberry.field(description="Look a reference up (e.g. kind 'tender' and a tender code) for a desk.",
                      permission_classes=[IsAuthenticated])
    async def lookup_reference(self, info: Info, desk: Slug, kind: Slug, key: ShortText) -> ReferenceLookup:
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
