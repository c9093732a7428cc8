"""GraphQL over HTTP as the specification has it: a client that prefers application/graphql-response+json gets
that media type and 4xx for request errors (no ``data``), 200 once the operation ran; application/json (or no
Accept) keeps the legacy answers. Subscriptions over HTTP and variables that cannot be coerced are typed errors,
never INTERNAL_ERROR, and nothing is logged as an error."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from loket.core.http.graphql_over_http import response_media_type

STRICT = "application/graphql-response+json"
QUERY = "{ desks { slug } }"
SUBSCRIPTION = 'subscription { ticketUpdates(number: "X-1") { __typename } }'


@pytest.fixture(autouse=True)
def no_tracebacks(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING)
    yield
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/json"), ("", "application/json"), ("*/*", "application/json"),
    ("application/json", "application/json"), (STRICT, STRICT),
    (f"{STRICT}, application/json;q=0.9", STRICT), (f"application/json, {STRICT}", STRICT),
    (f"application/json, {STRICT};q=0.5", "application/json"), (f"{STRICT};q=0", "application/json"),
    ("text/html", "application/json"), (f"{STRICT};q=0.8, */*;q=0.1", STRICT), (f"{STRICT};q=bad", "application/json"),
])
def test_the_media_type_follows_the_accept_header(accept, expected):
    assert response_media_type(accept) == expected


async def post(client, body: dict | str, accept: str | None = STRICT, **headers: str) -> httpx.Response:
    content = body if isinstance(body, str) else json.dumps(body)
    if accept:
        headers["Accept"] = accept
    return await client.http.post("/graphql", content=content, headers={"Content-Type": "application/json",
                                                                        **headers})


def strict_refusal(response: httpx.Response, status: int, code: str) -> dict:
    """A request error in graphql-response+json: the status, the media type, no data, one typed error."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == f"{STRICT}; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    body = response.json()
    assert "data" not in body, body
    assert {error["extensions"]["code"] for error in body["errors"]} == {code}, body
    return body["errors"][0]


async def test_a_query_that_runs_is_200_in_the_media_type_asked_for(client):
    response = await post(client, {"query": QUERY})
    assert response.status_code == 200 and response.headers["content-type"] == f"{STRICT}; charset=utf-8"
    assert response.json()["data"]["desks"]


async def test_field_errors_are_200_with_data(client):
    response = await post(client, {"query": '{ ticket(number: "X-1") { number } }'})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "data" in body and body["errors"][0]["path"] == ["ticket"]


@pytest.mark.parametrize(("document", "code"), [
    ("{ desks { slug }", "GRAPHQL_VALIDATION_FAILED"),  # does not parse
    ("{ desks { nope } }", "GRAPHQL_VALIDATION_FAILED"),  # does not validate
    ("query($d: Int) { desks { slug } }", "GRAPHQL_VALIDATION_FAILED"),  # a variable never used
])
async def test_documents_that_do_not_parse_or_validate_are_400(client, document, code):
    strict_refusal(await post(client, {"query": document}), 400, code)
    legacy = await post(client, {"query": document}, accept="application/json")
    assert legacy.status_code == 200 and legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None


@pytest.mark.parametrize(("body", "status", "code"), [
    ("{bad", 400, "BAD_REQUEST"), ({}, 400, "BAD_REQUEST"), ({"query": 3}, 400, "BAD_REQUEST"),
    ({"query": SUBSCRIPTION}, 400, "SUBSCRIPTION_NEEDS_WEBSOCKET"),
])
async def test_requests_refused_before_running_are_4xx(client, body, status, code):
    strict_refusal(await post(client, body), status, code)


async def test_other_content_types_are_415(client):
    response = await client.http.post("/graphql", content=json.dumps({"query": QUERY}),
                                      headers={"Content-Type": "text/plain", "Accept": STRICT})
    strict_refusal(response, 415, "BAD_REQUEST")
    legacy = await client.http.post("/graphql", content=json.dumps({"query": QUERY}),
                                    headers={"Content-Type": "text/plain"})
    assert legacy.status_code == 400 and legacy.headers["content-type"] == "application/json"


