"""The schema's ``ErrorCode`` enum lists every code a client can receive, no other, and agrees with
docs/errors.md; ``Query.errorCodes`` answers each with its message in the caller's language, and a code an
error really carries is one of them."""

from __future__ import annotations

from graphql import GraphQLEnumType

from loket.core.error_codes import BAD_REQUEST_MESSAGES
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.schema.build import build_schema
from tests.reference_scan import table_rows
from tests.test_reference_tables import ERRORS_DOC, PLUGINS, known_codes

BAD_REQUEST_SECTION = "Messages of `BAD_REQUEST`"


def enum_values(plugins: str = "all") -> set[str]:
    schema = build_schema(get_plugin_manager(Settings(plugins=plugins)))
    enum = schema._schema.type_map["ErrorCode"]
    assert isinstance(enum, GraphQLEnumType)
    assert all(value.description for value in enum.values.values()), "every ErrorCode value has a description"
    return set(enum.values)


ALL = enum_values()


def test_the_enum_lists_every_code_the_source_and_catalogues_make_and_no_other():
    existing = set(known_codes()) - BAD_REQUEST_MESSAGES
    assert sorted(existing - ALL) == [], "codes a client can receive that ErrorCode lacks"
    assert sorted(ALL - existing) == [], "ErrorCode values that nothing raises nor any catalogue holds"


def test_the_enum_and_the_error_table_agree():
    rows = table_rows(ERRORS_DOC)
    documented = {row.name for row in rows if row.section != BAD_REQUEST_SECTION}
    assert sorted(documented - ALL) == [], "rows of docs/errors.md for codes that are not ErrorCode values"
    assert sorted(ALL - documented) == [], "ErrorCode values without a row in docs/errors.md"
    messages = {row.name for row in rows if row.section == BAD_REQUEST_SECTION}
    assert messages == BAD_REQUEST_MESSAGES, ("the messages of BAD_REQUEST in docs/errors.md and "
                                              "loket.core.error_codes.BAD_REQUEST_MESSAGES differ")


def test_plugin_codes_are_in_the_enum_of_a_deployment_that_enables_the_plugin_only():
    spse_codes = set(PLUGINS["spse"])
    assert "SPSE_TENDER_CODE_INVALID" in spse_codes and spse_codes <= ALL
    without = enum_values("kemsos")
    assert not spse_codes & without
    assert "TICKET_NOT_FOUND" in without


async def test_error_codes_query_gives_each_code_its_message_in_the_callers_language(client):
    query = "{ errorCodes { code message plugin } }"
    english = {row["code"]: row for row in (await client.execute(query, language="en")).ok()["errorCodes"]}
    indonesian = {row["code"]: row for row in (await client.execute(query, language="id")).ok()["errorCodes"]}
    assert set(english) == set(indonesian) == ALL
    assert english["TITLE_REQUIRED"] == {"code": "TITLE_REQUIRED", "message": "Title is required", "plugin": None}
    assert indonesian["TITLE_REQUIRED"]["message"] != "Title is required"
    assert english["PASSWORD_TOO_SHORT"]["message"] == "Password must be at least {min} characters"
    assert english["SPSE_TENDER_CODE_INVALID"]["plugin"] == "spse"


async def test_the_code_an_error_carries_is_an_enum_value(client):
    answer = await client.execute('{ desk(slug: "no-such-desk") { slug } }')
    code = answer.errors[0]["extensions"]["code"]
    assert code == "UNKNOWN_DESK" and code in ALL
    invalid = await client.execute("{ desk(slug: 1) { slug } }")
    assert invalid.errors[0]["extensions"]["code"] in ALL
