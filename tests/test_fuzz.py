"""Fuzzing the GraphQL API from its exported schema: whatever a client sends, the answer is a typed error or
data, never an HTTP 500 and never ``INTERNAL_ERROR``.

hypothesis-graphql writes queries and mutations (valid ones, and ones with a single schema violation) from
``schema/schema.graphql``. Some generated strings are swapped for values the test desk knows (its slug, its
topics, the numbers of real tickets, ...) so that operations get past "not found" into the rules behind it.
Each operation is sent, as a reporter and as an agent, through the in-process client.

CI runs a bounded, reproducible number of examples (``derandomize``); ``LOKET_FUZZ_EXAMPLES=5000`` runs
more on demand (``LOKET_FUZZ_SEED`` picks another fixed sequence).
"""

from __future__ import annotations

import base64
import json
import os
from datetime import date, datetime, timezone
from pathlib import Path

import graphql
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from tests.people import Person, make_people
from tests.ticket_ops import create

SCHEMA = (Path(__file__).resolve().parents[1] / "schema" / "schema.graphql").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("LOKET_FUZZ_EXAMPLES", "150"))
SEED = int(os.environ.get("LOKET_FUZZ_SEED", "13"))

# No shrinking: a failure names the document it sent, and shrinking one costs minutes per failing example.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="LOKET_FUZZ_SEED" not in os.environ,
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


def _json_values() -> st.SearchStrategy[object]:
    leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(
        max_size=20) | st.sampled_from(["1e1000000", "1e400", "NaN", "Infinity", "²", "١٢٣", "2024-13-45", "9" * 400])
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["phone", "asset_tag", "amount", "triage_note", "stars", "tags", "message", "x"]) | st.text(
            max_size=8), inner, max_size=4), max_leaves=8)


