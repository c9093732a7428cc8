"""Changing a desk's configuration at run time: what its admins lay over the plugin's definition."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.admin.audit import Actor
from loket.core.desk_config import labels
from loket.schema.admin.inputs import LocalizedTextInput, words_of
from loket.schema.inputs import Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.desks import Desk


def actor_of(info: Info) -> Actor:
    return Actor.of(info.context.user)


@strawberry.type
class DeskSettingsMutations:
    @strawberry.mutation(description="Word a status of the desk's workflow the desk's own way, per language; "
                         "without `label`, back to the plugin's words. Desk admins and superusers.",
                         permission_classes=[IsAuthenticated])
    async def set_status_label(self, info: Info, desk: Slug, status: Slug,
                               label: list[LocalizedTextInput] | None = None) -> Desk:
        rt = info.context.runtime
        await labels.set_status_label(rt, await info.context.viewer(), actor_of(info), desk, status,
                                      words_of(label))
        return Desk.of(rt.desks.get(desk), info.context)
