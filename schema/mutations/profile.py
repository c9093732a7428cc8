"""The signed-in person's own profile: display name, preferred language, password."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.people import profile
from loket.schema.inputs import Name, Password, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import User


@strawberry.type(description="My password was changed; my other sign-ins ended, this one goes on.")
class PasswordChangedPayload:
    sessions_ended: int = strawberry.field(description="How many of my other sessions ended.")


@strawberry.type
class ProfileMutations:
    @strawberry.mutation(description="Change my display name and/or preferred language (id or en: the language "
                         "of my mails, and of messages when a request sends no Accept-Language).",
                         permission_classes=[IsAuthenticated])
    async def update_profile(self, info: Info, display_name: Name | None = None,
                             language: Slug | None = None) -> User:
        user = await profile.update_profile(info.context.runtime, info.context.user, display_name=display_name,
                                            language=language)
        return User.from_model(user)

    @strawberry.mutation(description="Change my password, given the current one. My other sessions end at once.",
                         permission_classes=[IsAuthenticated])
    async def change_password(self, info: Info, old_password: Password,
                              new_password: Password) -> PasswordChangedPayload:
        session = info.context.session
        ended = await profile.change_password(info.context.runtime, info.context.user,
                                              session.id if session is not None else None, old_password,
                                              new_password)
        return PasswordChangedPayload(sessions_ended=ended)
