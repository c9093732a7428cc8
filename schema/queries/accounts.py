"""Queries about the caller."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.schema.types.accounts import User


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Who I am: the signed-in user, or null without a token.")
    def me(self, info: Info) -> User | None:
        user = info.context.user
        return User.from_model(user) if user is not None else None
