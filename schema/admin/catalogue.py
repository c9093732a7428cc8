"""Changing a desk's catalogue at run time: its topics, extra fields and pause reasons. Desk admins of the desk
and superusers; each mutation answers the desk as it now is."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.desk_config import fields, pause_reasons, topic_changes
from loket.schema.admin.desk_settings import actor_of
from loket.schema.admin.inputs import LocalizedTextInput, words_of
from loket.schema.inputs import ShortText, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.desks import Desk
from loket.schema.types.vocabulary import FieldKind

ADMINS = "Desk admins of the desk and superusers."


@strawberry.input(description="A new topic of a desk.")
class AddTopicInput:
    slug: Slug = strawberry.field(description="Lowercase letters, digits, '-' and '_'; unique in the desk.")
    name: list[LocalizedTextInput]
    parent: Slug | None = strawberry.field(default=None, description="The topic it goes under (null: the top).")
    description: list[LocalizedTextInput] | None = None
    team: Slug | None = strawberry.field(default=None, description="The team new tickets on it go to (null: as "
                                         "its parent's, else the desk's intake team).")
    position: int | None = strawberry.field(default=None, description="Its place among its siblings, 0 first "
                                            "(null: last).")


@strawberry.input(description="A new extra field of a desk's tickets.")
class AddFieldInput:
    key: Slug = strawberry.field(description="The key its value is sent under in `fields`: lowercase letters, "
                                 "digits and '_', starting with a letter.")
    kind: FieldKind
    label: list[LocalizedTextInput]
    required: bool = False
    choices: list[ShortText] | None = strawberry.field(default=None, description="The values offered (a choice "
                                                       "field needs them; other kinds take none).")
    help: list[LocalizedTextInput] | None = None
    topics: list[Slug] | None = strawberry.field(default=None, description="Asked on tickets under these topics "
                                                 "only (empty: every ticket of the desk).")


@strawberry.input(description="What changes of an extra field: only what is given.")
class ChangeFieldInput:
    key: Slug
    label: list[LocalizedTextInput] | None = None
    required: bool | None = None
    choices: list[ShortText] | None = None
    help: list[LocalizedTextInput] | None = None
    topics: list[Slug] | None = strawberry.field(default=None, description="Replaces the topics it is asked on "
                                                 "(empty: every ticket of the desk).")


def _desk(info: Info, desk: str) -> Desk:
    return Desk.of(info.context.runtime.desks.get(desk), info.context)


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description=f"Add a topic to a desk. {ADMINS}", permission_classes=[IsAuthenticated])
    async def add_topic(self, info: Info, desk: Slug, input: AddTopicInput) -> Desk:
        await topic_changes.add_topic(
            info.context.runtime, await info.context.viewer(), actor_of(info), desk, input.slug, words_of(input.name),
            parent=input.parent, description=words_of(input.description), team=input.team, position=input.position)
        return _desk(info, desk)

    @strawberry.mutation(description=f"Name or describe a topic the desk's own way, per language. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def rename_topic(self, info: Info, desk: Slug, topic: Slug, name: list[LocalizedTextInput] | None = None,
                           description: list[LocalizedTextInput] | None = None) -> Desk:
        await topic_changes.rename_topic(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                         topic, name=words_of(name), description=words_of(description))
        return _desk(info, desk)

    @strawberry.mutation(description=f"Put a topic at a place among its siblings (0: first). {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def move_topic(self, info: Info, desk: Slug, topic: Slug, position: int) -> Desk:
        await topic_changes.move_topic(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                       topic, position)
        return _desk(info, desk)

    @strawberry.mutation(description="Stop offering a topic (and its sub-topics) for new tickets; tickets filed on "
                         f"it keep it. {ADMINS}", permission_classes=[IsAuthenticated])
    async def retire_topic(self, info: Info, desk: Slug, topic: Slug) -> Desk:
        await topic_changes.retire_topic(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                         topic)
        return _desk(info, desk)

    @strawberry.mutation(description=f"Offer a retired topic again. {ADMINS}", permission_classes=[IsAuthenticated])
    async def restore_topic(self, info: Info, desk: Slug, topic: Slug) -> Desk:
        await topic_changes.restore_topic(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                          topic)
        return _desk(info, desk)

    @strawberry.mutation(description="Delete a topic an admin added that no ticket uses and that has no "
                         f"sub-topics (retire one in use). {ADMINS}", permission_classes=[IsAuthenticated])
    async def delete_topic(self, info: Info, desk: Slug, topic: Slug) -> Desk:
        await topic_changes.delete_topic(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                         topic)
        return _desk(info, desk)

    @strawberry.mutation(description=f"Add an extra field to a desk's tickets. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def add_field(self, info: Info, desk: Slug, input: AddFieldInput) -> Desk:
        await fields.add_field(info.context.runtime, await info.context.viewer(), actor_of(info), desk, input.key,
                               input.kind.value, words_of(input.label), required=input.required, choices=input.choices,
                               help=words_of(input.help), topics=input.topics)
        return _desk(info, desk)

    @strawberry.mutation(description="Change an extra field's label, whether it is required, its choices, help "
                         f"text or topics. {ADMINS}", permission_classes=[IsAuthenticated])
    async def change_field(self, info: Info, desk: Slug, input: ChangeFieldInput) -> Desk:
        await fields.change_field(info.context.runtime, await info.context.viewer(), actor_of(info), desk, input.key,
                                  label=words_of(input.label), required=input.required, choices=input.choices,
                                  help=words_of(input.help), topics=input.topics)
        return _desk(info, desk)

    @strawberry.mutation(description="Stop asking a field an admin added on `topic`; without a topic (or from its "
                         f"last topic) remove the field. Tickets keep the values they hold. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def remove_field(self, info: Info, desk: Slug, key: Slug, topic: Slug | None = None) -> Desk:
        await fields.remove_field(info.context.runtime, await info.context.viewer(), actor_of(info), desk, key,
                                  topic)
        return _desk(info, desk)

    @strawberry.mutation(description=f"Offer agents a new reason to stop a ticket's resolution clock. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def add_pause_reason(self, info: Info, desk: Slug, reason: Slug, label: list[LocalizedTextInput]) -> Desk:
        await pause_reasons.add_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info), desk,
                                             reason, words_of(label))
        return _desk(info, desk)

    @strawberry.mutation(description=f"Word a pause reason the desk's own way, per language. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def relabel_pause_reason(self, info: Info, desk: Slug, reason: Slug,
                                   label: list[LocalizedTextInput]) -> Desk:
        await pause_reasons.relabel_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                 desk, reason, words_of(label))
        return _desk(info, desk)

    @strawberry.mutation(description="Stop offering a pause reason; clocks already stopped for it keep it. "
                         f"{ADMINS}", permission_classes=[IsAuthenticated])
    async def retire_pause_reason(self, info: Info, desk: Slug, reason: Slug) -> Desk:
        await pause_reasons.retire_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                desk, reason)
        return _desk(info, desk)

    @strawberry.mutation(description=f"Offer a retired pause reason again. {ADMINS}",
                         permission_classes=[IsAuthenticated])
    async def restore_pause_reason(self, info: Info, desk: Slug, reason: Slug) -> Desk:
        await pause_reasons.retire_pause_reason(info.context.runtime, await info.context.viewer(), actor_of(info),
                                                desk, reason, retired=False)
        return _desk(info, desk)
