"""Changing a desk's configuration at run time: what its admins lay over the plugin's definition. Here the
answer every such change of a desk gives (``DeskPayload``) and the words of its statuses."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.admin.audit import Actor
from loket.core.desk_config import labels
from loket.schema.admin.inputs import DESK, LocalizedTextInput, admin_mutation, words_of
from loket.schema.inputs import Slug
from loket.schema.types.desks import Desk


def actor_of(info: Info) -> Actor:
    return Actor.of(info.context.user)


@strawberry.type(description="What a change of a desk's configuration answers: the desk as it now is.")
class DeskPayload:
    desk: Desk = strawberry.field(description="The desk, with the change in force.")

    @classmethod
    def of(cls, info: Info, slug: str) -> DeskPayload:
        return cls(desk=Desk.of(info.context.runtime.desks.get(slug), info.context))


@strawberry.input(description="A status of a desk's workflow and the words the desk shows for it.")
class SetStatusLabelInput:
    desk: Slug = strawberry.field(description=DESK)
    status: Slug = strawberry.field(description="The status's name in the desk's workflow, e.g. new.")
    label: list[LocalizedTextInput] | None = strawberry.field(
        default=None, description="Its words per language; null: back to the plugin's words.")


@strawberry.type
class DeskSettingsMutations:
    @admin_mutation("Word a status of the desk's workflow the desk's own way, per language; without `label`, back "
                    "to the plugin's words. Desk admins and superusers.")
    async def set_status_label(
            self, info: Info,
            input: Annotated[SetStatusLabelInput, strawberry.argument(description="The status and its words.")],
    ) -> DeskPayload:
        await labels.set_status_label(info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
                                      input.status, words_of(input.label))
        return DeskPayload.of(info, input.desk)
