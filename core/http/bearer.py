"""Bearer-token authentication for HTTP requests (websockets authenticate in their connection_init)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser, UnauthenticatedUser
from starlette.authentication import AuthenticationError as StarletteAuthenticationError
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from loket.core.auth.renewal import authenticate
from loket.core.http.cors import refuse_websocket
from loket.core.errors import AuthenticationError
from loket.core.i18n import negotiate_language
from loket.core.models import AuthSession, User
from loket.core.settings import Settings

if TYPE_CHECKING:
    from loket.core.runtime import Runtime


class Actor(BaseUser):
    """The signed-in user behind a request, with the session their token names."""

    def __init__(self, user: User, session: AuthSession) -> None:
        self.user = user
        self.session = session

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.user.display_name

    @property
    def identity(self) -> str:
        return str(self.user.id)


class _RefusedToken(StarletteAuthenticationError):
    def __init__(self, error: AuthenticationError) -> None:
        super().__init__(error.code)
        self.error = error


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` value (also accepted bare, as in connection_init)."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if token and scheme.lower() == "bearer":
        return token.strip()
    return authorization.strip() if not token else None


class TokenBackend(AuthenticationBackend):
    """Reads ``Authorization: Bearer <token>``; a refused token raises, naming the reason."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            return None
        token = bearer_token(header)
        if token is None:
            raise _RefusedToken(AuthenticationError("INVALID_TOKEN"))
        try:
            user, session = await authenticate(self.runtime, token)
        except AuthenticationError as exc:
            raise _RefusedToken(exc) from None
        return AuthCredentials(["authenticated"]), Actor(user, session)


def authentication_failed(conn: HTTPConnection, exc: Exception) -> JSONResponse:
    """A refused token gets a GraphQL-shaped 401 naming the reason, never an anonymous answer."""
    code = exc.error.code if isinstance(exc, _RefusedToken) else "INVALID_TOKEN"
    settings: Settings = conn.app.state.settings
    language = negotiate_language(conn.headers.get("accept-language"), settings.default_language)
    message = conn.app.state.catalog.translate(code, language)
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


REFUSED_TOKEN = "loket.refused_token"
"""Where ``BearerAuthentication`` leaves the refusal of a request's token when the endpoint decides itself."""

UNAUTHORIZED_CLOSE = 4401


class BearerAuthentication(AuthenticationMiddleware):
    """Starlette's authentication with ``TokenBackend``, refusing a bad token in the way of each endpoint:

    - on a path in ``deciding_paths`` (the GraphQL endpoint) the refusal is recorded in the scope
      (``REFUSED_TOKEN``) and the request goes on unauthenticated: the endpoint answers the 401 itself, unless
      the operation is one that works without a token (signing in, a password reset: see
      ``loket.schema.stale_tokens``), so that a stale header left in a client never locks its user out;
    - a websocket is closed with 4401 and the reason set to the code (``TOKEN_EXPIRED``...);
    - anything else (the download routes) gets the GraphQL-shaped 401 of ``authentication_failed``.
    """

    def __init__(self, app: ASGIApp, backend: AuthenticationBackend, deciding_paths: frozenset[str]) -> None:
        super().__init__(app, backend, on_error=authentication_failed)
        self.deciding_paths = deciding_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        try:
            result = await self.backend.authenticate(conn)
        except _RefusedToken as exc:
            if scope["type"] == "websocket":
                await refuse_websocket(scope, receive, send, UNAUTHORIZED_CLOSE, exc.error.code)
                return
            if scope["path"] not in self.deciding_paths:
                await self.on_error(conn, exc)(scope, receive, send)
                return
            scope[REFUSED_TOKEN] = exc.error
            result = None
        scope["auth"], scope["user"] = result or (AuthCredentials(), UnauthenticatedUser())
        await self.app(scope, receive, send)


def refused_token(conn: HTTPConnection) -> AuthenticationError | None:
    """The refusal of the request's bearer token that ``BearerAuthentication`` left to the endpoint, if any."""
    return conn.scope.get(REFUSED_TOKEN)
