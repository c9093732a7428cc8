"""The errors core raises on purpose. Each carries a stable machine-readable code, the input field at fault
(when there is one) and the parameters of its message, which is rendered in the caller's language by
``loket.core.i18n``. The GraphQL layer turns them into typed errors; the CLI into one line and a non-zero exit.
"""

from __future__ import annotations

from typing import Any

from loket.core.i18n import CORE_CATALOG, Catalog


class LoketError(Exception):
    """An expected failure a client can act on."""

    code = "ERROR"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: Any):
        if code is not None:
            self.code = code
        self.field = field
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: str = "en", catalog: Catalog | None = None) -> str:
        return (catalog or CORE_CATALOG).translate(self.code, language, **self.params)

    @property
    def extensions(self) -> dict[str, Any]:
        """Machine-readable details a client acts on, added to the GraphQL error's ``extensions``."""
        return {}


class ConfigurationError(LoketError, ValueError):
    """The deployment is misconfigured (unknown plugin, default secret in production, bad setting)."""

    code = "CONFIGURATION_ERROR"

    def __init__(self, detail: str):
        super().__init__(detail=detail)


class DatabaseUnavailableError(LoketError):
    """The configured database cannot be reached."""

    code = "DATABASE_UNAVAILABLE"


class AuthenticationError(LoketError):
    """Credentials or a token were refused."""

    code = "UNAUTHENTICATED"


class TooManyAttemptsError(LoketError):
    """Too many sign-in attempts (or account requests) for an account or from an address: wait and try again.

    ``retry_after`` is the number of seconds to wait; HTTP answers carry it as ``Retry-After`` too.
    """

    code = "TOO_MANY_ATTEMPTS"

    def __init__(self, retry_after: int, *, field: str | None = None):
        self.retry_after = max(1, int(retry_after))
        super().__init__(field=field, seconds=self.retry_after)

    @property
    def extensions(self) -> dict[str, Any]:
        return {"retryAfter": self.retry_after}


class PermissionDeniedError(LoketError):
    """The caller is known but may not do this."""

    code = "FORBIDDEN"


class InvalidInputError(LoketError):
    """Input broke a rule; ``field`` names the input field."""

    code = "INVALID_INPUT"


class InvalidInputErrors(InvalidInputError):
    """Several input rules broken at once (a form with many mistakes): each becomes its own GraphQL error."""

    def __init__(self, errors: list[InvalidInputError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.code, field=first.field, **first.params)


class ConflictError(LoketError):
    """Someone else changed the object first; reload and try again."""

    code = "CONFLICT"


class NotFoundError(LoketError):
    """The object does not exist, or the caller may not know that it does."""

    code = "NOT_FOUND"
