"""Bounded work per GraphQL request: a small document can never cost more than a few milliseconds of CPU,
whatever its fragments expand to; limits are refused with typed errors in the caller's language."""

from __future__ import annotations

import gc
import time

import pytest
from graphql import get_introspection_query

from tests.graphql_client import GraphQLClient, Response

CPU_BUDGET = 0.05
"""Seconds of CPU one hostile document may cost, request and answer included (generous, so a busy machine
does not flake: each costs a few milliseconds; the chain of 18 fragments cost 1.3 s before)."""


def chain(levels: int) -> str:
    """The attack as reported: each fragment spreads the next one twice (2**levels copies of the last)."""
    fragments = " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(levels))
    return f"{{...F0}} {fragments} fragment F{levels} on Query{{desks{{slug}}}}"


def nested_chain(levels: int) -> str:
    """Like ``chain``, each step one field deeper."""
    fragments = " ".join(f"fragment N{i} on Query{{a{{...N{i + 1} ...N{i + 1}}}}}" for i in range(levels))
    return f"{{...N0}} {fragments} fragment N{levels} on Query{{b}}"


# Each hostile document (1 KB at most) with the codes of its answer (none: it is answered).
HOSTILE = {
    "chain-18": (chain(18), {"QUERY_TOO_COMPLEX"}),
    "chain-25": (chain(25), {"QUERY_TOO_COMPLEX"}),
    "nested-chain": (nested_chain(20), {"QUERY_TOO_DEEP", "QUERY_TOO_COMPLEX"}),
    "wide-spreads": ("{" + " ...A" * 150 + "} fragment A on Query{desks{slug name} me{id email}}",
                     {"QUERY_TOO_COMPLEX"}),
    "same-field-repeated": ("{" + " me{id}" * 140 + "}", {"QUERY_TOO_COMPLEX"}),
    "same-leaf-repeated": ("{me{" + " id" * 320 + "}}", {"QUERY_TOO_COMPLEX"}),
    "same-name-conflicts": ("{" + " a:me{id} a:desks{slug}" * 15 + "}",
                            {"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX"}),
    "inline-fragments": ("{" + " ...on Query{me{id}}" * 50 + "}", {"QUERY_TOO_COMPLEX"}),
    "overlapping-fragments": ("{" + "".join(f" ...O{i}" for i in range(20)) + "}"
                              + "".join(f" fragment O{i} on Query{{me{{id email}}}}" for i in range(20)),
                              set()),
    "unknown-types": ("{...T0}" + "".join(f" fragment T{i} on Deskxxxxxxxxxxx{i}{{a}}" for i in range(27)),
                      {"GRAPHQL_VALIDATION_FAILED"}),
    "unknown-fields": ("{" + "".join(f" desksxxxxxxxxx{i}" for i in range(60)) + "}", {"GRAPHQL_VALIDATION_FAILED"}),
    "fragment-cycles": ("{...C0}" + "".join(f" fragment C{i} on Query{{...C{(i + 1) % 25} ...C{(i + 7) % 25}}}"
                                            for i in range(25)), {"GRAPHQL_VALIDATION_FAILED"}),
    "deep-nesting": ("{" + "a{" * 150 + "b" + "}" * 151, {"QUERY_TOO_DEEP"}),
    "operations-sharing-fragments": ("".join(f"query Q{i}($v:String){{...V0}}" for i in range(18))
                                     + "".join(f"fragment V{i} on Query{{...V{i + 1} desks{{slug}}}}" for i in range(12))
                                     + "fragment V12 on Query{desks{slug}}", {"GRAPHQL_VALIDATION_FAILED"}),
    "long-argument-list": ("{desks(x:[" + "1," * 440 + "1]){slug}}", {"GRAPHQL_VALIDATION_FAILED"}),
}


