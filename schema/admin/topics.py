"""A desk's topics at run time: add, rename, move, retire, restore, delete. Desk admins of the desk and
superusers; each mutation answers the desk as it now is."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.desk_config import topic_changes
from loket.schema.admin.desk_settings import DeskPayload, actor_of
from loket.schema.admin.inputs import DESK, LocalizedTextInput, admin_mutation, words_of
from loket.schema.inputs import Slug

ADMINS = "Desk admins of the desk and superusers."
TOPIC = "The topic's slug."


@strawberry.input(description="A new topic of a desk.")
class AddTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    slug: Slug = strawberry.field(description="Lowercase letters, digits, '-' and '_'; unique in the desk.")
    name: list[LocalizedTextInput] = strawberry.field(description="Its name per language.")
    parent: Slug | None = strawberry.field(default=None, description="The topic it goes under (null: the top).")
    description: list[LocalizedTextInput] | None = strawberry.field(default=None, description="What it is for, "
                                                                    "per language.")
    team: Slug | None = strawberry.field(default=None, description="The team new tickets on it go to (null: as "
                                         "its parent's, else the desk's intake team).")
    position: int | None = strawberry.field(default=None, description="Its place among its siblings, 0 first "
                                            "(null: last).")


@strawberry.input(description="A topic's new words; what is left out stays.")
class RenameTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    topic: Slug = strawberry.field(description=TOPIC)
    name: list[LocalizedTextInput] | None = strawberry.field(default=None, description="Its name per language.")
    description: list[LocalizedTextInput] | None = strawberry.field(default=None, description="What it is for, "
                                                                    "per language.")


@strawberry.input(description="A topic and its new place among its siblings.")
class MoveTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    topic: Slug = strawberry.field(description=TOPIC)
    position: int = strawberry.field(description="Its place among its siblings, 0 first.")


@strawberry.input(description="A topic to stop offering for new tickets.")
class RetireTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    topic: Slug = strawberry.field(description=TOPIC)


@strawberry.input(description="A retired topic to offer again.")
class RestoreTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    topic: Slug = strawberry.field(description=TOPIC)


@strawberry.input(description="A topic an admin added, to delete.")
class DeleteTopicInput:
    desk: Slug = strawberry.field(description=DESK)
    topic: Slug = strawberry.field(description=TOPIC)


@strawberry.type
class TopicMutations:
    @admin_mutation(f"Add a topic to a desk. {ADMINS}")
    async def add_topic(
            self, info: Info, input: Annotated[AddTopicInput, strawberry.argument(description="The new topic.")],
    ) -> DeskPayload:
        await topic_changes.add_topic(
            info.context.runtime, await info.context.viewer(), actor_of(info), input.desk, input.slug,
            words_of(input.name), parent=input.parent, description=words_of(input.description), team=input.team,
            position=input.position)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Name or describe a topic the desk's own way, per language. {ADMINS}")
    async def rename_topic(
            self, info: Info,
            input: Annotated[RenameTopicInput, strawberry.argument(description="The topic and its new words.")],
    ) -> DeskPayload:
        await topic_changes.rename_topic(info.context.runtime, await info.context.viewer(), actor_of(info),
                                         input.desk, input.topic, name=words_of(input.name),
                                         description=words_of(input.description))
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Put a topic at a place among its siblings (0: first). {ADMINS}")
    async def move_topic(
            self, info: Info,
            input: Annotated[MoveTopicInput, strawberry.argument(description="The topic and its place.")],
    ) -> DeskPayload:
        await topic_changes.move_topic(info.context.runtime, await info.context.viewer(), actor_of(info),
                                       input.desk, input.topic, input.position)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Stop offering a topic (and its sub-topics) for new tickets; tickets filed on it keep it. "
                    f"{ADMINS}")
    async def retire_topic(
            self, info: Info, input: Annotated[RetireTopicInput, strawberry.argument(description="The topic.")],
    ) -> DeskPayload:
        await topic_changes.retire_topic(info.context.runtime, await info.context.viewer(), actor_of(info),
                                         input.desk, input.topic)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Offer a retired topic again. {ADMINS}")
    async def restore_topic(
            self, info: Info, input: Annotated[RestoreTopicInput, strawberry.argument(description="The topic.")],
    ) -> DeskPayload:
        await topic_changes.restore_topic(info.context.runtime, await info.context.viewer(), actor_of(info),
                                          input.desk, input.topic)
        return DeskPayload.of(info, input.desk)

    @admin_mutation(f"Delete a topic an admin added that no ticket uses and that has no sub-topics (retire one in "
                    f"use). {ADMINS}")
    async def delete_topic(
            self, info: Info, input: Annotated[DeleteTopicInput, strawberry.argument(description="The topic.")],
    ) -> DeskPayload:
        await topic_changes.delete_topic(info.context.runtime, await info.context.viewer(), actor_of(info),
                                         input.desk, input.topic)
        return DeskPayload.of(info, input.desk)
