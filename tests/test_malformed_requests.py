"""Requests that are not GraphQL requests are answered 4xx with a GraphQL-shaped error, never a 500 or a
traceback; subscriptions over HTTP, mutations over GET and nulls for required variables get typed errors."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

QUERY = "{ desks { slug } }"


@pytest.fixture(autouse=True)
def no_tracebacks(caplog: pytest.LogCaptureFixture):
    """Whatever a test sends, nothing is logged as an error and no traceback is written."""
    caplog.set_level(logging.WARNING)
    yield
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


def refusal(response: httpx.Response, status: int = 400, code: str = "BAD_REQUEST",
            field: str | None = None) -> str:
    """Checks the answer is a GraphQL-shaped refusal; returns its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1, body
    error = body["errors"][0]
    expected = {"code": code, "field": field} if field else {"code": code}
    assert error["extensions"] == expected, error
    assert isinstance(error["message"], str) and error["message"]
    return error["message"]


async def post(client, body: bytes | str, content_type: str = "application/json", **headers: str) -> httpx.Response:
    return await client.http.post("/graphql", content=body, headers={"Content-Type": content_type, **headers})


@pytest.mark.parametrize("body", [b"null", b"1", b"[]", b'[{"query": "{ desks { slug } }"}]', b'"{ desks { slug } }"',
                                  b"true", b""], ids=repr)
async def test_a_body_that_is_not_an_object_is_refused(client, body):
    refusal(await post(client, body))


@pytest.mark.parametrize("body", [
    b"{bad", b'{"query": "{ desks { slug } }"',
    json.dumps({"query": QUERY}).encode("utf-16"),  # with its byte order mark
    json.dumps({"query": QUERY}).encode("utf-16-le"),
    b"\xef\xbb\xbf" + json.dumps({"query": QUERY}).encode(),  # UTF-8 with a byte order mark
    b'{"query": "\xff\xfe"}',  # not UTF-8
    b'{"query": "{ desks { slug } }", "variables": {"x": NaN}}',
    b'{"query": "{ desks { slug } }", "variables": {"x": ' + b"9" * 5000 + b"}}",
], ids=["truncated", "unclosed", "utf-16", "utf-16-le", "utf-8-bom", "latin-1", "nan", "huge-integer"])
async def test_a_body_that_is_not_utf8_json_is_refused(client, body):
    message = refusal(await post(client, body, **{"Accept-Language": "en"}))
    assert message == "The request's JSON is not valid (it must be UTF-8, without a byte order mark)"


@pytest.mark.parametrize("depth", [65, 5000, 100_000])
async def test_json_nested_too_deep_is_refused(client, depth):
    deep = "[" * depth + "]" * depth
    body = '{"query": "query($x: JSON) { desks { slug } }", "variables": {"x": %s}}' % deep
    message = refusal(await post(client, body, **{"Accept-Language": "en"}))
    assert message == "The request nests JSON more than 64 levels deep"


async def test_json_nested_within_the_limit_is_read(client):
    nested = "[" * 60 + "]" * 60
    body = '{"query": "{ desks { slug } }", "variables": {"x": %s}}' % nested
    response = await post(client, body)
    assert response.status_code == 200 and response.json()["data"]["desks"]


@pytest.mark.parametrize(("parameter", "value", "key"), [
    ("query", 3, "string"), ("query", ["{ desks { slug } }"], "string"), ("query", {"a": 1}, "string"),
    ("query", True, "string"),
    ("variables", [], "object"), ("variables", "x", "object"), ("variables", 1, "object"),
    ("extensions", 3, "object"), ("extensions", [], "object"),
    ("operationName", 5, "string"), ("operationName", ["A"], "string"), ("operationName", {}, "string"),
])
async def test_a_parameter_of_the_wrong_type_is_refused_naming_it(client, parameter, value, key):
    body = {"query": QUERY, parameter: value}
    message = refusal(await post(client, json.dumps(body), **{"Accept-Language": "en"}), field=parameter)
    assert message == f'"{parameter}" must be a {"JSON object" if key == "object" else key}'


async def test_messages_are_in_the_callers_language(client):
    response = await post(client, json.dumps({"query": QUERY, "variables": []}), **{"Accept-Language": "id"})
    assert refusal(response, field="variables") == '"variables" harus berupa objek JSON'


@pytest.mark.parametrize("body", [{}, {"query": None}, {"query": ""}, {"variables": {}}])
async def test_a_request_without_a_document_is_refused(client, body):
    refusal(await post(client, json.dumps(body)), field="query")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "", "application/xml"])
async def test_other_content_types_are_refused(client, content_type):
    refusal(await post(client, json.dumps({"query": QUERY}), content_type=content_type))


