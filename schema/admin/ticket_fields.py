"""A desk's extra ticket fields at run time: add, change, remove. Desk admins of the desk and superusers; each
mutation answers the desk as it now is."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.desk_config import fields
from loket.schema.admin.desk_settings import DeskPayload, actor_of
from loket.schema.admin.inputs import DESK, LocalizedTextInput, admin_mutation, words_of
from loket.schema.inputs import ShortText, Slug
from loket.schema.types.vocabulary import FieldKind

ADMINS = "Desk admins of the desk and superusers."


@strawberry.input(description="A new extra field of a desk's tickets.")
class AddFieldInput:
    desk: Slug = strawberry.field(description=DESK)
    key: Slug = strawberry.field(description="The key its value is sent under in `fields`: lowercase letters, "
                                 "digits and '_', starting with a letter.")
    kind: FieldKind = strawberry.field(description="What the field holds, and so how it is asked and checked.")
    label: list[LocalizedTextInput] = strawberry.field(description="Its label per language.")
    required: bool = strawberry.field(default=False, description="Whether a new ticket must fill it.")
    choices: list[ShortText] | None = strawberry.field(default=None, description="The values offered (a choice "
                                                       "field needs them; other kinds take none).")
    help: list[LocalizedTextInput] | None = strawberry.field(default=None, description="A hint shown with it, per "
                                                             "language.")
    topics: list[Slug] | None = strawberry.field(default=None, description="Asked on tickets under these topics "
                                                 "only (empty: every ticket of the desk).")


@strawberry.input(description="What changes of an extra field: only what is given.")
class ChangeFieldInput:
    desk: Slug = strawberry.field(description=DESK)
    key: Slug = strawberry.field(description="The field's key (the plugin's or an added field).")
    label: list[LocalizedTextInput] | None = strawberry.field(default=None, description="Its label per language.")
    required: bool | None = strawberry.field(default=None, description="Whether a new ticket must fill it.")
    choices: list[ShortText] | None = strawberry.field(default=None, description="The values a choice field "
                                                       "offers.")
    help: list[LocalizedTextInput] | None = strawberry.field(default=None, description="A hint shown with it, per "
                                                             "language.")
    topics: list[Slug] | None = strawberry.field(default=None, description="Replaces the topics it is asked on "
                                                 "(empty: every ticket of the desk).")


@strawberry.input(description="A field an admin added, to stop asking on a topic or to remove.")
class RemoveFieldInput:
    desk: Slug = strawberry.field(description=DESK)
    key: Slug = strawberry.field(description="The field's key.")
    topic: Slug | None = strawberry.field(default=None, description="Stop asking it on this topic only (null: "
                                          "remove the field).")


@strawberry.type
class FieldMutations:
    @admin_mutation(f"Add an extra field to a desk's tickets. {ADMINS}")
    async def add_field(
            self, info: Info, input: Annotated[AddFieldInput, strawberry.argument(description="The new field.")],
    ) -> DeskPayload:
        await fields.add_field(info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
                               input.key, input.kind.value, words_of(input.label), required=input.required,
                               choices=input.choices, help=words_of(input.help), topics=input.topics)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Change an extra field's label, whether it is required, its choices, help text or topics. "
                    f"{ADMINS}")
    async def change_field(
            self, info: Info,
            input: Annotated[ChangeFieldInput, strawberry.argument(description="The field and what changes.")],
    ) -> DeskPayload:
        await fields.change_field(info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
                                  input.key, label=words_of(input.label), required=input.required,
                                  choices=input.choices, help=words_of(input.help), topics=input.topics)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Stop asking a field an admin added on `topic`; without a topic (or from its last topic) "
                    f"remove the field. Tickets keep the values they hold. {ADMINS}")
    async def remove_field(
            self, info: Info,
            input: Annotated[RemoveFieldInput, strawberry.argument(description="The field (and topic).")],
    ) -> DeskPayload:
        await fields.remove_field(info.context.runtime, await info.context.viewer(), actor_of(info), input.desk,
                                  input.key, input.topic)
        return DeskPayload.of(info, input.desk)