async def test_mutations_over_get_stay_405(client):
    response = await client.http.get("/graphql", params={"query": "mutation { logout }"}, headers={"Accept": STRICT})
    strict_refusal(response, 405, "MUTATION_NEEDS_POST")
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_subscription_over_http_is_told_where_to_go(client, method):
    headers = {"Accept": STRICT, "Accept-Language": "en"}
    if method == "POST":
        response = await client.http.post("/graphql", json={"query": SUBSCRIPTION}, headers=headers)
    else:
        response = await client.http.get("/graphql", params={"query": SUBSCRIPTION}, headers=headers)
    error = strict_refusal(response, 400, "SUBSCRIPTION_NEEDS_WEBSOCKET")
    assert "graphql-transport-ws" in error["message"] and "/graphql" in error["message"]
    legacy = await client.http.post("/graphql", json={"query": SUBSCRIPTION}, headers={"Accept-Language": "id"})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["message"].startswith("Langganan (subscription) berjalan lewat websocket")


TICKET = "query($n: String!) { ticket(number: $n) { number } }"
QUEUE = "query($q: TicketQueue!) { tickets(queue: $q) { totalCount } }"
REPLY = "mutation($i: ReplyInput!) { reply(input: $i) { __typename } }"
FIRST = "query($f: Int) { tickets(first: $f) { totalCount } }"


@pytest.mark.parametrize(("document", "variables", "field", "english", "indonesian"), [
    (TICKET, {"n": None}, "n", "The variable $n needs a value of type String!",
     "Variabel $n harus diberi nilai bertipe String!"),
    (TICKET, {}, "n", "The variable $n needs a value of type String!", None),
    (TICKET, {"n": 5}, "n", "The value of the variable $n is not a valid String!", "Nilai variabel $n bukan String! yang sah"),
    (QUEUE, {"q": "NOPE"}, "q", "The value of the variable $q is not a valid TicketQueue!", None),
    (QUEUE, {}, "q", "The variable $q needs a value of type TicketQueue!", None),
    (FIRST, {"f": 2 ** 40}, "f", "The value of the variable $f is not a valid Int", None),
    (FIRST, {"f": "ten"}, "f", "The value of the variable $f is not a valid Int", None),
    (REPLY, {"i": {"number": "X-1", "message": 5}}, "i.message",
     "The value of the variable $i is not a valid ReplyInput!", None),
    (REPLY, {"i": {"number": None, "message": "hi"}}, "i.number",
     "The value of the variable $i is not a valid ReplyInput!", None),
    (REPLY, {"i": {"number": "X-1", "message": "hi", "extra": 1}}, "i",
     "The value of the variable $i is not a valid ReplyInput!", None),
], ids=["null", "missing", "wrong-type", "unknown-enum-value", "missing-enum", "int-too-large", "not-an-int",
        "nested-wrong-type", "nested-null", "unknown-input-field"])
async def test_variables_that_cannot_be_coerced_are_typed_and_name_the_variable(client, document, variables, field,
                                                                                english, indonesian):
    response = await post(client, {"query": document, "variables": variables}, **{"Accept-Language": "en"})
    error = strict_refusal(response, 400, "INVALID_VARIABLE")
    assert error["extensions"]["field"] == field
    assert error["message"] == english
    assert error["extensions"]["detail"]  # graphql-core's explanation, for the developer
    legacy = await post(client, {"query": document, "variables": variables}, accept=None,
                        **{"Accept-Language": "id"})
    assert legacy.status_code == 200 and legacy.json()["data"] is None
    [legacy_error] = legacy.json()["errors"]
    assert legacy_error["extensions"]["code"] == "INVALID_VARIABLE" and legacy_error["extensions"]["field"] == field
    if indonesian:
        assert legacy_error["message"] == indonesian


async def test_a_null_for_an_argument_that_needs_a_value_names_the_variable(client):
    document = "query($p: String) { desks { attachmentRules(purpose: $p) { maxFiles } } }"
    response = await post(client, {"query": document, "variables": {"p": None}}, **{"Accept-Language": "en"})
    assert response.status_code == 200  # the field ran and failed: a partial result
    errors = response.json()["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"INVALID_VARIABLE"}
    assert {e["extensions"]["field"] for e in errors} == {"p"}
    assert errors[0]["message"] == "The variable $p needs a value of type String!"


async def test_get_queries_answer_in_the_media_type_asked_for(client):
    response = await client.http.get("/graphql", params={"query": QUERY}, headers={"Accept": STRICT})
    assert response.status_code == 200 and response.headers["content-type"].startswith(STRICT)
    bad = await client.http.get("/graphql", params={"query": "{ nope }"}, headers={"Accept": STRICT})
    strict_refusal(bad, 400, "GRAPHQL_VALIDATION_FAILED")
