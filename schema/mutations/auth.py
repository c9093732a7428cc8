"""Signing in and out, self-registration with email confirmation, and password reset."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.auth import accounts, registration, tokens
from loket.schema.inputs import Credential, Email, LinkToken, Name, Password, Slug
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import (
    EmailConfirmedPayload,
    LoginPayload,
    LogoutPayload,
    PasswordResetPayload,
    RegistrationPayload,
    RequestAcceptedPayload,
    User,
)


def _payload(issued: tokens.IssuedToken) -> LoginPayload:
    return LoginPayload(token=issued.token, expires_at=issued.expires_at, user=User.from_model(issued.session.user))


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in with email and password; returns a bearer token that expires.")
    async def login(self, info: Info, email: Email, password: Password) -> LoginPayload:
        context = info.context
        return _payload(await accounts.login_with_password(email, password, context.settings, context.pm))

    @strawberry.mutation(
        description="Sign in through an external identity provider (e.g. a ministry's SSO) that a plugin "
        "supports: pass the provider's name and the credential it gave you (such as an ID token)."
    )
    async def login_external(self, info: Info, provider: Slug, credential: Credential) -> LoginPayload:
        context = info.context
        return _payload(await accounts.login_with_provider(provider, credential, context.pm, context.settings))

    @strawberry.mutation(description="Sign out: the token of this request stops working at once.",
                         permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> LogoutPayload:
        await tokens.revoke(info.context.session)
        return LogoutPayload(revoked=True)

    @strawberry.mutation(description="Create an account with email and password. A confirmation link (single "
                         "use, expiring) is emailed; sign-in is refused with EMAIL_NOT_CONFIRMED until it is opened.")
    async def register(self, info: Info, email: Email, password: Password, display_name: Name) -> RegistrationPayload:
        context = info.context
        user = await registration.register(context.runtime, email=email, password=password,
                                           display_name=display_name, language=context.language)
        return RegistrationPayload(email=user.email, confirmation_sent=True)

    @strawberry.mutation(description="Confirm an email address with the token of the emailed link.")
    async def confirm_email(self, info: Info, token: LinkToken) -> EmailConfirmedPayload:
        user = await registration.confirm_email(info.context.runtime, token)
        return EmailConfirmedPayload(email=user.email)

    @strawberry.mutation(description="Email a new confirmation link to an unconfirmed account. Always accepted.")
    async def resend_confirmation(self, info: Info, email: Email) -> RequestAcceptedPayload:
        await registration.resend_confirmation(info.context.runtime, email)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Email a password reset link (single use, expiring). Always accepted.")
    async def request_password_reset(self, info: Info, email: Email) -> RequestAcceptedPayload:
        await registration.request_password_reset(info.context.runtime, email)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Choose a new password with the token of a reset link.")
    async def reset_password(self, info: Info, token: LinkToken, new_password: Password) -> PasswordResetPayload:
        user = await registration.reset_password(info.context.runtime, token, new_password)
        return PasswordResetPayload(email=user.email)
