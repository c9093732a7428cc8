"""Bearer-token authentication for HTTP requests (websockets authenticate in their connection_init)."""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.authentication import AuthenticationError as StarletteAuthenticationError
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse

from loket.core.auth.tokens import authenticate_token
from loket.core.errors import AuthenticationError
from loket.core.i18n import negotiate_language
from loket.core.models import AuthSession, User
from loket.core.settings import Settings


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
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            return None
        token = bearer_token(header)
        if token is None:
            raise _RefusedToken(AuthenticationError("INVALID_TOKEN"))
        try:
            user, session = await authenticate_token(token, self.settings)
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
