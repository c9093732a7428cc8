"""Signing in and out."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from loket.core.auth import accounts, tokens
from loket.schema.permissions import IsAuthenticated
from loket.schema.types.accounts import LoginPayload, LogoutPayload, User


def _payload(issued: tokens.IssuedToken) -> LoginPayload:
    return LoginPayload(token=issued.token, expires_at=issued.expires_at, user=User.from_model(issued.session.user))


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in with email and password; returns a bearer token that expires.")
    async def login(self, info: Info, email: str, password: str) -> LoginPayload:
        context = info.context
        return _payload(await accounts.login_with_password(email, password, context.settings, context.pm))

    @strawberry.mutation(
        description="Sign in through an external identity provider (e.g. a ministry's SSO) that a plugin "
        "supports: pass the provider's name and the credential it gave you (such as an ID token)."
    )
    async def login_external(self, info: Info, provider: str, credential: str) -> LoginPayload:
        context = info.context
        return _payload(await accounts.login_with_provider(provider, credential, context.pm, context.settings))

    @strawberry.mutation(description="Sign out: the token of this request stops working at once.",
                         permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> LogoutPayload:
        await tokens.revoke(info.context.session)
        return LogoutPayload(revoked=True)
