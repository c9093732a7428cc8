"""The reasons a desk's agents may give for stopping a ticket's resolution clock, at run time: add, relabel,
retire, restore. Desk admins of the desk and superusers; each mutation answers the desk as it now is."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.desk_config import pause_reasons
from loket.schema.admin.desk_settings import DeskPayload, actor_of
from loket.schema.admin.inputs import DESK, LocalizedTextInput, admin_mutation, words_of
from loket.schema.inputs import Slug

ADMINS = "Desk admins of the desk and superusers."
REASON = "The pause reason's slug."
LABEL = "Its words per language."


@strawberry.input(description="A new pause reason of a desk.")
class AddPauseReasonInput:
    desk: Slug = strawberry.field(description=DESK)
    reason: Slug = strawberry.field(description="Its slug: lowercase letters, digits, '-' and '_'; unique in the "
                                    "desk.")
    label: list[LocalizedTextInput] = strawberry.field(description=LABEL)


@strawberry.input(description="A pause reason and its new words.")
class RelabelPauseReasonInput:
    desk: Slug = strawberry.field(description=DESK)
    reason: Slug = strawberry.field(description=REASON)
    label: list[LocalizedTextInput] = strawberry.field(description=LABEL)


@strawberry.input(description="A pause reason to stop offering.")
class RetirePauseReasonInput:
    desk: Slug = strawberry.field(description=DESK)
    reason: Slug = strawberry.field(description=REASON)


@strawberry.input(description="A retired pause reason to offer again.")
class RestorePauseReasonInput:
    desk: Slug = strawberry.field(description=DESK)
    reason: Slug = strawberry.field(description=REASON)


@strawberry.type
class PauseReasonMutations:
    @admin_mutation(f"Offer agents a new reason to stop a ticket's resolution clock. {ADMINS}")
    async def add_pause_reason(
            self, info: Info,
            input: Annotated[AddPauseReasonInput, strawberry.argument(description="The new pause reason.")],
    ) -> DeskPayload:
        await pause_reasons.add_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                             input.desk, input.reason, words_of(input.label))
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Word a pause reason the desk's own way, per language. {ADMINS}")
    async def relabel_pause_reason(
            self, info: Info,
            input: Annotated[RelabelPauseReasonInput, strawberry.argument(description="The reason and its words.")],
    ) -> DeskPayload:
        await pause_reasons.relabel_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                 input.desk, input.reason, words_of(input.label))
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Stop offering a pause reason; clocks already stopped for it keep it. {ADMINS}")
    async def retire_pause_reason(
            self, info: Info,
            input: Annotated[RetirePauseReasonInput, strawberry.argument(description="The pause reason.")],
    ) -> DeskPayload:
        await pause_reasons.retire_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                input.desk, input.reason)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Offer a retired pause reason again. {ADMINS}")
    async def restore_pause_reason(
            self, info: Info,
            input: Annotated[RestorePauseReasonInput, strawberry.argument(description="The pause reason.")],
    ) -> DeskPayload:
        await pause_reasons.retire_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                input.desk, input.reason, retired=False)
        return DeskPayload.of(info, input.desk)