async def timed(client: GraphQLClient, query: str, **options: str) -> tuple[Response, float]:
    """The answer to ``query`` and the CPU time the whole request took (client, app and validation).

    The garbage collector waits meanwhile: a full collection of what earlier tests left costs more than the
    request, and is not its cost."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        response = await client.execute(query, **options)
        return response, time.process_time() - start
    finally:
        gc.enable()


@pytest.fixture
async def warm_client(client: GraphQLClient) -> GraphQLClient:
    """A client whose server has answered once and refused once (imports and first-use caches are done)."""
    await client.execute("{ desks { slug } }")
    await client.execute(chain(12))
    return client


async def assert_answered_quickly(client: GraphQLClient, name: str) -> None:
    query, codes = HOSTILE[name]
    assert len(query.encode()) <= 1024, len(query.encode())
    response, cpu = await timed(client, query)
    assert response.status == 200
    assert set(response.error_codes) == codes, response.errors[:3]
    assert (response.data is None) == bool(codes)
    assert cpu < CPU_BUDGET, f"{name} took {cpu * 1000:.1f} ms of CPU"


@pytest.mark.parametrize("name", HOSTILE)
async def test_hostile_documents_are_answered_within_milliseconds(warm_client, name):
    await assert_answered_quickly(warm_client, name)


class TestProduction:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"env": "production"})

    @pytest.mark.parametrize("name", HOSTILE)
    async def test_hostile_documents_are_answered_within_milliseconds(self, warm_client, name):
        await assert_answered_quickly(warm_client, name)

    async def test_limits_are_the_same(self, client):
        assert (await client.execute(chain(18))).error_codes == ["QUERY_TOO_COMPLEX"]
        assert (await client.execute(aliased(31))).error_codes == ["TOO_MANY_ALIASES"]

    async def test_suggestions_are_never_made(self, client):
        """They would reveal the schema that introspection hides."""
        response = await client.execute('{ desks { slugg } } fragment F on Deks { id }', language="en")
        assert response.error_codes and all("Did you mean" not in error["message"] for error in response.errors)


def aliased(count: int) -> str:
    return "{" + " ".join(f"a{i}: desks {{ slug }}" for i in range(count)) + "}"


async def test_the_refusal_is_typed_and_in_the_callers_language(client):
    english = await client.execute(chain(18), language="en")
    assert english.errors == [{
        "message": "The query is too large: once its fragments are expanded it selects more than 500 fields or "
                   "repeats the same fields too often; split it into smaller queries",
        "extensions": {"code": "QUERY_TOO_COMPLEX"}}]
    # The same document again: validated once, still answered in each caller's language.
    indonesian = await client.execute(chain(18), language="id")
    assert indonesian.error_codes == ["QUERY_TOO_COMPLEX"]
    assert indonesian.errors[0]["message"].startswith("Kueri terlalu besar")


async def test_aliases_are_counted_through_fragments(client):
    assert (await client.execute(aliased(30))).ok()["a29"]
    assert (await client.execute(aliased(31))).error_codes == ["TOO_MANY_ALIASES"]
    sixteen = " ".join(f"s{i}: slug" for i in range(16))
    spread_twice = "{ desks { ...S } more: desks { ...S } } fragment S on Desk { " + sixteen + " }"
    assert (await client.execute(spread_twice)).error_codes == ["TOO_MANY_ALIASES"]


async def test_depth_is_counted_through_fragments(client):
    # The shape alone is judged first, so fields that do not exist show where the depth limit lies.
    def nested(levels: int) -> str:
        """A selection set ``levels`` deep: fields x nested ``levels`` times around a field y."""
        return "{" + " x {" * levels + " y" + " }" * levels + " }"

    assert "QUERY_TOO_DEEP" not in (await client.execute(nested(10))).error_codes
    assert (await client.execute(nested(11))).error_codes == ["QUERY_TOO_DEEP"]
    through_fragment = "{ x { x { x { ...D } } } } fragment D on X " + nested(8)
    response = await client.execute(through_fragment, language="en")
    assert response.error_codes == ["QUERY_TOO_DEEP"]
    assert response.errors[0]["message"] == "The query nests fields 11 levels deep; at most 10 are allowed"


async def test_expanded_fields_are_counted_up_to_the_limit(client):
    fragment = " fragment A on Query { " + "__typename " * 10 + "}"
    at_limit = "{" + " ...A" * 50 + "}" + fragment
    assert (await client.execute(at_limit)).ok() == {"__typename": "Query"}
    over = "{ __typename" + " ...A" * 50 + "}" + fragment
    assert (await client.execute(over)).error_codes == ["QUERY_TOO_COMPLEX"]


async def test_documents_sharing_fragments_still_work(client):
    query = """
    { desks { ...D } again: desks { ...D teams { slug } } }
    fragment D on Desk { slug name teams { ...T } }
    fragment T on Team { slug tier }
    """
    data = (await client.execute(query)).ok()
    assert data["desks"] and data["again"][0]["slug"] == data["desks"][0]["slug"]


async def test_the_introspection_query_works_in_development(client):
    data = (await client.execute(get_introspection_query(descriptions=True))).ok()
    assert any(kind["name"] == "Ticket" for kind in data["__schema"]["types"])


async def test_development_suggests_names_for_the_first_mistake(client):
    response = await client.execute("{ mee { email } deskz { slug } }", language="en")
    assert [error["message"] for error in response.errors] == [
        "Cannot query field 'mee' on type 'Query'. Did you mean 'me'?",
        "Cannot query field 'deskz' on type 'Query'.",
    ]