async def test_operation_names_must_match_the_document(client):
    document = "query A { desks { slug } } query B { desks { name } }"
    body = {"query": document, "operationName": "C"}
    assert refusal(await post(client, json.dumps(body), **{"Accept-Language": "en"}),
                   field="operationName") == 'The document has no operation named "C"'
    only_fragments = {"query": "fragment F on Query { desks { slug } }"}
    assert refusal(await post(client, json.dumps(only_fragments), **{"Accept-Language": "en"}),
                   field="operationName") == "The document has no operation to run, only fragments"
    ok = await post(client, json.dumps({**body, "operationName": "B"}))
    assert ok.status_code == 200 and ok.json()["data"]["desks"][0]["name"]


class TestGet:
    async def test_queries_work(self, client):
        response = await client.http.get("/graphql", params={"query": "query($s: String!) { desk(slug: $s) { slug } }",
                                                             "variables": json.dumps({"s": "helpus"})})
        assert response.status_code == 200 and response.json() == {"data": {"desk": {"slug": "helpus"}}}

    @pytest.mark.parametrize(("parameter", "value"), [("variables", "[1]"), ("variables", "{bad"),
                                                      ("extensions", "3"), ("variables", "[" * 5000)])
    async def test_malformed_parameters_are_refused_naming_them(self, client, parameter, value):
        response = await client.http.get("/graphql", params={"query": QUERY, parameter: value})
        refusal(response, field=parameter)

    async def test_mutations_are_refused_with_405(self, client):
        response = await client.http.get("/graphql", params={"query": "mutation { logout }"},
                                         headers={"Accept-Language": "en"})
        assert refusal(response, status=405, code="MUTATION_NEEDS_POST") == "Send mutations with POST, not GET"
        assert response.headers["allow"] == "POST"

    async def test_a_request_without_a_document_is_refused(self, client):
        refusal(await client.http.get("/graphql", headers={"Accept": "application/json"}), field="query")


SUBSCRIPTION = 'subscription { ticketUpdates(number: "X-1") { __typename } }'


async def test_subscriptions_over_http_post_are_told_to_use_a_websocket(client):
    response = await post(client, json.dumps({"query": SUBSCRIPTION}), **{"Accept-Language": "en"})
    message = refusal(response, status=200, code="SUBSCRIPTION_NEEDS_WEBSOCKET")
    assert message == ("Subscriptions run over a websocket on /graphql (protocol graphql-transport-ws), not over "
                       "an HTTP request")


async def test_subscriptions_over_http_get_are_told_to_use_a_websocket(client):
    response = await client.http.get("/graphql", params={"query": SUBSCRIPTION},
                                     headers={"Accept": "text/event-stream"})
    refusal(response, status=200, code="SUBSCRIPTION_NEEDS_WEBSOCKET")


@pytest.mark.parametrize(("query", "variables"), [
    ("query($n: String!) { ticket(number: $n) { number } }", {"n": None}),
    ("query($n: String!) { ticket(number: $n) { number } }", {}),
    ("query($p: String) { desks { attachmentRules(purpose: $p) { maxFiles } } }", {"p": None}),
    ("mutation($a: JSON!) { rateTicket(input: {number: \"X-1\", answers: $a}) { __typename } }", {"a": None}),
    ("mutation($i: ReplyInput!) { reply(input: $i) { __typename } }", {"i": {"number": None, "message": "hi"}}),
    ("mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }", {"e": None, "p": "x"}),
    ("query($q: TicketQueue) { tickets(queue: $q) { totalCount } }", {"q": None}),
    ("query($f: Int!) { tickets(first: $f) { totalCount } }", {"f": "not a number"}),
], ids=["required", "missing", "argument-with-default", "json", "input-field", "login", "enum", "wrong-type"])
async def test_required_variables_sent_as_null_are_typed_errors(client, query, variables):
    response = await client.execute(query, variables)
    assert response.status == 200 and response.data is None
    assert set(response.error_codes) == {"INVALID_VARIABLE"}, response.errors
    assert all("$" in error["message"] for error in response.errors)


async def test_a_malformed_upload_map_is_refused(client):
    operations = {"query": "mutation($i: StageAttachmentInput!) { stageAttachment(input: $i) { attachment { id } } }",
                  "variables": {"i": {"desk": "helpus", "file": None}}}
    for files_map in ({"0": ["variables.i.file.x"]}, {"0": "variables.i.file"}, {"0": [3]}, {"0": ["variables.g.0"]},
                      {"0": ["variables.i.nothing.file"]}):
        response = await client.http.post(
            "/graphql", data={"operations": json.dumps(operations), "map": json.dumps(files_map)},
            files={"0": ("a.txt", b"hello", "text/plain")})
        assert response.status_code == 400, (files_map, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    for bad_operations in ("[]", "null", "{bad"):
        response = await client.http.post(
            "/graphql", data={"operations": bad_operations, "map": "{}"},
            files={"0": ("a.txt", b"hello", "text/plain")})
        refusal(response)
