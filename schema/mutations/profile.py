"""The signed-in person's own profile: display name, preferred language, password."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.people import profile
from loket.schema.inputs import Name, Password, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import User


@strawberry.type(description="My password was changed; my other sign-ins ended, this one goes on.")
class PasswordChangedPayload:
    sessions_ended: int = strawberry.field(description="How many of my other sessions ended.")


@strawberry.type(description="My profile after the change.")
class ProfilePayload:
    user: User = strawberry.field(description="The signed-in person, as changed.")


@strawberry.input(description="What to change of my profile: leave out what stays.")
class UpdateProfileInput:
    display_name: Name | None = strawberry.field(default=None, description="The name shown to desks.")
    language: Slug | None = strawberry.field(default=None, description="My preferred language: id or en.")


@strawberry.input(description="My current password and the new one.")
class ChangePasswordInput:
    old_password: Password = strawberry.field(description="The password I sign in with now.")
    new_password: Password = strawberry.field(description="The password to sign in with from now on (the "
                                              "deployment's password rules apply).")


@strawberry.type
class ProfileMutations:
    @strawberry.mutation(description="Change my display name and/or preferred language (id or en: the language "
                         "of my mails, and of messages when a request sends no Accept-Language).",
                         permission_classes=[IsAuthenticated])
    async def update_profile(
            self, info: Info, input: Annotated[UpdateProfileInput, strawberry.argument(description="The changes.")],
    ) -> ProfilePayload:
        user = await profile.update_profile(info.context.runtime, info.context.user,
                                            display_name=input.display_name, language=input.language)
        return ProfilePayload(user=User.from_model(user))

    @strawberry.mutation(description="Change my password, given the current one. My other sessions end at once.",
                         permission_classes=[IsAuthenticated])
    async def change_password(
            self, info: Info,
            input: Annotated[ChangePasswordInput, strawberry.argument(description="The current and new password.")],
    ) -> PasswordChangedPayload:
        session = info.context.session
        ended = await profile.change_password(info.context.runtime, info.context.user,
                                              session.id if session is not None else None, input.old_password,
                                              input.new_password)
        return PasswordChangedPayload(sessions_ended=ended)
