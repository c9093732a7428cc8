"""Signing in and out, self-registration with email confirmation, and password reset."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.auth import accounts, external, invitations, registration, tokens
from loket.core.auth.sessions import sign_out, sign_out_everywhere
from loket.schema.inputs import Credential, Email, LinkToken, Name, Password, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import (
    EmailConfirmedPayload,
    ExternalAccountLinkedPayload,
    LoginPayload,
    LogoutPayload,
    PasswordResetPayload,
    RegistrationPayload,
    RequestAcceptedPayload,
    User,
)


@strawberry.input(description="An email and password to sign in with.")
class LoginInput:
    email: Email = strawberry.field(description="The account's email address (any letter case).")
    password: Password = strawberry.field(description="The account's password.")


@strawberry.input(description="A credential from an external identity provider that a plugin supports.")
class LoginExternalInput:
    provider: Slug = strawberry.field(description="The provider's name, e.g. a ministry's SSO.")
    credential: Credential = strawberry.field(description="What the provider gave you, such as an ID token.")


@strawberry.input(description="An external identity to link to the signed-in account.")
class LinkExternalAccountInput:
    provider: Slug = strawberry.field(description="The provider's name.")
    credential: Credential = strawberry.field(description="What the provider gave you, such as an ID token.")


@strawberry.input(description="How far to sign out.")
class LogoutInput:
    everywhere: bool = strawberry.field(default=False, description="End every session of the account (other "
                                        "browsers and devices too), not only this one.")


@strawberry.input(description="A new account: who signs up and the password they chose.")
class RegisterInput:
    email: Email = strawberry.field(description="The address to confirm; sign-in uses it.")
    password: Password = strawberry.field(description="The password chosen (the deployment's password rules "
                                          "apply).")
    display_name: Name = strawberry.field(description="The name shown to desks.")


@strawberry.input(description="The token of an emailed confirmation link.")
class ConfirmEmailInput:
    token: LinkToken = strawberry.field(description="The token the link carries.")


@strawberry.input(description="Whom to email a new confirmation link.")
class ResendConfirmationInput:
    email: Email = strawberry.field(description="The unconfirmed account's address.")


@strawberry.input(description="Whom to email a password reset link.")
class RequestPasswordResetInput:
    email: Email = strawberry.field(description="The account's address.")


@strawberry.input(description="The token of an invitation link and the password chosen with it.")
class AcceptInvitationInput:
    token: LinkToken = strawberry.field(description="The token the invitation link carries.")
    new_password: Password = strawberry.field(description="The password to sign in with from now on.")


@strawberry.input(description="The token of a password reset link and the new password.")
class ResetPasswordInput:
    token: LinkToken = strawberry.field(description="The token the reset link carries.")
    new_password: Password = strawberry.field(description="The password to sign in with from now on.")


def login_payload(issued: tokens.IssuedToken) -> LoginPayload:
    return LoginPayload(token=issued.token, expires_at=issued.expires_at, user=User.from_model(issued.session.user))


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in with email and password; returns a bearer token that expires. "
                         "Repeated failures for an account or from an address are refused for a while with "
                         "TOO_MANY_ATTEMPTS (extensions.retryAfter, and the Retry-After header, in seconds).")
    async def login(self, info: Info, input: Annotated[LoginInput, strawberry.argument(
            description="The email and password.")]) -> LoginPayload:
        context = info.context
        return login_payload(await accounts.login_with_password(context.runtime, input.email, input.password,
                                                                address=context.client_address))

    @strawberry.mutation(
        description="Sign in through an external identity provider (e.g. a ministry's SSO) that a plugin "
        "supports: pass the provider's name and the credential it gave you (such as an ID token). An identity "
        "that is not linked yet opens an existing account with its email only when the provider vouches for the "
        "email and is trusted for its domain; otherwise EXTERNAL_ACCOUNT_NOT_LINKED: sign in and use "
        "linkExternalAccount."
    )
    async def login_external(self, info: Info, input: Annotated[LoginExternalInput, strawberry.argument(
            description="The provider and its credential.")]) -> LoginPayload:
        context = info.context
        return login_payload(await external.login_with_provider(context.runtime, input.provider, input.credential,
                                                                address=context.client_address))

    @strawberry.mutation(
        description="Link an external identity (the provider's name and the credential it gave you) to your "
        "account, so that you may sign in through it too. Your password keeps working.",
        permission_classes=[IsAuthenticated])
    async def link_external_account(self, info: Info, input: Annotated[LinkExternalAccountInput, strawberry.argument(
            description="The provider and its credential.")]) -> ExternalAccountLinkedPayload:
        context = info.context
        link = await external.link_external_account(context.runtime, context.user, input.provider, input.credential,
                                                    address=context.client_address)
        return ExternalAccountLinkedPayload(provider=link.provider, user=User.from_model(context.user))

    @strawberry.mutation(description="Sign out: the token of this request (with everywhere, every token of the "
                         "account) stops working at once, and the live subscriptions it opened end with "
                         "TOKEN_REVOKED.", permission_classes=[IsAuthenticated])
    async def logout(self, info: Info, input: Annotated[LogoutInput, strawberry.argument(
            description="How far to sign out; by default this session only.")] = LogoutInput()) -> LogoutPayload:
        context = info.context
        if input.everywhere:
            ended = await sign_out_everywhere(context.runtime, context.user.id)
        else:
            await sign_out(context.runtime, context.session)
            ended = 1
        return LogoutPayload(revoked=True, sessions_ended=ended)

    @strawberry.mutation(description="Create an account with email and password. A confirmation link (single "
                         "use, expiring) is emailed; sign-in is refused with EMAIL_NOT_CONFIRMED until it is opened. "
                         "An address that already has an account gets the same answer, and its owner an email "
                         "saying so instead.")
    async def register(self, info: Info, input: Annotated[RegisterInput, strawberry.argument(
            description="Who signs up.")]) -> RegistrationPayload:
        context = info.context
        registered = await registration.register(context.runtime, email=input.email, password=input.password,
                                                 display_name=input.display_name, language=context.language,
                                                 address=context.client_address)
        return RegistrationPayload(email=registered, confirmation_sent=True)

    @strawberry.mutation(description="Confirm an email address with the token of the emailed link.")
    async def confirm_email(self, info: Info, input: Annotated[ConfirmEmailInput, strawberry.argument(
            description="The link's token.")]) -> EmailConfirmedPayload:
        user = await registration.confirm_email(info.context.runtime, input.token)
        return EmailConfirmedPayload(email=user.email)

    @strawberry.mutation(description="Email a new confirmation link to an unconfirmed account. Always accepted.")
    async def resend_confirmation(self, info: Info, input: Annotated[ResendConfirmationInput, strawberry.argument(
            description="The address.")]) -> RequestAcceptedPayload:
        await registration.resend_confirmation(info.context.runtime, input.email,
                                               address=info.context.client_address)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Email a password reset link (single use, expiring). Always accepted. "
                         "Accounts without a password get one too (a caller an agent registered, a guest), unless "
                         "an external sign-in created them.")
    async def request_password_reset(self, info: Info, input: Annotated[RequestPasswordResetInput, strawberry.argument(
            description="The address.")]) -> RequestAcceptedPayload:
        await registration.request_password_reset(info.context.runtime, input.email,
                                                  address=info.context.client_address)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Choose a password with the token of an invitation link (mailed to a caller "
                         "an agent opened a ticket for); sign in with it from then on.")
    async def accept_invitation(self, info: Info, input: Annotated[AcceptInvitationInput, strawberry.argument(
            description="The link's token and the password chosen.")]) -> PasswordResetPayload:
        user = await invitations.accept_invitation(info.context.runtime, input.token, input.new_password)
        return PasswordResetPayload(email=user.email)

    @strawberry.mutation(description="Choose a new password with the token of a reset link.")
    async def reset_password(self, info: Info, input: Annotated[ResetPasswordInput, strawberry.argument(
            description="The link's token and the new password.")]) -> PasswordResetPayload:
        user = await registration.reset_password(info.context.runtime, input.token, input.new_password)
        return PasswordResetPayload(email=user.email)
