"""Keeping a sign-in alive: ``refreshSession`` (sliding expiry with token rotation, see loket.core.auth.renewal)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.auth.renewal import refresh_session
from loket.schema.inputs import MaxLength
from loket.schema.mutations.auth import login_payload
from loket.schema.types.accounts import LoginPayload

BEARER_TOKEN_MAX = 2048
"""Longest bearer token taken as input (Loket's own are about 300 characters)."""

BearerToken = Annotated[str, MaxLength(BEARER_TOKEN_MAX)]


@strawberry.input(description="The sign-in to keep alive.")
class RefreshSessionInput:
    token: BearerToken = strawberry.field(description="The session's current token (as login returned it, or "
                                          "the last refreshSession). It works whatever Authorization header "
                                          "the request carries.")


@strawberry.type
class SessionMutations:
    @strawberry.mutation(
        description="Extend a session: returns a new token for the same sign-in, expiring the idle timeout from "
        "now (LOKET_TOKEN_TTL_SECONDS) but never after the session's absolute end (LOKET_SESSION_LIFETIME_SECONDS "
        "after signing in). Use the new token from now on: the one sent keeps working only for a short grace "
        "(LOKET_TOKEN_ROTATION_GRACE_SECONDS), and presented after it, it revokes the session (TOKEN_REUSED). "
        "Sent again within the grace, it answers the same new token. A token that no longer works is refused "
        "with its reason (TOKEN_EXPIRED, TOKEN_REVOKED, INVALID_TOKEN, ACCOUNT_DISABLED): sign in again.")
    async def refresh_session(
            self, info: Info,
            input: Annotated[RefreshSessionInput, strawberry.argument(description="The session's current token.")],
    ) -> LoginPayload:
        return login_payload(await refresh_session(info.context.runtime, input.token))
