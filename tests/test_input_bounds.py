"""What clients send is bounded before any query sees it: every text input has a declared maximum length and
no text may hold NUL or an unpaired surrogate; JSON inputs that must be objects are objects; ids, cursors,
report periods and download paths that could name nothing are refused. Each mistake is a typed error naming
the field (``extensions.code`` and ``extensions.field``), never ``INTERNAL_ERROR``, and changes nothing."""

from __future__ import annotations

import base64
import json

import graphql
import pytest

from loket.core import inputs
from loket.core.models import Message, Ticket, User
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.schema.build import build_schema
from loket.schema.inputs import JsonObjectBounds, MaxLength, declared_bound
from tests.ticket_ops import REPLY, TAKE, create, ticket_input


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


async def send(client, query: str, variables: dict, token: str | None = None, language: str = "en"):
    """POST as a browser does: ASCII JSON, so text with an unpaired surrogate travels as a ``\\ud800`` escape."""
    headers = {"Content-Type": "application/json", "Accept-Language": language}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = await client.http.post("/graphql", content=json.dumps({"query": query, "variables": variables}),
                                      headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def refusal(body: dict) -> list[tuple[str, str | None]]:
    return [(e["extensions"]["code"], e["extensions"].get("field")) for e in body.get("errors") or []]


def test_every_text_input_of_the_schema_declares_its_maximum_length():
    schema = build_schema(get_plugin_manager(Settings(plugins="none")))._schema
    undeclared = []
    for type_ in schema.type_map.values():
        places = []
        if isinstance(type_, graphql.GraphQLObjectType) and not type_.name.startswith("__"):
            places = [(f"{type_.name}.{field}({name})", arg) for field, definition in type_.fields.items()
                      for name, arg in definition.args.items()]
        elif isinstance(type_, graphql.GraphQLInputObjectType):
            places = [(f"{type_.name}.{name}", field) for name, field in type_.fields.items()]
        for place, element in places:
            named = graphql.get_named_type(element.type)
            if isinstance(named, graphql.GraphQLScalarType) and named.name in ("String", "ID", "JSON"):
                if not isinstance(declared_bound(element), (MaxLength, JsonObjectBounds)):
                    undeclared.append(place)
    assert undeclared == []


TOO_LONG = [
    ("mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { number } } }", {"n": "A" * 41}, "input.number",
     40),
    ("query($n: String!) { ticket(number: $n) { number } }", {"n": "7" * 5000}, "number", 40),
    ("mutation($e: String!) { login(input: {email: $e, password: \"secret-password\"}) { token } }",
     {"e": "a" * 250 + "@x.id"}, "input.email", 254),
    ("mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }", {"e": "İ" * 200}, "input.email",
     254),
    ("query($s: String!) { tickets(filter: {search: $s}) { totalCount } }", {"s": "x" * 50_001}, "filter.search",
     inputs.SEARCH),
    ("query($a: String!) { tickets(after: $a) { totalCount } }", {"a": "x" * 300}, "after", inputs.GLOBAL_ID),
    ("query($id: ID!) { node(id: $id) { id } }", {"id": "x" * 300}, "id", inputs.GLOBAL_ID),
    ("query($d: String!) { deskReport(desk: $d, period: {start: \"2024-01-01\", end: \"2024-01-02\"}) { desk } }",
     {"d": "d" * 65}, "desk", inputs.SLUG),
]


@pytest.mark.parametrize(("query", "variables", "field", "maximum"), TOO_LONG,
                         ids=[f"{field}-{len(str(v))}" for _, v, field, _ in TOO_LONG])
async def test_text_longer_than_its_maximum_is_refused_naming_the_field(client, people, query, variables, field,
                                                                       maximum):
    body = await send(client, query, variables, people["agent"].client.token)
    assert refusal(body) == [("TEXT_TOO_LONG", field)]
    assert f"at most {maximum} characters" in body["errors"][0]["message"]


async def test_too_long_is_told_in_the_callers_language_and_changes_nothing(client, people):
    number = (await create(people["reporter"]))["number"]
    before = await Ticket.get(number=number)
    body = await send(client, REPLY, {"n": number, "m": "x" * (inputs.LONG_TEXT + 1)},
                      people["reporter"].client.token, language="id")
    assert refusal(body) == [("TEXT_TOO_LONG", "input.message")]
    assert body["errors"][0]["message"] == f"Isian ini maksimal {inputs.LONG_TEXT} karakter (saat ini 20001)"
    after = await Ticket.get(number=number)
    assert after.version == before.version and await Message.filter(ticket_id=after.id).count() == 0


UNSTORABLE = ["a\x00b", "\ud800", "x\udfffy"]


@pytest.mark.parametrize("text", UNSTORABLE, ids=["nul", "lone-high-surrogate", "lone-low-surrogate"])
async def test_nul_and_unpaired_surrogates_are_refused_in_any_text_and_nothing_is_stored(client, people, text):
    number = (await create(people["reporter"]))["number"]
    token = people["reporter"].client.token
    cases = [
        (REPLY, {"n": number, "m": f"Still broken {text} after the update"}, "input.message"),
        (TAKE, {"n": text}, "input.number"),
        ("mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }",
         {"input": ticket_input(title=f"Laptop {text}")}, "input.title"),
        ("mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }",
         {"input": ticket_input(fields={"phone": "+62 812 3456 7890", "asset_tag": f"AT-{text}"})},
         "input.fields.asset_tag"),
        ("query($s: String!) { tickets(filter: {search: $s}) { totalCount } }", {"s": text}, "filter.search"),
        ("mutation($e: String!) { login(input: {email: $e, password: \"secret-password\"}) { token } }",
         {"e": f"{text}@x.id"}, "input.email"),
        ("mutation($n: String!, $a: JSON!) { rateTicket(input: {number: $n, answers: $a}) { rating { stars } } }",
         {"n": number, "a": {"stars": 5, "message": text}}, "input.answers.message"),
        ("mutation($e: String!) { register(input: {email: $e, password: \"a long password\", displayName: \"X\"}) "
         "{ email } }",
         {"e": f"new{text}@x.id"}, "input.email"),
    ]
    for query, variables, field in cases:
        body = await send(client, query, variables, token)
        assert refusal(body) == [("TEXT_INVALID_CHARACTER", field)], (query, body)
    assert await Ticket.all().count() == 1
    assert await Message.all().count() == 0 and await User.filter(email__startswith="new").count() == 0


NOT_OBJECTS = ["text", [1, 2], 5, True]


@pytest.mark.parametrize("value", NOT_OBJECTS, ids=["string", "list", "number", "boolean"])
async def test_fields_and_answers_must_be_json_objects(client, people, value):
    token = people["reporter"].client.token
    create_ticket = "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"
    body = await send(client, create_ticket, {"input": ticket_input(fields=value)}, token)
    assert refusal(body) == [("JSON_OBJECT_REQUIRED", "input.fields")]
    rate = "mutation($a: JSON!) { rateTicket(input: {number: \"TWB1\", answers: $a}) { rating { stars } } }"
    assert refusal(await send(client, rate, {"a": value}, token)) == [("JSON_OBJECT_REQUIRED", "input.answers")]
    literal = (f"mutation {{ rateTicket(input: {{number: \"TWB1\", answers: {json.dumps(value)}}}) "
               "{ rating { stars } } }")
    assert refusal(await send(client, literal, {}, token)) == [("JSON_OBJECT_REQUIRED", "input.answers")]
    assert await Ticket.all().count() == 0


async def test_json_objects_are_bounded_in_depth_and_size(client, people):
    token = people["reporter"].client.token
    create_ticket = "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"
    deep: object = "x"
    for _ in range(inputs.JSON_MAX_DEPTH + 1):
        deep = [deep]
    body = await send(client, create_ticket, {"input": ticket_input(fields={"asset_tag": deep})}, token)
    assert refusal(body) == [("JSON_TOO_DEEP", "input.fields.asset_tag")]
    wide = {f"k{i}": i for i in range(inputs.JSON_MAX_ITEMS + 1)}
    body = await send(client, create_ticket, {"input": ticket_input(fields=wide)}, token)
    assert refusal(body) == [("JSON_TOO_LARGE", "input.fields")]


BAD_IDS = [b64("Ticket:²"), b64("Ticket:١٢"), b64("Ticket:99999999999"), b64("Ticket:" + "9" * 100),
           b64("Message:-1"), b64("Message:" + "9" * 30), b64("Attachment:not-a-uuid"), b64("Nothing:1"), "%%%"]


@pytest.mark.parametrize("node_id", BAD_IDS)
async def test_an_id_that_can_name_nothing_is_refused(client, people, node_id):
    body = await send(client, "query($id: ID!) { node(id: $id) { id } }", {"id": node_id},
                      people["agent"].client.token)
    assert refusal(body) == [("INVALID_ID", "id")]


async def test_a_well_formed_id_of_nothing_is_still_null(client, people):
    body = await send(client, "query($id: ID!) { node(id: $id) { id } }", {"id": b64("Ticket:2147483647")},
                      people["agent"].client.token)
    assert body == {"data": {"node": None}}


BAD_CURSORS = [("NEWEST", b64("ticket:²")), ("NEWEST", b64("ticket:" + "9" * 30)), ("NEWEST", b64("ticket:-1")),
               ("SLA_DUE", b64("due:-|²")), ("SLA_DUE", b64("due:9999-12-31T23:59:59|" + "9" * 25)),
               ("SLA_DUE", b64("due:0001-01-01|1")), ("SLA_DUE", b64("due:2024-13-45T00:00:00+00:00|1"))]


@pytest.mark.parametrize(("order", "cursor"), BAD_CURSORS)
async def test_a_cursor_that_can_name_no_ticket_is_refused(client, people, order, cursor):
    await create(people["reporter"])
    query = "query($a: String!, $o: TicketOrder!) { tickets(after: $a, orderBy: $o) { totalCount } }"
    body = await send(client, query, {"a": cursor, "o": order}, people["agent"].client.token)
    assert refusal(body) == [("INVALID_CURSOR", "after")]


async def test_page_sizes_beyond_any_integer_are_typed_errors(client, people):
    token = people["agent"].client.token
    body = await send(client, "query { tickets(first: 99999999999) { totalCount } }", {}, token)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
    for value in (2**40, "²", "20", 1.5):
        body = await send(client, "query($f: Int!) { tickets(first: $f) { totalCount } }", {"f": value}, token)
        assert refusal(body) == [("INVALID_VARIABLE", "f")], value
    body = await send(client, "query { tickets(first: 2147483647) { totalCount } }", {}, token)
    assert refusal(body) == [("PAGE_SIZE_OUT_OF_RANGE", "first")]


async def test_a_search_longer_than_any_ticket_number_still_searches(client, people):
    await create(people["reporter"], description="The laptop shows a black screen after the logo.")
    token = people["reporter"].client.token
    query = "query($s: String!) { tickets(filter: {search: $s}) { totalCount } }"
    assert (await send(client, query, {"s": "A" * 41}, token)) == {"data": {"tickets": {"totalCount": 0}}}
    assert (await send(client, query, {"s": "ß" * 40}, token)) == {"data": {"tickets": {"totalCount": 0}}}
    found = await send(client, query, {"s": "black " * 30}, token)
    assert found == {"data": {"tickets": {"totalCount": 1}}}


EDGE_PERIODS = [("0001-01-01", "0001-01-05", "period.start"), ("9998-12-27", "9999-12-31", "period.end"),
                ("1899-12-31", "1900-01-02", "period.start")]


@pytest.mark.parametrize(("start", "end", "field"), EDGE_PERIODS)
@pytest.mark.parametrize("bucket", ["DAY", "WEEK", "MONTH"])
async def test_report_periods_at_the_edges_of_the_calendar_are_refused(client, people, start, end, field, bucket):
    query = """query($p: ReportPeriodInput!) { deskReport(desk: "testdesk", period: $p) {
        volume { created series { bucket { start end } created } } } }"""
    body = await send(client, query, {"p": {"start": start, "end": end, "bucket": bucket}},
                      people["admin"].client.token)
    assert refusal(body) == [("DATE_OUT_OF_RANGE", field)]
    assert body["errors"][0]["message"] == "Dates lie between 1900-01-01 and 9998-12-31"


async def test_report_periods_near_the_edges_of_the_range_still_report(client, people):
    query = """query($p: ReportPeriodInput!) { deskReport(desk: "testdesk", period: $p) {
        volume { created series { bucket { start end } } } } }"""
    for start, end in (("1900-01-01", "1900-01-10"), ("9998-12-01", "9998-12-31")):
        for bucket in ("DAY", "WEEK", "MONTH"):
            body = await send(client, query, {"p": {"start": start, "end": end, "bucket": bucket}},
                              people["admin"].client.token)
            assert "errors" not in body, body
            assert body["data"]["deskReport"]["volume"]["series"][-1]["bucket"]["end"] == end


EDGE_MOMENTS = ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "1899-12-31T23:59:59+00:00",
                "9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00"]


@pytest.mark.parametrize("moment", EDGE_MOMENTS)
async def test_ticket_filters_at_the_edges_of_the_calendar_are_refused(client, people, moment):
    await create(people["reporter"])
    query = "query($f: TicketFilter!) { tickets(filter: $f) { totalCount } }"
    for name in ("createdFrom", "createdTo"):
        body = await send(client, query, {"f": {name: moment}}, people["agent"].client.token)
        assert refusal(body) == [("DATE_OUT_OF_RANGE", f"filter.{name}")], body


async def test_downloads_refuse_a_ticket_number_no_ticket_could_have(client, people):
    headers = {"Authorization": f"Bearer {people['reporter'].client.token}"}
    for path in ("attachments.zip", "print.pdf"):
        response = await client.http.get(f"/tickets/{'7' * 5000}/{path}", headers=headers)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"] == {"code": "TEXT_TOO_LONG", "field": "number"}
        response = await client.http.get(f"/tickets/TWB%00/{path}", headers=headers)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"] == {"code": "TEXT_INVALID_CHARACTER", "field": "number"}
