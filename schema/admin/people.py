"""People over GraphQL: listing accounts, inviting, granting and revoking duties, deactivating, mailing a
password reset. Superusers everywhere; a desk admin at their own desks (see ``loket.core.people``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.auth import roles
from loket.core.people import directory, duties, invitations, standing
from loket.core.people.scope import find_user
from loket.core.paging import cursor_of, page_by_id, window
from loket.schema.admin.desk_settings import actor_of
from loket.schema.admin.inputs import DESK, admin_mutation
from loket.schema.inputs import Cursor, Email, GlobalId, Name, SearchText, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import Role, RoleGrant
from loket.schema.types.connections import (
    AFTER,
    BEFORE,
    DEPRECATED_PAGE_FIELD,
    FIRST,
    LAST,
    Connection,
    connection,
)
from loket.schema.types.node import Node, global_id, row_of

CURSOR = "people"
PAGE_SIZE = 50


@strawberry.type(description="An account as its admins see it.")
class Account(Node):
    email: str = strawberry.field(description="The account's email, lower-case: what it signs in with.")
    display_name: str = strawberry.field(description="The person's name.")
    is_active: bool = strawberry.field(description="False: deactivated, it cannot sign in.")
    is_superuser: bool = strawberry.field(description="True: may administer every desk and the deployment.")
    language: str | None = strawberry.field(description="The language of the person's mails and messages.")
    last_login_at: datetime | None = strawberry.field(description="When it last signed in; null if never.")
    _model: strawberry.Private[models.User]
    _desks: strawberry.Private[frozenset[str] | None]

    @strawberry.field(description="The roles the account holds; a desk admin sees those at their desks (and "
                      "reporter, superuser).")
    async def roles(self) -> list[RoleGrant]:
        grants = await roles.roles_of(self._model)
        return [RoleGrant.from_grant(grant) for grant in grants
                if self._desks is None or grant.desk_slug is None or grant.desk_slug in self._desks]

    @classmethod
    def of(cls, user: models.User, desks: set[str] | None = None) -> Account:
        return cls(id=global_id("Account", user.id), email=user.email, display_name=user.display_name,
                   is_active=user.is_active, is_superuser=user.is_superuser, language=user.language,
                   last_login_at=user.last_login_at, _model=user,
                   _desks=frozenset(desks) if desks is not None else None)


@strawberry.type(description="A page of accounts, newest first.")
class AccountConnection(Connection[Account]):
    @strawberry.field(description="Whether more accounts follow.", deprecation_reason=DEPRECATED_PAGE_FIELD)
    def has_next_page(self) -> bool:
        return self.page_info.has_next_page

    @strawberry.field(description="The last account's cursor.", deprecation_reason=DEPRECATED_PAGE_FIELD)
    def end_cursor(self) -> str | None:
        return self.page_info.end_cursor


@strawberry.input(description="Which accounts to list (all given conditions hold).")
class PeopleFilterInput:
    text: SearchText | None = strawberry.field(default=None, description="Part of the name or email.")
    email: Email | None = strawberry.field(default=None, description="Exactly this email: a desk admin finds "
                                           "any account this way, to grant it a duty.")
    desk: Slug | None = strawberry.field(default=None, description="People with a duty at this desk.")
    team: Slug | None = strawberry.field(default=None, description="Members of this team of `desk`.")
    role: Role | None = strawberry.field(default=None, description="Holding this role (at `desk` if given); "
                                         "REPORTER: accounts without any duty.")
    active: bool | None = strawberry.field(default=None, description="True: active accounts only; false: "
                                           "deactivated ones only; null: both.")


@strawberry.input(description="A team as a desk knows it (its own, or a shared team serving it).")
class TeamRefInput:
    desk: Slug = strawberry.field(description=DESK)
    team: Slug = strawberry.field(description="The team's slug, as the desk knows it.")


@strawberry.input(description="Someone to invite: an account is created and mailed a link to choose a password.")
class InviteUserInput:
    email: Email = strawberry.field(description="Their email address; the invitation is mailed there.")
    display_name: Name = strawberry.field(default="", description="Their name (empty: the email's local part).")
    language: Slug | None = strawberry.field(default=None, description="id or en: their mails' language.")
    teams: list[TeamRefInput] = strawberry.field(default_factory=list, description="Teams to make them an "
                                                 "agent of.")
    admin_of: list[Slug] = strawberry.field(default_factory=list, description="Desks to make them an admin of.")


async def _visible_desks(info: Info) -> set[str] | None:
    return directory.visible_desk_slugs(await info.context.viewer(), info.context.runtime.desks)


@strawberry.type
class PeopleQueries:
    @strawberry.field(description="Accounts, newest first: a superuser sees everyone, a desk admin the people "
                      "with duties at their desks (and any account by its exact email).",
                      permission_classes=[IsAuthenticated])
    async def people(self, info: Info,
                     filter: Annotated[PeopleFilterInput | None, strawberry.argument(
                         description="Conditions every account listed meets; none by default.")] = None,
                     first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                     after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                     last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                     before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                     ) -> AccountConnection:
        wanted = filter or PeopleFilterInput()
        viewer = await info.context.viewer()
        query = directory.find_people(info.context.runtime.desks, viewer, directory.PeopleFilter(
            text=wanted.text, email=wanted.email, desk=wanted.desk, team=wanted.team,
            role=roles.Role(wanted.role.value) if wanted.role else None, active=wanted.active))
        page = await page_by_id(query, window(first, after, last, before, default=PAGE_SIZE), CURSOR)
        desks = await _visible_desks(info)
        found = connection(page, lambda row: cursor_of(row.id, CURSOR), lambda row: Account.of(row, desks))
        return AccountConnection(edges=found.edges, page_info=found.page_info)


@strawberry.type(description="What a change of an account answers: the account as it now is.")
class AccountPayload:
    account: Account = strawberry.field(description="The account, with the change in force.")


USER = "The account's id."


@strawberry.input(description="An account and a team serving a desk, to make it an agent of.")
class GrantTeamMembershipInput:
    user: GlobalId = strawberry.field(description=USER)
    desk: Slug = strawberry.field(description=DESK)
    team: Slug = strawberry.field(description="The team's slug, as the desk knows it.")


@strawberry.input(description="An account and a team serving a desk, to end its membership of.")
class RevokeTeamMembershipInput:
    user: GlobalId = strawberry.field(description=USER)
    desk: Slug = strawberry.field(description=DESK)
    team: Slug = strawberry.field(description="The team's slug, as the desk knows it.")


@strawberry.input(description="An account to make an admin of a desk.")
class GrantDeskAdminInput:
    user: GlobalId = strawberry.field(description=USER)
    desk: Slug = strawberry.field(description=DESK)


@strawberry.input(description="An account that administers a desk no more.")
class RevokeDeskAdminInput:
    user: GlobalId = strawberry.field(description=USER)
    desk: Slug = strawberry.field(description=DESK)


@strawberry.input(description="An account, and whether it holds the superuser role.")
class SetSuperuserInput:
    user: GlobalId = strawberry.field(description=USER)
    granted: bool = strawberry.field(description="True: grant the role; false: revoke it.")


@strawberry.input(description="An account to deactivate.")
class DeactivateUserInput:
    user: GlobalId = strawberry.field(description=USER)


@strawberry.input(description="A deactivated account to let sign in again.")
class ReactivateUserInput:
    user: GlobalId = strawberry.field(description=USER)


@strawberry.input(description="An account to mail a link to choose a new password.")
class SendPasswordResetInput:
    user: GlobalId = strawberry.field(description=USER)


async def _account(info: Info, user: models.User) -> AccountPayload:
    await user.refresh_from_db()
    return AccountPayload(account=Account.of(user, await _visible_desks(info)))


@strawberry.type
class PeopleMutations:
    @admin_mutation("Invite someone by email: their account is created with these duties and mailed a link to "
                    "choose a password (`acceptInvitation`). An address with an account already is refused "
                    "(EMAIL_TAKEN).")
    async def invite_user(
            self, info: Info, input: Annotated[InviteUserInput, strawberry.argument(description="Whom to invite.")],
    ) -> AccountPayload:
        user = await invitations.invite(
            info.context.runtime, await info.context.viewer(), actor_of(info), email=input.email,
            display_name=input.display_name, language=input.language,
            teams=[(ref.desk, ref.team) for ref in input.teams], admin_of=input.admin_of)
        return await _account(info, user)

    @admin_mutation("Make an account an agent of a team serving the desk (the desk's admins and superusers).")
    async def grant_team_membership(
            self, info: Info,
            input: Annotated[GrantTeamMembershipInput, strawberry.argument(description="The account and team.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await duties.grant_team(info.context.runtime, await info.context.viewer(), actor_of(info), person,
                                input.desk, input.team)
        return await _account(info, person)

    @admin_mutation("End an account's membership of a team serving the desk (a shared team's membership ends at "
                    "every desk it serves).")
    async def revoke_team_membership(
            self, info: Info,
            input: Annotated[RevokeTeamMembershipInput, strawberry.argument(description="The account and team.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await duties.revoke_team(info.context.runtime, await info.context.viewer(), actor_of(info), person,
                                 input.desk, input.team)
        return await _account(info, person)

    @admin_mutation("Make an account an admin of the desk.")
    async def grant_desk_admin(
            self, info: Info,
            input: Annotated[GrantDeskAdminInput, strawberry.argument(description="The account and desk.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await duties.grant_desk_admin(info.context.runtime, await info.context.viewer(), actor_of(info), person,
                                      input.desk)
        return await _account(info, person)

    @admin_mutation("An account administers the desk no more.")
    async def revoke_desk_admin(
            self, info: Info,
            input: Annotated[RevokeDeskAdminInput, strawberry.argument(description="The account and desk.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await duties.revoke_desk_admin(info.context.runtime, await info.context.viewer(), actor_of(info), person,
                                       input.desk)
        return await _account(info, person)

    @admin_mutation("Grant (or with `granted: false` revoke) the superuser role; superusers only. The last active "
                    "superuser keeps it (LAST_SUPERUSER).")
    async def set_superuser(
            self, info: Info,
            input: Annotated[SetSuperuserInput, strawberry.argument(description="The account and the role.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await duties.set_superuser(info.context.runtime, await info.context.viewer(), actor_of(info), person,
                                   input.granted)
        return await _account(info, person)

    @admin_mutation("Deactivate an account: it cannot sign in, and its sessions end at once everywhere. Not "
                    "yourself, not the last active superuser.")
    async def deactivate_user(
            self, info: Info, input: Annotated[DeactivateUserInput, strawberry.argument(description="The account.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await standing.deactivate(info.context.runtime, await info.context.viewer(), actor_of(info), person)
        return await _account(info, person)

    @admin_mutation("Let a deactivated account sign in again.")
    async def reactivate_user(
            self, info: Info, input: Annotated[ReactivateUserInput, strawberry.argument(description="The account.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await standing.reactivate(info.context.runtime, await info.context.viewer(), actor_of(info), person)
        return await _account(info, person)

    @admin_mutation("Mail an account a link to choose a new password (as `requestPasswordReset` does).")
    async def send_password_reset(
            self, info: Info,
            input: Annotated[SendPasswordResetInput, strawberry.argument(description="The account.")],
    ) -> AccountPayload:
        person = await find_user(row_of(input.user, "Account", "User", field="user"))
        await invitations.send_password_reset(info.context.runtime, await info.context.viewer(), actor_of(info),
                                              person)
        return await _account(info, person)