def _value_node(value: object) -> graphql.ValueNode:
    """A literal for a JSON value (as a client would write it in a document)."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return graphql.IntValueNode(value=str(value))
    if isinstance(value, float):
        return graphql.FloatValueNode(value=repr(value))
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([_value_node(item) for item in value])
    return nodes.Object([graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=_value_node(item))
                         for key, item in value.items() if key.isidentifier() and key.isascii()])


EDGE_DATES = ["0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2024-01-01", "", "2024-1-1", "²⁰²⁴-01-01",
              "99999-01-01", "-0001-01-01"]
SCALARS = {
    "JSON": _json_values().map(_value_node),
    "Date": (st.dates().map(date.isoformat) | st.sampled_from(EDGE_DATES) | st.text(max_size=12)).map(nodes.String),
    "DateTime": (st.datetimes(timezones=st.just(timezone.utc)).map(datetime.isoformat)
                 | st.sampled_from([d + "T00:00:00" for d in EDGE_DATES]) | st.text(max_size=12)).map(nodes.String),
    "Upload": st.text(max_size=8).map(nodes.String),
}

# Values the test desk knows, by the name of the argument or input field that takes them.
KNOWN = {
    "desk": ["testdesk", "lpse-support", "kemsos", "helpus"], "slug": ["testdesk", "lpse-support"],
    "topic": ["laptop", "printer", "mail", "erp-payments", "hardware"], "application": ["erp", "mailer"],
    "applicationVersion": ["1.0", "2.0"], "toTeam": ["intake", "second", "experts", "specialists"],
    "team": ["intake", "experts"], "purpose": ["ticket", "message", "resolution"], "kind": ["asset", "tender"],
    "key": ["AT-1234", "AT-0000"], "reason": ["waiting_vendor", "other"], "provider": ["helpus"],
    "email": ["reporter@test.example", "agent@test.example", "nobody@test.example"],
    "assigneeEmail": ["agent@test.example"], "agent": ["agent@test.example"],
}


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


# What careless or hostile clients send in any text: too long for any column, NUL, digits that are not ASCII,
# numbers too large for any id, cursors and global ids around such numbers.
HOSTILE = ["A" * 41, "x" * 300, "1" * 5000, "a\x00b", "\x00", "\ud800", "İ" * 200, "ß" * 40, "²", "١٢٣", "9" * 30,
           "1e1000000", "-1", "0", _b64("Ticket:" + "9" * 30), _b64("Ticket:²"), _b64("Message:-1"),
           _b64("Attachment:" + "f" * 32),
           _b64("ticket:" + "9" * 30), _b64("ticket:²"), _b64("due:9999-12-31T23:59:59|1"),
           _b64("due:0001-01-01|" + "9" * 25), "ticket:1", "=1+1", " ", "\u202e", "%", "_", "'", "\\"]


def _known_values(numbers: list[str]) -> dict[str, list[str]]:
    return {**KNOWN, "number": numbers, "search": [*numbers, "laptop", "black screen"]}


class _Realistic(graphql.Visitor):
    """Swaps some string literals of known arguments and input fields for values the deployment knows."""

    def __init__(self, draw, known: dict[str, list[str]]) -> None:
        super().__init__()
        self.draw, self.known = draw, known

    def _swap(self, node):
        if not isinstance(node.value, graphql.StringValueNode):
            return None
        values = self.known.get(node.name.value, [])
        choice = self.draw(st.sampled_from(("keep", "known", "hostile")) if values else st.sampled_from(
            ("keep", "hostile")))
        if choice == "keep":
            return None
        value = self.draw(st.sampled_from(values if choice == "known" else HOSTILE))
        return node.__class__(name=node.name, value=nodes.String(value))

    def enter_argument(self, node, *_):
        return self._swap(node)

    def enter_object_field(self, node, *_):
        return self._swap(node)


_PARSED = graphql.build_schema(SCHEMA)
# Signing out would end the caller's session for every later example.
ROOT_FIELDS = [name for root in (_PARSED.query_type, _PARSED.mutation_type) for name in root.fields
               if name != "logout"]


# What a client may put in the variables instead: numbers beyond 32 bits, digits that are not ASCII, NaN (which
# Python's JSON reader takes), the wrong shape, dates at the ends of the calendar.
HOSTILE_VARIABLES = [2**40, -(2**63), "²", "١٢", float("nan"), float("inf"), 1.5, "", "x" * 300, "\x00", [],
                     {"a": "\x00"}, {"": None}, [[[[[["deep"]]]]]], "0001-01-01", "9999-12-31T23:59:59-12:00", True]


class _AsVariables(graphql.Visitor):
    """Moves some argument values out of the document into variables (typed as the arguments are), and swaps
    some of them for what careless clients send in variables."""

    def __init__(self, draw, type_info: graphql.TypeInfo) -> None:
        super().__init__()
        self.draw, self.type_info = draw, type_info
        self.values: dict[str, object] = {}
        self.definitions: list[graphql.VariableDefinitionNode] = []

    def enter_argument(self, node, *_):
        argument = self.type_info.get_argument()
        if argument is None or isinstance(node.value, graphql.VariableNode) or not self.draw(st.booleans()):
            return None
        name = f"v{len(self.values)}"
        try:
            value = graphql.value_from_ast_untyped(node.value)
        except Exception:  # noqa: BLE001 - a literal the negative mode made invalid: keep it in the document
            return None
        self.values[name] = self.draw(st.just(value) | st.sampled_from(HOSTILE_VARIABLES))
        variable = graphql.VariableNode(name=graphql.NameNode(value=name))
        self.definitions.append(graphql.VariableDefinitionNode(
            variable=variable, type=graphql.parse_type(str(argument.type)), directives=()))
        return graphql.ArgumentNode(name=node.name, value=variable)


def with_variables(draw, document: graphql.DocumentNode) -> tuple[graphql.DocumentNode, dict[str, object]]:
    moving = _AsVariables(draw, graphql.TypeInfo(_PARSED))
    document = graphql.visit(document, graphql.TypeInfoVisitor(moving.type_info, moving))
    if not moving.values:
        return document, {}
    operation = document.definitions[0]
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation, name=operation.name, directives=operation.directives,
        selection_set=operation.selection_set, variable_definitions=tuple(moving.definitions))
    return graphql.DocumentNode(definitions=(operation, *document.definitions[1:])), moving.values


def operations(mode: Mode) -> st.SearchStrategy[graphql.DocumentNode]:
    return from_schema(_PARSED, fields=ROOT_FIELDS, custom_scalars=SCALARS, print_ast=lambda document: document,
                       mode=mode)


class Callers:
    """Who sends the operations, and the numbers of the tickets that exist."""

    def __init__(self, reporter: Person, agent: Person, numbers: list[str]) -> None:
        self.reporter, self.agent, self.numbers = reporter, agent, numbers

    def __repr__(self) -> str:  # shown with every failing example: no tokens
        return f"Callers(numbers={self.numbers})"


@pytest.fixture
async def fuzz_people(client, settings, app) -> Callers:
    people = await make_people(client, settings, "testdesk")
    numbers = [(await create(people["reporter"], topic=topic))["number"] for topic in ("laptop", "printer")]
    return Callers(people["reporter"], people["agent"], numbers)


async def _send(person: Person, document: graphql.DocumentNode, variables: dict[str, object]) -> None:
    query = graphql.print_ast(document)
    # ASCII JSON, as browsers send it: text with unpaired surrogates travels as \ud800 escapes.
    sent = json.dumps({"query": query, "variables": variables})
    response = await person.client.http.post("/graphql", content=sent.encode(), headers={
        "Authorization": f"Bearer {person.client.token}", "Content-Type": "application/json"})
    assert response.status_code != 500, (sent[:2000], response.text)
    body = response.json()
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
    assert "INTERNAL_ERROR" not in codes, (sent[:2000], json.dumps(body, ensure_ascii=False)[:2000])


@pytest.mark.parametrize("role", ["reporter", "agent"])
@FUZZ
@seed(SEED)
@given(data=st.data())
async def test_generated_operations_never_fail_the_server(fuzz_people, role, data):
    document = data.draw(operations(Mode.POSITIVE) | operations(Mode.NEGATIVE), label="operation")
    document = graphql.visit(document, _Realistic(data.draw, _known_values(fuzz_people.numbers)))
    document, variables = with_variables(data.draw, document)
    await _send(getattr(fuzz_people, role), document, variables)
