"""A small GraphQL-over-HTTP client for tests, with sign-in helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from loket.core.testing.client import Response  # the kit's answer: status, body, data, errors, ok()

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token expiresAt user { id email displayName } }
}
"""


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    token: str | None = None
    language: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def execute(self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None,
                      language: str | None = None) -> Response:
        headers = dict(self.headers)
        bearer = token or self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if language or self.language:
            headers["Accept-Language"] = language or self.language or ""
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                        headers=headers)
        return Response(response.status_code, response.json())

    async def login(self, email: str, password: str) -> str:
        data = (await self.execute(LOGIN, {"email": email, "password": password})).ok()
        return data["login"]["token"]

    def as_user(self, token: str) -> GraphQLClient:
        return GraphQLClient(self.http, token=token, language=self.language, headers=dict(self.headers))
