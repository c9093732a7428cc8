"""GraphQL types for people, their roles and their sign-ins."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from loket.core import models
from loket.core.auth import roles
from loket.schema.types.desks import Team
from loket.schema.types.node import Node, global_id


@strawberry.enum(description="What a user can be: everyone reports; agents work in teams; admins run desks.")
class Role(Enum):
    REPORTER = strawberry.enum_value("reporter", description="Files tickets and follows their own; everyone "
                                     "holds it.")
    AGENT = strawberry.enum_value("agent", description="Works the tickets of a desk's team.")
    DESK_ADMIN = strawberry.enum_value("desk_admin", description="Runs a desk: its teams, people, service levels "
                                       "and reports.")
    SUPERUSER = strawberry.enum_value("superuser", description="Runs the whole installation, every desk included.")


@strawberry.type(description="One role a user holds, and where it applies.")
class RoleGrant:
    role: Role = strawberry.field(description="The role held.")
    desk_slug: str | None = strawberry.field(description="The desk the role applies to, if any.")
    team: Team | None = strawberry.field(description="For agents: the team they work in.")

    @classmethod
    def from_grant(cls, grant: roles.RoleGrant) -> RoleGrant:
        team = Team.from_model(grant.team, grant.desk_slug or "") if grant.team else None
        return cls(role=Role(grant.role.value), desk_slug=grant.desk_slug, team=team)


@strawberry.type(description="An external identity provider this user signs in through, with what it says of them.")
class ExternalAccount:
    provider: str = strawberry.field(description="The provider's name, as the deployment's plugins call it.")
    attributes: JSON = strawberry.field(description="e.g. the person's unit, as the provider vouches for it.")


@strawberry.type(description="A person using Loket.")
class User(Node):
    email: str = strawberry.field(description="The email address the person signs in and is mailed with.")
    display_name: str = strawberry.field(description="The name to show for the person.")
    is_superuser: bool = strawberry.field(description="True: runs the whole installation (see Role.SUPERUSER).")
    language: str | None = strawberry.field(description="My preferred language (id, en): my mails', and the "
                                            "messages' when a request sends no Accept-Language.")
    guest: bool = strawberry.field(description="Signed in through a guest link: no password yet (register with "
                                   "this email to claim the account).")
    _model: strawberry.Private[models.User]

    @strawberry.field(description="Every role this user holds: reporter always, plus agent/admin grants.")
    async def roles(self) -> list[RoleGrant]:
        return [RoleGrant.from_grant(grant) for grant in await roles.roles_of(self._model)]

    @strawberry.field(description="The external identity providers this user signed in through.")
    async def external_accounts(self) -> list[ExternalAccount]:
        found = await models.ExternalAccount.filter(user_id=self._model.id).order_by("provider")
        return [ExternalAccount(provider=a.provider, attributes=a.attributes or {}) for a in found]

    @classmethod
    def from_model(cls, user: models.User) -> User:
        return cls(id=global_id("User", user.id), email=user.email, display_name=user.display_name,
                   is_superuser=user.is_superuser, language=user.language, guest=user.is_guest, _model=user)


@strawberry.type(description="A signed-in session: send the token as 'Authorization: Bearer <token>'.")
class LoginPayload:
    token: str = strawberry.field(description="The bearer token. Keep it out of URLs and logs.")
    expires_at: datetime = strawberry.field(description="When the token stops working unless refreshed before "
                                            "then with refreshSession (UTC).")
    user: User = strawberry.field(description="The person signed in.")


@strawberry.type(description="The outcome of signing out.")
class LogoutPayload:
    revoked: bool = strawberry.field(description="True when the token used for this request no longer works.")
    sessions_ended: int = strawberry.field(default=1, description="How many sessions ended: 1, or with "
                                           "everywhere every session the account had.")


@strawberry.type(description="Registration accepted: a new account may sign in once its email address is confirmed. "
                 "The same answer comes for an address that already has an account (its owner is emailed).")
class RegistrationPayload:
    email: str = strawberry.field(description="The address registered, as normalised.")
    confirmation_sent: bool = strawberry.field(description="An email went to the address: a confirmation link, or "
                                               "for an existing account a note to its owner.")


@strawberry.type(description="An external identity was linked to the signed-in account.")
class ExternalAccountLinkedPayload:
    provider: str = strawberry.field(description="The provider whose identity was linked.")
    user: User = strawberry.field(description="The signed-in account it now opens.")


@strawberry.type(description="An email address was confirmed; its account may sign in.")
class EmailConfirmedPayload:
    email: str = strawberry.field(description="The address confirmed.")


@strawberry.type(description="A new password was set; every earlier sign-in of the account was revoked.")
class PasswordResetPayload:
    email: str = strawberry.field(description="The account's address.")


@strawberry.type(description="The request was taken. Whether the address has an account is not revealed: "
                             "if it does, an email is on its way.")
class RequestAcceptedPayload:
    accepted: bool = strawberry.field(description="Always true.")

