"""Signing in and out, self-registration with email confirmation, and password reset."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.auth import accounts, external, invitations, registration, tokens
from loket.core.auth.sessions import sign_out
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


def login_payload(issued: tokens.IssuedToken) -> LoginPayload:
    return LoginPayload(token=issued.token, expires_at=issued.expires_at, user=User.from_model(issued.session.user))


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in with email and password; returns a bearer token that expires. "
                         "Repeated failures for an account or from an address are refused for a while with "
                         "TOO_MANY_ATTEMPTS (extensions.retryAfter, and the Retry-After header, in seconds).")
    async def login(self, info: Info, email: Email, password: Password) -> LoginPayload:
        context = info.context
        return login_payload(await accounts.login_with_password(context.runtime, email, password,
                                                           address=context.client_address))

    @strawberry.mutation(
        description="Sign in through an external identity provider (e.g. a ministry's SSO) that a plugin "
        "supports: pass the provider's name and the credential it gave you (such as an ID token). An identity "
        "that is not linked yet opens an existing account with its email only when the provider vouches for the "
        "email and is trusted for its domain; otherwise EXTERNAL_ACCOUNT_NOT_LINKED: sign in and use "
        "linkExternalAccount."
    )
    async def login_external(self, info: Info, provider: Slug, credential: Credential) -> LoginPayload:
        context = info.context
        return login_payload(await external.login_with_provider(context.runtime, provider, credential,
                                                           address=context.client_address))

    @strawberry.mutation(
        description="Link an external identity (the provider's name and the credential it gave you) to your "
        "account, so that you may sign in through it too. Your password keeps working.",
        permission_classes=[IsAuthenticated])
    async def link_external_account(self, info: Info, provider: Slug, credential: Credential) -> ExternalAccountLinkedPayload:
        context = info.context
        link = await external.link_external_account(context.runtime, context.user, provider, credential,
                                                    address=context.client_address)
        return ExternalAccountLinkedPayload(provider=link.provider, user=User.from_model(context.user))

    @strawberry.mutation(description="Sign out: the token of this request stops working at once, and the live "
                         "subscriptions it opened end with TOKEN_REVOKED.", permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> LogoutPayload:
        await sign_out(info.context.runtime, info.context.session)
        return LogoutPayload(revoked=True)

    @strawberry.mutation(description="Create an account with email and password. A confirmation link (single "
                         "use, expiring) is emailed; sign-in is refused with EMAIL_NOT_CONFIRMED until it is opened. "
                         "An address that already has an account gets the same answer, and its owner an email "
                         "saying so instead.")
    async def register(self, info: Info, email: Email, password: Password, display_name: Name) -> RegistrationPayload:
        context = info.context
        registered = await registration.register(context.runtime, email=email, password=password,
                                                 display_name=display_name, language=context.language,
                                                 address=context.client_address)
        return RegistrationPayload(email=registered, confirmation_sent=True)

    @strawberry.mutation(description="Confirm an email address with the token of the emailed link.")
    async def confirm_email(self, info: Info, token: LinkToken) -> EmailConfirmedPayload:
        user = await registration.confirm_email(info.context.runtime, token)
        return EmailConfirmedPayload(email=user.email)

    @strawberry.mutation(description="Email a new confirmation link to an unconfirmed account. Always accepted.")
    async def resend_confirmation(self, info: Info, email: Email) -> RequestAcceptedPayload:
        await registration.resend_confirmation(info.context.runtime, email, address=info.context.client_address)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Email a password reset link (single use, expiring). Always accepted. "
                         "Accounts without a password get one too (a caller an agent registered, a guest), unless "
                         "an external sign-in created them.")
    async def request_password_reset(self, info: Info, email: Email) -> RequestAcceptedPayload:
        await registration.request_password_reset(info.context.runtime, email,
                                                  address=info.context.client_address)
        return RequestAcceptedPayload(accepted=True)

    @strawberry.mutation(description="Choose a password with the token of an invitation link (mailed to a caller "
                         "an agent opened a ticket for); sign in with it from then on.")
    async def accept_invitation(self, info: Info, token: LinkToken, new_password: Password) -> PasswordResetPayload:
        user = await invitations.accept_invitation(info.context.runtime, token, new_password)
        return PasswordResetPayload(email=user.email)

    @strawberry.mutation(description="Choose a new password with the token of a reset link.")
    async def reset_password(self, info: Info, token: LinkToken, new_password: Password) -> PasswordResetPayload:
        user = await registration.reset_password(info.context.runtime, token, new_password)
        return PasswordResetPayload(email=user.email)
