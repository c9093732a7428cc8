"""Queries about the caller and the desks of this deployment."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.schema.types.accounts import User
from loket.schema.types.desks import Desk


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Who I am: the signed-in user, or null without a token.")
    def me(self, info: Info) -> User | None:
        user = info.context.user
        return User.from_model(user) if user is not None else None

    @strawberry.field(description="The desks this deployment serves, with their teams and tiers.")
    async def desks(self) -> list[Desk]:
        desks = await models.Desk.filter(is_active=True).prefetch_related("teams").order_by("slug")
        return [Desk.from_model(desk) for desk in desks]
