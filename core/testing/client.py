"""Sending GraphQL to an app under test, in-process, as a browser or a frontend would over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import httpx

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token user { id email displayName } }
}
"""


@dataclass(frozen=True)
class Response:
    """One GraphQL answer: the HTTP ``status`` and the JSON ``body``."""

    status: int
    body: dict[str, Any]

    @property
    def data(self) -> dict[str, Any] | None:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def error_codes(self) -> list[str]:
        """Each error's ``extensions.code``, in order (e.g. ``["ACTION_NOT_ALLOWED_FOR_YOU"]``)."""
        return [(error.get("extensions") or {}).get("code") for error in self.errors]

    def ok(self) -> dict[str, Any]:
        """The data, after checking that the answer is a success (raises AssertionError otherwise)."""
        if self.errors or self.status != 200:
            raise AssertionError(f"GraphQL answered HTTP {self.status} with errors: {self.errors or self.body}")
        return self.data or {}


@dataclass
class Client:
    """A GraphQL client of the app under test. ``token`` signs its requests in; ``language`` is sent as
    ``Accept-Language`` (None: the deployment's default language)."""

    http: httpx.AsyncClient
    token: str | None = None
    language: str | None = None
    email: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> Response:
        """Send a query or mutation (POST /graphql) and return the answer, errors included."""
        headers = dict(self.headers)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["Accept-Language"] = self.language
        answer = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                      headers=headers)
        return Response(answer.status_code, answer.json())

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send and return the data, failing the test on any error."""
        return (await self.execute(query, variables)).ok()

    async def sign_in(self, email: str, password: str) -> Client:
        """Sign in through the ``login`` mutation; a new client carrying the token (this one is unchanged)."""
        data = await self.ok(LOGIN, {"email": email, "password": password})
        return replace(self, token=data["login"]["token"], email=email, headers=dict(self.headers))

    def with_language(self, language: str | None) -> Client:
        """The same caller, asking for messages in ``language``."""
        return replace(self, language=language, headers=dict(self.headers))
