"""The GraphQL endpoint's guards: production mode, query limits, masked unexpected errors."""

from __future__ import annotations

import pytest

from loket.core.hookspecs import hookimpl
from loket.core.models import User


class ExplodingProvider:
    """A plugin with a bug: its identity provider raises something unexpected."""

    @hookimpl
    def authenticate_external(self, provider):
        if provider == "broken":
            raise RuntimeError("secret internal detail: db password is hunter2")
        return None


class TestProduction:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"env": "production"})

    async def test_graphiql_is_off(self, client):
        page = await client.http.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()

    async def test_introspection_is_refused(self, client):
        response = await client.execute("{ __schema { types { name } } }")
        assert response.data is None
        assert "introspection" in response.errors[0]["message"].lower()

    async def test_field_suggestions_are_off(self, client):
        response = await client.execute("{ mee { email } }")
        assert response.errors and "Did you mean" not in response.errors[0]["message"]


async def test_field_suggestions_help_in_development(client):
    response = await client.execute("{ mee { email } }")
    assert "Did you mean 'me'?" in response.errors[0]["message"]
    assert response.error_codes == ["GRAPHQL_VALIDATION_FAILED"]


async def test_queries_deeper_than_the_limit_are_refused(client):
    deep = "{ me { roles { team { id } } } }"
    assert not (await client.execute(deep)).errors
    # Today's schema is shallower than the limit, so the deep part names fields that do not exist yet;
    # the depth rule is judged on the document's shape alone.
    nested = "{ me { roles { team { " + "x { " * 9 + "y" + " }" * 9 + " } } } }"
    response = await client.execute(nested, language="en")
    assert response.data is None
    assert response.error_codes == ["QUERY_TOO_DEEP"]
    assert response.errors[0]["message"] == "The query nests fields 12 levels deep; at most 10 are allowed"


async def test_too_many_aliases_are_refused(client):
    aliases = " ".join(f"a{i}: desks {{ slug }}" for i in range(40))
    response = await client.execute("{ " + aliases + " }", language="en")
    assert response.data is None and response.error_codes == ["TOO_MANY_ALIASES"]
    assert response.errors[0]["message"] == "The query uses 40 aliases; at most 30 are allowed"


async def test_documents_over_the_token_limit_are_refused_every_time(client):
    """Parsed documents are cached; a refused one is never cached, so asking again is refused again."""
    huge = "{ " + " ".join(f"a{i}: desks {{ slug }}" for i in range(1200)) + " }"
    for _attempt in range(2):
        response = await client.execute(huge)
        assert response.data is None
        assert "more than 5000 tokens" in response.errors[0]["message"]
    first = await client.execute("{ desks { slug } }")
    again = await client.execute("{ desks { slug } }")
    assert first.data == again.data and first.data["desks"]


class TestUnexpectedErrors:
    @pytest.fixture
    def plugins(self):
        return [ExplodingProvider()]

    async def test_are_masked_and_change_nothing(self, client):
        response = await client.execute(
            'mutation { loginExternal(input: {provider: "broken", credential: "x"}) { token } }', language="en")
        assert response.error_codes == ["INTERNAL_ERROR"]
        assert response.errors[0]["message"] == "Unexpected server error"
        assert "hunter2" not in str(response.body)
        assert await User.all().count() == 0
